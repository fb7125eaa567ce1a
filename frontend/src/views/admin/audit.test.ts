import { describe, expect, it } from 'vitest'
import { auditQuery, entityName, namedValue, nextDay } from './audit'

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

describe('audit names', () => {
  const names = {
    userName: (id: number | null | undefined) => (id === 2 ? '王芳' : `#${id}`),
    venueName: (id: number | null | undefined) => (id === 5 ? '多功能厅' : `#${id}`),
    stationName: (id: number | null | undefined) => `#${id}`,
    teamName: (id: number) => (id === 7 ? '夕阳红合唱团' : `#${id}`),
  }
  it('name an entry by its snapshot, even a deleted one', () => {
    expect(entityName({ entity: 'activity', entity_id: 40, before: { title: '书法培训班' }, after: null }, names)).toBe('书法培训班')
    expect(entityName({ entity: 'closure', entity_id: 3, before: null, after: { Name: '设备检修', Date: '2026-12-10' } }, names)).toBe('设备检修 2026-12-10')
  })
  it('fall back to the reference lists, then the id', () => {
    expect(entityName({ entity: 'venue', entity_id: 5, before: null, after: { capacity: 10 } }, names)).toBe('多功能厅')
    expect(entityName({ entity: 'team', entity_id: 99, before: null, after: null }, names)).toBe('#99')
  })
  it('show ids of people, venues and teams as names', () => {
    expect(namedValue('organizer_id', 2, names, '、')).toBe('王芳')
    expect(namedValue('team_ids', [7, 8], names, '、')).toBe('夕阳红合唱团、#8')
    expect(namedValue('venue_id', 5, names, '、')).toBe('多功能厅')
    expect(namedValue('expected_attendance', 5, names, '、')).toBe(5)
  })
})
