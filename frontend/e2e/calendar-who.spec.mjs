// Who goes where, at a glance: tiles with venue or station and people, the popover, "+N more",
// a drag on a series member that asks and can be undone, the week table by person and by venue,
// copying an activity to another date, names in the audit log, and the phone's three days.
// Everything in March 2027, away from the other specs' dates.
import {
  BASE_URL,
  adminApi,
  assert,
  assertEqual,
  dragEvent,
  gotoCalendar,
  noOverlay,
  openPage,
  shot,
  waitIdle,
} from './lib.mjs'

const stamp = Date.now().toString(36).slice(-5)
const VENUE = `排练厅${stamp}`
const STATION = `新华文化站${stamp}`
const TEAM = `夕阳红合唱团${stamp}`
const LI = `李静${stamp}`
const WANG = `王芳${stamp}`
const ZHANG = `张伟${stamp}`
const LECTURE = `非遗讲座${stamp}`
const OUTREACH = `下基层辅导${stamp}`
const CLASS = `声乐班${stamp}`

/** localTime is the HH:MM of an instant in the center's zone (UTC+8, no DST). */
function localTime(instant) {
  return new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(11, 16)
}

async function classSessions(api) {
  return (await api.activities('2027-03-01', '2027-04-01')).filter((a) => a.title === CLASS).sort((a, b) => a.start.localeCompare(b.start))
}

async function setLang(page, code) {
  await page.locator('[data-test=lang-switch]').click()
  await page.locator(`[data-test=lang-${code}]`).click()
  await page.waitForFunction((c) => document.documentElement.lang === c || localStorage.getItem('centerstage.lang') === c, code)
}

async function hover(page, title) {
  await noOverlay(page)
  const tile = page.locator('.fc-event', { hasText: title }).first()
  await tile.scrollIntoViewIfNeeded()
  await tile.hover()
  const pop = page.locator('[data-test=event-popover]')
  await pop.waitFor()
  return pop
}

export default function (t) {
  t.test('sets up people, places and a week of activities through the API', async (ctx) => {
    const api = await adminApi()
    ctx.api = api
    const user = (name, username) =>
      api.post('/users', { username: `${username}${stamp}`, name, role: 'staff', password: `Pass-${stamp}-2027!` })
    ctx.li = await user(LI, 'li')
    ctx.wang = await user(WANG, 'wang')
    ctx.zhang = await user(ZHANG, 'zhang')
    ctx.venue = await api.post('/venues', { name: VENUE, capacity: 80, active: true })
    ctx.station = await api.post('/stations', { name: STATION, address: '新华路1号', staff_ids: [ctx.wang.id], active: true })
    ctx.team = await api.post('/teams', { name: TEAM, art_form: '合唱', founded_on: '2020-01-01', leader_id: ctx.li.id, member_count: 30, active: true })
    const base = { location: '', team_ids: [], station_id: null, venue_id: null, staff_ids: [], expected_attendance: 0, notes: '' }
    ctx.lecture = await api.post('/activities', {
      ...base, kind: 'lecture', title: LECTURE, start: '2027-03-10T14:00:00+08:00', end: '2027-03-10T16:00:00+08:00',
      venue_id: ctx.venue.id, organizer_id: ctx.li.id, staff_ids: [ctx.wang.id, ctx.zhang.id], team_ids: [ctx.team.id],
    })
    await api.post('/activities', {
      ...base, kind: 'outreach', title: OUTREACH, start: '2027-03-10T09:00:00+08:00', end: '2027-03-10T11:00:00+08:00',
      station_id: ctx.station.id, location: '新华社区', organizer_id: ctx.wang.id,
    })
    // Thursdays 4, 11, 18, 25 March at 19:00.
    await api.post('/series', {
      ...base, kind: 'training', title: CLASS, start: '2027-03-04T19:00:00+08:00', end: '2027-03-04T21:00:00+08:00',
      venue_id: ctx.venue.id, organizer_id: ctx.li.id, rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4', skip_holidays: false,
    })
    // A full Friday: five short meetings, more than a month cell shows.
    for (let i = 0; i < 5; i++) {
      const h = String(9 + i).padStart(2, '0')
      await api.post('/activities', {
        ...base, kind: 'study', title: `业务学习${i + 1}-${stamp}`, start: `2027-03-12T${h}:00:00+08:00`, end: `2027-03-12T${h}:45:00+08:00`,
        organizer_id: ctx.zhang.id, location: '三楼会议室',
      })
    }
  })

  t.test('month tiles say where and who', async (ctx) => {
    const page = await openPage(ctx, { path: '/calendar' })
    ctx.page = page
    await gotoCalendar(page, 'dayGridMonth', '2027-03-10')
    const lecture = page.locator('.fc-event', { hasText: LECTURE }).locator('[data-test=tile-meta]')
    assertEqual((await lecture.textContent()).trim(), `${VENUE} · ${LI} +2`, 'lecture tile: venue, organizer and two more')
    const outreach = page.locator('.fc-event', { hasText: OUTREACH }).locator('[data-test=tile-meta]')
    assertEqual((await outreach.textContent()).trim(), `${STATION} · ${WANG}`, 'outreach tile: the station and its organizer')
    await shot(page, 'who-month-1366-zh')
  })

  t.test('the popover tells venue, staff, teams, status and the series position', async ({ page }) => {
    const pop = await hover(page, LECTURE)
    assertEqual((await pop.locator('[data-test=popover-venue]').textContent()).trim(), VENUE, 'venue')
    assertEqual((await pop.locator('[data-test=popover-organizer]').textContent()).trim(), LI, 'organizer')
    const staff = await pop.locator('[data-test=popover-staff]').textContent()
    assert(staff.includes(WANG) && staff.includes(ZHANG), `staff: ${staff}`)
    assertEqual((await pop.locator('[data-test=popover-teams]').textContent()).trim(), TEAM, 'team')
    assertEqual((await pop.locator('[data-test=popover-status]').textContent()).trim(), '计划中', 'status')
    await shot(page, 'who-popover-1366-zh')
    await page.mouse.move(5, 5)
    await pop.waitFor({ state: 'detached' })
    // The second Thursday is session 2 of 4.
    const second = page.locator('.fc-day[data-date="2027-03-11"] .fc-event', { hasText: CLASS })
    await second.hover()
    await page.waitForFunction(() => document.querySelector('[data-test=popover-series]')?.textContent?.includes('第2/4次'))
    await page.mouse.move(5, 5)
  })

  t.test('"+N more" opens the whole day', async ({ page }) => {
    const more = page.locator('.fc-day[data-date="2027-03-12"] .fc-daygrid-more-link')
    const text = (await more.textContent()).trim()
    assert(/^还有 \d+ 项$/.test(text), `more link: ${text}`)
    await more.click()
    const list = page.locator('.fc-more-popover')
    await list.waitFor()
    assertEqual(await list.locator('.fc-event').count(), 5, 'the day lists all five')
    await shot(page, 'who-more-1366-zh')
    await page.locator('.fc-more-popover .fc-popover-close').click()
  })

  t.test('a drag on a series member asks this or following, and Undo moves it back', async ({ page, api }) => {
    await gotoCalendar(page, 'timeGridWeek', '2027-03-11')
    const event = page.locator('.fc-event', { hasText: CLASS })
    await event.waitFor()
    await dragEvent(page, event, '2027-03-11', '09:00')
    const dialog = page.locator('[data-test=scope-dialog]')
    await dialog.waitFor()
    assertEqual(await page.locator('[data-test=scope-all]').count(), 0, 'a drag offers no "all sessions"')
    await page.locator('[data-test=scope-following]').click()
    await page.locator('[data-test=scope-confirm]').click()
    const undo = page.locator('[data-test=undo-move]')
    await undo.waitFor()
    await shot(page, 'who-undo')
    let s = await classSessions(api)
    assertEqual(s.map((a) => localTime(a.start)).join(' '), '19:00 09:00 09:00 09:00', 'the 2nd and later sessions moved')
    await undo.click()
    await page.locator('.el-message--success', { hasText: '已撤销' }).waitFor()
    s = await classSessions(api)
    assertEqual(s.map((a) => localTime(a.start)).join(' '), '19:00 19:00 19:00 19:00', 'Undo put them back')
  })

  t.test('the week table shows the department by person and by venue, and links the print', async (ctx) => {
    const { page } = ctx
    await waitIdle(page)
    await page.locator('[data-test=cal-week-table]').click()
    await page.locator('[data-test=week-table]').waitFor()
    await page.waitForFunction(() => !document.querySelector('.wt__scroll .el-loading-mask'))
    const row = page.locator('[data-test=wt-row]', { has: page.locator('[data-test=wt-row-label]', { hasText: LI }) })
    // Columns: the person, then Monday 8 ... Sunday 14 March; Wednesday is the 4th cell.
    const wed = row.locator('td').nth(2)
    assert((await wed.textContent()).includes(LECTURE), 'the lecture is on Li’s Wednesday')
    const thu = row.locator('td').nth(3)
    assert((await thu.textContent()).includes(CLASS), 'the class is on Li’s Thursday')
    const zhangWed = page.locator('[data-test=wt-row]', { has: page.locator('[data-test=wt-row-label]', { hasText: ZHANG }) }).locator('td').nth(2)
    assert((await zhangWed.textContent()).includes(LECTURE), 'a participant sees it in their row too')
    const href = await page.locator('[data-test=wt-print]').getAttribute('href')
    assertEqual(href, '/print/week?date=2027-03-08', 'print link to the weekly schedule')
    await shot(page, 'who-weektable-1366-zh')
    await page.locator('[data-test=wt-by-venue]').click()
    await page.waitForFunction(() => location.search.includes('by=venue'))
    const venueRow = page.locator('[data-test=wt-row]', { has: page.locator('[data-test=wt-row-label]', { hasText: VENUE }) })
    assert((await venueRow.locator('td').nth(2).textContent()).includes(LECTURE), 'the venue row holds the lecture')
    await shot(page, 'who-weektable-venue-1366-zh')
    // A shared link opens the same table.
    await page.reload()
    await page.locator('[data-test=week-table]').waitFor()
    assert(await page.locator('[data-test=wt-by-venue].is-active').count(), 'by venue after reload')
  })

  t.test('copies an activity to another date', async ({ page, api }) => {
    await gotoCalendar(page, 'timeGridWeek', '2027-03-10')
    await page.locator('.fc-event', { hasText: LECTURE }).click()
    await page.locator('[data-test=details-copy]').click()
    await page.locator('[data-test=activity-form]').waitFor()
    await page.locator('[data-test=check-ok]').waitFor()
    await page.locator('[data-test=form-save]').click()
    await page.locator('[data-test=activity-form]').waitFor({ state: 'detached' })
    const copies = (await api.activities('2027-03-01', '2027-04-01')).filter((a) => a.title === LECTURE)
    assertEqual(copies.length, 2, 'two lectures now')
    const [original, copy] = [...copies].sort((a, b) => a.start.localeCompare(b.start))
    assertEqual(copy.start, '2027-03-17T14:00:00+08:00', 'the copy is a week later, same time')
    const who = (a) => JSON.stringify([a.kind, a.venue_id, a.organizer_id, [...a.staff_ids].sort(), a.team_ids])
    assertEqual(who(copy), who(original), 'same kind, place and people')
  })

  t.test('the audit log names what changed', async ({ page }) => {
    await page.goto(`${BASE_URL}/admin/audit`)
    await page.locator('[data-test=audit-table]').waitFor()
    await page.waitForFunction((title) => [...document.querySelectorAll('[data-test=audit-entity-name]')].some((e) => e.textContent.includes(title)), LECTURE)
  })

  t.test('in English: tiles, popover, holidays and the week table', async ({ page }) => {
    await gotoCalendar(page, 'dayGridMonth', '2027-03-10')
    await setLang(page, 'en')
    await waitIdle(page)
    const more = (await page.locator('.fc-day[data-date="2027-03-12"] .fc-daygrid-more-link').textContent()).trim()
    assert(/^\+\d+ more$/.test(more), `more link in English: ${more}`)
    await shot(page, 'who-month-1366-en')
    const pop = await hover(page, LECTURE)
    assertEqual((await pop.locator('[data-test=popover-status]').textContent()).trim(), 'Planned', 'status in English')
    await shot(page, 'who-popover-1366-en')
    await page.mouse.move(5, 5)
    await page.goto(`${BASE_URL}/calendar/week?date=2027-03-10`)
    await page.locator('[data-test=week-table]').waitFor()
    await page.waitForFunction(() => !document.querySelector('.wt__scroll .el-loading-mask'))
    await shot(page, 'who-weektable-1366-en')
    await setLang(page, 'zh-CN')
  })

  for (const lang of ['zh-CN', 'en']) {
    t.test(`on a phone (${lang}): three days instead of the week, a tap shows who and where`, async (ctx) => {
      const phone = await openPage(ctx, { width: 390, height: 844, mobile: true, locale: lang, path: '/calendar' })
      await phone.evaluate((l) => localStorage.setItem('centerstage.lang', l), lang)
      // A week link from a wide screen opens three days here.
      await phone.goto(`${BASE_URL}/calendar?view=timeGridWeek&date=2027-03-10`)
      await phone.locator('.fc-timeGrid3Day-view').waitFor()
      await waitIdle(phone)
      assertEqual(await phone.locator('[data-test=view-timeGridWeek]').count(), 0, 'no week button on a phone')
      assertEqual(await phone.locator('.fc-col-header-cell').count(), 3, 'three day columns')
      await shot(phone, `who-3day-390-${lang}`)
      const tile = phone.locator('.fc-event', { hasText: LECTURE }).first()
      await tile.scrollIntoViewIfNeeded()
      await tile.click()
      const pop = phone.locator('[data-test=event-popover]')
      await pop.waitFor()
      const box = await pop.boundingBox()
      assert(box.x >= 0 && box.x + box.width <= 390, `popover on screen (${box.x}+${box.width})`)
      await shot(phone, `who-popover-390-${lang}`)
      await phone.locator('[data-test=popover-open]').click()
      await phone.locator('[data-test=activity-details]').waitFor()
      await phone.keyboard.press('Escape')
      await noOverlay(phone)
      await gotoCalendar(phone, 'dayGridMonth', '2027-03-10')
      await shot(phone, `who-month-390-${lang}`)
      await phone.goto(`${BASE_URL}/calendar/week?date=2027-03-10`)
      await phone.locator('[data-test=week-table]').waitFor()
      await phone.locator('[data-test=wt-days] .el-radio-button').nth(2).click()
      await phone.waitForFunction(() => !document.querySelector('.wt__scroll .el-loading-mask'))
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert(overflow <= 0, `week table: no sideways scrolling (${overflow}px)`)
      await shot(phone, `who-weektable-390-${lang}`)
    })
  }
}
