// The department head's year in the browser: the scores page (ranking, a member's breakdown
// with its drill-down, the trend chart, the printed sheet), submitting a month on the monthly
// report and comparing it after a change, and the reminders' bell of a staff member.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BASE_URL, SHOTS, adminApi, assert, assertEqual, openPage, pick, shot } from './lib.mjs'

const stamp = Date.now().toString(36).slice(-5)
// A year of its own, two years back: no other spec puts targets there.
const Y = new Date().getFullYear() - 2
const at = (date, time) => `${date}T${time}:00+08:00`

async function outreach(api, who, date, stationId, done = true) {
  const a = await api.post('/activities', {
    kind: 'outreach',
    title: `基层辅导 ${who.name} ${date}`,
    start: at(date, '09:00'),
    end: at(date, '11:00'),
    location: '街道',
    organizer_id: who.id,
    staff_ids: [],
    team_ids: [],
    station_id: stationId,
    expected_attendance: 20,
    notes: '',
  })
  if (done) await api.post(`/activities/${a.id}/complete`, { actual_attendance: 18, notes: '' })
  return a
}

export default function (t) {
  t.test('seeds three members, their stations, outreach days and the duty-statement targets', async (ctx) => {
    const api = await adminApi()
    ctx.api = api
    ctx.pw = `pw-${stamp}-secret`
    const mk = (u, name) => api.post('/users', { username: `${u}_${stamp}`, password: ctx.pw, name: `${name}${stamp}`, role: 'staff' })
    const [a, b, c] = [await mk('zhao', '赵'), await mk('qian', '钱'), await mk('sun', '孙')]
    ctx.a = a
    ctx.b = b
    const st = {}
    for (const [who, names] of [[a, ['甲', '乙']], [b, ['丙', '丁']], [c, ['戊', '己']]]) {
      st[who.id] = []
      for (const n of names) st[who.id].push((await api.post('/stations', { name: `${n}街站 ${stamp}`, address: '-', staff_ids: [who.id] })).id)
    }
    // a and c: 3 of 4 days, 1 of 2 stations; b: 4 days at both stations.
    for (const [who, days, stations] of [[a, 3, 1], [b, 4, 2], [c, 3, 1]]) {
      for (let i = 0; i < days; i++) {
        await outreach(api, who, `${Y}-0${i + 2}-10`, i < stations ? st[who.id][i] : st[who.id][0])
      }
    }
    const ids = [a.id, b.id, c.id]
    await api.post('/targets', { year: Y, name: '基层辅导天次', metric: 'person_days', kinds: ['outreach'], scope: 'each_staff', staff_ids: ids, value: 4 })
    await api.post('/targets', { year: Y, name: '对口辅导文化站', metric: 'paired_stations', kinds: [], scope: 'each_staff', staff_ids: ids, value: 2 })
    ctx.c = c
  })

  t.test('creates the duty statement scheme and ranks the members, ties sharing a rank', async (ctx) => {
    const page = await openPage(ctx)
    ctx.page = page
    await page.goto(`${BASE_URL}/assessment?year=${Y}`)
    await page.locator('[data-test=assessment-template]').click()
    await page.locator('[data-test=assessment-ranking] .el-table__row').first().waitFor()
    const rows = page.locator('[data-test=assessment-ranking] .el-table__body-wrapper .el-table__row')
    assertEqual(await rows.count(), 3, 'members ranked')
    const texts = await rows.allInnerTexts()
    // b: 4/4 = 100%: 0; 2 stations: 0; 100. a and c: 3/4 = 75%: (75 - 100) × 1 = -25; 1 short: -2; 73.
    assert(texts[0].includes(ctx.b.name) && texts[0].includes('100.00') && /^1\b/.test(texts[0].trim()), `first row: ${texts[0]}`)
    for (const r of texts.slice(1)) assert(/^2\b/.test(r.trim()) && r.includes('73.00') && r.includes('-25.00'), `tied row: ${r}`)
    await shot(page, 'assessment-ranking')
  })

  t.test("shows a member's breakdown, drills into the days, and draws the trend", async ({ page, a }) => {
    await page.locator('[data-test=assessment-ranking] .el-table__row', { hasText: a.name }).click()
    const bd = page.locator('[data-test=assessment-breakdown]')
    await bd.waitFor()
    assertEqual(await bd.locator('[data-test=breakdown-rule]').count(), 2, 'two rules')
    assert((await bd.innerText()).includes('73.00'), 'the breakdown ends in the total')
    await bd.locator('[data-test=breakdown-drill]').first().click()
    const drawer = page.locator('[data-test=drill-drawer]')
    await drawer.locator('[data-test=drill-items]').waitFor()
    // a's 3 outreach days, the figure the rule used.
    assertEqual(await drawer.locator('[data-test=drill-items] > li').count(), 3, 'days behind the figure')
    await shot(page, 'assessment-drill')
    await page.keyboard.press('Escape')
    await page.locator('[data-test=assessment-trend] svg').waitFor()
    await shot(page, 'assessment-breakdown')
  })

  t.test('prints the assessment sheet on A4 with the sign-off lines', async ({ page }) => {
    await page.emulateMedia({ media: 'print' })
    const pdf = join(SHOTS, 'assessment-sheet.pdf')
    writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }))
    await page.emulateMedia({ media: 'screen' })
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString()
    for (const want of ['考核评分表', '制表人', '审核人', '73.00', '100.00']) assert(text.includes(want), `the printed sheet says ${want}:\n${text}`)
    const pages = execFileSync('pdfinfo', [pdf]).toString().match(/Pages:\s+(\d+)/)?.[1]
    assertEqual(pages, '1', 'pages of the sheet')
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, join(SHOTS, 'assessment-sheet')])
  })

  t.test('submits a month on the monthly report and compares it after a change', async ({ page, api, a }) => {
    // A planned outreach in March of Y, recorded only after the month is handed up.
    const later = await outreach(api, a, `${Y}-03-20`, null, false)
    await page.goto(`${BASE_URL}/monthly?year=${Y}`)
    const subs = page.locator('[data-test=submissions]')
    await subs.waitFor()
    await pick(page, 'submit-month', `${Y}-03`)
    await subs.locator('[data-test=submit]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message--success').first().waitFor()
    await subs.locator('[data-test=submissions-list] .el-table__row').first().waitFor()
    await api.post(`/activities/${later.id}/complete`, { actual_attendance: 12, notes: '' })
    await page.reload()
    await subs.locator('[data-test=changed-count]', { hasText: '1' }).waitFor()
    await subs.locator('[data-test=compare]').first().click()
    const changed = page.locator('[data-test=changed-activities]')
    await changed.locator('li', { hasText: `#${later.id}` }).waitFor()
    const table = page.locator('[data-test=compare-table]')
    await table.locator('.el-table__row', { hasText: a.name }).first().waitFor()
    assert((await table.innerText()).includes('有变化'), 'a changed row is marked')
    const sub = (await api.get(`/reports/monthly/submissions?year=${Y}`)).items[0]
    const full = await api.get(`/reports/monthly/submissions/${sub.id}`)
    const frozen = full.items.find((r) => r.staff_id === a.id && r.metric === 'person_days')
    const live = full.live.find((r) => r.staff_id === a.id && r.metric === 'person_days')
    // March: a's day of 10 March was done when submitted; 20 March was recorded afterwards.
    assertEqual(frozen.actual, 1, 'frozen March days')
    assertEqual(live.actual, 2, 'live March days')
    await shot(page, 'monthly-submission-compare')
    await page.keyboard.press('Escape')
  })

  t.test("rings the bell for a staff member's unrecorded activity until it is recorded", async (ctx) => {
    const { api, c } = ctx
    const yesterday = new Date(Date.now() - 86_400_000)
    const d = `${yesterday.getFullYear()}-${String(yesterday.getMonth() + 1).padStart(2, '0')}-${String(yesterday.getDate()).padStart(2, '0')}`
    const act = await outreach(api, c, d, null, false)
    const page = await openPage(ctx, { username: `sun_${stamp}`, password: ctx.pw })
    const count = page.locator('[data-test=bell-count] .el-badge__content')
    await count.waitFor()
    const before = Number((await count.textContent()).trim())
    assert(before >= 1, `unread reminders: ${before}`)
    await page.locator('[data-test=bell]').click()
    const item = page.locator('[data-test=bell-panel] [data-test=bell-item][data-kind=to_record]', { hasText: act.title })
    await item.waitFor()
    await shot(page, 'bell-open')
    await item.locator('[data-test=bell-read]').click()
    await page.waitForFunction(
      (n) => {
        const el = document.querySelector('[data-test=bell-count] .el-badge__content')
        return !el || getComputedStyle(el).display === 'none' || Number(el.textContent) < n
      },
      before,
    )
    await api.post(`/activities/${act.id}/complete`, { actual_attendance: 10, notes: '' })
    // Closed and opened again, the bell asks the server afresh: the cause is gone, so is the item.
    await page.locator('[data-test=bell]').click()
    await page.locator('[data-test=bell-panel]').waitFor({ state: 'hidden' })
    await page.locator('[data-test=bell]').click()
    await item.waitFor({ state: 'detached' })
    await shot(page, 'bell-after')
    const list = await api.get('/notifications')
    assert(!list.items.some((n) => n.activity_id === act.id), 'the admin has no reminder of it')
  })
}
