import { describe, expect, it } from 'vitest'
import { buildWeek, monday, NO_VENUE, weekDates } from './weekTable'
import { act } from './fixtures'

describe('week table', () => {
  it('runs Monday to Sunday', () => {
    // 2026-12-09 is a Wednesday; 2026-12-13 a Sunday, still the same week.
    expect(monday('2026-12-09')).toBe('2026-12-07')
    expect(monday('2026-12-13')).toBe('2026-12-07')
    expect(monday('2026-12-07')).toBe('2026-12-07')
    expect(weekDates('2026-12-28')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'])
  })

  const dates = weekDates('2026-12-07')
  const rows = [
    { id: 1, label: '李静' },
    { id: 2, label: '王芳' },
    { id: 3, label: '张伟' },
  ]

  it('puts an activity in the row of its organizer and of each member of staff, on its day', () => {
    const a = act({ id: 10, organizer_id: 1, staff_ids: [1, 2] })
    const week = buildWeek([a], 'staff', rows, dates, (id) => `#${id}`)
    expect(week.map((r) => r.cells[2]!.map((x) => x.id))).toEqual([[10], [10], []])
    expect(week.map((r) => r.count)).toEqual([1, 1, 0])
  })

  it('shows a three-day exhibition on each of its days and counts it once; leaves cancelled ones out', () => {
    const show = act({ id: 11, kind: 'exhibition', start: '2026-12-11T09:30:00+08:00', end: '2026-12-13T16:30:00+08:00' })
    const off = act({ id: 12, status: 'cancelled' })
    const [li] = buildWeek([show, off], 'staff', rows, dates, (id) => `#${id}`)
    expect(li!.cells.map((c) => c.map((x) => x.id))).toEqual([[], [], [], [], [11], [11], [11]])
    expect(li!.count).toBe(1)
  })

  it('orders a cell by time and groups by venue, with a row for activities elsewhere', () => {
    const late = act({ id: 20, venue_id: 5, start: '2026-12-08T19:00:00+08:00', end: '2026-12-08T21:00:00+08:00' })
    const early = act({ id: 21, venue_id: 5, start: '2026-12-08T09:00:00+08:00', end: '2026-12-08T11:00:00+08:00' })
    const out = act({ id: 22, venue_id: null, station_id: 9, start: '2026-12-08T09:00:00+08:00', end: '2026-12-08T11:00:00+08:00' })
    const week = buildWeek([late, out, early], 'venue', [{ id: 5, label: '多功能厅' }], dates, (id) => (id === NO_VENUE ? '馆外' : `#${id}`))
    expect(week.map((r) => r.label)).toEqual(['多功能厅', '馆外'])
    expect(week[0]!.cells[1]!.map((x) => x.id)).toEqual([21, 20])
    expect(week[1]!.cells[1]!.map((x) => x.id)).toEqual([22])
  })

  it('adds a row for someone not in the list (a former member of staff)', () => {
    const a = act({ id: 30, organizer_id: 8 })
    const week = buildWeek([a], 'staff', rows, dates, (id) => `#${id}`)
    expect(week.at(-1)).toMatchObject({ id: 8, label: '#8', count: 1 })
  })
})
