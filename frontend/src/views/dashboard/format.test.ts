import { describe, expect, it } from 'vitest'
import { bulletGeometry, formatNumber, formatPercent, gapPhrase, isBehind } from './format'

describe('formatNumber', () => {
  it('groups thousands and keeps one decimal at most', () => {
    expect(formatNumber(1234, 'en')).toBe('1,234')
    expect(formatNumber(6.666, 'en')).toBe('6.7')
    expect(formatNumber(20, 'zh-CN')).toBe('20')
    expect(formatNumber(0, 'en')).toBe('0')
  })
  it('shows a dash for a missing number', () => {
    expect(formatNumber(null, 'en')).toBe('–')
    expect(formatNumber(Number.NaN, 'en')).toBe('–')
  })
})

describe('formatPercent', () => {
  it('shows a fraction as a whole percentage', () => {
    expect(formatPercent(0.85, 'en')).toBe('85%')
    expect(formatPercent(1, 'zh-CN')).toBe('100%')
    expect(formatPercent(1.25, 'en')).toBe('125%')
    expect(formatPercent(0, 'en')).toBe('0%')
  })
  it('keeps one decimal under ten percent', () => {
    // 1 of 60 person-days = 1.67 % -> 1.7 %
    expect(formatPercent(1 / 60, 'en')).toBe('1.7%')
  })
  it('shows a dash when there is no rate', () => {
    expect(formatPercent(null, 'en')).toBe('–')
  })
})

describe('bulletGeometry', () => {
  it('places actual, scheduled, expected and target on the target scale', () => {
    // value 20: actual 5 -> 25 %, scheduled 9 -> 45 %, expected 10 -> 50 %, target 100 %
    expect(bulletGeometry({ value: 20, actual: 5, scheduled: 9, expected_to_date: 10 })).toEqual({
      actual: 25,
      scheduled: 45,
      expected: 50,
      target: 100,
    })
  })
  it('stretches the scale when more is projected than the target', () => {
    // projected 8 + 4 = 12 over value 8: span 12, target line at 8/12 = 66.7 %
    const g = bulletGeometry({ value: 8, actual: 8, scheduled: 4, expected_to_date: 6 })
    expect(g.target).toBe(66.7)
    expect(g.actual + g.scheduled).toBe(100)
  })
  it('copes with an empty year', () => {
    expect(bulletGeometry({ value: 0, actual: 0, scheduled: 0, expected_to_date: 0 })).toEqual({
      actual: 0,
      scheduled: 0,
      expected: 0,
      target: 0,
    })
  })
})

describe('gapPhrase', () => {
  it('names the units still to schedule', () => {
    expect(gapPhrase({ metric: 'editions', value: 20, actual: 10, gap: 5 })).toEqual({ key: 'quota.gap.editions', n: 5 })
    expect(gapPhrase({ metric: 'person_days', value: 60, actual: 30, gap: 12 })).toEqual({
      key: 'quota.gap.person_days',
      n: 12,
    })
  })
  it('says how many scheduled ones still have to happen when enough is on the calendar', () => {
    expect(gapPhrase({ metric: 'count', value: 30, actual: 21, gap: 0 })).toEqual({ key: 'quota.gap.scheduled', n: 9 })
  })
  it('says the target is met, with the surplus', () => {
    expect(gapPhrase({ metric: 'active_teams', value: 8, actual: 9, gap: 0 })).toEqual({ key: 'quota.gap.met', n: 1 })
  })
})

describe('isBehind', () => {
  it('is true for at risk and behind', () => {
    expect(['met', 'on_track', 'at_risk', 'behind'].map((s) => isBehind(s as never))).toEqual([false, false, true, true])
  })
})
