import { api, type Activity, type ActivityQuery } from '@/api'

const PER_PAGE = 1000
const MAX_PAGES = 20

/** listAllActivities reads every activity of a range, page by page. */
export async function listAllActivities(q: ActivityQuery, signal?: AbortSignal): Promise<Activity[]> {
  const out: Activity[] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await api.activities.list({ ...q, page, per_page: PER_PAGE }, signal)
    out.push(...res.items)
    if (res.items.length === 0 || out.length >= res.total) break
  }
  return out
}
