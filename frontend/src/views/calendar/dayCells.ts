// Day numbers and day-type tags (holiday, 班, closure) drawn into FullCalendar's cells as plain
// DOM: a month has 42 cells re-drawn on every render, which Vue slots would make slow.
import type { DayCellContentArg, DayHeaderContentArg } from '@fullcalendar/core'
import type { CalendarDay } from '@/api'
import { localDate } from '@/lib/datetime'

type Translate = (key: string) => string

function el(tag: string, className: string, text = ''): HTMLElement {
  const e = document.createElement(tag)
  e.className = className
  e.textContent = text
  return e
}

/**
 * dayTag is the small label of a special day, or null for an ordinary one. Holidays and closures
 * show their name; short (a phone's cell) uses the one-character marks of Chinese calendars
 * (休 day off, 班 adjusted workday, 闭 closed), which adjusted workdays always use.
 */
export function dayTag(day: CalendarDay | undefined, short: boolean, t: Translate, lang = 'zh-CN'): HTMLElement | null {
  if (!day || day.type === 'workday' || day.type === 'weekend') return null
  // Holidays have an English name too (a closure's own name is whatever the center wrote).
  const name = (lang === 'en' && day.name_en) || day.name
  const label =
    short || day.type === 'adjusted_workday'
      ? t(`calendar.dayTypeShort.${day.type}`)
      : name || t(`calendar.dayType.${day.type}`)
  const tag = el('span', `cs-daytag cs-daytag--${day.type}`, label)
  tag.title = name || t(`calendar.dayType.${day.type}`)
  tag.dataset.test = 'day-tag'
  return tag
}

export function dayCellContent(days: Map<string, CalendarDay>, short: boolean, t: Translate, lang = 'zh-CN') {
  return (arg: DayCellContentArg) => {
    const nodes: HTMLElement[] = [el('span', 'cs-daynum', String(arg.date.getDate()))]
    const tag = dayTag(days.get(localDate(arg.date)), short, t, lang)
    if (tag) nodes.push(tag)
    return { domNodes: nodes }
  }
}

export function dayHeaderContent(days: Map<string, CalendarDay>, short: boolean, t: Translate, lang = 'zh-CN') {
  return (arg: DayHeaderContentArg) => {
    const type = arg.view.type
    // The month view's headers are weekday names, not dates.
    if (type === 'dayGridMonth') return arg.text
    const tag = dayTag(days.get(localDate(arg.date)), short && type !== 'timeGridDay', t, lang)
    if (type.startsWith('list')) {
      const row = el('span', 'cs-listday')
      row.append(el('span', '', arg.text))
      if (tag) row.append(tag)
      row.append(el('span', 'cs-listday__side', (arg as DayHeaderContentArg & { sideText?: string }).sideText ?? ''))
      return { domNodes: [row] }
    }
    return { domNodes: tag ? [el('span', '', arg.text), tag] : [el('span', '', arg.text)] }
  }
}
