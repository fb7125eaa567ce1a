import { describe, expect, it } from 'vitest'
import { canWrite, sectionsFor } from './sections'

describe('admin sections', () => {
  it('shows users only to admins and the audit log to managers and admins', () => {
    expect(sectionsFor('admin').map((s) => s.path)).toEqual(['users', 'venues', 'stations', 'teams', 'closures', 'reporting', 'audit'])
    expect(sectionsFor('manager').map((s) => s.path)).toEqual(['venues', 'stations', 'teams', 'closures', 'reporting', 'audit'])
    expect(sectionsFor('viewer').map((s) => s.path)).toEqual(['venues', 'stations', 'teams', 'closures', 'reporting'])
    expect(sectionsFor('staff')).toEqual([])
  })
  it('lets a viewer change nothing', () => {
    for (const s of ['admin-users', 'admin-venues', 'admin-stations', 'admin-teams', 'admin-closures']) {
      expect(canWrite(s, 'viewer')).toBe(false)
    }
    expect(canWrite('admin-teams', 'manager')).toBe(true)
    expect(canWrite('admin-closures', 'manager')).toBe(false)
    // The center's name and the official return are the admin's to set; others read them.
    expect(canWrite('admin-reporting', 'admin')).toBe(true)
    expect(canWrite('admin-reporting', 'manager')).toBe(false)
  })
})
