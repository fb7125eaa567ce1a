import { describe, expect, it } from 'vitest'
import { KINDS, type OfficialLine } from '@/api/types'
import { reactive } from 'vue'
import { blankLine, checkLines, cleanLines, copyLines, moveLine, newCode, sameLines } from './officialLines'

const lines: OfficialLine[] = [
  { code: 'exhibitions', name: '举办展览', name_en: 'Exhibitions held', unit: '个', metric: 'editions', kinds: ['exhibition'] },
  { code: 'lectures', name: '组织公益性讲座', name_en: 'Public lectures given', unit: '次', metric: 'count', kinds: ['lecture'] },
]

describe('official return lines', () => {
  it('give a new line a code of its own', () => {
    expect(newCode(['line_1', 'lectures', 'line_3'])).toBe('line_2')
    expect(blankLine(lines)).toEqual({ code: 'line_1', name: '', name_en: '', unit: '次', metric: 'count', kinds: [] })
  })
  it('move a line up and down, and not past either end', () => {
    expect(moveLine(lines, 1, -1).map((l) => l.code)).toEqual(['lectures', 'exhibitions'])
    expect(moveLine(lines, 1, 1)).toBe(lines)
    expect(moveLine(lines, 0, -1)).toBe(lines)
  })
  it('trim what was typed and keep kinds in the app order', () => {
    const got = cleanLines([{ ...lines[1]!, name: ' 讲座 ', kinds: ['team_activity', 'lecture'] }], KINDS)
    expect(got[0]).toMatchObject({ name: '讲座', kinds: ['lecture', 'team_activity'] })
  })
  it('name the line that lacks a name or repeats one, by the server field name', () => {
    expect(checkLines(lines)).toEqual({})
    expect(checkLines([...lines, { ...lines[0]!, code: 'x', name: ' 举办展览 ' }, { ...lines[0]!, code: 'y', name: '  ' }])).toEqual({
      'items[2].name': 'admin.lines.err.duplicate',
      'items[3].name': 'admin.lines.err.name',
    })
  })
  it('copy a reactive list into one to edit without touching the saved one', () => {
    const saved = reactive(structuredClone(lines))
    const copy = copyLines(saved)
    copy[0]!.kinds.push('performance')
    expect(saved[0]!.kinds).toEqual(['exhibition'])
  })
  it('tell an unchanged list', () => {
    expect(sameLines(lines, structuredClone(lines))).toBe(true)
    expect(sameLines(lines, moveLine(lines, 0, 1))).toBe(false)
  })
})
