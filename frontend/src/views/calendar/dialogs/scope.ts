import { inject, type InjectionKey } from 'vue'
import type { SeriesScope } from '@/api'

/** What the user is about to do to a member of a series. */
export type ScopeAction = 'edit' | 'cancel' | 'move' | 'delete'

/** How many activities each choice would touch (shown beside it), when known. */
export type ScopeCounts = Partial<Record<SeriesScope, number>>

/** Asks which members of a series an action applies to; null when the user backs out. */
export type AskScope = (action: ScopeAction, counts?: ScopeCounts) => Promise<SeriesScope | null>

export const AskScopeKey: InjectionKey<AskScope> = Symbol('askScope')

/** scopesOf are the choices an action offers: a drag moves this session or it and the later ones. */
export function scopesOf(action: ScopeAction): SeriesScope[] {
  return action === 'move' ? ['this', 'following'] : ['this', 'following', 'all']
}

export function useAskScope(): AskScope {
  const ask = inject(AskScopeKey)
  if (!ask) throw new Error('useAskScope: no ScopeDialog above this component')
  return ask
}
