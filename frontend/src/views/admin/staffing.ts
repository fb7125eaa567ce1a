import type { User } from '@/api/types'

/** Each staff member is to coach two street stations (对口辅导2个街道文化站). */
export const STATIONS_PER_STAFF = 2

export interface Lacking {
  user: User
  count: number
}

/**
 * lackingStations lists the active staff and managers paired to fewer than two active
 * stations, the fewest first.
 */
export function lackingStations(
  users: readonly User[],
  stations: readonly { staff_ids: number[]; active: boolean }[],
): Lacking[] {
  const count = new Map<number, number>()
  for (const s of stations) {
    if (!s.active) continue
    for (const id of s.staff_ids) count.set(id, (count.get(id) ?? 0) + 1)
  }
  return users
    .filter((u) => u.active && (u.role === 'staff' || u.role === 'manager'))
    .map((user) => ({ user, count: count.get(user.id) ?? 0 }))
    .filter((x) => x.count < STATIONS_PER_STAFF)
    .sort((a, b) => a.count - b.count || a.user.name.localeCompare(b.user.name, 'zh-CN'))
}
