import { useI18n } from 'vue-i18n'
import { isApiError } from '@/api'

/** useErrorMessage turns any failure into a sentence for the user, in their language. */
export function useErrorMessage() {
  const { t, te } = useI18n()
  return (e: unknown): string => {
    if (isApiError(e)) {
      if (e.code === 'throttled') {
        return e.retryAfter ? t('errors.throttledFor', { seconds: e.retryAfter }) : t('errors.throttled')
      }
      const key = `errors.${e.code}`
      if (e.code === 'rule' && e.message) return e.message
      if (te(key)) return t(key)
      return e.message
    }
    return t('errors.internal')
  }
}
