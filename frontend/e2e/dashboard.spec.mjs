// The quota pages end to end on a fresh database: apply the duty-statement template, complete
// activities, and check the dashboard shows the API's numbers; drill down; the monthly report;
// download the yearly workbook and read it; the phone layout.
import { readFileSync } from 'node:fs'
import { BASE_URL, adminApi, assert, assertEqual, login, newPage, openPage, shot } from './lib.mjs'
import { YEAR, seedYear, sheetTexts, unzip } from './dashboard-lib.mjs'

const stamp = Date.now().toString(36).slice(-5)

/** progress reads the API's rows of YEAR as of its last day (what the dashboard shows for a past year). */
async function progress(api) {
  return (await api.get(`/progress?year=${YEAR}`)).items
}

async function waitDashboard(page) {
  await page.locator('[data-test=dashboard] [data-test=center-targets]').waitFor()
}

export default function (t) {
  t.test('sets up staff, a station, a team and a year of activities through the API', async (ctx) => {
    ctx.api = await adminApi()
    ctx.seed = await seedYear(ctx.api, stamp)
  })

  t.test('applies the duty-statement template on the targets page', async (ctx) => {
    const page = await openPage(ctx)
    ctx.page = page
    await page.goto(`${BASE_URL}/targets?year=${YEAR}`)
    await page.locator('[data-test=targets]').waitFor()
    await page.locator('[data-test=template-apply]').click()
    const dialog = page.locator('[data-test=template-dialog]')
    await dialog.locator('.el-radio', { hasText: '业务部主任岗位职责' }).click()
    await dialog.locator('[data-test=template-submit]').click()
    await page.locator('.el-message--success').first().waitFor()
    await page.locator('[data-test=target-table] .el-table__row', { hasText: '基层辅导天次' }).waitFor()
    const targets = (await ctx.api.get(`/targets?year=${YEAR}`)).items
    assertEqual(targets.length, 4, 'targets created from the template')
    assertEqual(await page.locator('[data-test=target-table] .el-table__body-wrapper .el-table__row').count(), 4, 'rows')
    await shot(page, 'targets-applied')
  })

  t.test('edits a monthly plan that keeps its sum, and saves the year as a template', async ({ page, api }) => {
    const row = page.locator('[data-test=target-table] .el-table__body-wrapper .el-table__row', { hasText: '讲座、培训班期数' })
    await row.locator('[data-test=target-edit]').click()
    const dialog = page.locator('[data-test=target-dialog]')
    await dialog.locator('[data-test=plan-custom]').click()
    const march = dialog.locator('[data-test=plan-month-3] input')
    await march.fill('6')
    await march.blur()
    await dialog.locator('[data-test=plan-sum]', { hasText: '20 / 20' }).waitFor()
    await dialog.locator('[data-test=target-save]').click()
    await dialog.waitFor({ state: 'hidden' })
    const saved = (await api.get(`/targets?year=${YEAR}`)).items.find((x) => x.name === '讲座、培训班期数')
    // 20 evenly is 2 a month for January to August, 1 after; March 2 -> 6 takes 4 from December back to September.
    assertEqual(JSON.stringify(saved.monthly_plan), JSON.stringify([2, 2, 6, 2, 2, 2, 2, 2, 0, 0, 0, 0]), 'saved plan')

    await page.locator('[data-test=template-save]').click()
    const tpl = page.locator('[data-test=template-dialog]')
    await tpl.locator('input[data-test=template-name], [data-test=template-name] input').first().fill(`本馆指标 ${stamp}`)
    await tpl.locator('[data-test=template-submit]').click()
    await page.locator('.el-message--success', { hasText: `本馆指标 ${stamp}` }).waitFor()
    const templates = (await api.get('/target-templates')).items
    const mine = templates.find((x) => x.name === `本馆指标 ${stamp}`)
    assert(mine && mine.targets.length === 4, 'the saved template has the four targets')
  })

  t.test('shows the same numbers on the dashboard as the API', async (ctx) => {
    const { page, api } = ctx
    await page.goto(`${BASE_URL}/?year=${YEAR}`)
    await waitDashboard(page)
    const rows = await progress(api)
    const center = rows.filter((r) => r.scope === 'center')
    assertEqual(center.length, 2, 'center targets of the template')
    for (const r of center) {
      const card = page.locator(`[data-test=center-targets] [data-test=target-card-${r.target_id}]`)
      assertEqual((await card.locator('[data-test=num-actual] .num-link__value').textContent()).trim(), String(r.actual), `${r.name} actual`)
      assertEqual((await card.locator('[data-test=num-scheduled] .num-link__value').textContent()).trim(), String(r.scheduled), `${r.name} scheduled`)
      assertEqual((await card.locator('[data-test=num-value] .num-link__value').textContent()).trim(), String(r.value), `${r.name} target`)
      assertEqual(await card.getAttribute('data-status'), r.status, `${r.name} status`)
    }
    // Hand count: lectures on 12 Mar and 20 May done, the training class's first session done: 3 editions.
    const editions = center.find((r) => r.metric === 'editions')
    assertEqual(editions.actual, 3, 'editions done by the API')
    const gap = await page.locator(`[data-test=target-card-${editions.target_id}] [data-test=gap]`).textContent()
    assert(gap.includes(String(editions.gap)), `gap phrase names ${editions.gap}: ${gap}`)

    // The staff table: one row per member for the outreach target, with the API's numbers.
    const outreach = rows.filter((r) => r.metric === 'person_days')
    const table = page.locator('[data-test=staff-progress]')
    await table.waitFor()
    for (const who of [ctx.seed.li, ctx.seed.wang]) {
      const r = outreach.find((x) => x.staff_id === who.id)
      const tr = table.locator('.el-table__body-wrapper .el-table__row', { hasText: who.name })
      assertEqual((await tr.locator('[data-test=cell-actual]').textContent()).trim(), String(r.actual), `${who.name} outreach days`)
    }
    await shot(page, 'dashboard')
  })

  t.test('filters the staff table to those behind', async ({ page, api }) => {
    const rows = (await progress(api)).filter((r) => r.metric === 'person_days')
    const behind = rows.filter((r) => r.status === 'behind' || r.status === 'at_risk').length
    await page.locator('[data-test=behind-only]').click()
    const body = page.locator('[data-test=staff-progress] .el-table__body-wrapper .el-table__row')
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-test=staff-progress] .el-table__body-wrapper .el-table__row').length === n,
      behind,
    )
    assertEqual(await body.count(), behind, 'rows behind pace')
    await page.locator('[data-test=behind-only]').click()
  })

  t.test('opens the drill-down behind a number', async ({ page, api }) => {
    const editions = (await progress(api)).find((r) => r.metric === 'editions')
    await page.locator(`[data-test=target-card-${editions.target_id}] [data-test=num-actual]`).click()
    const drawer = page.locator('[data-test=drill-drawer]')
    await drawer.locator('[data-test=drill-items] > li').first().waitFor()
    const items = (await api.get(`/progress/${editions.target_id}/items?bucket=actual&as_of=${YEAR}-12-31`)).items
    assertEqual(await drawer.locator('[data-test=drill-items] > li').count(), items.length, 'drill-down rows')
    const text = await drawer.textContent()
    assert(text.includes(`非遗讲座 ${stamp}`) && text.includes(`书法培训班 ${stamp}`), 'lists the lecture and the class')
    await shot(page, 'drill-down')
    await drawer.locator('[data-test=drill-bucket] .el-radio-button', { hasText: '已安排' }).click()
    await drawer.locator('[data-test=drill-items] > li', { hasText: `戏曲讲座 ${stamp}` }).waitFor()
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
  })

  t.test('downloads the yearly workbook with the summary numbers', async ({ page, api }) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-xlsx]').click()])
    assert(download.suggestedFilename().endsWith('.xlsx'), `file name ${download.suggestedFilename()}`)
    const path = await download.path()
    const buf = readFileSync(path)
    assertEqual(buf.subarray(0, 2).toString('latin1'), 'PK', 'a zip file')
    const entries = unzip(buf)
    assert(entries.has('xl/workbook.xml'), 'has xl/workbook.xml')
    const cells = sheetTexts(entries).flat()
    for (const r of (await progress(api)).filter((x) => x.scope === 'center')) {
      const i = cells.indexOf(r.name)
      assert(i >= 0, `the workbook names ${r.name}`)
      const near = cells.slice(i, i + 12)
      assert(near.includes(String(r.actual)) && near.includes(String(r.value)), `${r.name}: ${r.actual} of ${r.value} in ${near.join('|')}`)
    }
  })

  t.test('shows the monthly report with a chart and the API figures', async ({ page, api }) => {
    await page.goto(`${BASE_URL}/monthly?year=${YEAR}`)
    const cards = page.locator('[data-test=monthly-card]')
    await cards.first().waitFor()
    const report = await api.get(`/reports/monthly?year=${YEAR}`)
    const center = report.items.filter((i) => i.scope === 'center')
    assertEqual(await cards.count(), center.length, 'one card per center target')
    await cards.first().locator('svg').first().waitFor()
    // The tooltip of a month: drawn without inline styles, so the CSP
    // refuses nothing (run.mjs fails the test on a refusal).
    const chart = cards.first().locator('svg').first()
    const box = await chart.boundingBox()
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6)
    await page.waitForTimeout(300)
    for (const [k, item] of center.entries()) {
      const total = item.months.reduce((s, m) => s + m.actual, 0)
      assertEqual((await cards.nth(k).locator('[data-test=monthly-total-actual]').textContent()).trim(), String(total), `${item.name} year total`)
    }
    await shot(page, 'monthly')
  })

  t.test('fits a 390 px phone in English', async ({ browser, seed }) => {
    const page = await newPage(browser, { width: 390, height: 844, locale: 'en-US', mobile: true })
    await login(page, seed.li.username, seed.pw)
    await page.goto(`${BASE_URL}/?year=${YEAR}`)
    await waitDashboard(page)
    await page.locator('[data-test=my-progress]').waitFor()
    assert((await page.locator('[data-test=dashboard] h1').textContent()).includes('Where we stand'), 'English heading')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert(overflow <= 1, `no sideways scrolling (overflow ${overflow}px)`)
    await shot(page, 'dashboard-phone')
    await page.context().close()
  })
}
