import { describe, expect, it } from 'vitest'
import { formatOffset, offsetMinutes, sampleDates, zonesDiffer } from './timezone'

const jan = new Date('2026-01-15T04:00:00Z')
const jul = new Date('2026-07-15T04:00:00Z')

describe('offsetMinutes', () => {
  it('reads a zone’s offset at an instant, with summer time', () => {
    expect(offsetMinutes('Asia/Shanghai', jan)).toBe(480)
    expect(offsetMinutes('Europe/Berlin', jan)).toBe(60)
    expect(offsetMinutes('Europe/Berlin', jul)).toBe(120)
    expect(offsetMinutes('America/St_Johns', jan)).toBe(-210)
    expect(offsetMinutes('UTC', jan)).toBe(0)
  })
  it('is null for a zone the browser does not know', () => {
    expect(offsetMinutes('Mars/Olympus_Mons', jan)).toBeNull()
  })
})

describe('zonesDiffer', () => {
  const dates = sampleDates(new Date('2026-03-02T02:00:00Z'))
  it('takes zones of one clock as the same, whatever their names', () => {
    expect(zonesDiffer('Asia/Shanghai', 'Asia/Shanghai', dates)).toBe(false)
    expect(zonesDiffer('Asia/Shanghai', 'Asia/Chongqing', dates)).toBe(false)
    expect(zonesDiffer('Asia/Shanghai', 'Asia/Taipei', dates)).toBe(false)
  })
  it('finds another clock', () => {
    expect(zonesDiffer('Asia/Shanghai', 'Asia/Tokyo', dates)).toBe(true)
    expect(zonesDiffer('Asia/Shanghai', 'Europe/Berlin', dates)).toBe(true)
  })
  it('finds a zone that agrees now but not in summer', () => {
    expect(zonesDiffer('Europe/London', 'UTC', [jan])).toBe(false)
    expect(zonesDiffer('Europe/London', 'UTC', [jan, jul])).toBe(true)
    expect(zonesDiffer('Europe/London', 'UTC', sampleDates(jan))).toBe(true)
  })
  it('says nothing when a zone is unknown or missing', () => {
    expect(zonesDiffer('Asia/Shanghai', 'Mars/Olympus_Mons', dates)).toBe(false)
    expect(zonesDiffer('', 'Asia/Tokyo', dates)).toBe(false)
  })
})

describe('sampleDates', () => {
  it('covers now and two years around it', () => {
    const now = new Date('2026-03-02T02:00:00Z')
    const d = sampleDates(now)
    expect(d[0]).toBe(now)
    expect(d).toHaveLength(1 + 25 * 2)
    expect(d[1]!.toISOString()).toBe('2025-03-01T04:00:00.000Z')
    expect(d.at(-1)!.toISOString()).toBe('2027-03-15T04:00:00.000Z')
  })
})

describe('formatOffset', () => {
  it('writes offsets the short way', () => {
    expect(formatOffset(480)).toBe('UTC+8')
    expect(formatOffset(-210)).toBe('UTC-3:30')
    expect(formatOffset(0)).toBe('UTC')
    expect(formatOffset(null)).toBe('')
  })
})
