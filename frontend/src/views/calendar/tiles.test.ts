import { describe, expect, it } from 'vitest'
import type { CalendarDay } from '@/api'
import { closureOf, coveredDates, dayName, seriesPosition, tileMeta, tilePeople, tilePlace } from './tiles'
import { act } from './fixtures'

const names = {
  userName: (id: number | null | undefined) => ({ 1: '李静', 2: '王芳', 3: '张伟' })[id as 1] ?? `#${id}`,
  venueName: (id: number | null | undefined) => ({ 5: '多功能厅' })[id as 5] ?? `#${id}`,
  stationName: (id: number | null | undefined) => ({ 9: '新华街道文化站' })[id as 9] ?? `#${id}`,
}

describe('tiles', () => {
  it('say where: the venue, else the station, else the written place', () => {
    expect(tilePlace(act({ venue_id: 5, station_id: 9, location: '二楼' }), names)).toBe('多功能厅')
    expect(tilePlace(act({ station_id: 9, location: '社区' }), names)).toBe('新华街道文化站')
    expect(tilePlace(act({ location: ' 人民公园 ' }), names)).toBe('人民公园')
    expect(tilePlace(act({}), names)).toBe('')
  })

  it('say who: the organizer and +N for the others (the organizer listed again is not counted)', () => {
    expect(tilePeople(act({ staff_ids: [] }), names)).toBe('李静')
    // staff 1 (the organizer), 2 and 3: two others.
    expect(tilePeople(act({ staff_ids: [1, 2, 3] }), names)).toBe('李静 +2')
    expect(tileMeta(act({ venue_id: 5, staff_ids: [2] }), names)).toBe('多功能厅 · 李静 +1')
  })

  it('give the series position only when the answer carries it', () => {
    expect(seriesPosition(act({ series_id: 4, series_index: 3, series_count: 12 }))).toEqual({ n: 3, of: 12 })
    expect(seriesPosition(act({ series_id: 4 }))).toBeNull()
    expect(seriesPosition(act({ series_index: 3, series_count: 12 }))).toBeNull()
  })

  it('cover the local dates of a half-open span', () => {
    expect(coveredDates('2026-12-09T14:00:00+08:00', '2026-12-09T16:00:00+08:00')).toEqual(['2026-12-09'])
    // Ends at midnight: the next day is not touched.
    expect(coveredDates('2026-12-09T20:00:00+08:00', '2026-12-10T00:00:00+08:00')).toEqual(['2026-12-09'])
    expect(coveredDates('2026-12-09T20:00:00+08:00', '2026-12-11T01:00:00+08:00')).toEqual(['2026-12-09', '2026-12-10', '2026-12-11'])
  })

  it('mark planned activities at a venue on a closure day, and no others', () => {
    const closed: CalendarDay = { date: '2026-12-10', type: 'closure', name: '设备检修', name_en: '设备检修' }
    const days = new Map([[closed.date, closed]])
    const onDay = { start: '2026-12-10T09:00:00+08:00', end: '2026-12-10T11:00:00+08:00' }
    expect(closureOf(act({ ...onDay, venue_id: 5 }), days)).toEqual(closed)
    expect(closureOf(act({ ...onDay, venue_id: null, station_id: 9 }), days)).toBeNull()
    expect(closureOf(act({ ...onDay, venue_id: 5, status: 'cancelled' }), days)).toBeNull()
    expect(closureOf(act({ venue_id: 5 }), days)).toBeNull()
  })

  it('name holidays in the reader language', () => {
    const day: CalendarDay = { date: '2026-10-01', type: 'holiday', name: '国庆节', name_en: 'National Day' }
    expect(dayName(day, 'en')).toBe('National Day')
    expect(dayName(day, 'zh-CN')).toBe('国庆节')
    expect(dayName({ ...day, name_en: '' }, 'en')).toBe('国庆节')
  })
})
