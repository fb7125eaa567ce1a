import type { RouteRecordRaw, RouteRecordSingleView } from 'vue-router'
import type { Role } from '@/api'

/**
 * page is the route of one page: its path and name, its view (imported lazily, so that every
 * page is its own chunk), the i18n key of its title and, unless every role may open it, the
 * roles that may.
 */
export function page(
  path: string,
  name: string,
  view: RouteRecordSingleView['component'],
  title: string,
  roles?: Role[],
): RouteRecordRaw {
  return { path, name, component: view, meta: roles ? { title, roles } : { title } }
}
