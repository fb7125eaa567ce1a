import type { Activity, User } from '@/api/types'

/**
 * canEditActivity mirrors the server's object check so the app offers only what will be
 * allowed: managers and admins change any activity, staff the ones they organize or join,
 * viewers none. The server still decides.
 */
export function canEditActivity(user: User | null, a: Activity): boolean {
  if (!user) return false
  if (user.role === 'admin' || user.role === 'manager') return true
  if (user.role !== 'staff') return false
  return a.organizer_id === user.id || (a.staff_ids ?? []).includes(user.id)
}

/** canReopen: only managers (and admins) take a completed or cancelled activity back to planned. */
export function canReopen(user: User | null, a: Activity): boolean {
  return !!user && (user.role === 'admin' || user.role === 'manager') && a.status !== 'planned'
}
