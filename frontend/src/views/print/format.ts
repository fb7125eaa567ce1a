// Dates and periods as a printed document writes them, in the page's language.
import { parseLocalDate } from '@/lib/datetime'

const cache = new Map<string, Intl.DateTimeFormat>()
function fmt(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(opts)}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, opts)
    cache.set(key, f)
  }
  return f
}

/** formatLongDate writes a local date in full: 2026年12月1日, 1 December 2026. */
export function formatLongDate(date: string, locale: string): string {
  return fmt(locale === 'en' ? 'en-GB' : locale, { dateStyle: 'long' }).format(parseLocalDate(date))
}

/** formatDateRange writes two local dates as one period: 2026年11月30日至12月6日, 30 Nov – 6 Dec 2026. */
export function formatDateRange(from: string, to: string, locale: string): string {
  const a = parseLocalDate(from)
  const b = parseLocalDate(to)
  if (locale === 'en') return fmt('en-GB', { dateStyle: 'medium' }).formatRange(a, b).replace(/\s/g, ' ')
  // ICU's Chinese ranges come out as 2026/11/30 – 2026/12/6; a document writes them in words.
  const tail = a.getFullYear() === b.getFullYear() ? `${b.getMonth() + 1}月${b.getDate()}日` : formatLongDate(to, locale)
  return `${formatLongDate(from, locale)}至${tail}`
}

/** formatDayHead is a day of the weekly schedule: 12月1日 星期二, Tue 1 Dec. */
export function formatDayHead(date: string, locale: string): { day: string; weekday: string } {
  const d = parseLocalDate(date)
  const en = locale === 'en'
  return {
    day: fmt(en ? 'en-GB' : locale, { month: en ? 'short' : 'long', day: 'numeric' }).format(d),
    weekday: fmt(en ? 'en-GB' : locale, { weekday: en ? 'short' : 'long' }).format(d),
  }
}

/** formatMonthYear names a month of a year: 2026年3月, March 2026. */
export function formatMonthYear(year: number, month: number, locale: string): string {
  return fmt(locale === 'en' ? 'en-GB' : locale, { year: 'numeric', month: 'long' }).format(new Date(year, month - 1, 1))
}

/** formatShortWhen is a date and time for the weekly schedule's multi-day entries: 12月5日 20:00. */
export function formatShortWhen(d: Date, locale: string): string {
  const en = locale === 'en'
  const day = fmt(en ? 'en-GB' : locale, { month: en ? 'short' : 'long', day: 'numeric' }).format(d)
  const hh = String(d.getHours()).padStart(2, '0')
  const mm = String(d.getMinutes()).padStart(2, '0')
  return `${day} ${hh}:${mm}`
}

/** formatMonth is a month's short name: 3月, Mar. */
export function formatMonth(month: number, locale: string): string {
  return fmt(locale === 'en' ? 'en-GB' : locale, { month: 'short' }).format(new Date(2000, month - 1, 1))
}
