// The center has one time zone (GET /settings); the app shows times in the device's. When the
// two disagree, a banner says so. Zones are compared by their offsets, not their names:
// Asia/Chongqing and Asia/Shanghai are the same clock.

/** deviceZone is the IANA name of the browser's time zone ('' when it cannot tell). */
export function deviceZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? ''
  } catch {
    return ''
  }
}

/** offsetMinutes is how far zone's wall clock is ahead of UTC at instant d; null for an unknown zone. */
export function offsetMinutes(zone: string, d: Date): number | null {
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(d)
  } catch {
    return null
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'))
  return Math.round((wall - Math.floor(d.getTime() / 1000) * 1000) / 60_000)
}

/**
 * sampleDates are the instants the app may show: now, and the 1st and 15th of every month from a
 * year ago to a year ahead (so a zone that agrees today but not under summer time is caught).
 */
export function sampleDates(now: Date = new Date()): Date[] {
  const out = [now]
  for (let m = -12; m <= 12; m++) {
    for (const day of [1, 15]) out.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + m, day, 4)))
  }
  return out
}

/**
 * zonesDiffer tells whether two zones show a different clock at any of the dates; an unknown
 * zone (the browser does not know its name) is taken as no difference, since nothing can be said.
 */
export function zonesDiffer(a: string, b: string, dates: Date[]): boolean {
  if (!a || !b || a === b) return false
  return dates.some((d) => {
    const x = offsetMinutes(a, d)
    const y = offsetMinutes(b, d)
    return x !== null && y !== null && x !== y
  })
}

/** formatOffset writes an offset in minutes as UTC+8, UTC-3:30, UTC. */
export function formatOffset(minutes: number | null): string {
  if (minutes === null) return ''
  if (minutes === 0) return 'UTC'
  const sign = minutes > 0 ? '+' : '-'
  const abs = Math.abs(minutes)
  const h = Math.floor(abs / 60)
  const m = abs % 60
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`
}
