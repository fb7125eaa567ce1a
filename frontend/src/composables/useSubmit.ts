import { ref } from 'vue'
import { isApiError } from '@/api'
import { ElMessage } from '@/lib/feedback'
import { useErrorMessage, useFieldErrors } from './useErrorMessage'

/**
 * useSubmit runs what a form sends: busy while it is under way, the server's problems per field
 * of the last refused try, and the failure said in the user's language.
 */
export function useSubmit() {
  const busy = ref(false)
  /** The problems the server named, by JSON field name, in the user's language; assign {} to clear. */
  const fieldErrors = useFieldErrors()
  const errorMessage = useErrorMessage()
  /** sayError is the default answer to a failure: its sentence in an error message. */
  const sayError = (e: unknown) => {
    ElMessage.error(errorMessage(e))
  }

  /**
   * run does the work with busy set and returns whether it worked. A failure keeps the fields it
   * names (a 400's bad fields, a 409's name already taken) in fieldErrors; then failed answers it.
   */
  async function run(work: () => Promise<unknown>, failed: (e: unknown) => unknown = sayError): Promise<boolean> {
    busy.value = true
    try {
      await work()
      return true
    } catch (e) {
      fieldErrors.value = isApiError(e) ? { ...e.fields } : {}
      await failed(e)
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, fieldErrors, errorMessage, sayError, run }
}
