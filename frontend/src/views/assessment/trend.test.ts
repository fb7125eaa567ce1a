import { describe, expect, it } from 'vitest'
import type { MonthScores, ScoreItem } from '@/api/assessment'
import { formatPoints, trendOption } from './trend'

const item = (staff_id: number, total: number): ScoreItem => ({
  staff_id,
  staff_name: `s${staff_id}`,
  total,
  rank: 1,
  base: 100,
  adjustments: 0,
  rules: [],
})

describe('trendOption', () => {
  it('draws one line per member with a gap where a month has no score', () => {
    const months: MonthScores[] = [
      { month: 1, as_of: '2026-01-31', items: [item(1, 90), item(2, 80)] },
      { month: 2, as_of: '2026-02-28', items: [item(1, 95)] },
    ]
    const o = trendOption(months, ['Jan', 'Feb'], 2)
    const series = o.series as { name: string; data: (number | null)[]; lineStyle: { width: number } }[]
    expect(series.map((s) => s.name)).toEqual(['s1', 's2'])
    expect(series[1]!.data).toEqual([80, null])
    expect(series[1]!.lineStyle.width).toBe(3)
  })
})

describe('formatPoints', () => {
  it('shows two decimals and a plus sign for additions', () => {
    expect(formatPoints(-18.75, 'en')).toBe('-18.75')
    expect(formatPoints(2, 'en', true)).toBe('+2.00')
    expect(formatPoints(78, 'en')).toBe('78.00')
  })
})
