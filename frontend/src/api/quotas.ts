// Typed calls of the quota routes: targets and their templates, progress, drill-down,
// the monthly report and the yearly exports. Built on the app's one HTTP client.
import { http } from './index'
import type { Instant, Kind, List, LocalDate, Metric, ProgressStatus, TargetScope } from './types'

/** A target as the server returns it: with its version and the plan in force. */
export interface TargetView {
  id: number
  year: number
  name: string
  metric: Metric
  kinds: Kind[]
  scope: TargetScope
  staff_ids: number[]
  value: number
  /** The plan as set; null when the value is split evenly. */
  monthly_plan: number[] | null
  /** The plan in force: the set one, or the even split. */
  effective_plan: number[]
  version: number
  created_at: Instant
  updated_at: Instant
}

/** TargetSave is the whole target a form sends. */
export interface TargetSave {
  year: number
  name: string
  metric: Metric
  kinds: Kind[]
  scope: TargetScope
  staff_ids: number[]
  value: number
  monthly_plan: number[] | null
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
  items: TargetView[]
}

/** One target for the center, or for one staff member of an each_staff target. */
export interface ProgressRow {
  target_id: number
  name: string
  metric: Metric
  scope: TargetScope
  staff_id: number | null
  staff_name?: string
  value: number
  actual: number
  scheduled: number
  projected: number
  expected_to_date: number
  /** actual / value, a fraction (1 = 100 %). */
  completion_rate: number
  gap: number
  status: ProgressStatus
}

export interface ProgressReport {
  year: number
  as_of: LocalDate
  items: ProgressRow[]
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
}

export interface MonthlyItem {
  target_id: number
  name: string
  metric: Metric
  scope: TargetScope
  staff_id: number | null
  staff_name?: string
  value: number
  actual: number
  months: MonthStat[]
}

export interface MonthlyReport {
  year: number
  as_of: LocalDate
  items: MonthlyItem[]
}

/** Language of an exported file's headings. */
export type ExportLang = 'zh' | 'en'

export const quotasApi = {
  targets: {
    list: (year: number) => http.get<List<TargetView>>('/targets', { year, per_page: 1000 }),
    create: (body: TargetSave) => http.post<TargetView>('/targets', body),
    // On a change an empty plan (not null, which leaves it as it is) returns to the even split.
    update: (id: number, body: TargetSave & { version: number }) =>
      http.patch<TargetView>(`/targets/${id}`, { ...body, monthly_plan: body.monthly_plan ?? [] }),
    remove: (id: number) => http.delete(`/targets/${id}`),
  },
  templates: {
    list: () => http.get<List<TargetTemplate>>('/target-templates'),
    apply: (template: string, year: number) =>
      http.post<ApplyResult>('/targets/apply-template', { template, year }),
    save: (name: string, year: number) => http.post<TargetTemplate>('/target-templates', { name, year }),
  },
  progress: (year: number, asOf?: LocalDate, staffId?: number) =>
    http.get<ProgressReport>('/progress', { year, as_of: asOf, staff_id: staffId }),
  drill: (targetId: number, q: DrillQuery) =>
    http.get<List<DrillItem>>(`/progress/${targetId}/items`, { ...q, per_page: 1000 }),
  monthly: (year: number, asOf?: LocalDate) => http.get<MonthlyReport>('/reports/monthly', { year, as_of: asOf }),
  /** The year's tally workbook (admin, manager, viewer). */
  tallyXlsx: (year: number, lang: ExportLang, asOf?: LocalDate) =>
    http.blob('/reports/tally.xlsx', { year, lang, as_of: asOf }),
  activitiesCsv: (from: LocalDate, to: LocalDate, lang: ExportLang) =>
    http.blob('/reports/activities.csv', { from, to, lang }),
}
