import type { Role } from '@/api/types'

/** One page of the administration area: who sees it, who may change what it lists. */
export interface AdminSection {
  /** Route name. */
  name: string
  path: string
  /** i18n key of the tab. */
  label: string
  roles: Role[]
  writers: Role[]
}

const READERS: Role[] = ['admin', 'manager', 'viewer']
const MANAGERS: Role[] = ['admin', 'manager']

// Mirrors the server's role checks, so nobody is offered a button that would be refused.
export const SECTIONS: AdminSection[] = [
  { name: 'admin-users', path: 'users', label: 'admin.tabs.users', roles: ['admin'], writers: ['admin'] },
  { name: 'admin-venues', path: 'venues', label: 'admin.tabs.venues', roles: READERS, writers: MANAGERS },
  { name: 'admin-stations', path: 'stations', label: 'admin.tabs.stations', roles: READERS, writers: MANAGERS },
  { name: 'admin-teams', path: 'teams', label: 'admin.tabs.teams', roles: READERS, writers: MANAGERS },
  { name: 'admin-closures', path: 'closures', label: 'admin.tabs.closures', roles: READERS, writers: ['admin'] },
  { name: 'admin-reporting', path: 'reporting', label: 'admin.tabs.reporting', roles: READERS, writers: ['admin'] },
  { name: 'admin-audit', path: 'audit', label: 'admin.tabs.audit', roles: MANAGERS, writers: [] },
]

/** Roles that see the administration area at all. */
export const ADMIN_ROLES: Role[] = READERS

export function sectionsFor(role: Role | null): AdminSection[] {
  return role ? SECTIONS.filter((s) => s.roles.includes(role)) : []
}

export function canWrite(section: string, role: Role | null): boolean {
  const s = SECTIONS.find((x) => x.name === section)
  return !!s && !!role && s.writers.includes(role)
}
