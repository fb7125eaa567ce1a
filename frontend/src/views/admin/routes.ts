import type { RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { ADMIN_ROLES, SECTIONS, sectionsFor } from './sections'

const pages: Record<string, () => Promise<unknown>> = {
  users: () => import('./UsersPage.vue'),
  venues: () => import('./VenuesPage.vue'),
  stations: () => import('./StationsPage.vue'),
  teams: () => import('./TeamsPage.vue'),
  closures: () => import('./ClosuresPage.vue'),
  reporting: () => import('./ReportingPage.vue'),
  audit: () => import('./AuditPage.vue'),
}

/** The administration area: one child route per section, each with its roles. */
export const adminRoutes: RouteRecordRaw[] = [
  {
    path: 'admin',
    component: () => import('./AdminView.vue'),
    meta: { roles: ADMIN_ROLES, title: 'admin.title' },
    children: [
      {
        path: '',
        name: 'admin',
        redirect: () => ({ name: sectionsFor(useAuthStore().role)[0]?.name ?? 'home' }),
      },
      ...SECTIONS.map(
        (s): RouteRecordRaw => ({
          path: s.path,
          name: s.name,
          component: pages[s.path] as () => Promise<never>,
          meta: { roles: s.roles, title: s.label },
        }),
      ),
    ],
  },
]
