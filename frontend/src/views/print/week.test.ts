import { describe, expect, it } from 'vitest'
import type { Activity } from '@/api/types'
import { coveredDays, isLocalDate, weekDays, weekSchedule, type Names } from './week'
import { ACTIVITY_REST } from '@/api/fixtures'

const names: Names = {
  user: (id) => ({ 1: '李老师', 2: '王老师', 3: '张老师' })[id] ?? `#${id}`,
  venue: (id) => ({ 10: '多功能厅' })[id] ?? `#${id}`,
  station: (id) => ({ 20: '新华街文化站' })[id] ?? `#${id}`,
  join: (p) => p.join('、'),
  when: (d) => `${d.getMonth() + 1}月${d.getDate()}日 ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`,
}

function act(id: number, start: string, end: string, extra: Partial<Activity> = {}): Activity {
  return {
    ...ACTIVITY_REST,
    id,
    kind: 'lecture',
    title: `活动${id}`,
    start,
    end,
    venue_id: null,
    location: '',
    organizer_id: 1,
    staff_ids: [],
    team_ids: [],
    station_id: null,
    expected_attendance: 0,
    actual_attendance: null,
    status: 'planned',
    series_id: null,
    notes: '',
    version: 1,
    created_at: start,
    updated_at: start,
    ...extra,
  }
}

describe('weekDays', () => {
  it('runs Monday to Sunday around any day of the week', () => {
    // 2026-12-01 is a Tuesday; its week starts Monday 30 November.
    const want = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']
    expect(weekDays('2026-12-01')).toEqual(want)
    expect(weekDays('2026-11-30')).toEqual(want)
    expect(weekDays('2026-12-06')).toEqual(want)
  })
  it('crosses a year end', () => {
    // 2027-01-01 is a Friday.
    expect(weekDays('2027-01-01')[0]).toBe('2026-12-28')
    expect(weekDays('2027-01-01')[6]).toBe('2027-01-03')
  })
})

describe('isLocalDate', () => {
  it('takes real dates only', () => {
    expect(isLocalDate('2026-02-28')).toBe(true)
    expect(isLocalDate('2026-02-30')).toBe(false)
    expect(isLocalDate('2026-2-3')).toBe(false)
    expect(isLocalDate(undefined)).toBe(false)
  })
})

describe('coveredDays', () => {
  it('counts a date the half-open interval touches', () => {
    expect(coveredDays(new Date('2026-12-01T20:00:00+08:00'), new Date('2026-12-02T02:00:00+08:00'))).toEqual([
      '2026-12-01',
      '2026-12-02',
    ])
    // Ending at midnight stays on the first date.
    expect(coveredDays(new Date('2026-12-01T23:00:00+08:00'), new Date('2026-12-02T00:00:00+08:00'))).toEqual([
      '2026-12-01',
    ])
  })
})

describe('weekSchedule', () => {
  const days = weekDays('2026-12-01')

  it('lists each day in time order with place, organizer and staff, and leaves cancelled out', () => {
    const week = weekSchedule(
      [
        act(1, '2026-12-01T14:00:00+08:00', '2026-12-01T16:00:00+08:00', { venue_id: 10, staff_ids: [1, 2, 3] }),
        act(2, '2026-12-01T09:00:00+08:00', '2026-12-01T11:30:00+08:00', {
          kind: 'outreach',
          station_id: 20,
          organizer_id: 2,
        }),
        act(3, '2026-12-01T10:00:00+08:00', '2026-12-01T11:00:00+08:00', { status: 'cancelled' }),
        act(4, '2026-12-03T19:00:00+08:00', '2026-12-03T21:00:00+08:00', { location: '  人民广场 ' }),
      ],
      days,
      names,
    )
    expect(week.map((d) => d.entries.length)).toEqual([0, 2, 0, 1, 0, 0, 0])
    const [first, second] = week[1]!.entries
    expect(first).toMatchObject({ id: 2, time: '09:00–11:30', place: '新华街文化站', organizer: '王老师', staff: '' })
    // The organizer is not listed again among the staff.
    expect(second).toMatchObject({ id: 1, time: '14:00–16:00', place: '多功能厅', organizer: '李老师', staff: '王老师、张老师' })
    expect(week[3]!.entries[0]).toMatchObject({ place: '人民广场' })
  })

  it('lists an activity over several dates on each of them, with both dates', () => {
    const week = weekSchedule(
      [act(5, '2026-12-05T20:00:00+08:00', '2026-12-06T02:00:00+08:00'), act(6, '2026-11-29T09:00:00+08:00', '2026-11-30T12:00:00+08:00')],
      days,
      names,
    )
    expect(week[5]!.entries[0]!.time).toBe('12月5日 20:00 – 12月6日 02:00')
    expect(week[6]!.entries[0]!.id).toBe(5)
    // Started the Sunday before: listed on Monday only.
    expect(week[0]!.entries.map((e) => e.id)).toEqual([6])
  })
})
