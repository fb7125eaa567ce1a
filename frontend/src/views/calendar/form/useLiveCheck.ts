import { onScopeDispose, ref, watch, type Ref } from 'vue'
import { api, isApiError, type Conflict, type QuotaImpact, type SeriesOccurrence } from '@/api'
import { checkable, clientErrors, toInput, toSeries, type ActivityModel } from './model'

const DELAY_MS = 450

/**
 * useLiveCheck asks the server, shortly after the form stops changing, what saving would do:
 * for one activity the clashes and the quota impact (POST /activities/check), for a series
 * every occurrence with its clashes (POST /series with dry_run).
 */
export function useLiveCheck(model: Ref<ActivityModel>, activityId: Ref<number | null>, fallbackTitle: () => string) {
  const checking = ref(false)
  const checked = ref(false)
  const conflicts = ref<Conflict[]>([])
  const impact = ref<QuotaImpact[]>([])
  const occurrences = ref<SeriesOccurrence[] | null>(null)
  const failed = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let controller: AbortController | null = null

  function reset() {
    conflicts.value = []
    impact.value = []
    occurrences.value = null
    checked.value = false
    failed.value = false
  }

  async function run() {
    controller?.abort()
    const m = model.value
    const series = m.repeat && activityId.value === null
    if (!checkable(m) || (series && clientErrors(m).rrule)) {
      reset()
      checking.value = false
      return
    }
    const ctl = new AbortController()
    controller = ctl
    checking.value = true
    try {
      if (series) {
        const res = await api.series.preview(toSeries(m, fallbackTitle()), ctl.signal)
        occurrences.value = res.occurrences ?? []
        conflicts.value = occurrences.value.flatMap((o) => o.conflicts ?? [])
        impact.value = []
      } else {
        const body = { ...toInput(m, fallbackTitle()), ...(activityId.value !== null ? { activity_id: activityId.value } : {}) }
        const res = await api.activities.check(body, ctl.signal)
        occurrences.value = null
        conflicts.value = res.conflicts ?? []
        impact.value = res.quota_impact ?? []
      }
      failed.value = false
      checked.value = true
    } catch (e) {
      if (ctl.signal.aborted) return
      // A 400 means the form is not complete yet; the save shows the field errors.
      reset()
      failed.value = !isApiError(e, 'invalid')
    } finally {
      if (controller === ctl) checking.value = false
    }
  }

  function schedule() {
    clearTimeout(timer)
    timer = setTimeout(() => void run(), DELAY_MS)
  }

  watch(model, schedule, { deep: true, immediate: true })

  onScopeDispose(() => {
    clearTimeout(timer)
    controller?.abort()
  })

  return { checking, checked, conflicts, impact, occurrences, failed, recheck: run }
}
