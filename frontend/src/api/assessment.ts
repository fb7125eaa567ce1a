// Typed calls of the department head's routes: assessment schemes and scores, monthly
// submissions and the reminders. Built on the app's one HTTP client.
import { http } from './index'
import type { ExportLang, List, LocalDate, Metric } from './types'

export type AssessmentPeriod = 'year' | 'month'
export type RuleMethod = 'per_point' | 'per_unit'

export interface AssessmentRule {
  target_id: number
  method: RuleMethod
  bonus: number
  penalty: number
  bonus_cap: number | null
  penalty_cap: number | null
}

export interface Assessment {
  id: number
  year: number
  name: string
  period: AssessmentPeriod
  base: number
  floor: number
  ceiling: number | null
  rules: AssessmentRule[]
  version: number
}

export interface ScoreRule {
  target_id: number
  name: string
  metric: Metric
  method: RuleMethod
  value: number
  actual: number
  rate: number | null
  points: number
}

export interface ScoreItem {
  staff_id: number
  staff_name: string
  total: number
  rank: number
  base: number
  adjustments: number
  rules: ScoreRule[]
}

export interface ScoreSheet {
  assessment_id: number
  name: string
  year: number
  period: AssessmentPeriod
  as_of: LocalDate
  month?: number
  items: ScoreItem[]
}

export interface MonthScores {
  month: number
  as_of: LocalDate
  items: ScoreItem[]
}

export interface Adjustment {
  id: number
  staff_id: number
  points: number
  reason: string
  date: LocalDate
  created_by: number
  created_at: string
}

export interface AdjustmentInput {
  staff_id: number
  points: number
  reason: string
  date: LocalDate
}

export interface SubmissionRow {
  target_id: number
  name: string
  metric: Metric
  scope: 'center' | 'each_staff'
  staff_id: number
  staff_name?: string
  value: number
  plan: number
  due: number
  actual: number
  carry: number
  rate: number | null
}

export interface SubmissionSummary {
  id: number
  year: number
  month: number
  submitted_by: number
  submitted_by_name: string
  submitted_at: string
  changed_count: number
}

export interface Submission extends Omit<SubmissionSummary, 'changed_count'> {
  items: SubmissionRow[]
  live: SubmissionRow[]
  changed_activity_ids: number[]
}

export type NotificationKind = 'to_record' | 'behind' | 'submit_month'

export interface Notification {
  id: string
  kind: NotificationKind
  status?: 'at_risk' | 'behind'
  title: string
  date?: LocalDate
  activity_id: number | null
  target_id: number | null
  staff_id: number | null
  staff_name?: string
  year?: number
  month?: number
  actual?: number
  value?: number
  read: boolean
}

export interface NotificationList extends List<Notification> {
  unread: number
}

export const assessmentApi = {
  list: (year: number) => http.get<List<Assessment>>('/assessments', { year }),
  fromTemplate: (year: number) =>
    http.post<Assessment>('/assessments/from-template', { template: 'duty-statement', year }),
  remove: (id: number) => http.delete(`/assessments/${id}`),
  scores: (id: number, asOf?: LocalDate, month?: number) =>
    http.get<ScoreSheet>(`/assessments/${id}/scores`, { as_of: asOf, month }),
  trend: (id: number, asOf?: LocalDate) =>
    http.get<List<MonthScores>>(`/assessments/${id}/scores/months`, { as_of: asOf }),
  xlsx: (id: number, lang: ExportLang, asOf?: LocalDate, month?: number) =>
    http.blob(`/assessments/${id}/scores.xlsx`, { lang, as_of: asOf, month }),
  adjustments: (id: number) => http.get<List<Adjustment>>(`/assessments/${id}/adjustments`),
  addAdjustment: (id: number, body: AdjustmentInput) => http.post<Adjustment>(`/assessments/${id}/adjustments`, body),
  removeAdjustment: (id: number, aid: number) => http.delete(`/assessments/${id}/adjustments/${aid}`),
}

export const submissionsApi = {
  submit: (year: number, month: number) => http.post<Submission>('/reports/monthly/submissions', { year, month }),
  list: (year: number) => http.get<List<SubmissionSummary>>('/reports/monthly/submissions', { year }),
  get: (id: number) => http.get<Submission>(`/reports/monthly/submissions/${id}`),
}

export const notificationsApi = {
  list: () => http.get<NotificationList>('/notifications'),
  read: (id: string) => http.post<void>(`/notifications/${encodeURIComponent(id)}/read`),
}
