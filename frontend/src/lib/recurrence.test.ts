import { describe, expect, it } from 'vitest'
import {
  buildRRule,
  defaultRecurrence,
  nthWeekdayOfMonth,
  untilUTC,
  validateRecurrence,
  weekdayOf,
  type RecurrenceForm,
} from './recurrence'

// 2026-09-05 is a Saturday (tests run in Asia/Shanghai, UTC+8).
const saturday = new Date(2026, 8, 5, 9, 0)

function form(over: Partial<RecurrenceForm> = {}): RecurrenceForm {
  return { ...defaultRecurrence(saturday), ...over }
}

describe('recurrence', () => {
  it('defaults to twelve weekly sessions on the start weekday, skipping holidays', () => {
    expect(defaultRecurrence(saturday)).toEqual({
      freq: 'weekly',
      interval: 1,
      weekdays: ['SA'],
      monthlyBy: 'monthday',
      end: 'count',
      count: 12,
      until: null,
      skipHolidays: true,
    })
    expect(buildRRule(form(), saturday)).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=SA;COUNT=12')
  })

  it('lists weekdays Monday first whatever the order they were picked in', () => {
    const rule = buildRRule(form({ weekdays: ['SA', 'TU', 'MO'] }), saturday)
    expect(rule).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TU,SA;COUNT=12')
  })

  it('adds WKST for every N > 1 weeks', () => {
    expect(buildRRule(form({ interval: 2, count: 6 }), saturday)).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;WKST=MO;COUNT=6',
    )
  })

  it('falls back to the start weekday when none is picked', () => {
    expect(buildRRule(form({ weekdays: [] }), saturday)).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=SA;COUNT=12')
  })

  it('ends on a local date as the end of that day in UTC', () => {
    expect(untilUTC('2026-12-31')).toBe('20261231T155959Z')
    expect(buildRRule(form({ end: 'until', until: '2026-12-31' }), saturday)).toBe(
      'FREQ=WEEKLY;INTERVAL=1;BYDAY=SA;UNTIL=20261231T155959Z',
    )
  })

  it('repeats monthly on the same day of the month', () => {
    expect(buildRRule(form({ freq: 'monthly', count: 10 }), saturday)).toBe(
      'FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=5;COUNT=10',
    )
  })

  it('repeats monthly on the same weekday of the month', () => {
    // 5 September 2026 is the first Saturday; 19 September the third; 29 September a fifth Tuesday.
    expect(buildRRule(form({ freq: 'monthly', monthlyBy: 'weekday', count: 4 }), saturday)).toBe(
      'FREQ=MONTHLY;INTERVAL=1;BYDAY=1SA;COUNT=4',
    )
    expect(nthWeekdayOfMonth(new Date(2026, 8, 19))).toBe(3)
    expect(nthWeekdayOfMonth(new Date(2026, 8, 29))).toBe(-1)
    const lastTuesday = new Date(2026, 8, 29, 19, 0)
    expect(buildRRule(form({ freq: 'monthly', monthlyBy: 'weekday', interval: 3 }), lastTuesday)).toBe(
      'FREQ=MONTHLY;INTERVAL=3;BYDAY=-1TU;COUNT=12',
    )
  })

  it('knows the weekday of a local date', () => {
    expect(weekdayOf(new Date(2026, 9, 1))).toBe('TH')
    expect(weekdayOf(new Date(2026, 9, 4))).toBe('SU')
    expect(weekdayOf(new Date(2026, 9, 5))).toBe('MO')
  })

  it('validates the form', () => {
    expect(validateRecurrence(form(), saturday)).toEqual([])
    expect(validateRecurrence(form({ weekdays: [] }), saturday)).toEqual(['weekdays'])
    expect(validateRecurrence(form({ interval: 0 }), saturday)).toEqual(['interval'])
    expect(validateRecurrence(form({ count: 0 }), saturday)).toEqual(['count'])
    expect(validateRecurrence(form({ count: 2.5 }), saturday)).toEqual(['count'])
    expect(validateRecurrence(form({ end: 'until' }), saturday)).toEqual(['until_missing'])
    expect(validateRecurrence(form({ end: 'until', until: '2026-09-04' }), saturday)).toEqual([
      'until_before_start',
    ])
    expect(validateRecurrence(form({ end: 'until', until: '2026-09-05' }), saturday)).toEqual([])
    // Monthly ignores the weekday list.
    expect(validateRecurrence(form({ freq: 'monthly', weekdays: [] }), saturday)).toEqual([])
  })
})
