import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { KINDS, STATUSES, type ActivityQuery, type ActivityStatus, type Kind } from '@/api'

export interface CalendarFilters {
  /** Only activities the logged-in user organizes or takes part in. */
  mine: boolean
  /** Words of a title, a place or a person's name. */
  q: string
  kinds: Kind[]
  staffIds: number[]
  venueIds: number[]
  teamId: number | null
  statuses: ActivityStatus[]
}

export function emptyFilters(): CalendarFilters {
  return { mine: false, q: '', kinds: [], staffIds: [], venueIds: [], teamId: null, statuses: [] }
}

const list = <T>(xs: T[]) => (xs.length ? xs.join(',') : undefined)

/** filterQuery maps the filters to the query of GET /activities ("mine" wins over a staff pick). */
export function filterQuery(f: CalendarFilters, meId: number | null): Omit<ActivityQuery, 'from' | 'to'> {
  return {
    q: f.q.trim() || undefined,
    kind: list(f.kinds),
    staff_id: f.mine ? (meId ?? undefined) : list(f.staffIds),
    venue_id: list(f.venueIds),
    team_id: f.teamId ?? undefined,
    status: list(f.statuses),
  }
}

/** activeFilterCount is how many filters narrow the calendar (shown on the phone's filter button). */
export function activeFilterCount(f: CalendarFilters): number {
  return [f.mine, f.q.trim() !== '', f.kinds.length > 0, !f.mine && f.staffIds.length > 0, f.venueIds.length > 0, f.teamId !== null, f.statuses.length > 0].filter(Boolean).length
}

/** The URL's names of the filters (?q=&kind=lecture,training&staff=3,7&venue=&team=&status=&mine=1). */
const KEYS = ['q', 'kind', 'staff', 'venue', 'team', 'status', 'mine'] as const

/** toRouteQuery writes the filters into the page's URL, leaving out the empty ones. */
export function toRouteQuery(f: CalendarFilters, mineByDefault: boolean): Record<(typeof KEYS)[number], string | undefined> {
  return {
    q: f.q.trim() || undefined,
    kind: list(f.kinds),
    staff: f.mine ? undefined : list(f.staffIds),
    venue: list(f.venueIds),
    team: f.teamId === null ? undefined : String(f.teamId),
    status: list(f.statuses),
    // Written only when it differs from the role's default, so plain links stay plain.
    mine: f.mine === mineByDefault ? undefined : f.mine ? '1' : '0',
  }
}

function one(v: LocationQuery[string]): string {
  const x = Array.isArray(v) ? v[0] : v
  return typeof x === 'string' ? x : ''
}
function ids(v: LocationQuery[string]): number[] {
  return one(v)
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
}
function codes<T extends string>(v: LocationQuery[string], allowed: readonly T[]): T[] {
  return one(v)
    .split(',')
    .filter((x): x is T => (allowed as readonly string[]).includes(x))
}

/** fromRouteQuery reads the filters from the URL; what it does not know is left out. */
export function fromRouteQuery(q: LocationQuery, mineByDefault: boolean): CalendarFilters {
  const team = ids(q.team)[0] ?? null
  const mine = one(q.mine)
  return {
    mine: mine === '1' ? true : mine === '0' ? false : mineByDefault,
    q: one(q.q).slice(0, 100),
    kinds: codes(q.kind, KINDS),
    staffIds: ids(q.staff),
    venueIds: ids(q.venue),
    teamId: team,
    statuses: codes(q.status, STATUSES),
  }
}

/** withFilters is a route query with the filters replaced (the view and date kept). */
export function withFilters(current: LocationQuery, f: CalendarFilters, mineByDefault: boolean): LocationQueryRaw {
  const out: LocationQueryRaw = { ...current }
  for (const k of KEYS) delete out[k]
  for (const [k, v] of Object.entries(toRouteQuery(f, mineByDefault))) if (v !== undefined) out[k] = v
  return out
}

/** sameFilters tells whether two filter sets ask the same. */
export function sameFilters(a: CalendarFilters, b: CalendarFilters): boolean {
  return JSON.stringify(toRouteQuery(a, false)) === JSON.stringify(toRouteQuery(b, false))
}
