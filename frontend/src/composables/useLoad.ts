import { ref } from 'vue'
import { latestOnly } from '@/lib/latest'
import { useErrorMessage } from './useErrorMessage'

/**
 * useLoad runs a view's loads, of which only the newest lands: an older answer arriving late
 * (say the first load finishing after the reload of a save) neither replaces what is shown nor
 * ends the loading state, and an older failure is not said.
 */
export function useLoad() {
  const loading = ref(false)
  /** The failure of the newest load, in the user's language; '' while it goes well. */
  const error = ref('')
  const errorMessage = useErrorMessage()
  const latest = latestOnly()

  /** load fetches, and hands the answer to land unless a newer load has started meanwhile. */
  async function load<T>(fetch: () => Promise<T>, land: (answer: T) => void): Promise<void> {
    const current = latest()
    loading.value = true
    error.value = ''
    try {
      const answer = await fetch()
      if (current()) land(answer)
    } catch (e) {
      if (current()) error.value = errorMessage(e)
    } finally {
      if (current()) loading.value = false
    }
  }

  return { loading, error, load }
}
