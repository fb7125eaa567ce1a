import { describe, expect, it } from 'vitest'
import { monthlyOption } from './chartOption'

describe('monthlyOption', () => {
  it('draws plan and actual as bars and due as a line, month by month', () => {
    const months = Array.from({ length: 12 }, (_, i) => ({
      month: i + 1,
      plan: 2,
      due: 2 + i,
      actual: i === 0 ? 1 : 0,
      carry: 1 + i,
      completion_rate: null,
      member: true,
    }))
    const labels = { plan: 'Plan', due: 'Due', actual: 'Done', months: months.map((m) => `M${m.month}`) }
    const o = monthlyOption(months, labels, false)
    const series = o.series as { name: string; type: string; data: number[] }[]
    expect(series.map((s) => [s.name, s.type])).toEqual([
      ['Plan', 'bar'],
      ['Due', 'line'],
      ['Done', 'bar'],
    ])
    expect(series[1]?.data.slice(0, 3)).toEqual([2, 3, 4])
    expect(series[2]?.data[0]).toBe(1)
  })
})
