import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter } from 'vue-router'
import { readMonth } from './monthly'

/** useRouteMonth is the month in the address (?month=1..12; none for the whole year) and its setter (0: the whole year). */
export function useRouteMonth() {
  const route = useRoute()
  const router = useRouter()
  const month = computed(() => readMonth(route.query.month))
  function setMonth(m: number) {
    void router.replace({ query: { ...route.query, month: m ? String(m) : undefined } })
  }
  return { month, setMonth }
}

/** useShortMonthNames are the twelve months' short names in the page's language: 1月 or Jan. */
export function useShortMonthNames() {
  const { locale } = useI18n()
  return computed(() => {
    const f = new Intl.DateTimeFormat(locale.value, { month: 'short' })
    return Array.from({ length: 12 }, (_, m) => f.format(new Date(2000, m, 1)))
  })
}
