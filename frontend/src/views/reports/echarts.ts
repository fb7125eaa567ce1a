// ECharts with only what the monthly report and the scores trend draw; this module is reached
// only from their charts' chunks, so the rest of the app never loads it.
import { onBeforeUnmount, onMounted, watch, type ShallowRef } from 'vue'
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

/**
 * useChart draws option() into the element el refers to once that is mounted, draws
 * it again whenever what watched() reads changes (deeply), keeps the chart as wide as its
 * element, and disposes of it on unmount. With redrawForPrint it also resizes before and after
 * printing, for a printed page narrower than the screen.
 */
export function useChart(
  el: Readonly<ShallowRef<HTMLElement | null>>,
  option: () => MonthlyChartOption,
  watched: () => unknown,
  { redrawForPrint = false } = {},
) {
  let chart: ECharts | null = null
  let observer: ResizeObserver | null = null

  const resize = () => chart?.resize()
  const draw = () => chart?.setOption(option(), true)

  onMounted(() => {
    if (!el.value) return
    chart = createChart(el.value)
    draw()
    observer = new ResizeObserver(resize)
    observer.observe(el.value)
    if (redrawForPrint) {
      window.addEventListener('beforeprint', resize)
      window.addEventListener('afterprint', resize)
    }
  })
  watch(watched, draw, { deep: true })
  onBeforeUnmount(() => {
    if (redrawForPrint) {
      window.removeEventListener('beforeprint', resize)
      window.removeEventListener('afterprint', resize)
    }
    observer?.disconnect()
    chart?.dispose()
    chart = null
  })
}
