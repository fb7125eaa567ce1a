// The planner page's rules that need no server: defaults for a kind, the months left in a
// year, and the standing once some proposals are left out.
import type { Kind, ProgressRow } from '@/api/types'
import type { Proposal, Standing } from '@/api'

/** GapRow is what "Plan the gap" needs of a target row. */
export type GapRow = Pick<ProgressRow, 'target_id' | 'staff_id' | 'gap' | 'status'>

/** defaultDuration is how long an activity of a kind usually takes, in minutes. */
export function defaultDuration(kind: Kind): number {
  switch (kind) {
    case 'outreach':
    case 'performance':
    case 'team_activity':
      return 120
    case 'training':
    case 'lecture':
    case 'study':
      return 90
    case 'exhibition':
      return 240
    default:
      return 60
  }
}

/** monthsLeft lists the months of year from today's on (every month of a future year, none of a past one). */
export function monthsLeft(year: number, today: Date): number[] {
  const y = today.getFullYear()
  if (year < y) return []
  const from = year > y ? 1 : today.getMonth() + 1
  return Array.from({ length: 13 - from }, (_, i) => from + i)
}

/** addsOf sums what the proposals add to the target. */
export function addsOf(proposals: Proposal[]): number {
  return proposals.reduce((n, p) => n + p.adds, 0)
}

/**
 * standingAfter is the target's row once the kept proposals are booked, by the server's rule:
 * planned activities raise the projection, not the actual, so a row behind becomes at risk once
 * its projection reaches the value.
 */
export function standingAfter(before: Standing, kept: Proposal[]): Standing {
  const projected = before.projected + addsOf(kept)
  const status = before.status === 'behind' && projected >= before.value ? 'at_risk' : before.status
  return { ...before, projected, gap: Math.max(0, before.value - projected), status }
}

/** movedTo shifts a proposal to a new start, keeping its length. */
export function movedTo(p: Proposal, start: Date, toInstant: (d: Date) => string): Proposal {
  const length = new Date(p.end).getTime() - new Date(p.start).getTime()
  return { ...p, start: toInstant(start), end: toInstant(new Date(start.getTime() + length)) }
}
