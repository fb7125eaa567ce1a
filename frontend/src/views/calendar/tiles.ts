// What a calendar tile and its popover say about an activity: where (venue, else station, else
// the place written on it) and who (the organizer, "+N" for the other staff), its place in a
// series, and whether a closure of the center falls on it.
import type { Activity, CalendarDay } from '@/api'
import { addDays, localDate, parseLocalDate } from '@/lib/datetime'

/** The reference names a tile needs (the reference store fits). */
export interface Names {
  userName(id: number | null | undefined): string
  venueName(id: number | null | undefined): string
  stationName(id: number | null | undefined): string
}

/** tilePlace is where it happens: the venue, else the station, else the place written on it. */
export function tilePlace(a: Activity, n: Names): string {
  if (a.venue_id != null) return n.venueName(a.venue_id)
  if (a.station_id != null) return n.stationName(a.station_id)
  return a.location.trim()
}

/** otherStaff are the participants other than the organizer. */
export function otherStaff(a: Activity): number[] {
  return (a.staff_ids ?? []).filter((id) => id !== a.organizer_id)
}

/** tilePeople is the organizer's name and "+N" for the other staff, e.g. "李静 +2". */
export function tilePeople(a: Activity, n: Names): string {
  const more = otherStaff(a).length
  const who = n.userName(a.organizer_id)
  return more > 0 ? `${who} +${more}` : who
}

/** tileMeta is the tile's second line: "where · who". */
export function tileMeta(a: Activity, n: Names): string {
  return [tilePlace(a, n), tilePeople(a, n)].filter(Boolean).join(' · ')
}

/** seriesPosition is "3 of 12" for a series member, when the answer says so. */
export function seriesPosition(a: Activity): { n: number; of: number } | null {
  if (a.series_id == null || !a.series_index || !a.series_count) return null
  return { n: a.series_index, of: a.series_count }
}

/**
 * coveredDates are the local dates the half-open span [start, end) touches: an activity ending
 * at midnight does not touch the next day.
 */
export function coveredDates(start: string, end: string): string[] {
  const s = new Date(start)
  const e = new Date(new Date(end).getTime() - 1)
  const out: string[] = []
  if (e.getTime() < s.getTime()) return [localDate(s)]
  for (let d = parseLocalDate(localDate(s)); d.getTime() <= e.getTime() && out.length < 400; d = addDays(d, 1)) {
    out.push(localDate(d))
  }
  return out
}

/**
 * closureOf is the closure that shuts the venue of a planned activity, if one falls on a day it
 * touches: such an activity has to be moved. Activities without a venue are not affected.
 */
export function closureOf(a: Activity, days: Map<string, CalendarDay>): CalendarDay | null {
  if (a.venue_id == null || a.status !== 'planned') return null
  for (const d of coveredDates(a.start, a.end)) {
    const day = days.get(d)
    if (day?.type === 'closure') return day
  }
  return null
}

/** dayName is a holiday's or closure's name in the user's language. */
export function dayName(day: CalendarDay, lang: string): string {
  return lang === 'en' && day.name_en ? day.name_en : day.name
}
