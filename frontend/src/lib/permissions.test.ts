import { describe, expect, it } from 'vitest'
import type { Activity, Role, User } from '@/api/types'
import { canEditActivity, canReopen } from './permissions'
import { USER_REST } from '@/api/fixtures'

const user = (id: number, role: Role): User => ({ ...USER_REST, id, role, username: `u${id}`, name: '', active: true, created_at: '' })
const act = (over: Partial<Activity> = {}) => ({ organizer_id: 1, staff_ids: [2], status: 'planned', ...over }) as Activity

describe('permissions', () => {
  it('lets staff edit only their own activities', () => {
    expect(canEditActivity(user(1, 'staff'), act())).toBe(true)
    expect(canEditActivity(user(2, 'staff'), act())).toBe(true)
    expect(canEditActivity(user(3, 'staff'), act())).toBe(false)
    expect(canEditActivity(user(3, 'manager'), act())).toBe(true)
    expect(canEditActivity(user(1, 'viewer'), act())).toBe(false)
    expect(canEditActivity(null, act())).toBe(false)
  })

  it('lets only managers reopen', () => {
    expect(canReopen(user(1, 'manager'), act({ status: 'completed' }))).toBe(true)
    expect(canReopen(user(1, 'admin'), act({ status: 'cancelled' }))).toBe(true)
    expect(canReopen(user(1, 'staff'), act({ status: 'completed' }))).toBe(false)
    expect(canReopen(user(1, 'manager'), act())).toBe(false)
  })
})
