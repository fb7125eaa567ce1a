import { describe, expect, it } from 'vitest'
import { evenPlan, isEvenPlan, normalize, planProblem, planSum, scalePlan, setMonth } from './plan'

describe('evenPlan', () => {
  it('splits like the server: remainder to the earliest months', () => {
    // 20 = 12 x 1 + 8: January to August get 2, the rest 1
    expect(evenPlan(20)).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1])
    expect(evenPlan(60)).toEqual(Array(12).fill(5))
    expect(evenPlan(2)).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(evenPlan(0)).toEqual(Array(12).fill(0))
  })
})

describe('setMonth', () => {
  it('takes a surplus from the latest following months', () => {
    // 60 evenly is 5 a month; March to 9 adds 4, taken from December (5 -> 1)
    const p = setMonth(evenPlan(60), 2, 9, 60)
    expect(p).toEqual([5, 5, 9, 5, 5, 5, 5, 5, 5, 5, 5, 1])
    expect(planSum(p)).toBe(60)
  })
  it('empties late months before touching earlier ones', () => {
    // 20: November to 10 adds 9; December gives its 1, then October 1, September 1 ... back to March
    const p = setMonth(evenPlan(20), 10, 10, 20)
    expect(p[10]).toBe(10)
    expect(p[11]).toBe(0)
    expect(planSum(p)).toBe(20)
    expect(p.every((n) => n >= 0)).toBe(true)
  })
  it('spreads a shortfall over the following months', () => {
    // 24 is 2 a month; January to 0 frees 2, given to February and March (earliest first)
    expect(setMonth(evenPlan(24), 0, 0, 24)).toEqual([0, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2])
  })
  it('spreads a December shortfall over the earlier months', () => {
    expect(setMonth(evenPlan(24), 11, 0, 24)).toEqual([3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0])
  })
  it('caps a month at the value and ignores bad input', () => {
    expect(setMonth(evenPlan(8), 5, 100, 8)).toEqual([0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0])
    expect(planSum(setMonth(evenPlan(8), 5, -3, 8))).toBe(8)
    expect(planSum(setMonth(evenPlan(8), 5, Number.NaN, 8))).toBe(8)
  })
})

describe('scalePlan', () => {
  it('keeps an even plan even', () => {
    expect(scalePlan(evenPlan(20), 20, 30)).toEqual(evenPlan(30))
  })
  it('keeps the shape of a custom plan', () => {
    // [10, 0 x 10, 10] from 20 to 30: each half 15
    const p = scalePlan([10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10], 20, 30)
    expect(p).toEqual([15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15])
  })
  it('gives leftover units to the largest remainders', () => {
    // [1, 2, 0 ...] sums 3; to 4: exact 1.33, 2.67 -> floors 1, 2, the one leftover goes to February
    const p = scalePlan([1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 3, 4)
    expect(p.slice(0, 2)).toEqual([1, 3])
    expect(planSum(p)).toBe(4)
  })
})

describe('planProblem and helpers', () => {
  it('accepts a plan summing to the value', () => {
    expect(planProblem(evenPlan(20), 20)).toBeNull()
  })
  it('reports how far the sum is off', () => {
    expect(planProblem(Array(12).fill(1), 20)).toEqual({ sum: 12, diff: 8 })
    expect(planProblem(Array(12).fill(2), 20)).toEqual({ sum: 24, diff: -4 })
  })
  it('recognises the even split', () => {
    expect(isEvenPlan(evenPlan(20), 20)).toBe(true)
    expect(isEvenPlan(setMonth(evenPlan(20), 0, 0, 20), 20)).toBe(false)
  })
  it('normalizes a missing plan to the even split', () => {
    expect(normalize(null, 12)).toEqual(Array(12).fill(1))
    expect(normalize([1, 2], 12)).toEqual(Array(12).fill(1))
  })
})
