import { getCurrentInstance, h } from 'vue'
import { useI18n } from 'vue-i18n'
import type { EventDropArg } from '@fullcalendar/core'
import type { EventResizeDoneArg } from '@fullcalendar/interaction'
import { api, isApiError, type Activity, type SeriesScope } from '@/api'
import { useErrorMessage } from '@/composables/useErrorMessage'
import { toRFC3339 } from '@/lib/datetime'
import { ElMessage, ElMessageBox } from '@/lib/feedback'
import ConflictList from './ConflictList.vue'
import type { AskScope } from './dialogs/scope'

/** How long the Undo of a drag is offered. */
export const UNDO_MS = 10_000

/**
 * useReschedule saves a drag or resize on the calendar: PATCH with the activity's version. On a
 * member of a series it first asks whether this session or it and the following ones move. A
 * clash puts the event back and lists each clash; a stale version puts it back and reloads.
 * A saved move offers Undo for ten seconds, which moves it back with the new version.
 */
export function useReschedule(reload: () => void, askScope: AskScope) {
  const { t } = useI18n()
  const errorMessage = useErrorMessage()
  // The box renders the clash list outside the page's tree; it needs the app's i18n and stores.
  const appContext = getCurrentInstance()?.appContext ?? null

  function refused(e: unknown, title: string) {
    if (isApiError(e, 'conflict')) {
      void ElMessageBox.alert(h(ConflictList, { conflicts: e.conflicts }), t('conflict.moveRefused', { title }), {
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

  function offerUndo(before: Activity, after: Activity, scope: SeriesScope | undefined, following: boolean) {
    let done = false
    const undo = async () => {
      if (done) return
      done = true
      toast.close()
      try {
        await api.activities.update(after.id, { start: before.start, end: before.end, version: after.version }, scope)
        ElMessage.success(t('cal.undo.done', { title: before.title }))
      } catch (e) {
        refused(e, before.title)
      }
      reload()
    }
    const toast = ElMessage({
      type: 'success',
      duration: UNDO_MS,
      showClose: true,
      customClass: 'cs-undo-toast',
      message: h('span', { class: 'cs-undo' }, [
        h('span', following ? t('cal.undo.movedFollowing', { title: before.title }) : t('calendar.moved', { title: before.title })),
        h('button', { type: 'button', class: 'cs-undo__button', 'data-test': 'undo-move', onClick: undo }, t('cal.undo.action')),
      ]),
    })
  }

  return async function reschedule(info: EventDropArg | EventResizeDoneArg): Promise<void> {
    const a = info.event.extendedProps.activity as Activity
    const start = info.event.start
    const end = info.event.end
    if (!start || !end) {
      info.revert()
      return
    }
    let scope: SeriesScope | undefined
    if (a.series_id != null) {
      const chosen = await askScope('move')
      if (!chosen) {
        info.revert()
        return
      }
      scope = chosen
    }
    try {
      const updated = await api.activities.update(a.id, { start: toRFC3339(start), end: toRFC3339(end), version: a.version }, scope)
      info.event.setExtendedProp('activity', updated)
      offerUndo(a, updated, scope, scope === 'following')
      // The later sessions moved too, and a split renumbers them: show the server's copy.
      if (scope === 'following') reload()
    } catch (e) {
      info.revert()
      refused(e, a.title)
    }
  }
}
