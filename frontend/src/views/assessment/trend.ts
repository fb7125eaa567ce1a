// The trend chart's option, kept free of Vue so it is unit tested.
import type { MonthScores } from '@/api/assessment'
import type { MonthlyChartOption } from '@/views/reports/echarts'

/** trendOption draws each member's total month by month; the chosen member's line is bold. */
export function trendOption(months: MonthScores[], monthNames: string[], chosen: number | null): MonthlyChartOption {
  const members = new Map<number, string>()
  for (const m of months) for (const it of m.items) if (!members.has(it.staff_id)) members.set(it.staff_id, it.staff_name)
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 32, bottom: 4, containLabel: true },
    legend: { top: 0, type: 'scroll', itemWidth: 14, itemHeight: 10 },
    tooltip: { trigger: 'axis', renderMode: 'richText' }, // not HTML: see chartOption.ts
    xAxis: { type: 'category', data: months.map((m) => monthNames[m.month - 1] ?? String(m.month)) },
    yAxis: { type: 'value', scale: true },
    series: [...members].map(([id, name]) => ({
      name,
      type: 'line' as const,
      data: months.map((m) => m.items.find((it) => it.staff_id === id)?.total ?? null),
      symbolSize: id === chosen ? 8 : 4,
      lineStyle: { width: id === chosen ? 3 : 1, opacity: chosen == null || id === chosen ? 1 : 0.35 },
      itemStyle: { opacity: chosen == null || id === chosen ? 1 : 0.35 },
    })),
  }
}

/** formatPoints shows points with 2 decimals and a sign for changes ("-18.75", "+2.00"). */
export function formatPoints(n: number, locale: string, signed = false): string {
  const s = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n)
  return signed && n > 0 ? `+${s}` : s
}
