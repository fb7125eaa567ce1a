import type { AuditEntry, AuditQuery, LocalDate } from '@/api/types'
import { addDays, localDate, parseLocalDate } from '@/lib/datetime'

/** The audit page's filters. */
export interface AuditFilter {
  entity: string
  entity_id?: number
  actor_id?: number
  /** First and last local date, both included. */
  range: [LocalDate, LocalDate] | null
}

/** nextDay is the local date after d, YYYY-MM-DD. */
export function nextDay(d: LocalDate): LocalDate {
  return localDate(addDays(parseLocalDate(d), 1))
}

/** auditQuery is the request for a page of the log under the filters. */
export function auditQuery(f: AuditFilter, page: number, perPage: number): AuditQuery {
  return {
    entity: f.entity || undefined,
    entity_id: f.entity_id || undefined,
    actor_id: f.actor_id || undefined,
    from: f.range?.[0],
    // The range picker's end day is included: ask up to the next midnight.
    to: f.range ? nextDay(f.range[1]) : undefined,
    page,
    per_page: perPage,
  }
}

/** The reference names the log shows instead of ids (the reference store fits). */
export interface AuditNames {
  userName(id: number | null | undefined): string
  venueName(id: number | null | undefined): string
  stationName(id: number | null | undefined): string
  teamName(id: number): string
}

function field(v: unknown, ...keys: string[]): unknown {
  if (typeof v !== 'object' || v === null) return undefined
  const r = v as Record<string, unknown>
  for (const k of keys) if (r[k] !== undefined && r[k] !== null && r[k] !== '') return r[k]
  return undefined
}

/**
 * entityName is what an entry is about, by name: an activity's title, a person's, venue's,
 * station's or team's name, a target's name, a closure's name and date. It reads the entry's
 * own snapshot first (a deleted row keeps its name there), then the reference lists; "#id"
 * when neither knows.
 */
export function entityName(e: Pick<AuditEntry, 'entity' | 'entity_id' | 'before' | 'after'>, n: AuditNames): string {
  const snap = (...keys: string[]) => field(e.after, ...keys) ?? field(e.before, ...keys)
  const known = (s: string) => (s && !s.startsWith('#') ? s : '')
  let name = ''
  switch (e.entity) {
    case 'activity':
    case 'series':
      name = String(snap('title', 'Title') ?? '')
      break
    case 'closure': {
      const date = snap('date', 'Date')
      name = [snap('name', 'Name'), typeof date === 'string' ? date.slice(0, 10) : ''].filter(Boolean).join(' ')
      break
    }
    case 'user':
      name = String(snap('name', 'Name') ?? '') || known(n.userName(e.entity_id))
      break
    case 'venue':
      name = String(snap('name', 'Name') ?? '') || known(n.venueName(e.entity_id))
      break
    case 'station':
      name = String(snap('name', 'Name') ?? '') || known(n.stationName(e.entity_id))
      break
    case 'team':
      name = String(snap('name', 'Name') ?? '') || known(n.teamName(e.entity_id))
      break
    default:
      name = String(snap('name', 'Name', 'title', 'Title') ?? '')
  }
  return name || `#${e.entity_id}`
}

const ID_FIELDS: Record<string, keyof AuditNames> = {
  organizer_id: 'userName',
  OrganizerID: 'userName',
  leader_id: 'userName',
  LeaderID: 'userName',
  actor_id: 'userName',
  created_by: 'userName',
  CreatedBy: 'userName',
  staff_id: 'userName',
  staff_ids: 'userName',
  StaffIDs: 'userName',
  venue_id: 'venueName',
  VenueID: 'venueName',
  venue_ids: 'venueName',
  station_id: 'stationName',
  StationID: 'stationName',
  station_ids: 'stationName',
  team_ids: 'teamName',
  TeamIDs: 'teamName',
}

/** namedValue shows an id field of a snapshot as names ("李静、王芳"); other fields as they are. */
export function namedValue(fieldName: string, v: unknown, n: AuditNames, sep: string): unknown {
  const kind = ID_FIELDS[fieldName]
  if (!kind) return v
  const one = (id: unknown) => (typeof id === 'number' ? n[kind](id) : String(id))
  if (Array.isArray(v)) return v.map(one).join(sep)
  if (typeof v === 'number') return one(v)
  return v
}
