import { describe, expect, it } from 'vitest'
import { auditQuery, nextDay } from './audit'

describe('audit filters', () => {
  it('steps to the next local date, across months and years', () => {
    expect(nextDay('2026-10-01')).toBe('2026-10-02')
    expect(nextDay('2026-02-28')).toBe('2026-03-01')
    expect(nextDay('2026-12-31')).toBe('2027-01-01')
  })

  it('asks up to the midnight after the last day of the range', () => {
    const q = auditQuery({ entity: 'team', entity_id: 3, actor_id: undefined, range: ['2026-09-01', '2026-09-30'] }, 2, 50)
    expect(q).toEqual({
      entity: 'team',
      entity_id: 3,
      actor_id: undefined,
      from: '2026-09-01',
      to: '2026-10-01',
      page: 2,
      per_page: 50,
    })
  })

  it('leaves out empty filters', () => {
    const q = auditQuery({ entity: '', entity_id: 0, actor_id: undefined, range: null }, 1, 50)
    expect(q).toEqual({ entity: undefined, entity_id: undefined, actor_id: undefined, from: undefined, to: undefined, page: 1, per_page: 50 })
  })
})
