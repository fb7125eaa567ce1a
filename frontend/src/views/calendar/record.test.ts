import { describe, expect, it } from 'vitest'
import type { Activity } from '@/api'
import { recordItems } from './record'

const row = (id: number, version: number) => ({ id, version }) as Activity

describe('recording several at once', () => {
  it('sends the rows with a figure, with their versions and trimmed notes; empty rows wait', () => {
    const rows = [row(1, 3), row(2, 1), row(3, 7)]
    const entries = { 1: { attendance: 25, notes: ' 效果好 ' }, 2: { attendance: null, notes: 'x' }, 3: { attendance: 0, notes: '' } }
    expect(recordItems(rows, entries)).toEqual([
      { id: 1, version: 3, actual_attendance: 25, notes: '效果好' },
      { id: 3, version: 7, actual_attendance: 0, notes: '' },
    ])
  })
  it('leaves out figures that cannot be recorded', () => {
    expect(recordItems([row(1, 1)], { 1: { attendance: 2.5, notes: '' } })).toEqual([])
    expect(recordItems([row(1, 1)], { 1: { attendance: -1, notes: '' } })).toEqual([])
  })
})
