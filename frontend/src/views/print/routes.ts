import type { RouteRecordRaw } from 'vue-router'
import { page } from '@/router/page'

/**
 * The print pages: outside the app's layout (no header, no menu), one A4 document each, framed
 * by PrintSheet.vue. Every logged-in role may open them; what they show follows the API's
 * visibility. Add a page here and give it a name starting with `print-`.
 */
export const printRoutes: RouteRecordRaw[] = [
  // 周活动安排表: ?date=YYYY-MM-DD (any day of the week), optional &staff_id= or &venue_id=.
  page('/print/week', 'print-week', () => import('./WeekPrint.vue'), 'print.week.title'),
  // 月度统计表: ?year=&as_of=, &staff_id= for one member, &month= for one month.
  page('/print/monthly', 'print-monthly', () => import('./MonthlyPrint.vue'), 'print.monthly.title'),
]
