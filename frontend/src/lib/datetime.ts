// Date helpers. The browser's time zone is taken as the center's; instants go to the API as
// RFC 3339 with the local offset, and local dates as YYYY-MM-DD.

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0')

/** toRFC3339 writes an instant with the local offset, e.g. 2026-10-10T09:00:00+08:00. */
export function toRFC3339(d: Date): string {
  const off = -d.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '-'
  return (
    `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  )
}

/** localDate is the local calendar date of an instant, YYYY-MM-DD. */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** parseLocalDate reads YYYY-MM-DD as local midnight. */
export function parseLocalDate(s: string): Date {
  const [y, m, d] = s.split('-').map(Number)
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1)
}

export function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000)
}

export function addDays(d: Date, days: number): Date {
  const out = new Date(d)
  out.setDate(out.getDate() + days)
  return out
}

/** sameLocalDay tells whether two instants fall on one local date. */
export function sameLocalDay(a: Date, b: Date): boolean {
  return localDate(a) === localDate(b)
}

/** formatTime is HH:mm in 24-hour time. */
export function formatTime(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`
}

// Building an Intl.DateTimeFormat is slow; a month view formats hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat>()

/** formatDate is a readable local date with weekday in the given language. */
export function formatDate(d: Date, locale: string, withYear = false): string {
  const key = `${locale}|${withYear}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      year: withYear ? 'numeric' : undefined,
      month: 'short',
      day: 'numeric',
      weekday: 'short',
    })
    formatters.set(key, f)
  }
  return f.format(d)
}

/**
 * formatRange shows an activity's time: one date and two times when it stays within a day
 * ("Sat, Oct 10 09:00–11:00"), both dates otherwise. The end is exclusive, so an end at
 * midnight belongs to the start's day.
 */
export function formatRange(start: Date | string, end: Date | string, locale: string, withYear = false): string {
  const s = typeof start === 'string' ? new Date(start) : start
  const e = typeof end === 'string' ? new Date(end) : end
  const endsAtMidnight = e.getHours() === 0 && e.getMinutes() === 0 && e.getTime() > s.getTime()
  const lastDay = endsAtMidnight ? new Date(e.getTime() - 1) : e
  if (sameLocalDay(s, lastDay)) {
    return `${formatDate(s, locale, withYear)} ${formatTime(s)}–${formatTime(e)}`
  }
  return `${formatDate(s, locale, withYear)} ${formatTime(s)} – ${formatDate(e, locale, withYear)} ${formatTime(e)}`
}

/** formatWhen is a date with weekday and a time, e.g. "Sat, Oct 10 09:00". */
export function formatWhen(d: Date | string, locale: string): string {
  const x = typeof d === 'string' ? new Date(d) : d
  return `${formatDate(x, locale)} ${formatTime(x)}`
}
