import type { AuditQuery, LocalDate } from '@/api/types'
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
