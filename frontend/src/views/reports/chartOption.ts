import type { MonthStat } from '@/api/types'
import type { MonthlyChartOption } from './echarts'

export interface ChartLabels {
  plan: string
  due: string
  actual: string
  months: string[]
}

/** monthlyOption draws a target's year: plan and actual as bars, due (with rollover) as a line. */
export function monthlyOption(months: MonthStat[], l: ChartLabels, narrow: boolean): MonthlyChartOption {
  const by = (k: 'plan' | 'due' | 'actual') => months.map((m) => m[k])
  return {
    animation: false,
    color: ['#c9c2b8', '#b4372f', '#1565c0'],
    grid: { left: 8, right: 8, top: 32, bottom: 4, containLabel: true },
    legend: { top: 0, itemWidth: 14, itemHeight: 10 },
    // Drawn in the chart, not as HTML: ECharts' HTML tooltip styles its
    // markers with style attributes, which the server's CSP refuses.
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', data: l.months, axisLabel: { interval: narrow ? 1 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: l.plan, type: 'bar', data: by('plan'), barGap: '10%' },
      { name: l.due, type: 'line', data: by('due'), symbolSize: 6, lineStyle: { width: 2 } },
      { name: l.actual, type: 'bar', data: by('actual') },
    ],
  }
}
