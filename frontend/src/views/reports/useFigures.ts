import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { formatNumber, formatPercent } from '../dashboard/format'

/**
 * useFigures formats a report table's figures in the page's language: n, a count or total
 * ("1,234"); pct, a rate, empty where there is none (nothing was due); monthHeads, the headings
 * of a month's figures in the order the month tables show them.
 */
export function useFigures() {
  const { t, locale } = useI18n()
  return {
    n: (x: number) => formatNumber(x, locale.value),
    pct: (r: number | null) => (r == null ? '' : formatPercent(r, locale.value)),
    monthHeads: computed(() => [
      t('glossary.plan'),
      t('glossary.due'),
      t('glossary.monthActual'),
      t('glossary.carry'),
      t('glossary.rate'),
    ]),
  }
}
