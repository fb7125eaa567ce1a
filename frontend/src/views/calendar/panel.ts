import type { Activity } from '@/api'

/** What the side panel shows: an activity, the form for a new one, or the form for a change. */
export type PanelState =
  | { mode: 'view'; activity: Activity }
  | { mode: 'edit'; activity: Activity }
  | { mode: 'create'; range: { start: Date; end: Date | null } | null; from?: Activity }
