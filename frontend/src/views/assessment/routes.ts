import type { RouteRecordRaw } from 'vue-router'

/** The assessment page: scores and ranks from the targets (staff see their own). */
export const assessmentRoutes: RouteRecordRaw[] = [
  {
    path: 'assessment',
    name: 'assessment',
    component: () => import('./ScoresView.vue'),
    meta: { title: 'assessment.title' },
  },
]
