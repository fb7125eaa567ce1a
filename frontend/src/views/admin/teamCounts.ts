import type { Activity } from '@/api'
import { listAllActivities } from '@/views/calendar/activities'

/** countByTeam is how many of the activities each team takes part in, by team id. */
export function countByTeam(activities: Pick<Activity, 'team_ids'>[]): Map<number, number> {
  const out = new Map<number, number>()
  for (const a of activities) {
    for (const id of new Set(a.team_ids ?? [])) out.set(id, (out.get(id) ?? 0) + 1)
  }
  return out
}

/**
 * teamDoneCounts is, for every team, how many activities of a year it took part in that are
 * completed: what makes a team count as active. One listing of the year (paged), counted here,
 * rather than one request per team.
 */
export async function teamDoneCounts(year: number): Promise<Map<number, number>> {
  const done = await listAllActivities({ from: `${year}-01-01`, to: `${year + 1}-01-01`, status: 'completed' })
  return countByTeam(done)
}
