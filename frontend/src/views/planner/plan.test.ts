import { describe, expect, it } from 'vitest'
import type { Proposal, Standing } from '@/api'
import { defaultDuration, monthsLeft, movedTo, standingAfter } from './plan'

const p = (adds: number): Proposal => ({
  start: '2026-11-02T09:00:00+08:00',
  end: '2026-11-02T11:00:00+08:00',
  venue_id: null,
  station_id: null,
  staff_ids: [3],
  team_ids: [],
  adds,
})

describe('planner rules', () => {
  it('suggests a usual length per kind', () => {
    expect(defaultDuration('outreach')).toBe(120)
    expect(defaultDuration('lecture')).toBe(90)
    expect(defaultDuration('other')).toBe(60)
  })

  it('lists the months left of this year, all of a later one and none of an earlier one', () => {
    const today = new Date(2026, 9, 15) // 15 October 2026
    expect(monthsLeft(2026, today)).toEqual([10, 11, 12])
    expect(monthsLeft(2027, today)).toHaveLength(12)
    expect(monthsLeft(2025, today)).toEqual([])
  })

  it('recomputes the standing when proposals are left out', () => {
    const before: Standing = { value: 60, actual: 30, projected: 40, gap: 20, status: 'behind' }
    // 40 + 20 = 60: the projection reaches the value, so behind becomes at risk.
    expect(standingAfter(before, Array.from({ length: 20 }, () => p(1)))).toEqual({
      value: 60, actual: 30, projected: 60, gap: 0, status: 'at_risk',
    })
    // 40 + 19 = 59: still behind, 1 to go.
    expect(standingAfter(before, Array.from({ length: 19 }, () => p(1)))).toMatchObject({ projected: 59, gap: 1, status: 'behind' })
  })

  it('moves a proposal keeping its length', () => {
    const moved = movedTo(p(1), new Date('2026-11-03T06:30:00Z'), (d) => d.toISOString())
    expect(moved.start).toBe('2026-11-03T06:30:00.000Z')
    expect(moved.end).toBe('2026-11-03T08:30:00.000Z')
  })
})
