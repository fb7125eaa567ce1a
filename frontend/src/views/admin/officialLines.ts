// The official return's lines (统计年报) as an admin edits them: pure, so they are unit tested.
import type { Kind, OfficialLine } from '@/api/types'

/** The metrics a line may count: every counting metric but the per-member paired stations. */
export const LINE_METRICS: OfficialLine['metric'][] = ['count', 'editions', 'attendance', 'person_days', 'active_teams']

/** newCode gives a new line a code no other line has: line_1, line_2, ... */
export function newCode(existing: string[]): string {
  const taken = new Set(existing)
  for (let k = 1; ; k++) if (!taken.has(`line_${k}`)) return `line_${k}`
}

/** blankLine is a new line: counted activities of every kind, named by the admin. */
export function blankLine(existing: OfficialLine[]): OfficialLine {
  return { code: newCode(existing.map((l) => l.code)), name: '', name_en: '', unit: '次', metric: 'count', kinds: [] }
}

/** moveLine moves the line at k one place up (-1) or down (+1); out of range leaves the list as it is. */
export function moveLine(lines: OfficialLine[], k: number, by: -1 | 1): OfficialLine[] {
  const j = k + by
  if (k < 0 || j < 0 || k >= lines.length || j >= lines.length) return lines
  const out = [...lines]
  ;[out[k], out[j]] = [out[j]!, out[k]!]
  return out
}

/** cleanLines trims the texts the admin typed and puts the kinds in the app's order. */
export function cleanLines(lines: OfficialLine[], order: readonly Kind[]): OfficialLine[] {
  return lines.map((l) => ({
    ...l,
    name: l.name.trim(),
    name_en: l.name_en.trim(),
    unit: l.unit.trim(),
    kinds: order.filter((k) => l.kinds.includes(k)),
  }))
}

/**
 * checkLines finds what the server would refuse before it is sent, by the server's field names
 * (items[2].name): a line needs a name; two lines of one name would read as one in the return.
 * The value is an i18n key.
 */
export function checkLines(lines: OfficialLine[]): Record<string, string> {
  const out: Record<string, string> = {}
  const seen = new Map<string, number>()
  lines.forEach((l, k) => {
    const name = l.name.trim()
    if (!name) out[`items[${k}].name`] = 'admin.lines.err.name'
    else if (seen.has(name)) out[`items[${k}].name`] = 'admin.lines.err.duplicate'
    else seen.set(name, k)
  })
  return out
}

/** sameLines tells whether two lists say the same (nothing to save). */
export function sameLines(a: OfficialLine[], b: OfficialLine[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** copyLines is a deep copy to edit (structuredClone refuses Vue's reactive proxies). */
export function copyLines(lines: OfficialLine[]): OfficialLine[] {
  return lines.map((l) => ({ ...l, kinds: [...l.kinds] }))
}
