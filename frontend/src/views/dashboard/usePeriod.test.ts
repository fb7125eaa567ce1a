import { describe, expect, it } from 'vitest'
import { defaultAsOf, readAsOf, readYear } from './usePeriod'

const now = new Date(2026, 10, 27) // 27 Nov 2026, local

describe('period from the address', () => {
  it('reads a sensible year, else the current one', () => {
    expect(readYear('2025', now)).toBe(2025)
    expect(readYear(['2024'], now)).toBe(2024)
    expect(readYear('abc', now)).toBe(2026)
    expect(readYear('1999', now)).toBe(2026)
    expect(readYear(undefined, now)).toBe(2026)
  })
  it('keeps an as-of date only within the year', () => {
    expect(readAsOf('2025-06-30', 2025)).toBe('2025-06-30')
    expect(readAsOf('2024-06-30', 2025)).toBeUndefined()
    expect(readAsOf('June', 2025)).toBeUndefined()
  })
  it('defaults to today clamped into the year, like the server', () => {
    expect(defaultAsOf(2026, now)).toBe('2026-11-27')
    expect(defaultAsOf(2025, now)).toBe('2025-12-31')
    expect(defaultAsOf(2027, now)).toBe('2027-01-01')
  })
})
