import type { ActivityQuery, ActivityStatus, Kind } from '@/api'

export interface CalendarFilters {
  /** Only activities the logged-in user organizes or takes part in. */
  mine: boolean
  kind: Kind | ''
  staffId: number | null
  venueId: number | null
  teamId: number | null
  status: ActivityStatus | ''
}

export function emptyFilters(): CalendarFilters {
  return { mine: false, kind: '', staffId: null, venueId: null, teamId: null, status: '' }
}

/** filterQuery maps the filters to the query of GET /activities ("mine" wins over a staff pick). */
export function filterQuery(f: CalendarFilters, meId: number | null): Omit<ActivityQuery, 'from' | 'to'> {
  const staff = f.mine ? meId : f.staffId
  return {
    kind: f.kind || undefined,
    staff_id: staff ?? undefined,
    venue_id: f.venueId ?? undefined,
    team_id: f.teamId ?? undefined,
    status: f.status || undefined,
  }
}

/** activeFilterCount is how many filters narrow the calendar (shown on the phone's filter button). */
export function activeFilterCount(f: CalendarFilters): number {
  return [f.mine, f.kind, f.mine ? null : f.staffId, f.venueId, f.teamId, f.status].filter(
    (v) => v !== null && v !== '' && v !== false,
  ).length
}
