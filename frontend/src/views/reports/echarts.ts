// ECharts with only what the monthly report draws; this module is reached only from the
// monthly page's chunk, so the rest of the app never loads it.
import { use, init, type ComposeOption, type ECharts } from 'echarts/core'
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer])

export type MonthlyChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>

/** createChart draws into el with the SVG renderer (sharp when printed). */
export function createChart(el: HTMLElement): ECharts {
  return init(el, undefined, { renderer: 'svg' })
}
export type { ECharts }
