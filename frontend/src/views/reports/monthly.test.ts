import { describe, expect, it } from 'vitest'
import type { MonthStat, MonthlyItem, MonthlyReport } from '@/api/types'
import { acrossMembers, departmentTables, memberTerm, monthRate, monthRows, pastMonths, readId, readMonth, yearRow } from './monthly'

/** months builds twelve months from plans, dues, actuals and carries given as arrays. */
function months(plan: number[], due: number[], actual: number[], carry: number[]): MonthStat[] {
  return plan.map((p, k) => ({
    month: k + 1,
    plan: p,
    due: due[k]!,
    actual: actual[k]!,
    carry: carry[k]!,
    completion_rate: due[k]! > 0 ? actual[k]! / due[k]! : null,
    member: true,
  }))
}

// The duty statement's 8 active teams, 8 split evenly over 12 months: 1 a month from January to
// August, 0 after. Ten teams are active in January: January due 1, actual 10, carry 0; the year
// is met, so February to December are due 0 (min(plan + carry, left) = min(1 + 0, 0) = 0).
const teams: MonthlyItem = {
  target_id: 1,
  name: '活跃业余团队',
  metric: 'active_teams',
  scope: 'center',
  staff_id: null,
  value: 8,
  target_value: 8,
  joined_on: null,
  left_on: null,
  year: { value: 8, actual: 10, carry: 0 },
  actual: 10,
  months: months(
    [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0],
    [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  ),
}

describe('monthly rollover display', () => {
  it('leaves the rate of a month with nothing due empty, not 0%', () => {
    expect(monthRate(teams.months[0]!)).toBe(10)
    for (const m of teams.months.slice(1)) expect(monthRate(m)).toBeNull()
    // A server rate beside a due of 0 is not shown either.
    expect(monthRate({ due: 0, completion_rate: 0 })).toBeNull()
  })

  it('ends with a year row of the value, the actual and December carry', () => {
    // 10 done of 8: 125 %; nothing carried out of December.
    expect(yearRow(teams)).toEqual({ value: 8, actual: 10, carry: 0, rate: 1.25 })
    // The server's year row wins: a member's own value of 46.
    expect(yearRow({ ...teams, value: 46, year: { value: 46, actual: 12, carry: 3 } })).toEqual({
      value: 46,
      actual: 12,
      carry: 3,
      rate: 12 / 46,
    })
  })

  it('says which months have figures by the as-of date', () => {
    expect(pastMonths(2026, '2026-03-15')).toBe(3)
    expect(pastMonths(2026, '2027-01-05')).toBe(12)
    expect(pastMonths(2026, '2025-12-31')).toBe(0)
    expect(pastMonths(2026, undefined)).toBe(12)
    expect(readMonth('3')).toBe(3)
    expect(readMonth('13')).toBeUndefined()
    expect(readMonth(undefined)).toBeUndefined()
  })

  it('reads an id from the address only when it is written in digits', () => {
    expect(readId('42')).toBe(42)
    expect(readId('4x')).toBeUndefined()
    expect(readId(['42'])).toBeUndefined()
    expect(readId(undefined)).toBeUndefined()
  })
})

describe('part-year members', () => {
  it('remarks a member joining on 1 April with their own value', () => {
    // ceil(60 * 275 / 365) = 46: 1 April to 31 December is 275 days of 365.
    const row = { staff_id: 7, value: 46, target_value: 60, joined_on: '2026-04-01', left_on: null }
    expect(memberTerm(row, 2026)).toEqual({ own: 46, value: 60, joined: '2026-04-01', left: null })
  })
  it('says nothing of a member of the whole year or a center row', () => {
    expect(memberTerm({ staff_id: 7, value: 60, target_value: 60, joined_on: '2019-09-01', left_on: null }, 2026)).toBeNull()
    expect(memberTerm({ staff_id: null, value: 8, target_value: 8, joined_on: null, left_on: null }, 2026)).toBeNull()
  })
})

function member(id: number, name: string, actual: number[], extra: Partial<MonthlyItem> = {}): MonthlyItem {
  const plan = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]
  const it: MonthlyItem = {
    target_id: 2,
    name: '基层辅导天次',
    metric: 'person_days',
    scope: 'each_staff',
    staff_id: id,
    staff_name: name,
    value: 60,
    target_value: 60,
    joined_on: null,
    left_on: null,
    year: { value: 0, actual: 0, carry: 0 },
    actual: actual.reduce((s, x) => s + x, 0),
    months: months(plan, plan, actual, plan.map((p, k) => Math.max(0, p - actual[k]!))),
    ...extra,
  }
  // The year row as the server writes it: the member's own value, what is done, December's carry.
  return { ...it, year: extra.year ?? { value: it.value, actual: it.actual, carry: it.months[11]!.carry } }
}

describe('the department on one page', () => {
  const zero = Array(12).fill(0) as number[]
  const report: Pick<MonthlyReport, 'items' | 'totals' | 'year'> = {
    year: 2026,
    items: [
      teams,
      member(8, '王老师', [6, ...zero.slice(1)]),
      member(7, '李老师', [3, ...zero.slice(1)], {
        value: 46,
        target_value: 60,
        joined_on: '2026-04-01',
        open_stations: [{ id: 3, name: '新华街文化站', scheduled: true }],
      }),
    ],
    totals: [
      {
        target_id: 2,
        name: '基层辅导天次',
        metric: 'person_days',
        members: 2,
        value: 106,
        actual: 9,
        months: [],
        year: { value: 106, actual: 9, carry: 0 },
      },
    ],
  }

  it('makes one members-by-months table per each_staff target, members by name, with the sums', () => {
    const tables = departmentTables(report, (id) => `#${id}`)
    expect(tables).toHaveLength(1)
    const [m] = tables
    expect(m!.rows.map((r) => r.name)).toEqual(['李老师', '王老师'])
    expect(m!.rows[0]!.term).toEqual({ own: 46, value: 60, joined: '2026-04-01', left: null })
    expect(m!.rows[0]!.openStations.map((s) => s.name)).toEqual(['新华街文化站'])
    expect(m!.total?.value).toBe(106)
  })

  it('adds the members up when the server sends no totals', () => {
    const tables = departmentTables({ ...report, totals: undefined }, (id) => `#${id}`)
    const total = tables[0]!.total!
    // January: due 5 + 5 = 10, done 3 + 6 = 9, carried 2 + 0 = 2, rate 9 / 10.
    expect(total.months[0]).toEqual({ month: 1, plan: 10, due: 10, actual: 9, carry: 2, completion_rate: 0.9, member: true })
    // The year: own values 46 + 60 = 106, done 9; December carries 5 + 5 = 10.
    expect(total.year).toEqual({ value: 106, actual: 9, carry: 10 })
    expect(total.members).toBe(2)
  })

  it('lays one month out across members with what is done so far', () => {
    const rows = monthRows(report.items.slice(1), 1, (i) => i.staff_name ?? '', 2026)
    // January: 王老师 due 5, did 6, carries 0; 李老师 due 5, did 3, carries 2.
    expect(rows.map((r) => [r.label, r.month.due, r.month.actual, r.month.carry, r.toDate, r.value])).toEqual([
      ['王老师', 5, 6, 0, 6, 60],
      ['李老师', 5, 3, 2, 3, 46],
    ])
  })

  it('lays one month of a department table across its members, the sums last', () => {
    const tables = departmentTables({ ...report, totals: undefined }, (id) => `#${id}`)
    const rows = acrossMembers(tables[0], 1, (i) => i.staff_name ?? '', 2026, '合计')
    // Members by name, then the sums: due 5 + 5 = 10, done 3 + 6 = 9, carried 2.
    expect(rows.map((r) => [r.label, r.month.due, r.month.actual, r.month.carry])).toEqual([
      ['李老师', 5, 3, 2],
      ['王老师', 5, 6, 0],
      ['合计', 10, 9, 2],
    ])
    expect(acrossMembers(tables[0], null, (i) => i.staff_name ?? '', 2026, '合计')).toEqual([])
  })
})
