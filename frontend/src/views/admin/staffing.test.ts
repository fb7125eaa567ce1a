import { describe, expect, it } from 'vitest'
import type { User } from '@/api/types'
import { lackingStations } from './staffing'
import { USER_REST } from '@/api/fixtures'

const user = (id: number, role: User['role'], active = true): User => ({
  ...USER_REST,
  id,
  username: `u${id}`,
  name: `U${id}`,
  role,
  active,
  created_at: '2026-01-01T00:00:00+08:00',
})

describe('lackingStations', () => {
  it('lists active staff and managers with fewer than two active stations, fewest first', () => {
    const users = [user(1, 'staff'), user(2, 'manager'), user(3, 'staff'), user(4, 'viewer'), user(5, 'staff', false)]
    const stations = [
      { staff_ids: [1, 2], active: true },
      { staff_ids: [1], active: true },
      { staff_ids: [2, 3], active: false },
    ]
    // 1 has two; 2 has one (the inactive station does not count); 3 has none; 4 is a viewer; 5 left
    expect(lackingStations(users, stations).map((x) => [x.user.id, x.count])).toEqual([
      [3, 0],
      [2, 1],
    ])
  })
})
