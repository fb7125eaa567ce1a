import { reactive } from 'vue'
import { api, type CalendarDay } from '@/api'

/**
 * useDayTypes keeps the center's calendar days (holidays, adjusted workdays, closures) by date,
 * fetching each year once when the calendar shows it.
 */
export function useDayTypes() {
  const days = reactive(new Map<string, CalendarDay>())
  const years = new Set<number>()

  async function ensure(from: Date, to: Date): Promise<void> {
    const want: number[] = []
    for (let y = from.getFullYear(); y <= to.getFullYear(); y++) {
      if (!years.has(y)) want.push(y)
    }
    await Promise.all(
      want.map(async (y) => {
        years.add(y)
        try {
          const res = await api.calendar.days(y)
          for (const d of res.items) {
            if (d.type !== 'workday' && d.type !== 'weekend') days.set(d.date, d)
          }
        } catch {
          years.delete(y) // try again next time the year is shown
        }
      }),
    )
  }

  function reload(): void {
    years.clear()
    days.clear()
  }

  return { days, ensure, reload }
}
