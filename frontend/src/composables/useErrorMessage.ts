import { computed, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { FieldProblem } from '@/api/errors'
import { localizeError, localizeFields } from '@/api/translate'

/** useErrorMessage turns any failure into a sentence for the user, in their language. */
export function useErrorMessage() {
  const i18n = useI18n()
  return (e: unknown): string => localizeError(e, i18n)
}

/**
 * useFieldErrors holds the server's problems per field (`ApiError.fields`: codes and params) and
 * reads them in the user's language, following a switch of language. Assign the map, or {}.
 */
export function useFieldErrors() {
  const i18n = useI18n()
  const raw = ref<Record<string, FieldProblem>>({})
  return computed<Record<string, string>, Record<string, FieldProblem>>({
    get: () => localizeFields(raw.value, i18n),
    set: (v) => {
      raw.value = v
    },
  })
}
