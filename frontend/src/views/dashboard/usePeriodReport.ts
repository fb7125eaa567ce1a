import { ref, watch, type Ref } from 'vue'
import { useLoad } from '@/composables/useLoad'
import { usePeriod } from './usePeriod'

/**
 * usePeriodReport loads a report of the period in the address (year and as-of date) and loads
 * it again when the period changes. Only the latest request lands: an older answer arriving
 * late neither replaces the report nor clears the loading state.
 */
export function usePeriodReport<R>(fetch: (year: number, asOf: string | undefined) => Promise<R>) {
  const period = usePeriod()
  const { year, asOf } = period
  const report = ref(null) as Ref<R | null>
  const { loading, error, load: loadLatest } = useLoad()
  const load = () => loadLatest(() => fetch(year.value, asOf.value), (r) => (report.value = r))
  watch([year, asOf], load, { immediate: true })

  return { ...period, report, loading, error, load }
}
