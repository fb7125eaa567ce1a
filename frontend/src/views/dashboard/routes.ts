import type { RouteRecordRaw } from 'vue-router'

/** The quota pages: the dashboard is the home page of every role. */
export const quotaRoutes: RouteRecordRaw[] = [
  // `/` opens the dashboard; it has a path of its own so the menu marks only it as current.
  { path: '', name: 'home', redirect: (to) => ({ name: 'dashboard', query: to.query }) },
  {
    path: 'dashboard',
    name: 'dashboard',
    component: () => import('./DashboardView.vue'),
    meta: { title: 'dashboard.title' },
  },
  {
    path: 'monthly',
    name: 'monthly',
    component: () => import('@/views/reports/MonthlyView.vue'),
    meta: { title: 'monthly.title' },
  },
  {
    path: 'planner',
    name: 'planner',
    component: () => import('@/views/planner/PlannerView.vue'),
    meta: { title: 'planner.title', roles: ['admin', 'manager', 'staff'] },
  },
  {
    path: 'targets',
    name: 'targets',
    component: () => import('@/views/targets/TargetsView.vue'),
    meta: { title: 'targets.title' },
  },
]
