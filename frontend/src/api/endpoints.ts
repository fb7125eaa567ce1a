import type { HttpClient } from './client'
import type {
  Activity,
  ActivityInput,
  ActivityPatch,
  ActivityQuery,
  AuditEntry,
  AuditQuery,
  CalendarDay,
  CheckRequest,
  CheckResult,
  Closure,
  ClosureInput,
  CompleteRequest,
  Deleted,
  List,
  PageQuery,
  SeriesCreated,
  SeriesInfo,
  SeriesPreview,
  SeriesRequest,
  SeriesScope,
  Settings,
  SettingsPatch,
  Station,
  StationInput,
  Team,
  TeamInput,
  TokenPair,
  User,
  UserCreate,
  UserPatch,
  Venue,
  VenueInput,
} from './types'

type ListQuery = PageQuery & Record<string, string | number | boolean | undefined>

/**
 * crud builds the list/create/read/update/delete calls of one resource; it is the one factory of
 * them (the admin pages' calls are built on it too). `listDefaults` go into every list query.
 * On the reference resources (users, venues, stations, teams) DELETE deactivates the row.
 */
export function crud<T, In, Change = Partial<In>>(http: HttpClient, path: string, listDefaults: ListQuery = {}) {
  return {
    list: (q: ListQuery = {}) => http.get<List<T>>(path, { ...listDefaults, ...q }),
    create: (body: In) => http.post<T>(path, body),
    get: (id: number) => http.get<T>(`${path}/${id}`),
    update: (id: number, body: Change) => http.patch<T>(`${path}/${id}`, body),
    remove: <R = void>(id: number) => http.delete<R>(`${path}/${id}`),
  }
}

/** createApi returns a typed function for every route of the API. */
export function createApi(http: HttpClient) {
  return {
    auth: {
      login: (username: string, password: string) =>
        http.post<TokenPair>('/auth/login', { username, password }, { anonymous: true }),
      refresh: (refreshToken: string) =>
        http.post<TokenPair>('/auth/refresh', { refresh_token: refreshToken }, { anonymous: true }),
      logout: (refreshToken: string) =>
        http.post<void>('/auth/logout', { refresh_token: refreshToken }, { anonymous: true }),
      me: () => http.get<User>('/me'),
    },
    settings: {
      /** The center's settings: its time zone and name. */
      get: () => http.get<Settings>('/settings'),
      /** Admin: sets the center's name. */
      update: (body: SettingsPatch) => http.patch<Settings>('/settings', body),
    },
    users: crud<User, UserCreate, UserPatch>(http, '/users'),
    venues: crud<Venue, VenueInput>(http, '/venues'),
    stations: crud<Station, StationInput>(http, '/stations'),
    teams: crud<Team, TeamInput>(http, '/teams'),
    closures: crud<Closure, ClosureInput>(http, '/closures'),
    activities: {
      list: (q: ActivityQuery, signal?: AbortSignal) =>
        http.get<List<Activity>>('/activities', { ...q }, signal),
      create: (body: ActivityInput) => http.post<Activity>('/activities', body),
      get: (id: number) => http.get<Activity>(`/activities/${id}`),
      update: (id: number, body: ActivityPatch, scope?: SeriesScope) =>
        http.patch<Activity>(`/activities/${id}`, body, { scope }),
      /** Deletes a planned activity, or with a scope the planned members of its series; dryRun only counts. */
      remove: (id: number, opts: { version?: number; scope?: SeriesScope; dryRun?: boolean } = {}) =>
        http.delete<Deleted>(`/activities/${id}`, { version: opts.version, scope: opts.scope, dry_run: opts.dryRun || undefined }),
      complete: (id: number, body: CompleteRequest) =>
        http.post<Activity>(`/activities/${id}/complete`, body),
      cancel: (id: number, scope?: SeriesScope, version?: number, reason?: string) =>
        http.post<Activity>(`/activities/${id}/cancel`, { version, reason: reason || undefined }, { query: { scope } }),
      /** Staff correct the attendance and notes of their own completed activity. */
      mend: (id: number, body: { version: number; actual_attendance: number; notes: string }) =>
        http.patch<Activity>(`/activities/${id}`, body),
      /** The caller's past planned activities, waiting to be recorded. */
      toRecord: (q: PageQuery = {}) => http.get<List<Activity>>('/activities/to-record', { ...q }),
      /** Records several at once, all or none. */
      completeMany: (items: { id: number; version: number; actual_attendance: number; notes?: string }[]) =>
        http.post<{ items: Activity[] }>('/activities/complete', { items }),
      reopen: (id: number, version?: number) =>
        http.post<Activity>(`/activities/${id}/reopen`, version === undefined ? {} : { version }),
      check: (body: CheckRequest, signal?: AbortSignal) =>
        http.post<CheckResult>('/activities/check', body, { signal }),
    },
    series: {
      get: (id: number) => http.get<SeriesInfo>(`/series/${id}`),
      create: (body: SeriesRequest) =>
        http.post<SeriesCreated>('/series', { ...body, dry_run: undefined }),
      /** A make-up session: copies the series' fields, checked for clashes. */
      addOccurrence: (id: number, body: { start: string; end: string }) =>
        http.post<Activity>(`/series/${id}/occurrences`, body),
      preview: (body: SeriesRequest, signal?: AbortSignal) =>
        http.post<SeriesPreview>('/series', { ...body, dry_run: true }, { signal }),
    },
    calendar: {
      days: (year: number) => http.get<List<CalendarDay>>('/calendar/days', { year }),
    },
    audit: {
      list: (q: AuditQuery = {}) => http.get<List<AuditEntry>>('/audit', { ...q }),
    },
  }
}

export type Api = ReturnType<typeof createApi>
