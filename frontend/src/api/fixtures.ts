// Values for tests that build API objects: the fields a test does not care about, so that a
// fixture stays a whole object of the generated type. Imported only by *.test.ts files.
import type { Activity, User } from './types'

/** The bookkeeping fields of an activity outside a series, never mended or cancelled. */
export const ACTIVITY_REST: Pick<
  Activity,
  'local_date' | 'staff_busy' | 'cancel_reason' | 'series_index' | 'series_count' | 'completed_at' | 'created_by'
> = {
  local_date: '',
  staff_busy: true,
  cancel_reason: '',
  series_index: null,
  series_count: null,
  completed_at: null,
  created_by: 1,
}

/** The fields of a user who has been a member all along. */
export const USER_REST: Pick<User, 'joined_on' | 'left_on' | 'version'> = { joined_on: null, left_on: null, version: 1 }
