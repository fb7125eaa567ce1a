import { describe, expect, it } from 'vitest'
import { latestOnly } from './latest'

describe('latestOnly', () => {
  it('keeps only the newest request current', () => {
    const latest = latestOnly()
    const first = latest()
    expect(first()).toBe(true)
    const second = latest()
    expect(first()).toBe(false)
    expect(second()).toBe(true)
  })

  it('drops an older answer that arrives last', async () => {
    const latest = latestOnly()
    let shown = ''
    const load = async (value: string, ms: number) => {
      const current = latest()
      await new Promise((r) => setTimeout(r, ms))
      if (current()) shown = value
    }
    await Promise.all([load('old', 20), load('new', 1)])
    expect(shown).toBe('new')
  })

  it('keeps counters apart', () => {
    const a = latestOnly()
    const b = latestOnly()
    const ta = a()
    b()
    expect(ta()).toBe(true)
  })
})
