// The print pages end to end: the weekly schedule (周活动安排表) and the monthly report printed to
// PDF by Chromium and read back with pdftotext: the center's name, the period, whole header
// cells, 制表人 / 审核人, the page count, and a header repeated on the next page.
import { BASE_URL, adminApi, assert, assertEqual, openPage, shot } from './lib.mjs'
import { YEAR } from './dashboard-lib.mjs'
import { lineWith, numbered, printPdf } from './print-lib.mjs'

const stamp = Date.now().toString(36).slice(-5)
const CENTER = `示范区文化馆${stamp}`
// Short names, as real ones are, so each fits its column on one line of the printed table.
const tag = stamp.slice(-2)
const at = (date, time) => `${date}T${time}:00+08:00`

/** monday is the Monday of the week of 21 July of YEAR, a week the other specs leave empty. */
function monday() {
  const d = new Date(Date.UTC(YEAR, 6, 21))
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d
}
const iso = (d) => d.toISOString().slice(0, 10)
const addDays = (d, n) => new Date(d.getTime() + n * 86_400_000)

export default function (t) {
  t.test('names the center and fills a week with more activities than one page holds', async (ctx) => {
    const api = await adminApi()
    ctx.api = api
    ctx.before = (await api.get('/settings')).center_name
    await api.call('PATCH', '/settings', { center_name: CENTER })
    const pw = `pw-${stamp}-secret`
    ctx.sun = await api.post('/users', { username: `sun_${stamp}`, password: pw, name: `孙${tag}`, role: 'staff' })
    ctx.zhou = await api.post('/users', { username: `zhou_${stamp}`, password: pw, name: `周${tag}`, role: 'staff' })
    ctx.venue = await api.post('/venues', { name: `多功能厅${tag}`, capacity: 120 })
    ctx.station = await api.post('/stations', { name: `新华站${tag}`, address: '新华街 1 号', staff_ids: [ctx.sun.id] })
    // Five activities a day from Monday to Saturday: 30, too many rows for one A4 page. Sunday is
    // left empty. The organizer alternates, one hour each, so nothing clashes.
    const mon = monday()
    ctx.days = Array.from({ length: 7 }, (_, k) => iso(addDays(mon, k)))
    ctx.made = []
    for (let d = 0; d < 6; d++) {
      for (let k = 0; k < 5; k++) {
        const h = String(8 + 2 * k).padStart(2, '0')
        const outreach = k === 1
        ctx.made.push(
          await api.post('/activities', {
            kind: outreach ? 'outreach' : 'lecture',
            title: `${outreach ? '基层辅导' : '公益讲座'} ${stamp}-${d}${k}`,
            start: at(ctx.days[d], `${h}:00`),
            end: at(ctx.days[d], `${h}:50`),
            venue_id: outreach ? null : ctx.venue.id,
            station_id: outreach ? ctx.station.id : null,
            location: '',
            organizer_id: k % 2 ? ctx.sun.id : ctx.zhou.id,
            staff_ids: k === 0 ? [ctx.sun.id] : [],
            team_ids: [],
            expected_attendance: 30,
            notes: '',
          }),
        )
      }
    }
    // Targets, so the monthly report has a center part and a department part; Monday is done.
    await api.post('/targets', { year: YEAR, name: `讲座场次 ${stamp}`, metric: 'count', kinds: ['lecture'], scope: 'center', staff_ids: [], value: 24, monthly_plan: null })
    await api.post('/targets', { year: YEAR, name: `辅导天次 ${stamp}`, metric: 'person_days', kinds: ['outreach'], scope: 'each_staff', staff_ids: [ctx.sun.id, ctx.zhou.id], value: 12, monthly_plan: null })
    for (const a of ctx.made.slice(0, 5)) await api.post(`/activities/${a.id}/complete`, { actual_attendance: 25, notes: '' })
    // A cancelled one is left out of the schedule.
    const gone = ctx.made.pop()
    await api.post(`/activities/${gone.id}/cancel`, {})
    ctx.gone = gone
  })

  t.test('prints the weekly schedule on A4 with the center, the week and the signature lines', async (ctx) => {
    const page = await openPage(ctx)
    ctx.page = page
    // Any day of the week opens the whole week, Monday to Sunday.
    await page.goto(`${BASE_URL}/print/week?date=${ctx.days[3]}`)
    await page.locator('[data-test=week-table]').waitFor()
    assertEqual(await page.locator('.layout__header').count(), 0, 'no app header on a print page')
    assertEqual(await page.locator('[data-test=week-entry]', { hasText: stamp }).count(), 29, 'rows: 30 made, 1 cancelled')
    await shot(page, 'print-week')

    const pdf = await printPdf(page, 'print-week')
    // A4 is 595 x 842 points.
    assert(Math.abs(pdf.width - 595) < 2 && Math.abs(pdf.height - 842) < 2, `A4 portrait: ${pdf.width} x ${pdf.height}`)
    assert(pdf.pages >= 2, `29 rows take more than one page: ${pdf.pages}`)
    for (const [k, text] of pdf.texts.entries()) assert(numbered(text, k + 1, pdf.pages), `page ${k + 1} is numbered ${k + 1} / ${pdf.pages}`)
    const [first] = pdf.texts
    assert(first.includes(CENTER), 'the center name heads the sheet')
    assert(first.includes('周活动安排表'), 'the title')
    const [y, m, d] = ctx.days[0].split('-').map(Number)
    const [, m2, d2] = ctx.days[6].split('-').map(Number)
    assert(first.includes(`${y}年${m}月${d}日至${m2}月${d2}日`), `the period Monday to Sunday in ${first.slice(0, 400)}`)
    assert(/打印日期：\d{4}年\d{1,2}月\d{1,2}日/.test(first), 'the print date')
    // Every page starts with the whole header row: no header broken one character per line.
    for (const [k, text] of pdf.texts.entries()) {
      assert(lineWith(text, ['日期', '时间', '活动内容', '地点', '负责人', '参与人员']), `page ${k + 1} repeats the header row`)
    }
    const last = pdf.texts.at(-1)
    assert(lineWith(last, ['制表人', '审核人']), 'lines for 制表人 and 审核人')
    // What the rows say: a lecture at the venue by its organizer with a colleague; the outreach
    // at its station; the cancelled one nowhere; Sunday with nothing scheduled.
    const row = lineWith(pdf.text, [`公益讲座 ${stamp}-00`])
    assert(row && row.includes('08:00–08:50') && row.includes(`多功能厅${tag}`) && row.includes(`周${tag}`) && row.includes(`孙${tag}`), `first row: ${row}`)
    assert(lineWith(pdf.text, [`基层辅导 ${stamp}-01`, `新华站${tag}`, `孙${tag}`]), 'outreach at its station')
    assert(!pdf.text.includes(ctx.gone.title), 'the cancelled activity is not printed')
    assert(lineWith(pdf.text, ['无安排']), 'the empty Sunday says so')
  })

  t.test('prints the same week in English', async (ctx) => {
    const page = await openPage(ctx, { locale: 'en-US' })
    await page.goto(`${BASE_URL}/print/week?date=${ctx.days[0]}`)
    await page.locator('[data-test=week-table]').waitFor()
    const pdf = await printPdf(page, 'print-week-en')
    assert(pdf.texts[0].includes('Weekly schedule') && pdf.texts[0].includes(CENTER), 'English title and the center')
    assert(lineWith(pdf.texts[0], ['Date', 'Time', 'Activity', 'Location', 'Organizer', 'Staff']), 'English header row')
    assert(lineWith(pdf.texts.at(-1), ['Prepared by', 'Reviewed by']), 'English signature lines')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.waitForTimeout(300)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert(overflow <= 1, `the week fits a phone (overflow ${overflow}px)`)
    await shot(page, 'print-week-phone-en')
  })

  t.test('prints the monthly report of the year with whole headers and December carry', async (ctx) => {
    const { page, api } = ctx
    await page.goto(`${BASE_URL}/monthly?year=${YEAR}`)
    await page.locator('[data-test=monthly]').waitFor()
    await page.locator('[data-test=print]').click()
    await page.locator('[data-test=print-sheet]').waitFor()
    assert(page.url().includes(`/print/monthly?year=${YEAR}`), `the print page of the year: ${page.url()}`)
    const report = await api.get(`/reports/monthly?year=${YEAR}`)
    const pdf = await printPdf(page, 'print-monthly')
    const first = pdf.texts[0]
    assert(first.includes(CENTER), 'the center name')
    assert(first.includes(`${YEAR}年业务工作完成情况统计表`), 'the title names the year')
    assert(first.includes(`${YEAR}年全年`) && first.includes(`统计截至${YEAR}年12月31日`), 'the period and as-of date')
    assert(lineWith(first, ['月份', '计划', '应完成（含滚动）', '实际完成', '滚入下月', '完成率']), 'one header row, every header whole')
    assert(lineWith(pdf.texts.at(-1), ['制表人', '审核人']), 'signature lines')
    assert(numbered(pdf.texts.at(-1), pdf.pages, pdf.pages), `numbered pages: ${pdf.pages}`)
    // Each center target's year row: its value, actual and December's carry, as the API says.
    for (const i of report.items.filter((x) => x.scope === 'center')) {
      const y = i.year ?? { value: i.value, actual: i.months.reduce((s, m) => s + m.actual, 0), carry: i.months[11].carry }
      const at = pdf.text.indexOf(i.name)
      assert(at >= 0, `the sheet names ${i.name}`)
      const yearLine = pdf.text.slice(at).split('\n').find((l) => /^\s*全年\s/.test(l))
      const nums = (yearLine ?? '').trim().split(/\s+/).slice(1)
      assertEqual(nums.slice(0, 3).join(' '), `${y.value} ${y.actual} ${y.carry}`, `${i.name} year row`)
    }
    // The department's members by months comes with the center's report.
    if (report.items.some((i) => i.scope === 'each_staff')) {
      assert(pdf.text.includes('部门按人按月汇总'), 'the department table')
      assert(lineWith(pdf.text, ['业务干部', '1月', '6月', '12月', '全年', '完成率']), 'the members-by-months header on one line')
    }
  })
}
