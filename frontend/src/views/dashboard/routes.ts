import type { RouteRecordRaw } from 'vue-router'
import { page } from '@/router/page'

/** The quota pages: the dashboard is the home page of every role. */
export const quotaRoutes: RouteRecordRaw[] = [
  // `/` opens the dashboard; it has a path of its own so the menu marks only it as current.
  { path: '', name: 'home', redirect: (to) => ({ name: 'dashboard', query: to.query }) },
  page('dashboard', 'dashboard', () => import('./DashboardView.vue'), 'dashboard.title'),
  page('monthly', 'monthly', () => import('@/views/reports/MonthlyView.vue'), 'monthly.title'),
  page('planner', 'planner', () => import('@/views/planner/PlannerView.vue'), 'planner.title', ['admin', 'manager', 'staff']),
  page('targets', 'targets', () => import('@/views/targets/TargetsView.vue'), 'targets.title'),
]
