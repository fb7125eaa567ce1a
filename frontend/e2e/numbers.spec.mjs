// Numbers a center hands up, end to end: a met target leaves later months with nothing due and
// an empty rate; a member who joined in April is measured against their own value, on the
// monthly report, the department's table and the dashboard.
import { BASE_URL, adminApi, assertEqual, login, newPage, openPage, pick, shot } from './lib.mjs'
import { YEAR } from './dashboard-lib.mjs'

const stamp = Date.now().toString(36).slice(-5)
const at = (date, time) => `${date}T${time}:00+08:00`
const JOINED = `${YEAR}-04-01`

/** activity makes one completed activity of a day of YEAR. */
async function done(api, body) {
  const a = await api.post('/activities', {
    location: '文化馆',
    staff_ids: [],
    team_ids: [],
    expected_attendance: 20,
    notes: '',
    venue_id: null,
    station_id: null,
    ...body,
  })
  await api.post(`/activities/${a.id}/complete`, { actual_attendance: 18, notes: '' })
  return a
}

/** target makes a target of YEAR with the even monthly split. */
function target(api, body) {
  return api.post('/targets', { year: YEAR, monthly_plan: null, ...body })
}

/** monthRow is a month's row of a target's table on the monthly page. */
const monthRow = (card, m) => card.locator(`[data-test=monthly-table] tbody tr[data-month="${m}"]`)

export default function (t) {
  t.test('sets up a target met in January and a member who joined on 1 April', async (ctx) => {
    const api = await adminApi()
    ctx.api = api
    const pw = `pw-${stamp}-secret`
    ctx.pw = pw
    ctx.lead = await api.post('/users', { username: `qian_${stamp}`, password: pw, name: `钱老师${stamp}`, role: 'staff' })
    ctx.late = await api.post('/users', {
      username: `xu_${stamp}`,
      password: pw,
      name: `许老师${stamp}`,
      role: 'staff',
      joined_on: JOINED,
    })
    assertEqual(ctx.late.joined_on, JOINED, 'the API keeps joined_on')
    // Three teams, each with a rehearsal completed in January: the target of 2 active teams is
    // met in January. Its plan is 2 split evenly, 1 in January and February, 0 after.
    for (let k = 0; k < 3; k++) {
      const team = await api.post('/teams', { name: `春晖${k}队 ${stamp}`, art_form: '舞蹈', founded_on: '2020-01-01', leader_id: ctx.lead.id, member_count: 20 })
      await done(api, {
        kind: 'team_activity',
        title: `春晖${k}队排练 ${stamp}`,
        start: at(`${YEAR}-01-${String(10 + k).padStart(2, '0')}`, '19:00'),
        end: at(`${YEAR}-01-${String(10 + k).padStart(2, '0')}`, '21:00'),
        organizer_id: ctx.lead.id,
        team_ids: [team.id],
      })
    }
    ctx.teams = await target(api, {
      name: `活跃团队 ${stamp}`,
      metric: 'active_teams',
      kinds: ['team_activity'],
      scope: 'center',
      staff_ids: [],
      value: 2,
    })
    // The member who joined on 1 April has 275 of the year's 365 days: ceil(60 * 275 / 365) = 46.
    ctx.days = await target(api, {
      name: `辅导天次 ${stamp}`,
      metric: 'person_days',
      kinds: ['outreach'],
      scope: 'each_staff',
      staff_ids: [ctx.lead.id, ctx.late.id],
      value: 60,
    })
    await done(api, {
      kind: 'outreach',
      title: `基层辅导 ${stamp}`,
      start: at(`${YEAR}-05-06`, '09:00'),
      end: at(`${YEAR}-05-06`, '11:00'),
      organizer_id: ctx.late.id,
    })
    const rows = (await api.get(`/progress?year=${YEAR}`)).items.filter((r) => r.target_id === ctx.days.id)
    const late = rows.find((r) => r.staff_id === ctx.late.id)
    assertEqual(late.value, 46, 'own value of the April newcomer')
    assertEqual(late.target_value, 60, 'the target value')
    assertEqual(rows.find((r) => r.staff_id === ctx.lead.id).value, 60, 'a member of the whole year keeps 60')
  })

  t.test('the monthly report shows nothing due and empty rates after the month a target is met', async (ctx) => {
    const { api } = ctx
    const page = await openPage(ctx)
    ctx.page = page
    await page.goto(`${BASE_URL}/monthly?year=${YEAR}`)
    const card = page.locator('[data-test=monthly-card]', { hasText: `活跃团队 ${stamp}` })
    await card.waitFor()
    const item = (await api.get(`/reports/monthly?year=${YEAR}`)).items.find((i) => i.target_id === ctx.teams.id)
    // January: due min(1 + 0, 2) = 1, actual 3, carry 0, rate 300 %. February: the year needs
    // max(0, 2 - 3) = 0 more, so due min(1 + 0, 0) = 0, no carry, no rate; so every later month.
    assertEqual(item.months[0].due, 1, 'API: January due')
    assertEqual(item.months[0].actual, 3, 'API: January actual')
    assertEqual((await monthRow(card, 1).locator('[data-test=rate]').textContent()).trim(), '300%', 'January rate')
    for (let m = 2; m <= 12; m++) {
      assertEqual(item.months[m - 1].due, 0, `API: month ${m} due`)
      assertEqual(item.months[m - 1].completion_rate, null, `API: month ${m} rate`)
      assertEqual((await monthRow(card, m).locator('[data-test=due]').textContent()).trim(), '0', `month ${m} due`)
      assertEqual((await monthRow(card, m).locator('[data-test=carry]').textContent()).trim(), '0', `month ${m} carry`)
      assertEqual((await monthRow(card, m).locator('[data-test=rate]').textContent()).trim(), '', `month ${m} rate is empty, not 0%`)
    }
    // The year row: the value 2, what was done and December's carry 0. The specs share one
    // database, and other specs' teams rehearse later in the year, so the year's actual is 3 or
    // more: the row shows what the API counts.
    assertEqual((await card.locator('[data-test=monthly-total-value]').textContent()).trim(), '2', 'year value')
    assertEqual((await card.locator('[data-test=monthly-total-actual]').textContent()).trim(), String(item.actual), 'year actual as the API counts it')
    if (item.actual < 3) throw new Error(`year actual ${item.actual}, want at least January's 3`)
    assertEqual((await card.locator('[data-test=monthly-total-carry]').textContent()).trim(), '0', 'year carry')
    await card.scrollIntoViewIfNeeded()
    await shot(page, 'monthly-met-target')
  })

  t.test('the department table and the member’s own report show a part-year member’s own value', async ({ page, days, late: member }) => {
    const dept = page.locator(`[data-test=department-${days.id}]`)
    await dept.waitFor()
    const late = dept.locator(`tr[data-staff="${member.id}"]`)
    assertEqual((await late.locator('[data-test=member-term]').textContent()).trim(), `本人目标 46/60，${JOINED} 到岗`, 'term in Chinese')
    // One person-day done in May of 46.
    assertEqual((await late.locator('[data-test=member-year]').textContent()).trim(), '1/46', 'done of own value')
    await dept.scrollIntoViewIfNeeded()
    await shot(page, 'monthly-department')
    await pick(page, 'monthly-whose', `许老师${stamp}`)
    const card = page.locator('[data-test=monthly-card]', { hasText: `辅导天次 ${stamp}` })
    assertEqual((await card.locator('[data-test=monthly-term]').textContent()).trim(), `本人目标 46/60，${JOINED} 到岗`, 'card term')
    // Before April the newcomer was not a member: January's plan is 0.
    assertEqual((await monthRow(card, 1).locator('td').first().textContent()).trim(), '0', 'no plan before joining')
  })

  t.test('the dashboard says the same in English: 46 of 60, joined 1 April', async ({ browser, pages }) => {
    const page = await newPage(browser, { locale: 'en-US' })
    pages.push(page)
    await login(page)
    await page.goto(`${BASE_URL}/?year=${YEAR}`)
    await page.locator('[data-test=staff-section]').waitFor()
    const bar = page.locator('[data-test=staff-target]')
    if (await bar.count()) await bar.locator('.el-radio-button', { hasText: `辅导天次 ${stamp}` }).click()
    const row = page.locator('[data-test=staff-progress] .el-table__body-wrapper .el-table__row', { hasText: `许老师${stamp}` })
    assertEqual((await row.locator('[data-test=staff-term]').textContent()).trim(), `46 of 60: joined ${JOINED}`, 'English term')
    await shot(page, 'dashboard-part-year-en')
    await page.context().close()
  })
}
