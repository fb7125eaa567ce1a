// Numbers and phrases of the quota pages, kept free of Vue so they are unit tested.
import type { Metric, ProgressStatus } from '@/api/types'

/** Colours of the progress statuses (Element Plus's palette, readable on white). */
export const STATUS_COLORS: Record<ProgressStatus, string> = {
  met: '#2e7d32',
  on_track: '#1565c0',
  at_risk: '#b26a00',
  behind: '#c62828',
}

/** Statuses that are behind the pace of the plan. */
export function isBehind(status: ProgressStatus): boolean {
  return status === 'at_risk' || status === 'behind'
}

/** formatNumber shows a count as a whole number and a pace figure with at most one decimal. */
export function formatNumber(n: number | null | undefined, locale: string): string {
  if (n == null || !Number.isFinite(n)) return '–'
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n)
}

/** formatPercent shows a fraction (0.85) as a whole percentage ("85%"); under 10 % with one decimal. */
export function formatPercent(rate: number | null | undefined, locale: string): string {
  if (rate == null || !Number.isFinite(rate)) return '–'
  const digits = rate !== 0 && Math.abs(rate) < 0.1 ? 1 : 0
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(rate)
}

export interface BulletInput {
  value: number
  actual: number
  scheduled: number
  expected_to_date: number
}

/** Positions on a bullet bar, in percent of its width. */
export interface BulletGeometry {
  actual: number
  scheduled: number
  expected: number
  target: number
}

/**
 * bulletGeometry lays a target out on one bar: the actual from the left, the scheduled stacked
 * on it, a marker at the expected-to-date figure and a line at the target. The bar spans the
 * larger of the target and the projected total, so an overshoot stays visible.
 */
export function bulletGeometry(r: BulletInput): BulletGeometry {
  const projected = r.actual + r.scheduled
  const span = Math.max(r.value, projected, r.expected_to_date, 1)
  const pct = (n: number) => Math.round((Math.max(0, n) / span) * 1000) / 10
  return {
    actual: pct(r.actual),
    scheduled: pct(r.scheduled),
    expected: pct(r.expected_to_date),
    target: pct(r.value),
  }
}

export interface GapInput {
  metric: Metric
  value: number
  actual: number
  gap: number
}

/** A phrase key of the quota locale and the number it takes. */
export interface Phrase {
  key: string
  n: number
}

/**
 * gapPhrase says what is left to do: "target met", "5 more editions to schedule", or, when
 * enough is on the calendar, how many of the scheduled still have to take place.
 */
export function gapPhrase(r: GapInput): Phrase {
  if (r.actual >= r.value) return { key: 'quota.gap.met', n: r.actual - r.value }
  if (r.gap > 0) return { key: `quota.gap.${r.metric}`, n: r.gap }
  return { key: 'quota.gap.scheduled', n: r.value - r.actual }
}
