// The weekly schedule (周活动安排表) as rows: pure, so it is unit tested. Dates are the center's
// local dates (the browser's zone is taken as the center's, see lib/datetime).
import type { Activity } from '@/api/types'
import { addDays, formatTime, localDate, parseLocalDate } from '@/lib/datetime'

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

/** weekDays lists the seven local dates, Monday to Sunday, of the week that holds date. */
export function weekDays(date: string): string[] {
  const d = parseLocalDate(DATE_RE.test(date) ? date : localDate(new Date()))
  const monday = addDays(d, -((d.getDay() + 6) % 7))
  return Array.from({ length: 7 }, (_, i) => localDate(addDays(monday, i)))
}

/** isLocalDate tells whether s is a real date written YYYY-MM-DD. */
export function isLocalDate(s: unknown): s is string {
  if (typeof s !== 'string' || !DATE_RE.test(s)) return false
  return localDate(parseLocalDate(s)) === s
}

/** coveredDays are the local dates an activity's half-open interval [start, end) touches. */
export function coveredDays(start: Date, end: Date): string[] {
  const last = end.getTime() > start.getTime() ? new Date(end.getTime() - 1) : start
  const out: string[] = []
  for (let d = parseLocalDate(localDate(start)); localDate(d) <= localDate(last); d = addDays(d, 1)) {
    out.push(localDate(d))
  }
  return out
}

/** Names turns the ids of an activity into what a reader recognizes. */
export interface Names {
  user: (id: number) => string
  venue: (id: number) => string
  station: (id: number) => string
  /** Joins names in the language of the page: "、" in Chinese, ", " in English. */
  join: (parts: string[]) => string
  /** A short local date with time, for an activity that runs over several days. */
  when: (d: Date) => string
}

export interface WeekEntry {
  id: number
  kind: Activity['kind']
  time: string
  title: string
  place: string
  organizer: string
  staff: string
  /** Starts before midnight and ends after: the time says both dates. */
  multiDay: boolean
}

export interface WeekDay {
  date: string
  entries: WeekEntry[]
}

/** placeOf is where an activity happens: its venue, else its station, else its location text. */
export function placeOf(a: Activity, names: Names): string {
  if (a.venue_id != null) return names.venue(a.venue_id)
  if (a.station_id != null) return names.station(a.station_id)
  return a.location.trim()
}

/**
 * weekSchedule lays the week's activities out by day, in time order: cancelled ones are left
 * out, and one that runs over several dates is listed on each of them that falls in the week.
 */
export function weekSchedule(activities: Activity[], days: string[], names: Names): WeekDay[] {
  const byDay = new Map(days.map((d) => [d, [] as { start: number; e: WeekEntry }[]]))
  for (const a of activities) {
    if (a.status === 'cancelled') continue
    const start = new Date(a.start)
    const end = new Date(a.end)
    const covered = coveredDays(start, end)
    const multiDay = covered.length > 1
    const staff = a.staff_ids.filter((id) => id !== a.organizer_id).map(names.user)
    const entry: WeekEntry = {
      id: a.id,
      kind: a.kind,
      time: multiDay ? `${names.when(start)} – ${names.when(end)}` : `${formatTime(start)}–${formatTime(end)}`,
      title: a.title,
      place: placeOf(a, names),
      organizer: names.user(a.organizer_id),
      staff: names.join(staff),
      multiDay,
    }
    for (const d of covered) byDay.get(d)?.push({ start: start.getTime(), e: entry })
  }
  return days.map((date) => ({
    date,
    entries: (byDay.get(date) ?? [])
      .sort((x, y) => x.start - y.start || x.e.title.localeCompare(y.e.title, 'zh-CN'))
      .map((x) => x.e),
  }))
}
