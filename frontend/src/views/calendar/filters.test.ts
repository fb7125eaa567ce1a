import { describe, expect, it } from 'vitest'
import { activeFilterCount, emptyFilters, filterQuery } from './filters'

describe('calendar filters', () => {
  it('send nothing when empty', () => {
    expect(filterQuery(emptyFilters(), 4)).toEqual({
      kind: undefined,
      staff_id: undefined,
      venue_id: undefined,
      team_id: undefined,
      status: undefined,
    })
    expect(activeFilterCount(emptyFilters())).toBe(0)
  })

  it('map every filter to its query parameter', () => {
    const f = { mine: false, kind: 'lecture' as const, staffId: 7, venueId: 2, teamId: 3, status: 'planned' as const }
    expect(filterQuery(f, 4)).toEqual({ kind: 'lecture', staff_id: 7, venue_id: 2, team_id: 3, status: 'planned' })
    expect(activeFilterCount(f)).toBe(5)
  })

  it('let "mine" win over a picked staff member', () => {
    const f = { ...emptyFilters(), mine: true, staffId: 7 }
    expect(filterQuery(f, 4).staff_id).toBe(4)
    expect(activeFilterCount(f)).toBe(1)
  })
})
