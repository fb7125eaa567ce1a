// Typed calls of the planner: proposals that close a target's gap, and booking them.
import { http } from './index'
import type { Activity, Instant, Kind, Metric, ProgressStatus, Target } from './types'

export interface PlannerWindow {
  /** HH:MM, local time. */
  start: string
  end: string
}

export interface ProposalsRequest {
  target_id: number
  staff_id?: number
  kind: Kind
  title: string
  duration_minutes: number
  /** Allowed months 1-12; empty: the rest of the year. */
  months?: number[]
  /** ISO weekdays, Monday 1 to Sunday 7; empty: Monday to Friday and adjusted workdays. */
  weekdays?: number[]
  windows?: PlannerWindow[]
  venue_ids?: number[]
  station_ids?: number[]
  expected_attendance?: number
}

export interface Proposal {
  start: Instant
  end: Instant
  venue_id: number | null
  station_id: number | null
  staff_ids: number[]
  team_ids: number[]
  /** What it adds to the target: a person-day, an edition, a team, attendance... */
  adds: number
}

export interface Standing {
  value: number
  actual: number
  projected: number
  gap: number
  status: ProgressStatus
}

export type ShortReason = 'no_free_windows' | 'no_units_left' | 'year_over'

export interface PlannerResult {
  target_id: number
  staff_id: number
  metric: Metric
  gap: number
  proposals: Proposal[]
  closes_gap: boolean
  short_by: number
  reason?: ShortReason
  months: { month: number; needed: number; planned: number }[]
  before: Standing
  after: Standing
}

export interface AcceptRequest {
  target_id: number
  staff_id?: number
  kind: Kind
  title: string
  expected_attendance?: number
  proposals: Proposal[]
}

export const plannerApi = {
  target: (id: number) => http.get<Target>(`/targets/${id}`),
  propose: (body: ProposalsRequest) => http.post<PlannerResult>('/planner/proposals', body),
  accept: (body: AcceptRequest) => http.post<{ activities: Activity[] }>('/planner/accept', body),
}
