import { describe, expect, it } from 'vitest'
import { formatDateRange, formatDayHead, formatLongDate, formatMonthYear, formatShortWhen } from './format'

describe('print formats', () => {
  it('write dates the way a Chinese and an English document do', () => {
    expect(formatLongDate('2026-12-01', 'zh-CN')).toBe('2026年12月1日')
    expect(formatLongDate('2026-12-01', 'en')).toBe('1 December 2026')
    expect(formatMonthYear(2026, 3, 'zh-CN')).toBe('2026年3月')
    expect(formatMonthYear(2026, 3, 'en')).toBe('March 2026')
  })
  it('write a week as one period', () => {
    expect(formatDateRange('2026-11-30', '2026-12-06', 'zh-CN')).toBe('2026年11月30日至12月6日')
    expect(formatDateRange('2026-11-30', '2026-12-06', 'en')).toBe('30 Nov – 6 Dec 2026')
    expect(formatDateRange('2026-12-28', '2027-01-03', 'zh-CN')).toBe('2026年12月28日至2027年1月3日')
  })
  it('head a day with its weekday', () => {
    expect(formatDayHead('2026-12-01', 'zh-CN')).toEqual({ day: '12月1日', weekday: '星期二' })
    expect(formatDayHead('2026-12-01', 'en')).toEqual({ day: '1 Dec', weekday: 'Tue' })
    expect(formatShortWhen(new Date('2026-12-05T20:00:00+08:00'), 'zh-CN')).toBe('12月5日 20:00')
  })
})
