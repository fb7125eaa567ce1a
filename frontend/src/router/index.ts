import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { Role } from '@/api'
import { useAuthStore } from '@/stores/auth'
import { adminRoutes } from '@/views/admin/routes'
import { quotaRoutes } from '@/views/dashboard/routes'
import { assessmentRoutes } from '@/views/assessment/routes'
import { printRoutes } from '@/views/print/routes'
import { page } from './page'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without logging in. */
    public?: boolean
    /** Roles that may open the page; every role when left out. */
    roles?: Role[]
    /** i18n key of the page title. */
    title?: string
  }
}

// Every page is its own chunk: the login screen does not load the calendar.
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { public: true, title: 'login.title' },
  },
  {
    path: '/',
    component: () => import('@/layouts/AppLayout.vue'),
    children: [
      ...quotaRoutes,
      page('calendar', 'calendar', () => import('@/views/calendar/CalendarView.vue'), 'nav.calendar'),
      page('to-record', 'to-record', () => import('@/views/calendar/ToRecordPage.vue'), 'cal.toRecord.title', ['admin', 'manager', 'staff']),
      page('calendar/week', 'week-table', () => import('@/views/calendar/WeekTablePage.vue'), 'cal.weekTable.title'),
      ...assessmentRoutes,
      ...adminRoutes,
    ],
  },
  // Printed documents: outside the layout, so no header or menu reaches the paper.
  ...printRoutes,
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  if (to.meta.public) {
    if (to.name === 'login' && (await auth.restore())) return { name: 'home' }
    return true
  }
  if (!(await auth.restore())) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  const allowed = to.matched.every((r) => !r.meta.roles || auth.hasRole(...r.meta.roles))
  return allowed ? true : { name: 'home' }
})
