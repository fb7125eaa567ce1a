import type { EventInput } from '@fullcalendar/core'
import type { Activity } from '@/api'
import { kindColor } from '@/lib/kinds'

/** toEvent shows an activity on the calendar: coloured by kind, styled by status. */
export function toEvent(a: Activity, editable: boolean): EventInput {
  const color = kindColor(a.kind)
  const planned = a.status === 'planned'
  return {
    id: String(a.id),
    title: a.title,
    start: a.start,
    end: a.end,
    allDay: false,
    editable: editable && planned,
    backgroundColor: a.status === 'cancelled' ? '#ffffff' : color,
    borderColor: color,
    textColor: a.status === 'cancelled' ? color : '#ffffff',
    classNames: [`cs-event`, `cs-status-${a.status}`, `cs-kind-${a.kind}`],
    extendedProps: { activity: a },
  }
}
