import { computed, ref, watch } from 'vue'
import { api, type Activity } from '@/api'
import { seriesPosition } from './tiles'

/**
 * useSeriesPosition follows where an activity stands in its series ("session 3 of 12"): as the
 * activity says, else (an older answer without it) as its series lists it; null outside a series
 * and while the series is asked or could not be read.
 */
export function useSeriesPosition(activity: () => Activity) {
  const fetched = ref<{ n: number; of: number } | null>(null)
  watch(
    () => [activity().id, activity().series_id] as const,
    async ([id, seriesId]) => {
      fetched.value = null
      if (seriesId == null || seriesPosition(activity())) return
      try {
        const info = await api.series.get(seriesId)
        const n = info.activity_ids.indexOf(id) + 1
        if (n > 0 && activity().id === id) fetched.value = { n, of: info.activity_ids.length }
      } catch {
        // Without it the activity is still said to be in a series.
      }
    },
    { immediate: true },
  )
  return computed(() => seriesPosition(activity()) ?? fetched.value)
}
