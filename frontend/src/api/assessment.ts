// Typed calls of the department head's routes: assessment schemes and scores, monthly
// submissions and the reminders. Built on the app's one HTTP client.
import { http } from './index'
import type { components } from './schema'
import type { ExportLang, List, LocalDate } from './types'

type Schemas = components['schemas']

export type Assessment = Schemas['AssessmentView']
export type AssessmentRule = Schemas['AssessmentRule']
export type AssessmentPeriod = Assessment['period']
export type RuleMethod = AssessmentRule['method']
export type ScoreRule = Schemas['ScoreRule']
export type ScoreItem = Schemas['ScoreItem']
export type ScoreSheet = Schemas['ScoreSheet']
export type MonthScores = Schemas['MonthScores']
export type Adjustment = Schemas['AdjustmentView']
export type AdjustmentInput = Schemas['AdjustmentRequest']
export type SubmissionRow = Schemas['SubmissionRow']
export type SubmissionSummary = Schemas['SubmissionSummary']
export type Submission = Schemas['SubmissionView']
export type Notification = Schemas['Notification']
export type NotificationKind = Notification['kind']
export type NotificationList = Schemas['NotificationsResponse']

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
