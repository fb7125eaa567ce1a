import type { Metric, Target, TargetInput } from '@/api/types'
import { isEvenPlan, planProblem, scalePlan } from './plan'

export const METRICS: Metric[] = ['count', 'editions', 'person_days', 'attendance', 'active_teams', 'paired_stations']

/** The target form's state (the year is the page's); monthly_plan null is the even split. */
export type TargetDraft = Omit<TargetInput, 'year'>

export function emptyDraft(): TargetDraft {
  return { name: '', metric: 'count', kinds: [], scope: 'center', staff_ids: [], value: 10, monthly_plan: null }
}

export function draftOf(t: Target): TargetDraft {
  return {
    name: t.name,
    metric: t.metric,
    kinds: [...t.kinds],
    scope: t.scope,
    staff_ids: [...(t.staff_ids ?? [])],
    value: t.value,
    monthly_plan: t.monthly_plan ? [...t.monthly_plan] : null,
  }
}

/** withValue changes the value and fits a custom plan to it, keeping its shape. */
export function withValue(d: TargetDraft, value: number): TargetDraft {
  const plan = d.monthly_plan ? scalePlan(d.monthly_plan, d.value, value) : null
  return { ...d, value, monthly_plan: plan }
}

/** checkDraft returns i18n keys of the problems by field; empty when the draft can be saved. */
export function checkDraft(d: TargetDraft): Record<string, string> {
  const bad: Record<string, string> = {}
  if (!d.name.trim()) bad.name = 'targets.err.name'
  if (!Number.isInteger(d.value) || d.value < 1) bad.value = 'targets.err.value'
  if (d.scope === 'center' && d.metric === 'paired_stations') bad.scope = 'targets.err.pairedScope'
  if (d.monthly_plan && planProblem(d.monthly_plan, d.value)) bad.monthly_plan = 'targets.err.plan'
  return bad
}

/** toSave is the body for the API: staff only for each_staff, an even plan stored as null. */
export function toSave(d: TargetDraft, year: number): TargetInput {
  const plan = d.monthly_plan && !isEvenPlan(d.monthly_plan, d.value) ? d.monthly_plan : null
  return {
    year,
    name: d.name.trim(),
    metric: d.metric,
    kinds: d.kinds,
    scope: d.scope,
    staff_ids: d.scope === 'each_staff' ? d.staff_ids : [],
    value: d.value,
    monthly_plan: plan,
  }
}
