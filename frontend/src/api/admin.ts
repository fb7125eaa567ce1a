// Typed calls of the administration routes: users, venues, stations, teams, closures and the
// audit log. Rows carry their `version`; a change sends it back so a stale edit is refused.
import { http } from './index'
import type { Activity, Instant, List, LocalDate, Role } from './types'

interface Versioned {
  id: number
  version: number
}

export interface AdminUser extends Versioned {
  username: string
  name: string
  role: Role
  active: boolean
  created_at: Instant
}
export interface UserNew {
  username: string
  name: string
  role: Role
  password: string
}
export type UserChange = Partial<Pick<AdminUser, 'name' | 'role' | 'active'>> & { password?: string; version?: number }

export interface AdminVenue extends Versioned {
  name: string
  capacity: number
  active: boolean
}
export type VenueChange = Partial<Pick<AdminVenue, 'name' | 'capacity' | 'active'>> & { version?: number }

export interface AdminStation extends Versioned {
  name: string
  address: string
  staff_ids: number[]
  active: boolean
}
export type StationChange = Partial<Pick<AdminStation, 'name' | 'address' | 'staff_ids' | 'active'>> & {
  version?: number
}

export interface AdminTeam extends Versioned {
  name: string
  art_form: string
  /** Local date, or empty when unknown. */
  founded_on: LocalDate | '' | null
  leader_id: number | null
  member_count: number
  active: boolean
}
export type TeamChange = Partial<Omit<AdminTeam, 'id' | 'version'>> & { version?: number }

export interface AdminClosure {
  id: number
  date: LocalDate
  name: string
}

export interface AuditRow {
  id: number
  at: Instant
  actor_id: number
  action: string
  entity: string
  entity_id: number
  before: unknown
  after: unknown
  request_id?: string
}

export interface AuditFilter {
  entity?: string
  entity_id?: number
  actor_id?: number
  from?: LocalDate
  to?: LocalDate
  page?: number
  per_page?: number
}

const ALL = { per_page: 1000 }

function resource<T, New, Change>(path: string) {
  return {
    list: (q: Record<string, string | number | boolean | undefined> = {}) =>
      http.get<List<T>>(path, { ...ALL, ...q }),
    create: (body: New) => http.post<T>(path, body),
    update: (id: number, body: Change) => http.patch<T>(`${path}/${id}`, body),
    /** Deactivates (reference rows are never deleted: activities point at them). */
    deactivate: (id: number) => http.delete<T>(`${path}/${id}`),
  }
}

export const adminApi = {
  users: resource<AdminUser, UserNew, UserChange>('/users'),
  venues: resource<AdminVenue, Omit<AdminVenue, 'id' | 'version' | 'active'>, VenueChange>('/venues'),
  stations: resource<AdminStation, Omit<AdminStation, 'id' | 'version' | 'active'>, StationChange>('/stations'),
  teams: resource<AdminTeam, Omit<AdminTeam, 'id' | 'version' | 'active'>, TeamChange>('/teams'),
  closures: {
    list: (year: number) => http.get<List<AdminClosure>>('/closures', { year, ...ALL }),
    create: (body: Omit<AdminClosure, 'id'>) => http.post<AdminClosure>('/closures', body),
    update: (id: number, body: Omit<AdminClosure, 'id'>) => http.patch<AdminClosure>(`/closures/${id}`, body),
    remove: (id: number) => http.delete(`/closures/${id}`),
  },
  audit: (f: AuditFilter) => http.get<List<AuditRow>>('/audit', { ...f }),
  /** How many of a team's activities of a year are completed (the list's total). */
  teamDoneCount: async (teamId: number, year: number) =>
    (
      await http.get<List<Activity>>('/activities', {
        team_id: teamId,
        status: 'completed',
        from: `${year}-01-01`,
        to: `${year + 1}-01-01`,
        per_page: 1,
      })
    ).total,
  /** A team's activities of a year, for the team page. */
  teamActivities: (teamId: number, year: number) =>
    http.get<List<Activity>>('/activities', {
      team_id: teamId,
      from: `${year}-01-01`,
      to: `${year + 1}-01-01`,
      ...ALL,
    }),
}
