// The week table: one row per member of staff (or per venue), one column per day, each cell
// the activities of that row on that day. Pure, so the grouping is tested without a browser.
import type { Activity } from '@/api'
import { addDays, localDate, parseLocalDate } from '@/lib/datetime'
import { coveredDates } from './tiles'

export type WeekBy = 'staff' | 'venue'

/** A row's key: a user or venue id, or NO_VENUE for activities held elsewhere. */
export const NO_VENUE = 0

export interface WeekRow {
  id: number
  label: string
  /** One list per day of the week, in time order. */
  cells: Activity[][]
  /** How many activities the row has this week (an activity over two days counts once). */
  count: number
}

/** monday is the local date of the Monday of the week containing d (weeks run Monday to Sunday). */
export function monday(d: string): string {
  const day = parseLocalDate(d)
  const back = (day.getDay() + 6) % 7
  return localDate(addDays(day, -back))
}

/** weekDates are the seven local dates from a Monday. */
export function weekDates(mon: string): string[] {
  const start = parseLocalDate(mon)
  return Array.from({ length: 7 }, (_, i) => localDate(addDays(start, i)))
}

/** rowsOf are the row keys an activity belongs to: its organizer and staff, or its venue. */
export function rowsOf(a: Activity, by: WeekBy): number[] {
  if (by === 'venue') return [a.venue_id ?? NO_VENUE]
  return [...new Set([a.organizer_id, ...(a.staff_ids ?? [])])]
}

/**
 * buildWeek lays the activities into rows (given, in order) and the seven days. An activity
 * shows on every day it touches; cancelled ones are left out. Rows not given are added at the
 * end when an activity needs them (a former member of staff, or "elsewhere" for no venue), with
 * the label from labelOf.
 */
export function buildWeek(
  activities: Activity[],
  by: WeekBy,
  rows: { id: number; label: string }[],
  dates: string[],
  labelOf: (id: number) => string,
): WeekRow[] {
  const out = new Map<number, WeekRow>()
  const seen = new Map<number, Set<number>>()
  const add = (id: number, label: string) => {
    const row = { id, label, cells: dates.map(() => [] as Activity[]), count: 0 }
    out.set(id, row)
    seen.set(id, new Set())
    return row
  }
  for (const r of rows) add(r.id, r.label)
  const sorted = [...activities].sort((x, y) => x.start.localeCompare(y.start) || x.id - y.id)
  for (const a of sorted) {
    if (a.status === 'cancelled') continue
    const days = coveredDates(a.start, a.end)
    for (const id of rowsOf(a, by)) {
      const row = out.get(id) ?? add(id, labelOf(id))
      for (const d of days) {
        const i = dates.indexOf(d)
        if (i >= 0) row.cells[i]!.push(a)
      }
      const s = seen.get(id)!
      if (!s.has(a.id) && days.some((d) => dates.includes(d))) {
        s.add(a.id)
        row.count++
      }
    }
  }
  return [...out.values()]
}
