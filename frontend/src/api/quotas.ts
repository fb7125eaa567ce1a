// Typed calls of the quota routes: targets and their templates, progress, drill-down,
// the monthly report and the yearly exports. Built on the app's one HTTP client.
import { http } from './index'
import type {
  ApplyResult,
  DrillItem,
  DrillQuery,
  ExportLang,
  List,
  LocalDate,
  MonthlyReport,
  OfficialLine,
  ProgressReport,
  Target,
  TargetInput,
  TargetTemplate,
} from './types'

export const quotasApi = {
  targets: {
    list: (year: number) => http.get<List<Target>>('/targets', { year, per_page: 1000 }),
    create: (body: TargetInput) => http.post<Target>('/targets', body),
    // On a change an empty plan (not null, which leaves it as it is) returns to the even split.
    update: (id: number, body: TargetInput & { version: number }) =>
      http.patch<Target>(`/targets/${id}`, { ...body, monthly_plan: body.monthly_plan ?? [] }),
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
  monthly: (year: number, asOf?: LocalDate, staffId?: number) =>
    http.get<MonthlyReport>('/reports/monthly', { year, as_of: asOf, staff_id: staffId }),
  /** The official return's lines, in return order (admin writes the whole list). */
  officialLines: {
    list: () => http.get<List<OfficialLine>>('/official-lines'),
    save: (items: OfficialLine[]) => http.put<List<OfficialLine>>('/official-lines', { items }),
  },
  /** The year's tally workbook (admin, manager, viewer). */
  tallyXlsx: (year: number, lang: ExportLang, asOf?: LocalDate) =>
    http.blob('/reports/tally.xlsx', { year, lang, as_of: asOf }),
  activitiesCsv: (from: LocalDate, to: LocalDate, lang: ExportLang) =>
    http.blob('/reports/activities.csv', { from, to, lang }),
}
