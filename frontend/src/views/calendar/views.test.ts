import { describe, expect, it } from 'vitest'
import { fitView, viewsFor } from './views'

describe('calendar views', () => {
  it('offer three days on a phone where a wider screen has the week', () => {
    expect(viewsFor(true).map((v) => v.name)).toEqual(['dayGridMonth', 'timeGrid3Day', 'timeGridDay', 'listWeek'])
    expect(viewsFor(false).map((v) => v.name)).toEqual(['dayGridMonth', 'timeGridWeek', 'timeGridDay', 'listWeek'])
  })
  it('swap a shared week link for three days on a phone, and back', () => {
    expect(fitView('timeGridWeek', true)).toBe('timeGrid3Day')
    expect(fitView('timeGrid3Day', false)).toBe('timeGridWeek')
    expect(fitView('dayGridMonth', true)).toBe('dayGridMonth')
  })
})
