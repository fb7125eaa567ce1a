import type { RouteRecordRaw } from 'vue-router'
import { page } from '@/router/page'

/** The assessment page: scores and ranks from the targets (staff see their own). */
export const assessmentRoutes: RouteRecordRaw[] = [
  page('assessment', 'assessment', () => import('./ScoresView.vue'), 'assessment.title'),
]
