export type ViewName = 'dayGridMonth' | 'timeGridWeek' | 'timeGridDay' | 'listWeek'

/** The calendar's views, in the order of the switcher. */
export const VIEWS: { name: ViewName; label: string }[] = [
  { name: 'dayGridMonth', label: 'calendar.views.month' },
  { name: 'timeGridWeek', label: 'calendar.views.week' },
  { name: 'timeGridDay', label: 'calendar.views.day' },
  { name: 'listWeek', label: 'calendar.views.list' },
]

export function isView(v: unknown): v is ViewName {
  return VIEWS.some((x) => x.name === v)
}
