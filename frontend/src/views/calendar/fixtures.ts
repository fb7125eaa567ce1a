// Activities for the calendar's tests. Imported only by *.test.ts files.
import type { Activity } from '@/api'
import { ACTIVITY_REST } from '@/api/fixtures'

/** act is a planned lecture on Wednesday 2026-12-09, 14:00-16:00, organized by user 1, with p over it. */
export function act(p: Partial<Activity>): Activity {
  return {
    ...ACTIVITY_REST,
    id: 1, kind: 'lecture', title: '讲座', start: '2026-12-09T14:00:00+08:00', end: '2026-12-09T16:00:00+08:00',
    venue_id: null, location: '', organizer_id: 1, staff_ids: [], team_ids: [], station_id: null,
    expected_attendance: 0, actual_attendance: null, status: 'planned', series_id: null, notes: '',
    version: 1, created_at: '', updated_at: '', ...p,
  }
}
