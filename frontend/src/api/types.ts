// The app's names for the API's types. The types themselves are generated from the server's
// OpenAPI document (`npm run gen:api`: `centerstage openapi` writes openapi.json, then
// openapi-typescript writes schema.ts; never edit those two by hand): a field the app needs is
// added to the Go request or response type, and the document follows.
import type { components, operations } from './schema'

type Schemas = components['schemas']
type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>

export type Role = Schemas['UserResponse']['role']
export type Kind = Schemas['ActivityResponse']['kind']
export type ActivityStatus = Schemas['ActivityResponse']['status']
export type Metric = Schemas['TargetResponse']['metric']
export type TargetScope = Schemas['TargetResponse']['scope']
export type ProgressStatus = Schemas['ProgressRow']['status']
export type ConflictReason = Schemas['ConflictItem']['reason']
export type DayType = Schemas['CalendarDay']['type']
export type DrillUnit = Schemas['ProgressItem']['unit']

/** Every kind and status, in the order the app lists them; the type check keeps them complete. */
export const KINDS = [
  'training',
  'lecture',
  'performance',
  'exhibition',
  'outreach',
  'team_activity',
  'study',
  'other',
] as const satisfies readonly Kind[]
export const STATUSES = ['planned', 'completed', 'cancelled'] as const satisfies readonly ActivityStatus[]
type Complete<Listed, All> = [Exclude<All, Listed>] extends [never] ? true : never
const listsAreComplete: [Complete<(typeof KINDS)[number], Kind>, Complete<(typeof STATUSES)[number], ActivityStatus>] = [true, true]
void listsAreComplete

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

export type Settings = Schemas['SettingsResponse']
export type SettingsPatch = Schemas['SettingsRequest']

export type User = Schemas['UserResponse']
export type UserCreate = Schemas['CreateUserRequest']
export type UserPatch = Partial<Schemas['UpdateUserRequest']>
export type TokenPair = Schemas['TokenResponse']

export type Venue = Schemas['VenueResponse']
export type VenueInput = Schemas['CreateVenueRequest'] & { active?: boolean }
export type Station = Schemas['StationResponse']
export type StationInput = Schemas['CreateStationRequest'] & { active?: boolean }
export type Team = Schemas['TeamResponse']
export type TeamInput = Schemas['CreateTeamRequest'] & { active?: boolean }

export type Activity = Schemas['ActivityResponse']
export type ActivityInput = Schemas['ActivityRequest']
export type ActivityPatch = Schemas['ActivityPatchRequest']
/** The ids of a list filter go as numbers, or several as a comma-separated string. */
export type ActivityQuery = Omit<Query<'get_api_v1_activities'>, 'staff_id' | 'venue_id'> & {
  staff_id?: number | string
  venue_id?: number | string
}

/** Which members of a series a change or cancellation applies to. */
export type SeriesScope = 'this' | 'following' | 'all'

export type Conflict = Schemas['ConflictItem']
export type QuotaImpact = Schemas['TargetImpact']
export type CheckRequest = Schemas['CheckRequest']
export type CheckResult = Schemas['CheckResult']
export type CompleteRequest = Schemas['CompleteRequest']
export type SeriesRequest = Schemas['SeriesRequest']
export type SeriesCreated = Schemas['SeriesResponse']
export type Deleted = Schemas['DeleteResponse']
export type SeriesInfo = Schemas['SeriesInfoResponse']
export type SeriesOccurrence = Schemas['Occurrence']
export type SeriesPreview = Schemas['SeriesDryRunResponse']

export type CalendarDay = Schemas['CalendarDay']
export type Closure = Schemas['ClosureResponse']
export type ClosureInput = Schemas['ClosureRequest']
export type ClosureSaved = Schemas['ClosureAnswer']

export type TargetInput = Schemas['TargetRequest']
export type Target = Schemas['TargetResponse']
export type TemplateTarget = Schemas['TemplateTarget']
export type TargetTemplate = Schemas['Template']
export type ApplyResult = Schemas['ApplyTemplateResponse']

/** A target's progress as of a date: one target for the center, or one member's share. */
export type ProgressRow = Schemas['ProgressRow']
/** What a report's row shares with every other: the target and whose share it is. */
export type TargetRow = Pick<
  ProgressRow,
  'target_id' | 'name' | 'metric' | 'scope' | 'staff_id' | 'staff_name' | 'value' | 'target_value' | 'joined_on' | 'left_on' | 'open_stations' | 'actual'
>
export type OpenStation = Schemas['OpenStation']
export type ProgressQuery = Query<'get_api_v1_progress'>
export type ProgressReport = Schemas['ProgressResponse']

export type DrillBucket = 'actual' | 'scheduled'
export type DrillItem = Schemas['ProgressItem']
export type DrillActivity = Schemas['ItemActivity']
export type DrillQuery = Query<'get_api_v1_progress_{target_id}_items'>

export type MonthStat = Schemas['MonthStat']
export type MonthlyYear = Schemas['YearStat']
export type MonthlyItem = Schemas['MonthlyItem']
export type MonthlyTotal = Schemas['MonthlyTotal']
export type MonthlyReport = Schemas['MonthlyResponse']

export type OfficialLine = Schemas['OfficialLineDef']

/** The planner: a request for proposals that close a target's gap, and booking them. */
export type PlannerWindow = Schemas['PlannerWindow']
export type ProposalsRequest = Schemas['ProposalsRequest']
export type Proposal = Schemas['Proposal']
export type Standing = Schemas['Standing']
export type PlannerResult = Schemas['Result']
export type ShortReason = NonNullable<PlannerResult['reason']>
export type AcceptRequest = Schemas['AcceptRequest']
export type AcceptResponse = Schemas['AcceptResponse']

/** Language of an exported file's headings. */
export type ExportLang = 'zh' | 'en'

export type AuditEntry = Schemas['AuditEntry']
export type AuditQuery = Query<'get_api_v1_audit'>
