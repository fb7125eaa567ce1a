import type { Activity } from '@/api'
import { attendanceValid } from './dialogs/complete'

export interface RecordEntry {
  attendance: number | null
  notes: string
}

/**
 * recordItems is the body of POST /activities/complete: every row with a figure typed in, with
 * the version read (a change meanwhile is refused as stale); rows left empty wait for later.
 */
export function recordItems(rows: Activity[], entries: Record<number, RecordEntry | undefined>) {
  return rows.flatMap((a) => {
    const e = entries[a.id]
    if (!e || !attendanceValid(e.attendance)) return []
    return [{ id: a.id, version: a.version, actual_attendance: e.attendance, notes: e.notes.trim() }]
  })
}
