import { describe, expect, it } from 'vitest'
import { addDays, formatRange, localDate, parseLocalDate, toRFC3339 } from './datetime'

describe('datetime (Asia/Shanghai)', () => {
  it('writes instants with the local offset', () => {
    expect(toRFC3339(new Date(2026, 9, 10, 9, 0))).toBe('2026-10-10T09:00:00+08:00')
    expect(toRFC3339(new Date('2026-01-01T00:30:00Z'))).toBe('2026-01-01T08:30:00+08:00')
  })

  it('reads and writes local dates', () => {
    const d = parseLocalDate('2026-02-28')
    expect(localDate(d)).toBe('2026-02-28')
    expect(localDate(addDays(d, 1))).toBe('2026-03-01')
    expect(localDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
  })

  it('formats a same-day range with one date', () => {
    const s = formatRange('2026-10-10T09:00:00+08:00', '2026-10-10T11:30:00+08:00', 'en')
    expect(s).toBe('Sat, Oct 10 09:00–11:30')
  })

  it('treats an end at midnight as the same day', () => {
    const s = formatRange('2026-10-10T23:00:00+08:00', '2026-10-11T00:00:00+08:00', 'en')
    expect(s).toBe('Sat, Oct 10 23:00–00:00')
  })

  it('shows both dates when the range crosses midnight', () => {
    const s = formatRange('2026-10-10T20:00:00+08:00', '2026-10-11T02:00:00+08:00', 'en')
    expect(s).toBe('Sat, Oct 10 20:00 – Sun, Oct 11 02:00')
  })
})
