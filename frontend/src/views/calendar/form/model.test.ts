import { describe, expect, it } from 'vitest'
import type { Activity } from '@/api'
import { checkable, clientErrors, copyModel, modelOf, staffBusyByDefault, moveStart, newModel, toInput, toSeries } from './model'
import { ACTIVITY_REST } from '@/api/fixtures'

const start = new Date(2026, 8, 5, 9, 0) // Saturday 5 September 2026, 09:00 (UTC+8)

describe('activity form model', () => {
  it('starts blank with a two-hour slot organized by me', () => {
    const m = newModel(start, null, 4)
    expect(m.end).toEqual(new Date(2026, 8, 5, 11, 0))
    expect(m.organizer_id).toBe(4)
    expect(clientErrors(m)).toEqual({ kind: 'required', title: 'required' })
    expect(checkable(m)).toBe(true)
  })

  it('builds the request body with RFC 3339 times and the chosen place', () => {
    const m = newModel(start, new Date(2026, 8, 5, 10, 30), 4)
    Object.assign(m, { kind: 'lecture', title: '  Opera  ', venue_id: 3, location: 'ignored', staff_ids: [5] })
    expect(toInput(m)).toEqual({
      kind: 'lecture',
      title: 'Opera',
      start: '2026-09-05T09:00:00+08:00',
      end: '2026-09-05T10:30:00+08:00',
      venue_id: 3,
      location: '',
      organizer_id: 4,
      staff_ids: [5],
      team_ids: [],
      station_id: null,
      expected_attendance: 0,
      notes: '',
      staff_busy: true,
    })
    m.placeType = 'external'
    m.location = 'Riverside community'
    expect(toInput(m)).toMatchObject({ venue_id: null, location: 'Riverside community' })
  })

  it('leaves the staff of an exhibition free by default, and keeps a stored choice', () => {
    expect(staffBusyByDefault('exhibition')).toBe(false)
    expect(staffBusyByDefault('lecture')).toBe(true)
    expect(staffBusyByDefault('')).toBe(true)
    const stored = modelOf({
      ...ACTIVITY_REST,
      id: 1, kind: 'exhibition', title: '书画展', start: '2026-09-05T09:30:00+08:00', end: '2026-09-05T16:30:00+08:00',
      venue_id: 3, location: '', organizer_id: 4, staff_ids: [], team_ids: [], station_id: null, expected_attendance: 0,
      actual_attendance: null, status: 'planned', series_id: null, notes: '', staff_busy: true, version: 1, created_at: '', updated_at: '',
    })
    expect([stored.staff_busy, stored.staffBusySet]).toEqual([true, true])
    expect(toInput(stored).staff_busy).toBe(true)
  })

  it('builds a series request from the recurrence', () => {
    const m = newModel(start, null, 4)
    Object.assign(m, { kind: 'training', title: 'Calligraphy', repeat: true })
    expect(toSeries(m)).toMatchObject({ rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=SA;COUNT=12', skip_holidays: true })
  })

  it('refuses an end before the start and a bad recurrence', () => {
    const m = newModel(start, new Date(2026, 8, 5, 8, 0), 4)
    Object.assign(m, { kind: 'training', title: 'x', repeat: true })
    m.recurrence.weekdays = []
    expect(clientErrors(m)).toEqual({ end: 'end_after_start', rrule: 'recurrence_weekdays' })
    expect(checkable(m)).toBe(false)
  })

  it('keeps the duration when the start moves', () => {
    const m = newModel(start, new Date(2026, 8, 5, 10, 30), 4)
    moveStart(m, new Date(2026, 8, 6, 14, 0))
    expect(m.end).toEqual(new Date(2026, 8, 6, 15, 30))
  })

  it('loads an activity held outside the center', () => {
    const a: Activity = {
      ...ACTIVITY_REST,
      id: 1,
      kind: 'outreach',
      title: 'Dance coaching',
      start: '2026-09-05T01:00:00Z',
      end: '2026-09-05T03:00:00Z',
      venue_id: null,
      location: 'Xinhua station',
      organizer_id: 4,
      staff_ids: [5, 6],
      team_ids: [],
      station_id: 2,
      expected_attendance: 30,
      actual_attendance: null,
      status: 'planned',
      series_id: null,
      notes: '',
      version: 1,
      created_at: '',
      updated_at: '',
    }
    const m = modelOf(a)
    expect(m.placeType).toBe('external')
    expect(m.start).toEqual(start)
    expect(toInput(m).start).toBe('2026-09-05T09:00:00+08:00')
  })
})

describe('copying an activity', () => {
  it('keeps its fields and length, moves it a week on, leaves the notes behind', () => {
    const a = {
      ...ACTIVITY_REST,
      id: 3, kind: 'training', title: '书法', start: '2026-12-09T14:00:00+08:00', end: '2026-12-09T15:30:00+08:00',
      venue_id: 5, location: '', organizer_id: 2, staff_ids: [2, 4], team_ids: [7], station_id: null,
      expected_attendance: 30, actual_attendance: 28, status: 'completed', series_id: 9, notes: '效果好',
      version: 4, created_at: '', updated_at: '',
    } as const
    const m = copyModel({ ...a, staff_ids: [...a.staff_ids], team_ids: [...a.team_ids] })
    expect(m.start?.toISOString()).toBe('2026-12-16T06:00:00.000Z')
    expect(m.end?.toISOString()).toBe('2026-12-16T07:30:00.000Z')
    expect([m.kind, m.title, m.venue_id, m.organizer_id, m.staff_ids, m.team_ids, m.expected_attendance, m.notes]).toEqual(
      ['training', '书法', 5, 2, [2, 4], [7], 30, ''],
    )
    const at = new Date('2027-01-05T01:00:00Z')
    expect(copyModel({ ...a, staff_ids: [], team_ids: [] }, at).end?.toISOString()).toBe('2027-01-05T02:30:00.000Z')
  })
})
