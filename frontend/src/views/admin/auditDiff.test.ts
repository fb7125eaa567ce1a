import { describe, expect, it } from 'vitest'
import { auditDiff } from './auditDiff'

describe('auditDiff', () => {
  it('lists only the changed fields', () => {
    expect(auditDiff({ name: 'A', capacity: 10, version: 1 }, { name: 'A', capacity: 12, version: 2 })).toEqual([
      { field: 'capacity', before: '10', after: '12' },
    ])
  })
  it('lists every field of a creation', () => {
    expect(auditDiff(null, { name: 'Hall', staff_ids: [1, 2] })).toEqual([
      { field: 'name', before: '', after: 'Hall' },
      { field: 'staff_ids', before: '', after: '[1,2]' },
    ])
  })
})
