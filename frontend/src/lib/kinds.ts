import type { Kind } from '@/api/types'

/** Colour of each kind on the calendar and in charts; chosen to be told apart at a glance. */
export const KIND_COLORS: Record<Kind, string> = {
  training: '#2563eb',
  lecture: '#7c3aed',
  performance: '#dc2626',
  exhibition: '#b45309',
  outreach: '#15803d',
  team_activity: '#0e7490',
  study: '#db2777',
  other: '#64748b',
}

export function kindColor(kind: string): string {
  return KIND_COLORS[kind as Kind] ?? KIND_COLORS.other
}
