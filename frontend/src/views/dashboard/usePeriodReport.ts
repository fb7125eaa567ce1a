import { ref, watch, type Ref } from 'vue'
import { useErrorMessage } from '@/composables/useErrorMessage'
import { usePeriod } from './usePeriod'

/**
 * usePeriodReport loads a report of the period in the address (year and as-of date) and loads
 * it again when the period changes. Only the latest request lands: an older answer arriving
 * late neither replaces the report nor clears the loading state.
 */
export function usePeriodReport<R>(fetch: (year: number, asOf: string | undefined) => Promise<R>) {
  const errorMessage = useErrorMessage()
  const period = usePeriod()
  const { year, asOf } = period
  const report = ref(null) as Ref<R | null>
  const loading = ref(false)
  const error = ref('')
  let seq = 0

  async function load() {
    const mine = ++seq
    loading.value = true
    error.value = ''
    try {
      const r = await fetch(year.value, asOf.value)
      if (mine === seq) report.value = r
    } catch (e) {
      if (mine === seq) error.value = errorMessage(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }
  watch([year, asOf], load, { immediate: true })

  return { ...period, report, loading, error, load }
}
