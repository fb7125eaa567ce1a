import type { DrillBucket } from '@/api/types'
import type { Metric } from '@/api/types'

/** What to drill into: one number of a progress row (or of one month of the monthly report). */
export interface DrillTarget {
  target_id: number
  name: string
  metric: Metric
  staff_id: number | null
  staff_name?: string
  bucket: DrillBucket
  month?: number
}

/** openingBucket is the list a drawer opens on: a month's number is always what was done. */
export function openingBucket(tg: Pick<DrillTarget, 'bucket' | 'month'>): DrillBucket {
  return tg.month ? 'actual' : tg.bucket
}
