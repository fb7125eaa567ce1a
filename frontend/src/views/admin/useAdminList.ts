import { computed, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { isApiError } from '@/api'
import type { RowAction } from '@/components/RowActions.vue'
import { useLoad } from '@/composables/useLoad'
import { useSubmit } from '@/composables/useSubmit'
import { ElMessage, ElMessageBox } from '@/lib/feedback'
import { useAuthStore } from '@/stores/auth'
import { useReferenceStore } from '@/stores/reference'
import { canWrite } from './sections'

interface Row {
  id: number
  active?: boolean
}

/** A row that can be deactivated and reactivated: users, venues, stations and teams. */
interface Switchable {
  id: number
  active: boolean
  version: number
}

/** The calls that switch a Switchable row off (DELETE) and on again (PATCH with its version). */
interface SwitchCalls {
  deactivate: (id: number) => Promise<unknown>
  update: (id: number, body: { active: boolean; version: number }) => Promise<unknown>
}

/**
 * useAdminList loads one section's rows and offers what every section does: whether the user
 * may write, showing inactive rows, the form dialog's state, and running a change with its
 * messages (a stale version reloads). Changes also refresh the shared reference lists the
 * calendar uses.
 */
export function useAdminList<T extends Row>(section: string, fetch: () => Promise<{ items: T[] }>) {
  const { t } = useI18n()
  const auth = useAuthStore()
  const refs = useReferenceStore()
  const rows = ref([]) as Ref<T[]>
  const loader = useLoad()
  const { loading, error } = loader
  const showInactive = ref(false)
  /** busy while a change is under way; errors: the fields of the last refused one. */
  const { busy, fieldErrors: errors, run: submit, sayError } = useSubmit()
  const writable = computed(() => canWrite(section, auth.role))
  const shown = computed(() => rows.value.filter((r) => showInactive.value || r.active !== false))

  // Only the newest load lands (a late first load does not undo the reload of a save).
  const load = () =>
    loader.load(fetch, (res) => {
      rows.value = res.items
    })

  /** run performs a change, says it worked, and reloads; it returns whether it worked. */
  async function run(change: () => Promise<unknown>, done = t('admin.saved')): Promise<boolean> {
    errors.value = {}
    return submit(
      async () => {
        await change()
        ElMessage.success(done)
        await Promise.all([load(), refs.load(true)])
      },
      async (e) => {
        sayError(e)
        if (isApiError(e, 'stale') || isApiError(e, 'not_found')) await load()
      },
    )
  }

  /** confirm asks before a consequential change; false when the user backs out. */
  async function confirm(message: string, action: string): Promise<boolean> {
    try {
      await ElMessageBox.confirm(message, action, {
        type: 'warning',
        confirmButtonText: action,
        cancelButtonText: t('actions.cancel'),
      })
      return true
    } catch {
      return false
    }
  }

  /** Whether the form dialog is open, and the row it edits (null: a new one). */
  const open = ref(false)
  const editing = ref(null) as Ref<T | null>

  /** openForm opens the form dialog on a row, or on a new one, without the last save's errors. */
  function openForm(row: T | null) {
    editing.value = row
    errors.value = {}
    open.value = true
  }

  /** save runs the form's change and closes the dialog when it worked. */
  async function save(change: () => Promise<unknown>, done?: string) {
    if (await run(change, done)) open.value = false
  }

  /**
   * toggleAction is the row action that deactivates an active row, once the user confirms
   * confirmText, or reactivates an inactive one.
   */
  function toggleAction(row: Switchable, calls: SwitchCalls, confirmText: string, test: string): RowAction {
    async function toggle() {
      if (row.active && !(await confirm(confirmText, t('admin.deactivate')))) return
      await run(() => (row.active ? calls.deactivate(row.id) : calls.update(row.id, { active: true, version: row.version })))
    }
    return {
      label: row.active ? t('admin.deactivate') : t('admin.reactivate'),
      run: () => void toggle(),
      type: row.active ? 'danger' : 'success',
      test,
    }
  }

  void load()
  return {
    rows,
    shown,
    loading,
    error,
    errors,
    busy,
    showInactive,
    writable,
    open,
    editing,
    load,
    run,
    confirm,
    openForm,
    save,
    toggleAction,
  }
}
