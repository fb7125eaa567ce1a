import { useI18n } from 'vue-i18n'
import type { OpenStation } from '@/api/types'
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

/** useOpenStations names the paired stations not yet visited: "未走访的对口文化站：新华街文化站（已安排）". */
export function useOpenStations() {
  const { t } = useI18n()
  return (list: OpenStation[] | undefined): string =>
    list?.length
      ? t('monthly.openStations', {
          names: list.map((s) => (s.scheduled ? t('monthly.openScheduled', { name: s.name }) : s.name)).join(t('monthly.term.list')),
        })
      : ''
}
