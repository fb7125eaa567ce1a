// The inside of a calendar tile, drawn as plain DOM (a month shows hundreds of tiles): time and
// title, then "where · who" on a line of its own, and a mark when a closure falls on it.
import type { CalendarDay } from '@/api'
import type { Activity } from '@/api'
import type { EventContentArg } from '@fullcalendar/core'
import { formatTime } from '@/lib/datetime'
import { closureOf, tileMeta, type Names } from './tiles'

type Translate = (key: string) => string

function span(className: string, text: string): HTMLElement {
  const e = document.createElement('span')
  e.className = className
  e.textContent = text
  return e
}

export function eventContent(names: Names, days: Map<string, CalendarDay>, t: Translate) {
  return (arg: EventContentArg) => {
    const a = arg.event.extendedProps.activity as Activity | undefined
    if (!a || arg.isMirror) return true // FullCalendar's own content for a drag's shadow
    const type = arg.view.type
    const meta = tileMeta(a, names)
    const closed = closureOf(a, days)
    const nodes: HTMLElement[] = []
    const head = span('cs-tile__head', '')
    if (closed) {
      const mark = span('cs-tile__closure', t('calendar.dayTypeShort.closure'))
      mark.title = closed.name
      mark.dataset.test = 'tile-closure'
      head.append(mark)
    }
    if (!type.startsWith('list')) head.append(span('cs-tile__time', formatTime(arg.event.start ?? new Date(a.start))))
    head.append(span('cs-tile__title', a.title))
    nodes.push(head)
    if (meta) {
      const m = span('cs-tile__meta', meta)
      m.dataset.test = 'tile-meta'
      nodes.push(m)
    }
    const box = document.createElement('div')
    box.className = `cs-tile cs-tile--${type.startsWith('timeGrid') ? 'grid' : type.startsWith('list') ? 'list' : 'month'}`
    box.append(...nodes)
    return { domNodes: [box] }
  }
}
