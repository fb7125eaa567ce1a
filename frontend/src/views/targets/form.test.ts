import { describe, expect, it } from 'vitest'
import { checkDraft, emptyDraft, toSave, withValue } from './form'
import { evenPlan, setMonth } from './plan'

describe('target form', () => {
  it('refuses a missing name, a zero value and a centre-wide paired-stations target', () => {
    const d = { ...emptyDraft(), name: ' ', value: 0, metric: 'paired_stations' as const }
    expect(Object.keys(checkDraft(d)).sort()).toEqual(['name', 'scope', 'value'])
  })
  it('refuses a plan that does not add up', () => {
    const d = { ...emptyDraft(), name: 'x', value: 20, monthly_plan: Array(12).fill(1) }
    expect(checkDraft(d)).toEqual({ monthly_plan: 'targets.err.plan' })
  })
  it('stores an even plan as none and drops staff of a centre target', () => {
    const d = { ...emptyDraft(), name: ' Lectures ', value: 20, monthly_plan: evenPlan(20), staff_ids: [3] }
    expect(toSave(d, 2026)).toMatchObject({ year: 2026, name: 'Lectures', monthly_plan: null, staff_ids: [] })
  })
  it('keeps a custom plan and fits it to a new value', () => {
    const plan = setMonth(evenPlan(12), 0, 6, 12) // [6, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    const d = withValue({ ...emptyDraft(), name: 'x', value: 12, monthly_plan: plan }, 24)
    expect(d.monthly_plan?.reduce((a, b) => a + b, 0)).toBe(24)
    expect(d.monthly_plan?.[0]).toBe(12)
    expect(toSave(d, 2026).monthly_plan).toEqual(d.monthly_plan)
  })
})
