export type ViewName = 'dayGridMonth' | 'timeGridWeek' | 'timeGrid3Day' | 'timeGridDay' | 'listWeek'

/** The calendar's views, in the order of the switcher. */
export const VIEWS: { name: ViewName; label: string }[] = [
  { name: 'dayGridMonth', label: 'calendar.views.month' },
  { name: 'timeGridWeek', label: 'calendar.views.week' },
  { name: 'timeGrid3Day', label: 'cal.threeDays' },
  { name: 'timeGridDay', label: 'calendar.views.day' },
  { name: 'listWeek', label: 'calendar.views.list' },
]

export function isView(v: unknown): v is ViewName {
  return VIEWS.some((x) => x.name === v)
}

/**
 * viewsFor is the switcher of a screen: a phone shows three days where a wider screen shows the
 * week, whose seven columns are too narrow to read there.
 */
export function viewsFor(narrow: boolean): { name: ViewName; label: string }[] {
  return VIEWS.filter((v) => v.name !== (narrow ? 'timeGridWeek' : 'timeGrid3Day'))
}

/** fitView swaps the week and the three days for the screen (a link shared from a phone, say). */
export function fitView(v: ViewName, narrow: boolean): ViewName {
  if (narrow && v === 'timeGridWeek') return 'timeGrid3Day'
  if (!narrow && v === 'timeGrid3Day') return 'timeGridWeek'
  return v
}
