import { useI18n } from 'vue-i18n'
import { termPhrases, type MemberTerm } from './monthly'

/** useTermText writes a part-year member's own value: "本人目标 46/60，2026-04-01 入职", "46 of 60: joined 2026-04-01". */
export function useTermText() {
  const { t } = useI18n()
  return (term: MemberTerm | null): string => {
    if (!term) return ''
    const p = termPhrases(term)
    const w = p.whole(p.dates.map((d) => t(d.key, d.params)).join(t('monthly.term.sep')))
    return t(w.key, w.params)
  }
}
