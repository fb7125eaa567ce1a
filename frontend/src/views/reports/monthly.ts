// The monthly statistics (按月统计) as tables: pure, so they are unit tested. The numbers are the
// server's (DESIGN.md, monthly rollover); these functions only arrange them and say what a cell
// shows: a month with nothing due has no rate (an empty cell, never 0%).
import type { MonthStat, MonthlyItem, MonthlyReport, MonthlyTotal, MonthlyYear, OpenStation, TargetRow } from '@/api/types'

/** yearRow is the year row: the (member's own) value, what is done and December's carry. */
export function yearRow(item: Pick<MonthlyItem, 'months' | 'value' | 'year'>): MonthlyYear & { rate: number | null } {
  const y = item.year ?? {
    value: item.value,
    actual: item.months.reduce((s, m) => s + m.actual, 0),
    carry: item.months.at(-1)?.carry ?? 0,
  }
  return { ...y, rate: y.value > 0 ? y.actual / y.value : null }
}

/** monthRate is a month's rate as the tables show it: null (an empty cell) when nothing was due. */
export function monthRate(m: Pick<MonthStat, 'due' | 'completion_rate'>): number | null {
  return m.due > 0 && m.completion_rate != null ? m.completion_rate : null
}

/** Part of a member's year: their own value of the target's, and when they joined or left. */
export interface MemberTerm {
  own: number
  value: number
  joined: string | null
  left: string | null
}

/**
 * memberTerm says whether a row is a part-year member's: their own value differs from the
 * target's, or their dates fall inside the year. Null for a center row or a member of the whole
 * year, whose value needs no remark.
 */
export function memberTerm(row: Pick<TargetRow, 'staff_id' | 'value' | 'target_value' | 'joined_on' | 'left_on'>, year: number): MemberTerm | null {
  if (row.staff_id == null) return null
  const inYear = (d: string | null | undefined) => (d && d.startsWith(`${year}-`) ? d : null)
  const joined = inYear(row.joined_on)
  const left = inYear(row.left_on)
  const value = row.target_value ?? row.value
  if (!joined && !left && value === row.value) return null
  return { own: row.value, value, joined, left }
}

/** A member's row of the department's table: their months of one each_staff target. */
export interface MatrixRow {
  staffId: number
  name: string
  item: MonthlyItem
  year: ReturnType<typeof yearRow>
  term: MemberTerm | null
  openStations: OpenStation[]
}

/** The department's table of one each_staff target: members by months, and the sums. */
export interface Matrix {
  targetId: number
  name: string
  metric: MonthlyItem['metric']
  rows: MatrixRow[]
  total: MonthlyTotal | null
}

/**
 * departmentTables gives one members-by-months table per each_staff target, members in name
 * order, with the target's sums (the report's totals) as the last row.
 */
export function departmentTables(report: Pick<MonthlyReport, 'items' | 'year'> & Partial<Pick<MonthlyReport, 'totals'>>, nameOf: (id: number) => string): Matrix[] {
  const out = new Map<number, Matrix>()
  for (const i of report.items) {
    if (i.scope !== 'each_staff' || i.staff_id == null) continue
    let m = out.get(i.target_id)
    if (!m) {
      m = { targetId: i.target_id, name: i.name, metric: i.metric, rows: [], total: null }
      out.set(i.target_id, m)
    }
    m.rows.push({
      staffId: i.staff_id,
      name: i.staff_name || nameOf(i.staff_id),
      item: i,
      year: yearRow(i),
      term: memberTerm(i, report.year),
      openStations: i.open_stations ?? [],
    })
  }
  for (const m of out.values()) {
    m.rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    m.total = report.totals?.find((x) => x.target_id === m.targetId) ?? sumMembers(m)
  }
  return [...out.values()]
}

/**
 * sumMembers adds a target's members up month by month, for a server that sends no totals:
 * plan, due, actual and carry summed; the rate is the summed actual over the summed due.
 */
export function sumMembers(m: Pick<Matrix, 'targetId' | 'name' | 'metric' | 'rows'>): MonthlyTotal {
  const months: MonthStat[] = Array.from({ length: 12 }, (_, k) => {
    const ms = m.rows.map((r) => r.item.months[k]).filter((x): x is MonthStat => !!x)
    const sum = (f: (x: MonthStat) => number) => ms.reduce((s, x) => s + f(x), 0)
    const due = sum((x) => x.due)
    const actual = sum((x) => x.actual)
    return { month: k + 1, plan: sum((x) => x.plan), due, actual, carry: sum((x) => x.carry), completion_rate: due > 0 ? actual / due : null, member: true }
  })
  const year = m.rows.reduce(
    (y, r) => ({ value: y.value + r.year.value, actual: y.actual + r.year.actual, carry: y.carry + r.year.carry }),
    { value: 0, actual: 0, carry: 0 },
  )
  return { target_id: m.targetId, name: m.name, metric: m.metric, members: m.rows.length, value: year.value, actual: year.actual, months, year }
}

/** A row of one month across targets or members: the month's figures and the year so far. */
export interface MonthRow {
  key: string
  label: string
  month: MonthStat
  /** Done from January to the month, and the (member's own) value. */
  toDate: number
  value: number
  term: MemberTerm | null
}

/** monthRows lays out one month of items (targets, or one target's members) as rows. */
export function monthRows(items: MonthlyItem[], month: number, label: (i: MonthlyItem) => string, year: number): MonthRow[] {
  return items.map((i) => {
    const m = i.months.find((x) => x.month === month) ?? { month, plan: 0, due: 0, actual: 0, carry: 0, completion_rate: null, member: true }
    return {
      key: `${i.target_id}-${i.staff_id ?? 0}`,
      label: label(i),
      month: m,
      toDate: i.months.filter((x) => x.month <= month).reduce((s, x) => s + x.actual, 0),
      value: i.value,
      term: memberTerm(i, year),
    }
  })
}

/** totalMonthRow is the department's sums of a target in one month, from the report's totals. */
export function totalMonthRow(total: MonthlyTotal, month: number, label: string): MonthRow {
  const m = total.months.find((x) => x.month === month) ?? { month, plan: 0, due: 0, actual: 0, carry: 0, completion_rate: null, member: true }
  return {
    key: `total-${total.target_id}`,
    label,
    month: m,
    toDate: total.months.filter((x) => x.month <= month).reduce((s, x) => s + x.actual, 0),
    value: total.value,
    term: null,
  }
}

/**
 * acrossMembers is one month of a department table across its members, with the target's sums
 * as the last row; the report and its print show the same rows.
 */
export function acrossMembers(
  table: Matrix | undefined,
  month: number | null | undefined,
  nameOf: (i: MonthlyItem) => string,
  year: number,
  totalLabel: string,
): MonthRow[] {
  if (!table || !month) return []
  const rows = monthRows(table.rows.map((r) => r.item), month, nameOf, year)
  return table.total ? [...rows, totalMonthRow(table.total, month, totalLabel)] : rows
}

/** readMonth takes ?month= when it is 1 to 12, else nothing (the whole year). */
export function readMonth(q: unknown): number | undefined {
  const n = Number(Array.isArray(q) ? q[0] : q)
  return Number.isInteger(n) && n >= 1 && n <= 12 ? n : undefined
}

/** readId takes an id from the address (?staff_id=, ?venue_id=) when it is written in digits, else nothing. */
export function readId(q: unknown): number | undefined {
  return typeof q === 'string' && /^\d+$/.test(q) ? Number(q) : undefined
}

/** pastMonths is how many months of year have begun by the as-of date: later ones have no figures yet. */
export function pastMonths(year: number, asOf: string | undefined): number {
  if (!asOf) return 12
  const y = Number(asOf.slice(0, 4))
  if (y < year) return 0
  if (y > year) return 12
  return Number(asOf.slice(5, 7))
}

/** A phrase key and its parameters, for t(). */
export interface Phrase {
  key: string
  params: Record<string, string | number>
}

/**
 * termPhrases says a part-year member's own value: "46/60，2026-04-01 入职", "46 of 60: joined
 * 2026-04-01". The first phrase is the dates (each its own), the last the whole remark.
 */
export function termPhrases(term: MemberTerm): { dates: Phrase[]; whole: (dates: string) => Phrase } {
  const dates: Phrase[] = []
  if (term.joined) dates.push({ key: 'monthly.term.joined', params: { date: term.joined } })
  if (term.left) dates.push({ key: 'monthly.term.left', params: { date: term.left } })
  return {
    dates,
    whole: (d: string): Phrase =>
      d
        ? { key: 'monthly.term.own', params: { own: term.own, value: term.value, dates: d } }
        : { key: 'monthly.term.ownOnly', params: { own: term.own, value: term.value } },
  }
}
