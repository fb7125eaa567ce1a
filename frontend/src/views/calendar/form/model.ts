import type { Activity, ActivityInput, Kind, SeriesRequest } from '@/api'
import { addMinutes, toRFC3339 } from '@/lib/datetime'
import { buildRRule, defaultRecurrence, validateRecurrence, type RecurrenceForm } from '@/lib/recurrence'

export type PlaceType = 'venue' | 'external'

/** ActivityModel is what the activity form edits. */
export interface ActivityModel {
  kind: Kind | ''
  title: string
  start: Date | null
  end: Date | null
  placeType: PlaceType
  venue_id: number | null
  location: string
  organizer_id: number | null
  staff_ids: number[]
  team_ids: number[]
  station_id: number | null
  expected_attendance: number | null
  notes: string
  /** Its staff are occupied for its span; an exhibition open all day leaves them free. */
  staff_busy: boolean
  /** The user set staff_busy; until then it follows the kind. */
  staffBusySet: boolean
  /** Create a series instead of a single activity (new activities only). */
  repeat: boolean
  recurrence: RecurrenceForm
}

/** Fields of the API that the form shows errors beside. */
export type FieldName =
  | 'kind'
  | 'title'
  | 'start'
  | 'end'
  | 'venue_id'
  | 'location'
  | 'organizer_id'
  | 'staff_ids'
  | 'team_ids'
  | 'station_id'
  | 'expected_attendance'
  | 'notes'
  | 'staff_busy'
  | 'rrule'

export const DEFAULT_MINUTES = 120

/** newModel is a blank activity from start to end (two hours when no end is given), organized by me. */
export function newModel(start: Date, end: Date | null, me: number | null): ActivityModel {
  return {
    kind: '',
    title: '',
    start,
    end: end ?? addMinutes(start, DEFAULT_MINUTES),
    placeType: 'venue',
    venue_id: null,
    location: '',
    organizer_id: me,
    staff_ids: [],
    team_ids: [],
    station_id: null,
    expected_attendance: null,
    notes: '',
    staff_busy: true,
    staffBusySet: false,
    repeat: false,
    recurrence: defaultRecurrence(start),
  }
}

/** staffBusyByDefault: exhibitions leave their staff free, every other kind occupies them. */
export function staffBusyByDefault(kind: Kind | ''): boolean {
  return kind !== 'exhibition'
}

/** modelOf loads an existing activity into the form. */
export function modelOf(a: Activity): ActivityModel {
  const start = new Date(a.start)
  return {
    kind: a.kind,
    title: a.title,
    start,
    end: new Date(a.end),
    placeType: a.venue_id == null && a.location ? 'external' : 'venue',
    venue_id: a.venue_id,
    location: a.location ?? '',
    organizer_id: a.organizer_id,
    staff_ids: [...(a.staff_ids ?? [])],
    team_ids: [...(a.team_ids ?? [])],
    station_id: a.station_id,
    // The API answers 0 when nothing was expected; the form shows an empty box then.
    expected_attendance: a.expected_attendance || null,
    notes: a.notes ?? '',
    staff_busy: a.staff_busy ?? staffBusyByDefault(a.kind),
    staffBusySet: true,
    repeat: false,
    recurrence: defaultRecurrence(start),
  }
}

/** clientErrors finds what can be told without asking the server (i18n keys under form.errors). */
export function clientErrors(m: ActivityModel): Partial<Record<FieldName, string>> {
  const out: Partial<Record<FieldName, string>> = {}
  if (!m.kind) out.kind = 'required'
  if (!m.title.trim()) out.title = 'required'
  if (!m.start) out.start = 'required'
  if (!m.end) out.end = 'required'
  else if (m.start && m.end.getTime() <= m.start.getTime()) out.end = 'end_after_start'
  if (m.organizer_id == null) out.organizer_id = 'required'
  if (m.expected_attendance != null && (m.expected_attendance < 0 || !Number.isInteger(m.expected_attendance))) {
    out.expected_attendance = 'whole_number'
  }
  if (m.repeat && m.start) {
    const problems = validateRecurrence(m.recurrence, m.start)
    if (problems.length) out.rrule = `recurrence_${problems[0]}`
  }
  return out
}

/** checkable tells whether the form holds enough for a conflict check (a time and an organizer). */
export function checkable(m: ActivityModel): boolean {
  return Boolean(m.start && m.end && m.end > m.start && m.organizer_id != null)
}

/** toInput is the request body for a create, change or check. */
export function toInput(m: ActivityModel, fallbackTitle = ''): ActivityInput {
  if (!m.start || !m.end) throw new Error('activity form: start and end are required')
  const external = m.placeType === 'external'
  return {
    kind: (m.kind || 'other') as Kind,
    title: m.title.trim() || fallbackTitle,
    start: toRFC3339(m.start),
    end: toRFC3339(m.end),
    venue_id: external ? null : m.venue_id,
    location: external ? m.location.trim() : '',
    organizer_id: m.organizer_id ?? 0,
    staff_ids: [...m.staff_ids],
    team_ids: [...m.team_ids],
    station_id: m.station_id,
    expected_attendance: m.expected_attendance ?? 0,
    notes: m.notes.trim(),
    staff_busy: m.staff_busy,
  }
}

/** toSeries is the request body of POST /series for a repeating activity. */
export function toSeries(m: ActivityModel, fallbackTitle = ''): SeriesRequest {
  const input = toInput(m, fallbackTitle)
  return {
    ...input,
    rrule: buildRRule(m.recurrence, m.start as Date),
    skip_holidays: m.recurrence.skipHolidays,
  }
}

/** moveStart sets a new start and keeps the duration. */
export function moveStart(m: ActivityModel, start: Date | null): void {
  if (start && m.start && m.end) {
    const minutes = Math.round((m.end.getTime() - m.start.getTime()) / 60_000)
    m.end = addMinutes(start, minutes > 0 ? minutes : DEFAULT_MINUTES)
  }
  m.start = start
}

/**
 * copyModel is a new activity like a (kind, title, place, people, teams, expected attendance)
 * at start, lasting as long; without a start, the same time a week later. Notes and what
 * happened belong to the original and are left behind.
 */
export function copyModel(a: Activity, start: Date | null = null): ActivityModel {
  const m = modelOf(a)
  const from = new Date(a.start)
  const minutes = Math.round((new Date(a.end).getTime() - from.getTime()) / 60_000)
  const s = start ?? new Date(from.getFullYear(), from.getMonth(), from.getDate() + 7, from.getHours(), from.getMinutes())
  m.start = s
  m.end = addMinutes(s, minutes > 0 ? minutes : DEFAULT_MINUTES)
  m.notes = ''
  m.recurrence = defaultRecurrence(s)
  return m
}
