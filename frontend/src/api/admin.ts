// Typed calls of the administration routes: users, venues, stations, teams, closures and the
// audit log. Rows carry their `version`; a change sends it back so a stale edit is refused.
import { crud } from './endpoints'
import { http } from './index'
import type {
  Activity,
  AuditEntry,
  AuditQuery,
  Closure,
  ClosureInput,
  ClosureSaved,
  List,
  Station,
  StationInput,
  Team,
  TeamInput,
  User,
  UserCreate,
  UserPatch,
  Venue,
  VenueInput,
} from './types'

/** Versioned is a row as an admin page reads it: always with the version a change sends back. */
type Versioned<T> = T & { version: number }

export type AdminUser = Versioned<User>
export type AdminVenue = Versioned<Venue>
export type AdminStation = Versioned<Station>
export type AdminTeam = Versioned<Team>

const ALL = { per_page: 1000 }

/** resource is crud on a reference table, listing it whole; its DELETE deactivates. */
function resource<T, New, Change>(path: string) {
  const { list, create, update, remove } = crud<T, New, Change>(http, path, ALL)
  /** Deactivates (reference rows are never deleted: activities point at them). */
  const deactivate = (id: number) => remove<T>(id)
  return { list, create, update, deactivate }
}

export const adminApi = {
  users: resource<AdminUser, UserCreate, UserPatch>('/users'),
  venues: resource<AdminVenue, Omit<VenueInput, 'active'>, Partial<VenueInput> & { version?: number }>('/venues'),
  stations: resource<AdminStation, Omit<StationInput, 'active'>, Partial<StationInput> & { version?: number }>('/stations'),
  teams: resource<AdminTeam, Omit<TeamInput, 'active'>, Partial<TeamInput> & { version?: number }>('/teams'),
  closures: {
    list: (year: number) => http.get<List<Closure>>('/closures', { year, ...ALL }),
    /** Answers the closure and the planned activities at venues on its date (to be moved). */
    create: (body: ClosureInput) => http.post<ClosureSaved>('/closures', body),
    update: (id: number, body: ClosureInput) => http.patch<ClosureSaved>(`/closures/${id}`, body),
    remove: (id: number) => http.delete(`/closures/${id}`),
  },
  audit: (f: AuditQuery) => http.get<List<AuditEntry>>('/audit', { ...f }),
  /** A team's activities of a year, for the team page. */
  teamActivities: (teamId: number, year: number) =>
    http.get<List<Activity>>('/activities', {
      team_id: teamId,
      from: `${year}-01-01`,
      to: `${year + 1}-01-01`,
      ...ALL,
    }),
}
