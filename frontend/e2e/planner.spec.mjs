// The planner end to end: a member behind on next year's outreach days; "Plan the gap" on the
// dashboard's staff table opens the planner, which proposes conflict-free days; one is left out,
// the rest are booked, and the API's progress shows exactly what was booked.
import { BASE_URL, adminApi, assert, assertEqual, login, newPage, shot } from './lib.mjs'

const stamp = Date.now().toString(36).slice(-5)
// Next year, so that every month is still ahead whatever the day the tests run.
const YEAR = new Date().getFullYear() + 1

export default function (t) {
  t.test('sets up a member with an outreach target and a booked day', async (ctx) => {
    ctx.api = await adminApi()
    const user = await ctx.api.post('/users', {
      username: `plan${stamp}`, password: 'planner-password-1', role: 'staff', name: `补排${stamp}`,
    })
    ctx.user = user
    await ctx.api.post('/stations', { name: `对口站${stamp}`, address: '-', staff_ids: [user.id] })
    ctx.target = await ctx.api.post('/targets', {
      year: YEAR, name: `基层辅导${stamp}`, metric: 'person_days', kinds: ['outreach'],
      scope: 'each_staff', staff_ids: [user.id], value: 6,
    })
    // A center target too, so that the monthly report opens on the center with its department table.
    await ctx.api.post('/targets', { year: YEAR, name: `讲座${stamp}`, metric: 'count', kinds: ['lecture'], scope: 'center', value: 2 })
    // A study morning on the first working Monday of March: the member is busy then.
    ctx.busy = await ctx.api.post('/activities', {
      kind: 'study', title: '业务学习', start: `${YEAR}-03-02T09:00:00+08:00`, end: `${YEAR}-03-02T17:00:00+08:00`,
      organizer_id: user.id, staff_ids: [user.id],
    })
  })

  t.test('opens the planner from the staff table and proposes the gap', async (ctx) => {
    const page = await newPage(ctx.browser)
    ctx.page = page
    await login(page)
    await page.goto(`${BASE_URL}/dashboard?year=${YEAR}`)
    const row = page.locator('[data-test=staff-progress] .el-table__row', { hasText: ctx.user.name })
    await row.first().waitFor()
    await row.first().locator('[data-test=plan-gap]').first().click()
    await page.locator('[data-test=planner] [data-test=planner-standing]').waitFor()
    assert((await page.locator('[data-test=planner-standing]').textContent()).includes('尚差 6'), 'standing shows the gap of 6')
    await page.locator('[data-test=planner-propose]').click()
    const summary = page.locator('[data-test=planner-summary]')
    await summary.waitFor()
    assert((await summary.textContent()).includes('共 6 项'), `summary: ${await summary.textContent()}`)
    assertEqual(await page.locator('[data-test=planner-list] .el-table__body-wrapper .el-table__row').count(), 6, 'proposal rows')
    await page.locator('[data-test=planner-calendar] .planner-ghost').first().waitFor()
    await shot(page, 'planner-proposals')
  })

  t.test('leaves one out, sees the projected standing, and books the rest', async ({ page, api, target, user }) => {
    await page.locator('[data-test=planner-remove]').first().click()
    assertEqual(await page.locator('[data-test=planner-list] .el-table__body-wrapper .el-table__row').count(), 5, 'rows after removing one')
    // 5 of 6 booked: still behind, 1 to go.
    assert((await page.locator('[data-test=planner-after]').textContent()).includes('5 / 6'), 'projected 5 / 6')
    const accept = page.locator('[data-test=planner-accept]')
    assert((await accept.textContent()).includes('5'), 'the button says how many')
    await accept.click()
    await page.locator('[data-test=planner-booked]').waitFor()
    const rows = (await api.get(`/progress?year=${YEAR}&target_id=${target.id}&staff_id=${user.id}`)).items
    assertEqual(rows[0].scheduled, 5, 'scheduled after booking')
    assertEqual(rows[0].gap, 1, 'gap after booking')
    const acts = await api.activities(`${YEAR}-01-01`, `${YEAR + 1}-01-01`, `&staff_id=${user.id}&kind=outreach`)
    assertEqual(acts.length, 5, 'outreach activities booked')
    for (const a of acts) {
      assert(!(a.start < `${YEAR}-03-02T17:00` && a.end > `${YEAR}-03-02T09:00`), `booked over the study day: ${a.start}`)
      assert(a.station_id, 'outreach goes to the paired station')
    }
    await shot(page, 'planner-booked')
  })

  t.test('offers the rest of the gap from the monthly report', async ({ page, user }) => {
    await page.goto(`${BASE_URL}/monthly?year=${YEAR}`)
    const row = page.locator(`[data-test=members-matrix] tr[data-staff="${user.id}"]`).first()
    await row.waitFor()
    await row.locator('[data-test=plan-gap]').click()
    // 6 - 5 booked: 1 to go.
    await page.locator('[data-test=planner-standing]', { hasText: '尚差 1' }).waitFor()
  })

  t.test('reads well on a phone, in English', async ({ browser, target, user }) => {
    const page = await newPage(browser, { width: 390, height: 844, locale: 'en', mobile: true })
    await login(page)
    await page.goto(`${BASE_URL}/planner?target_id=${target.id}&staff_id=${user.id}`)
    await page.locator('[data-test=planner-standing]').waitFor()
    await page.locator('[data-test=planner-propose]').click()
    await page.locator('[data-test=planner-summary]').waitFor()
    assert((await page.locator('[data-test=planner-summary]').textContent()).includes('closes the whole gap'), 'English summary')
    await shot(page, 'planner-phone-en')
    await page.context().close()
  })
}
