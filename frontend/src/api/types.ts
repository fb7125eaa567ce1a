// Types of the CenterStage HTTP API (/api/v1). Field names follow the JSON contract (snake_case).

export type Role = 'admin' | 'manager' | 'staff' | 'viewer'

export const KINDS = [
  'training',
  'lecture',
  'performance',
  'exhibition',
  'outreach',
  'team_activity',
  'study',
  'other',
] as const
export type Kind = (typeof KINDS)[number]

export const STATUSES = ['planned', 'completed', 'cancelled'] as const
export type ActivityStatus = (typeof STATUSES)[number]

/** An RFC 3339 instant with offset, e.g. 2026-10-10T09:00:00+08:00. */
export type Instant = string
/** A local date of the center, YYYY-MM-DD. */
export type LocalDate = string

export interface List<T> {
  items: T[]
  total: number
}

export interface PageQuery {
  page?: number
  per_page?: number
}

/** GET /settings: what the app needs to know about the center. */
export interface Settings {
  /** IANA name of the center's time zone, e.g. Asia/Shanghai. */
  time_zone: string
  /** The center's name as it heads what is printed and exported, e.g. 某某区文化馆; may be empty. */
  center_name: string
}

/** PATCH /settings (admin): the settings a center sets itself. */
export interface SettingsPatch {
  center_name: string
}

export interface User {
  id: number
  username: string
  name: string
  role: Role
  active: boolean
  /** First day as a member (part-year members); null: a member since before the year. */
  joined_on?: LocalDate | null
  /** Last day as a member, set on deactivation; null: still a member. */
  left_on?: LocalDate | null
  version?: number
  created_at: Instant
}

export interface UserCreate {
  username: string
  name: string
  role: Role
  password: string
  active?: boolean
  joined_on?: LocalDate | null
  left_on?: LocalDate | null
}

export type UserPatch = Partial<Pick<User, 'name' | 'role' | 'active' | 'joined_on' | 'left_on'>> & {
  password?: string
  /** Required when users change their own password. */
  current_password?: string
  version?: number
}

export interface TokenPair {
  access_token: string
  refresh_token: string
  token_type: 'Bearer'
  /** Lifetime of the access token in seconds. */
  expires_in: number
  user: User
}

export interface Venue {
  id: number
  name: string
  capacity: number
  active: boolean
  version?: number
}
export type VenueInput = Omit<Venue, 'id' | 'version'>

export interface Station {
  id: number
  name: string
  address: string
  staff_ids: number[]
  active: boolean
  version?: number
}
export type StationInput = Omit<Station, 'id' | 'version'>

export interface Team {
  id: number
  name: string
  art_form: string
  founded_on: LocalDate | null
  leader_id: number | null
  member_count: number
  active: boolean
  version?: number
}
export type TeamInput = Omit<Team, 'id' | 'version'>

export interface Activity {
  id: number
  kind: Kind
  title: string
  start: Instant
  end: Instant
  /** The center's local date of the start. */
  local_date?: LocalDate
  venue_id: number | null
  location: string
  organizer_id: number
  staff_ids: number[]
  team_ids: number[]
  station_id: number | null
  /** The planned attendance; 0 when none was given (never null). */
  expected_attendance: number
  actual_attendance: number | null
  status: ActivityStatus
  series_id: number | null
  notes: string
  /** false: its staff are not occupied for its span (an exhibition open all day). */
  staff_busy?: boolean
  /** Why it was cancelled; "" when no reason was given. */
  cancel_reason?: string
  /** 1-based position in its series by start (cancelled members included); null outside one. */
  series_index?: number | null
  /** How many members its series has; null outside one. */
  series_count?: number | null
  completed_at?: Instant | null
  version: number
  created_by?: number
  created_at: Instant
  updated_at: Instant
}

/** The fields a client sends to create or change an activity. */
export interface ActivityInput {
  kind: Kind
  title: string
  start: Instant
  end: Instant
  venue_id: number | null
  location: string
  organizer_id: number
  staff_ids: number[]
  team_ids: number[]
  station_id: number | null
  expected_attendance: number | null
  notes: string
  /** Omitted: false for an exhibition, true otherwise. */
  staff_busy?: boolean
}

export type ActivityPatch = Partial<ActivityInput> & { version: number }

export interface ActivityQuery {
  from: Instant | LocalDate
  to: Instant | LocalDate
  /** Title, location or people: a case-insensitive substring. */
  q?: string
  /** One value or a comma-separated list (any of them). */
  kind?: Kind | string
  staff_id?: number | string
  venue_id?: number | string
  team_id?: number
  status?: ActivityStatus | string
  page?: number
  per_page?: number
}

/** Which members of a series a change or cancellation applies to. */
export type SeriesScope = 'this' | 'following' | 'all'

export type ConflictReason = 'venue' | 'staff' | 'team' | 'closure'

export interface Conflict {
  activity_id: number
  title: string
  start: Instant
  end: Instant
  reason: ConflictReason
  resource_id: number
  /** For a series: the start of the occurrence that clashes. */
  occurrence?: Instant
}

export type ProgressStatus = 'met' | 'on_track' | 'at_risk' | 'behind'

export interface QuotaImpact {
  target_id: number
  name: string
  staff_id: number | null
  before_projected: number
  after_projected: number
  value: number
  status_after: ProgressStatus
}

export interface CheckRequest extends ActivityInput {
  /** Set when checking a change of an existing activity. */
  activity_id?: number
}

export interface CheckResult {
  conflicts: Conflict[]
  quota_impact?: QuotaImpact[]
}

export interface CompleteRequest {
  actual_attendance: number
  notes: string
  /** The version read; a changed activity is then refused as stale. */
  version?: number
}

export interface SeriesRequest extends ActivityInput {
  rrule: string
  skip_holidays: boolean
  /** Create the dates that do not clash and list the skipped ones. */
  skip_conflicts?: boolean
  dry_run?: boolean
}

export interface SeriesCreated {
  series_id: number
  activities: Activity[]
  /** With skip_conflicts: the dates left out because they clash. */
  skipped?: { start: Instant; end: Instant; conflicts: Conflict[] }[]
}

/** DELETE /activities/{id}: what was (or, in a dry run, would be) deleted. */
export interface Deleted {
  deleted: number
  activity_ids: number[]
}

/** A series as stored: its rule and its members in time order. */
export interface SeriesInfo {
  id: number
  rrule: string
  skip_holidays: boolean
  time_zone: string
  created_by: number
  created_at: Instant
  activity_ids: number[]
}

export interface SeriesOccurrence {
  start: Instant
  end: Instant
  /** Why the date is left out: a statutory holiday or a closure of the center. */
  skipped_reason?: 'holiday' | 'closure' | string
  /** The holiday's or closure's name, e.g. 国庆节. */
  skipped_name?: string
  conflicts: Conflict[]
}

export interface SeriesPreview {
  occurrences: SeriesOccurrence[]
}

export type DayType = 'workday' | 'weekend' | 'holiday' | 'adjusted_workday' | 'closure'

export interface CalendarDay {
  date: LocalDate
  type: DayType
  name: string
  /** The English name of a holiday (a closure's own name). */
  name_en?: string
}

export interface Closure {
  id: number
  date: LocalDate
  name: string
}
export type ClosureInput = Omit<Closure, 'id'>

/** A closure as written: with the planned activities at venues on its date. */
export interface ClosureSaved {
  closure: Closure
  activities: Activity[]
}

export type Metric = 'count' | 'editions' | 'person_days' | 'attendance' | 'active_teams' | 'paired_stations'
export type TargetScope = 'center' | 'each_staff'

/** TargetInput is the whole target a form sends. */
export interface TargetInput {
  year: number
  name: string
  metric: Metric
  kinds: Kind[]
  scope: TargetScope
  staff_ids: number[]
  value: number
  /** The plan as set; null when the value is split evenly. */
  monthly_plan: number[] | null
}

/** A target as the server returns it: with its version and the plan in force. */
export interface Target extends TargetInput {
  id: number
  /** The plan in force: the set one, or the even split. */
  effective_plan: number[]
  version: number
  created_at: Instant
  updated_at: Instant
}

export interface TemplateTarget {
  name: string
  metric: Metric
  kinds: Kind[]
  scope: TargetScope
  staff_ids?: number[]
  value: number
  monthly_plan?: number[]
}

export interface TargetTemplate {
  name: string
  title?: string
  builtin: boolean
  targets: TemplateTarget[]
}

export interface ApplyResult {
  created: number
  items: Target[]
}

/** A report's row: one target for the center, or one staff member's share of an each_staff target. */
export interface TargetRow {
  target_id: number
  name: string
  metric: Metric
  scope: TargetScope
  staff_id: number | null
  staff_name?: string
  /** The member's own value (pro-rated for a part-year member); a center row's is the target's. */
  value: number
  /** The target's value; differs from value only for a part-year member. */
  target_value?: number
  /** The member's dates; null for center rows and members of the whole year. */
  joined_on?: LocalDate | null
  left_on?: LocalDate | null
  /** paired_stations only: the member's paired stations not yet visited as of the date. */
  open_stations?: OpenStation[]
  actual: number
}

/** A paired station not yet visited; scheduled when a visit is on the calendar. */
export interface OpenStation {
  id: number
  name: string
  scheduled: boolean
}

/** A target's progress as of a date. */
export interface ProgressRow extends TargetRow {
  scheduled: number
  projected: number
  expected_to_date: number
  /** actual / value, a fraction (1 = 100 %). */
  completion_rate: number
  gap: number
  status: ProgressStatus
}

export interface ProgressQuery {
  year: number
  as_of?: LocalDate
  staff_id?: number
}

/** GET /progress: the rows of a year as of a date. */
export interface ProgressReport extends List<ProgressRow> {
  year: number
  as_of: LocalDate
}

export type DrillBucket = 'actual' | 'scheduled'

export type DrillUnit = 'activity' | 'person_day' | 'edition' | 'team' | 'station'

/**
 * A drill-down row: one unit behind a number (an activity, a (member, date) pair, an edition,
 * a team or a station) with the activities that make it. The values of a bucket add up to
 * the row's number.
 */
export interface DrillItem {
  staff_id: number | null
  date: LocalDate
  unit: DrillUnit
  unit_id: number
  name: string
  value: number
  activities: DrillActivity[]
}

export interface DrillActivity {
  id: number
  title: string
  kind: Kind
  local_date: LocalDate
  start: Instant
  status: string
}

export interface DrillQuery {
  staff_id?: number | null
  bucket: DrillBucket
  /** 1-12: only the units that became actual in that month. */
  month?: number
  as_of?: LocalDate
}

export interface MonthStat {
  month: number
  plan: number
  due: number
  actual: number
  carry: number
  /** actual / due of the month; null when nothing was due. */
  completion_rate: number | null
  /** False for a month wholly outside a part-year member's dates (its plan is 0). */
  member?: boolean
}

/** The year row of the monthly statistics: the value, what is done and December's carry. */
export interface MonthlyYear {
  value: number
  actual: number
  carry: number
}

/** A target's months of a year. */
export interface MonthlyItem extends TargetRow {
  months: MonthStat[]
  year?: MonthlyYear
}

/** An each_staff target summed over its members, for the department's table. */
export interface MonthlyTotal {
  target_id: number
  name: string
  metric: Metric
  members: number
  value: number
  actual: number
  months: MonthStat[]
  year: MonthlyYear
}

/** GET /reports/monthly: each target's months of a year as of a date. */
export interface MonthlyReport extends List<MonthlyItem> {
  year: number
  as_of: LocalDate
  /** One per each_staff target: the sums over its members. */
  totals?: MonthlyTotal[]
}

/** A line of the official return (统计年报): what it counts, over which kinds (none: every kind). */
export interface OfficialLine {
  code: string
  name: string
  name_en: string
  unit: string
  metric: Exclude<Metric, 'paired_stations'>
  kinds: Kind[]
}

/** Language of an exported file's headings. */
export type ExportLang = 'zh' | 'en'

export interface AuditEntry {
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

export interface AuditQuery extends PageQuery {
  entity?: string
  entity_id?: number
  actor_id?: number
  from?: LocalDate
  to?: LocalDate
}
