import { getCurrentInstance, h } from 'vue'
import { useI18n } from 'vue-i18n'
import type { EventDropArg } from '@fullcalendar/core'
import type { EventResizeDoneArg } from '@fullcalendar/interaction'
import { api, isApiError, type Activity } from '@/api'
import { useErrorMessage } from '@/composables/useErrorMessage'
import { toRFC3339 } from '@/lib/datetime'
import { ElMessage, ElMessageBox } from '@/lib/feedback'
import ConflictList from './ConflictList.vue'

/**
 * useReschedule saves a drag or resize on the calendar: PATCH with the activity's version (only
 * this occurrence of a series). A clash puts the event back and lists each clash; a stale
 * version puts it back and reloads the calendar.
 */
export function useReschedule(reload: () => void) {
  const { t } = useI18n()
  const errorMessage = useErrorMessage()
  // The box renders the clash list outside the page's tree; it needs the app's i18n and stores.
  const appContext = getCurrentInstance()?.appContext ?? null

  return async function reschedule(info: EventDropArg | EventResizeDoneArg): Promise<void> {
    const a = info.event.extendedProps.activity as Activity
    const start = info.event.start
    const end = info.event.end
    if (!start || !end) {
      info.revert()
      return
    }
    try {
      const updated = await api.activities.update(
        a.id,
        { start: toRFC3339(start), end: toRFC3339(end), version: a.version },
        a.series_id != null ? 'this' : undefined,
      )
      info.event.setExtendedProp('activity', updated)
      ElMessage.success(t('calendar.moved', { title: a.title }))
    } catch (e) {
      info.revert()
      if (isApiError(e, 'conflict')) {
        void ElMessageBox.alert(h(ConflictList, { conflicts: e.conflicts }), t('conflict.moveRefused', { title: a.title }), {
          type: 'error',
          confirmButtonText: t('common.ok'),
        }, appContext)
      } else if (isApiError(e, 'stale')) {
        ElMessage.warning(t('errors.stale'))
        reload()
      } else {
        ElMessage.error(errorMessage(e))
      }
    }
  }
}
