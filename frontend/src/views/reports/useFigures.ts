import { useI18n } from 'vue-i18n'
import { formatNumber, formatPercent } from '../dashboard/format'

/**
 * useFigures formats a report table's figures in the page's language: n, a count or total
 * ("1,234"); pct, a rate, empty where there is none (nothing was due).
 */
export function useFigures() {
  const { locale } = useI18n()
  return {
    n: (x: number) => formatNumber(x, locale.value),
    pct: (r: number | null) => (r == null ? '' : formatPercent(r, locale.value)),
  }
}
