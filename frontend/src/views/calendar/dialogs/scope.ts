import { inject, type InjectionKey } from 'vue'
import type { SeriesScope } from '@/api'

/** What the user is about to do to a member of a series. */
export type ScopeAction = 'edit' | 'cancel'

/** Asks which members of a series an action applies to; null when the user backs out. */
export type AskScope = (action: ScopeAction) => Promise<SeriesScope | null>

export const AskScopeKey: InjectionKey<AskScope> = Symbol('askScope')

export function useAskScope(): AskScope {
  const ask = inject(AskScopeKey)
  if (!ask) throw new Error('useAskScope: no ScopeDialog above this component')
  return ask
}
