import { describe, expect, it } from 'vitest'
import { activeFilterCount, emptyFilters, filterQuery, fromRouteQuery, sameFilters, toRouteQuery, withFilters } from './filters'

describe('calendar filters', () => {
  it('send nothing when empty', () => {
    expect(filterQuery(emptyFilters(), 4)).toEqual({
      q: undefined,
      kind: undefined,
      staff_id: undefined,
      venue_id: undefined,
      team_id: undefined,
      status: undefined,
    })
    expect(activeFilterCount(emptyFilters())).toBe(0)
  })

  it('map every filter to its query parameter, lists comma-separated', () => {
    const f = { mine: false, q: ' 书法 ', kinds: ['lecture' as const, 'training' as const], staffIds: [7, 9], venueIds: [2], teamId: 3, statuses: ['planned' as const] }
    expect(filterQuery(f, 4)).toEqual({ q: '书法', kind: 'lecture,training', staff_id: '7,9', venue_id: '2', team_id: 3, status: 'planned' })
    expect(activeFilterCount(f)).toBe(6)
  })

  it('let "mine" win over picked staff', () => {
    const f = { ...emptyFilters(), mine: true, staffIds: [7] }
    expect(filterQuery(f, 4).staff_id).toBe(4)
    expect(activeFilterCount(f)).toBe(1)
  })

  it('survive a trip through the URL', () => {
    const f = { mine: false, q: '讲座', kinds: ['lecture' as const], staffIds: [7, 9], venueIds: [2], teamId: null, statuses: ['planned' as const, 'completed' as const] }
    const q = withFilters({ view: 'dayGridMonth', date: '2026-12-01' }, f, true)
    expect(q).toEqual({ view: 'dayGridMonth', date: '2026-12-01', q: '讲座', kind: 'lecture', staff: '7,9', venue: '2', status: 'planned,completed', mine: '0' })
    expect(sameFilters(fromRouteQuery(q as Record<string, string>, true), f)).toBe(true)
  })

  it('read a hand-made URL leniently and default "mine" by role', () => {
    const f = fromRouteQuery({ kind: 'lecture,nonsense', staff: '3,x,-1', status: 'gone' }, true)
    expect(f).toEqual({ mine: true, q: '', kinds: ['lecture'], staffIds: [3], venueIds: [], teamId: null, statuses: [] })
    expect(toRouteQuery(emptyFilters(), false)).toEqual({ q: undefined, kind: undefined, staff: undefined, venue: undefined, team: undefined, status: undefined, mine: undefined })
  })
})
