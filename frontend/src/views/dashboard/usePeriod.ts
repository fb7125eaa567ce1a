import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { localDate } from '@/lib/datetime'

const MIN_YEAR = 2000
const MAX_YEAR = 2100

/** readYear takes ?year= when it is a sensible year, else the current one. */
export function readYear(q: unknown, now = new Date()): number {
  const y = Number(Array.isArray(q) ? q[0] : q)
  return Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR ? y : now.getFullYear()
}

/** readAsOf takes ?as_of= when it is a date within year, else nothing (the server's default: today, clamped to the year). */
export function readAsOf(q: unknown, year: number): string | undefined {
  const s = String(Array.isArray(q) ? q[0] : (q ?? ''))
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && s.startsWith(`${year}-`) ? s : undefined
}

/** defaultAsOf is what the server uses when no date is given: today, clamped into year. */
export function defaultAsOf(year: number, now = new Date()): string {
  const today = localDate(now)
  if (today < `${year}-01-01`) return `${year}-01-01`
  if (today > `${year}-12-31`) return `${year}-12-31`
  return today
}

/** usePeriod keeps the chosen year and as-of date in the address, so a view can be shared. */
export function usePeriod() {
  const route = useRoute()
  const router = useRouter()
  const year = computed(() => readYear(route.query.year))
  const asOf = computed(() => readAsOf(route.query.as_of, year.value))

  function update(y: number, a: string | undefined) {
    void router.replace({ query: { ...route.query, year: String(y), as_of: a || undefined } })
  }
  return {
    year,
    asOf,
    setYear: (y: number) => update(y, readAsOf(asOf.value, y)),
    setAsOf: (a: string | undefined) => update(year.value, a),
  }
}
