// Recurrence of a series (一期): the form's choices and the RFC 5545 RRULE built from them.
// Pure functions, no Vue: the form component keeps a RecurrenceForm and calls these.

import { localDate, parseLocalDate } from './datetime'

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const
export type Weekday = (typeof WEEKDAYS)[number]

export type Frequency = 'weekly' | 'monthly'
/** Monthly on the same day of the month (the 15th) or the same weekday (the 2nd Saturday). */
export type MonthlyBy = 'monthday' | 'weekday'
export type EndRule = 'count' | 'until'

export interface RecurrenceForm {
  freq: Frequency
  /** Every N weeks or months. */
  interval: number
  /** Weekly: the days of the week. */
  weekdays: Weekday[]
  monthlyBy: MonthlyBy
  end: EndRule
  /** Number of sessions when end is 'count'. */
  count: number
  /** Last local date (inclusive) when end is 'until', YYYY-MM-DD. */
  until: string | null
  skipHolidays: boolean
}

export const MAX_COUNT = 200
export const MAX_INTERVAL = 52

/** weekdayOf is the RRULE weekday of a date's local day. */
export function weekdayOf(d: Date): Weekday {
  return WEEKDAYS[(d.getDay() + 6) % 7] as Weekday
}

/** nthWeekdayOfMonth is 1..4 for the first to fourth such weekday of the month, -1 for a fifth (the last). */
export function nthWeekdayOfMonth(d: Date): number {
  const n = Math.ceil(d.getDate() / 7)
  return n >= 5 ? -1 : n
}

/** defaultRecurrence is weekly on the start's weekday, twelve sessions: a usual class. */
export function defaultRecurrence(start: Date): RecurrenceForm {
  return {
    freq: 'weekly',
    interval: 1,
    weekdays: [weekdayOf(start)],
    monthlyBy: 'monthday',
    end: 'count',
    count: 12,
    until: null,
    skipHolidays: true,
  }
}

/** untilUTC is the end of a local date (23:59:59) as an RRULE UTC time, e.g. 20261231T155959Z in UTC+8. */
export function untilUTC(date: string): string {
  const d = parseLocalDate(date)
  d.setHours(23, 59, 59, 0)
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}

export type RecurrenceProblem =
  | 'interval'
  | 'weekdays'
  | 'count'
  | 'until_missing'
  | 'until_before_start'

/** validateRecurrence lists what is wrong with the form for a series starting at start. */
export function validateRecurrence(form: RecurrenceForm, start: Date): RecurrenceProblem[] {
  const out: RecurrenceProblem[] = []
  if (!Number.isInteger(form.interval) || form.interval < 1 || form.interval > MAX_INTERVAL) out.push('interval')
  if (form.freq === 'weekly' && form.weekdays.length === 0) out.push('weekdays')
  if (form.end === 'count') {
    if (!Number.isInteger(form.count) || form.count < 1 || form.count > MAX_COUNT) out.push('count')
  } else if (!form.until) {
    out.push('until_missing')
  } else if (form.until < localDate(start)) {
    out.push('until_before_start')
  }
  return out
}

/**
 * buildRRule writes the rule for a series whose first session is at start, e.g.
 * FREQ=WEEKLY;INTERVAL=1;BYDAY=SA;COUNT=12. Weekdays come in calendar order (Monday first),
 * and WKST=MO is given whenever the week start changes the result (every N > 1 weeks).
 */
export function buildRRule(form: RecurrenceForm, start: Date): string {
  const parts: string[] = []
  if (form.freq === 'weekly') {
    parts.push('FREQ=WEEKLY', `INTERVAL=${form.interval}`)
    const days = WEEKDAYS.filter((d) => form.weekdays.includes(d))
    parts.push(`BYDAY=${(days.length ? days : [weekdayOf(start)]).join(',')}`)
    if (form.interval > 1) parts.push('WKST=MO')
  } else {
    parts.push('FREQ=MONTHLY', `INTERVAL=${form.interval}`)
    if (form.monthlyBy === 'weekday') {
      parts.push(`BYDAY=${nthWeekdayOfMonth(start)}${weekdayOf(start)}`)
    } else {
      parts.push(`BYMONTHDAY=${start.getDate()}`)
    }
  }
  if (form.end === 'count') {
    parts.push(`COUNT=${form.count}`)
  } else if (form.until) {
    parts.push(`UNTIL=${untilUTC(form.until)}`)
  }
  return parts.join(';')
}
