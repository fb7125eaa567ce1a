// The monthly plan of a target: 12 whole numbers, none negative, summing to the target's value.
// Editing one month rebalances the others so the sum always stays right.

export const MONTHS = 12

/** evenPlan splits value the server's way: whole numbers, the remainder to the earliest months. */
export function evenPlan(value: number): number[] {
  const v = Math.max(0, Math.trunc(value))
  return Array.from({ length: MONTHS }, (_, m) => Math.floor(v / MONTHS) + (m < v % MONTHS ? 1 : 0))
}

export function planSum(plan: readonly number[]): number {
  return plan.reduce((s, n) => s + n, 0)
}

/** isEvenPlan tells whether plan is exactly the default split (so it need not be stored). */
export function isEvenPlan(plan: readonly number[], value: number): boolean {
  const even = evenPlan(value)
  return plan.length === MONTHS && plan.every((n, i) => n === even[i])
}

function whole(n: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0
}

/** Spread amount over the months at idx: evenly, remainder to the earliest of them. */
function spread(plan: number[], idx: number[], amount: number): void {
  if (idx.length === 0) return
  const base = Math.floor(amount / idx.length)
  idx.forEach((m, k) => {
    plan[m] = (plan[m] ?? 0) + base + (k < amount % idx.length ? 1 : 0)
  })
}

/** Take amount away from the months at idx, the latest first, never below zero. */
function take(plan: number[], idx: number[], amount: number): number {
  let left = amount
  for (const m of [...idx].reverse()) {
    const cut = Math.min(plan[m] ?? 0, left)
    plan[m] = (plan[m] ?? 0) - cut
    left -= cut
    if (left === 0) break
  }
  return left
}

/**
 * setMonth sets month `index` (0-11) to n and keeps the sum at value: a surplus is taken from
 * the following months (the latest first), then from the earlier ones; a shortfall is spread
 * over the following months (over the earlier ones when December was edited). n is capped at
 * value.
 */
export function setMonth(plan: readonly number[], index: number, n: number, value: number): number[] {
  const total = whole(value)
  const out = normalize(plan, total)
  out[index] = Math.min(whole(n), total)
  const after = range(index + 1, MONTHS)
  const before = range(0, index)
  const diff = planSum(out) - total
  if (diff > 0) {
    const left = take(out, after, diff)
    take(out, before, left)
  } else if (diff < 0) {
    spread(out, after.length ? after : before, -diff)
  }
  return out
}

/**
 * scalePlan fits plan to a new value keeping its shape (largest remainders get the leftover
 * units); an even or empty plan stays even.
 */
export function scalePlan(plan: readonly number[], oldValue: number, value: number): number[] {
  const total = whole(value)
  const sum = planSum(plan)
  if (plan.length !== MONTHS || sum === 0 || isEvenPlan(plan, oldValue)) return evenPlan(total)
  const exact = plan.map((n) => (whole(n) * total) / sum)
  const out = exact.map(Math.floor)
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i)
  let left = total - planSum(out)
  for (const { i } of order) {
    if (left === 0) break
    out[i] = (out[i] ?? 0) + 1
    left--
  }
  return out
}

/** normalize returns 12 whole non-negative numbers; a malformed plan becomes the even split. */
export function normalize(plan: readonly number[] | null | undefined, value: number): number[] {
  if (!plan || plan.length !== MONTHS) return evenPlan(value)
  return plan.map(whole)
}

/** planProblem is what keeps plan from being saved, or null: the sum must equal value. */
export function planProblem(plan: readonly number[], value: number): { sum: number; diff: number } | null {
  const sum = planSum(plan)
  if (plan.length === MONTHS && sum === value && plan.every((n) => Number.isInteger(n) && n >= 0)) return null
  return { sum, diff: value - sum }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k)
}
