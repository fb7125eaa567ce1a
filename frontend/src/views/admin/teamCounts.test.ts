import { afterEach, describe, expect, it, vi } from 'vitest'
import { api, type Activity } from '@/api'
import { countByTeam, teamDoneCounts } from './teamCounts'

afterEach(() => vi.restoreAllMocks())

describe('completed activities per team', () => {
  it('counts each activity once for every team in it', () => {
    const counts = countByTeam([{ team_ids: [1, 2] }, { team_ids: [2] }, { team_ids: [] }, { team_ids: [2, 2] }])
    expect(counts.get(1)).toBe(1)
    expect(counts.get(2)).toBe(3)
    expect(counts.get(3)).toBeUndefined()
  })

  it('reads the year’s completed activities in one listing, page by page', async () => {
    const page = (ids: number[][], total: number) => ({
      items: ids.map((team_ids) => ({ team_ids }) as Activity),
      total,
    })
    const list = vi
      .spyOn(api.activities, 'list')
      .mockResolvedValueOnce(page([[1], [1, 2]], 3))
      .mockResolvedValueOnce(page([[2]], 3))
    const counts = await teamDoneCounts(2026)
    expect(list).toHaveBeenCalledTimes(2)
    expect(list.mock.calls[0]?.[0]).toMatchObject({ from: '2026-01-01', to: '2027-01-01', status: 'completed', page: 1, per_page: 1000 })
    expect(list.mock.calls[1]?.[0]).toMatchObject({ page: 2 })
    expect([...counts]).toEqual([
      [1, 2],
      [2, 2],
    ])
  })

  it('lets a failure through', async () => {
    vi.spyOn(api.activities, 'list').mockRejectedValue(new Error('down'))
    await expect(teamDoneCounts(2026)).rejects.toThrow('down')
  })
})
