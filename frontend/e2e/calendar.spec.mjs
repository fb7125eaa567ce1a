// The staff calendar, end to end on a fresh database: log in, schedule by selecting a slot,
// see a clash, create a weekly class over the National Day holiday, drag, complete, switch
// language, and the phone layout.
import {
  BASE_URL,
  adminApi,
  assert,
  assertEqual,
  dragEvent,
  gotoCalendar,
  inputOf,
  login,
  newPage,
  openPage,
  shot,
  startActivity,
  waitIdle,
} from './lib.mjs'

const stamp = Date.now().toString(36).slice(-5)
const LECTURE = `非遗讲座 ${stamp}`
const CLASS = `书法培训班 ${stamp}`
const VENUE = `多功能厅 ${stamp}`

/** localTime is the HH:MM of an instant in the center's zone (UTC+8, no DST). */
function localTime(instant) {
  return new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(11, 16)
}
function localDay(instant) {
  return new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

async function saveAndWait(page) {
  await page.locator('[data-test=form-save]').click()
  await page.locator('[data-test=activity-form]').waitFor({ state: 'detached' })
  await waitIdle(page)
}

export default function (t) {
  t.test('sets up a venue through the API', async (ctx) => {
    ctx.api = await adminApi()
    ctx.venue = await ctx.api.post('/venues', { name: VENUE, capacity: 120, active: true })
  })

  t.test('refuses a wrong password, then logs in', async (ctx) => {
    const page = await newPage(ctx.browser)
    ctx.page = page
    ctx.pages = [page]
    await page.goto(BASE_URL + '/')
    await page.locator('input[data-test=login-username]').fill('admin')
    await page.locator('input[data-test=login-password]').fill('not-the-password')
    await page.locator('[data-test=login-submit]').click()
    const error = page.locator('[data-test=login-error]')
    await error.waitFor()
    assert((await error.textContent()).includes('用户名或密码错误'), 'wrong password message')
    await shot(page, 'login-wrong-password')
    await login(page, undefined, undefined, '/calendar')
    await page.locator('[data-test=calendar] .fc-dayGridMonth-view').waitFor()
    await shot(page, 'calendar-month')
  })

  t.test('creates a lecture by selecting a slot and shows it', async ({ page, api }) => {
    await gotoCalendar(page, 'timeGridWeek', '2026-12-09')
    await startActivity(page, '2026-12-09', '14:00', '16:00', { kind: '讲座', title: LECTURE, venue: VENUE })
    await page.locator('[data-test=check-ok]').waitFor()
    await shot(page, 'lecture-form')
    await saveAndWait(page)
    await page.locator('.fc-event', { hasText: LECTURE }).waitFor()
    const found = (await api.activities('2026-12-09', '2026-12-10')).filter((a) => a.title === LECTURE)
    assertEqual(found.length, 1, 'lecture saved once')
    assertEqual(localTime(found[0].start), '14:00', 'lecture start')
    assertEqual(localTime(found[0].end), '16:00', 'lecture end')
    assertEqual(found[0].kind, 'lecture', 'lecture kind')
  })

  t.test('shows the clash when the venue is booked twice', async ({ page, api }) => {
    // Start the drag in the free hour before the lecture: a drag that starts on it moves it.
    await startActivity(page, '2026-12-09', '13:00', '15:00', { kind: '培训班', title: `冲突 ${stamp}`, venue: VENUE })
    const warning = page.locator('[data-test=check-conflicts]')
    await warning.waitFor()
    assert((await warning.textContent()).includes(LECTURE), 'live check names the lecture')
    await page.locator('[data-test=form-save]').click()
    const refused = page.locator('[data-test=save-refused]')
    await refused.waitFor()
    const text = await refused.textContent()
    assert(text.includes(LECTURE) && text.includes('14:00–16:00'), `refusal lists the clash: ${text}`)
    await shot(page, 'lecture-clash')
    await page.keyboard.press('Escape')
    // Closing a form with unsaved input asks first.
    await page.locator('.el-message-box').waitFor()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.locator('[data-test=activity-form]').waitFor({ state: 'detached' })
    const all = await api.activities('2026-12-09', '2026-12-10')
    assertEqual(all.filter((a) => a.title.startsWith('冲突')).length, 0, 'nothing saved')
  })

  t.test('creates a 12-session weekly class that skips National Day', async (ctx) => {
    const { page, api } = ctx
    await gotoCalendar(page, 'timeGridWeek', '2026-09-12')
    await startActivity(page, '2026-09-12', '09:00', '11:00', { kind: '培训班', title: CLASS, venue: VENUE })
    await page.locator('[data-test=form-repeat]').click()
    await page.locator('[data-test=series-preview]').waitFor()
    const kept = page.locator('[data-test=series-occurrence]:not(.is-skipped)')
    await page.waitForFunction(() => document.querySelectorAll('[data-test=series-occurrence]:not(.is-skipped)').length === 12)
    assertEqual(await kept.count(), 12, 'sessions in the preview')
    const skipped = await page.locator('[data-test=series-occurrence].is-skipped').allTextContents()
    assert(skipped.some((text) => text.includes('国庆')), `the preview skips National Day: ${skipped.join(' / ')}`)
    await shot(page, 'series-preview')
    await saveAndWait(page)
    const sessions = (await api.activities('2026-09-01', '2027-01-01')).filter((a) => a.title === CLASS)
    assertEqual(sessions.length, 12, 'sessions created')
    assert(!sessions.some((a) => localDay(a.start) === '2026-10-03'), 'no session on 3 October')
    assert(sessions.every((a) => a.series_id != null && a.series_id === sessions[0].series_id), 'one series')
    ctx.sessions = sessions
    await gotoCalendar(page, 'listWeek', '2026-10-03')
    assertEqual(await page.locator('.fc-event', { hasText: CLASS }).count(), 0, 'holiday week is free')
    await gotoCalendar(page, 'listWeek', '2026-10-10')
    assertEqual(await page.locator('.fc-event', { hasText: CLASS }).count(), 1, 'class resumes after the holiday')
  })

  t.test('drags a session to a free slot', async ({ page, api }) => {
    await gotoCalendar(page, 'timeGridWeek', '2026-09-19')
    const event = page.locator('.fc-event', { hasText: CLASS })
    await event.waitFor()
    await dragEvent(page, event, '2026-09-19', '14:00')
    // A session of a series: the app asks whether the later ones move too (this one only here).
    await page.locator('[data-test=scope-dialog]').waitFor()
    await page.locator('[data-test=scope-confirm]').click()
    await page.locator('.el-message--success').waitFor()
    const moved = (await api.activities('2026-09-19', '2026-09-20')).find((a) => a.title === CLASS)
    assertEqual(localTime(moved.start), '14:00', 'moved start')
    assertEqual(localTime(moved.end), '16:00', 'moved end keeps the length')
    const others = (await api.activities('2026-09-12', '2026-09-13')).find((a) => a.title === CLASS)
    assertEqual(localTime(others.start), '09:00', 'other sessions stay')
    await shot(page, 'dragged')
  })

  t.test('completes a session with its attendance', async ({ page, api }) => {
    await gotoCalendar(page, 'timeGridWeek', '2026-09-12')
    await page.locator('.fc-event', { hasText: CLASS }).click()
    await page.locator('[data-test=activity-details]').waitFor()
    await page.waitForFunction(() => document.querySelector('[data-test=details-series]')?.textContent?.includes('共 12 场'))
    await page.locator('[data-test=details-complete]').click()
    await page.locator('[data-test=complete-dialog]').waitFor()
    // The box starts empty: marking done without a figure is refused, nothing is recorded.
    assertEqual(await inputOf(page, 'complete-attendance').inputValue(), '', 'attendance starts empty')
    await page.locator('[data-test=complete-submit]').click()
    await page.locator('[data-test=complete-dialog] .el-form-item__error').waitFor()
    const before = (await api.activities('2026-09-12', '2026-09-13')).find((a) => a.title === CLASS)
    assert(before.status !== 'completed', 'not completed without attendance')
    await inputOf(page, 'complete-attendance').fill('25')
    await page.locator('[data-test=complete-submit]').click()
    const status = page.locator('[data-test=details-status]')
    await page.waitForFunction(() => document.querySelector('[data-test=details-status]')?.textContent?.includes('已完成'))
    assert((await status.textContent()).includes('已完成'), 'status shows completed')
    await shot(page, 'completed')
    await page.keyboard.press('Escape')
    const done = (await api.activities('2026-09-12', '2026-09-13')).find((a) => a.title === CLASS)
    assertEqual(done.status, 'completed', 'status')
    assertEqual(done.actual_attendance, 25, 'attendance')
    await waitIdle(page)
    const look = await page.locator('.fc-event', { hasText: CLASS }).getAttribute('class')
    assert(look.includes('cs-status-completed'), 'completed looks different')
  })

  t.test('cancels this and the following sessions of the series', async (ctx) => {
    const { page, api } = ctx
    const eleventh = [...ctx.sessions].sort((a, b) => a.start.localeCompare(b.start))[10]
    await gotoCalendar(page, 'timeGridWeek', localDay(eleventh.start))
    await page.locator('.fc-event', { hasText: CLASS }).click()
    await page.locator('[data-test=details-cancel]').click()
    await page.locator('[data-test=scope-dialog]').waitFor()
    await page.locator('[data-test=scope-following]').click()
    await shot(page, 'scope-dialog')
    await page.locator('[data-test=scope-confirm]').click()
    // Then why: the reason is kept and shown.
    await page.locator('.el-message-box input').fill('教室维修')
    await page.locator('.el-message-box .el-button--danger').click()
    await page.waitForFunction(() => document.querySelector('[data-test=details-status]')?.textContent?.includes('已取消'))
    assertEqual((await page.locator('[data-test=details-cancel-reason]').textContent()).trim(), '教室维修', 'the reason is shown')
    await page.keyboard.press('Escape')
    const after = (await api.activities('2026-09-01', '2027-01-01')).filter((a) => a.title === CLASS)
    const cancelled = after.filter((a) => a.status === 'cancelled').map((a) => localDay(a.start)).sort()
    assertEqual(cancelled.length, 2, `sessions cancelled (${cancelled.join(', ')})`)
    assertEqual(cancelled[0], localDay(eleventh.start), 'from the chosen session on')
    await waitIdle(page)
    const look = await page.locator('.fc-event', { hasText: CLASS }).getAttribute('class')
    assert(look.includes('cs-status-cancelled'), 'cancelled looks different')
  })

  t.test('switches to English and back, and remembers it', async ({ page }) => {
    await page.locator('[data-test=lang-switch]').click()
    await page.locator('[data-test=lang-en]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=cal-today]')?.textContent?.trim() === 'Today')
    await page.reload()
    await page.locator('[data-test=calendar] .fc-view-harness').waitFor()
    await waitIdle(page)
    assertEqual((await page.locator('[data-test=cal-today]').textContent()).trim(), 'Today', 'English after reload')
    assert((await page.locator('.fc-col-header-cell').first().textContent()).includes('Sun'), 'week starts on Sunday in English')
    await shot(page, 'english')
    await page.locator('[data-test=lang-switch]').click()
    await page.locator('[data-test=lang-zh-CN]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=cal-today]')?.textContent?.trim() === '今天')
    assert((await page.locator('.fc-col-header-cell').first().textContent()).includes('周一'), 'week starts on Monday in Chinese')
  })

  t.test('is usable at 390 px: list first, full-width form', async (ctx) => {
    const phone = await openPage(ctx, { width: 390, height: 844, mobile: true, path: '/calendar' })
    await phone.locator('.fc-listWeek-view').waitFor()
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`)
    await shot(phone, 'phone-list')
    await phone.goto(`${BASE_URL}/calendar?view=listWeek&date=2026-09-19`)
    // The first tap shows who and where; its button opens the details.
    await phone.locator('.fc-event', { hasText: CLASS }).click()
    await phone.locator('[data-test=popover-open]').click()
    await phone.locator('[data-test=activity-details]').waitFor()
    await phone.waitForTimeout(400) // the drawer slides in
    await shot(phone, 'phone-details')
    await phone.keyboard.press('Escape')
    await phone.locator('[data-test=cal-create]').click()
    const form = phone.locator('[data-test=activity-form]')
    await form.waitFor()
    const box = await phone.locator('[data-test=activity-panel]').boundingBox()
    assert(box.width >= 389, `drawer takes the width (${box.width})`)
    await phone.locator('[data-test=form-save]').scrollIntoViewIfNeeded()
    assert(await phone.locator('[data-test=form-save]').isVisible(), 'save reachable')
    await phone.waitForTimeout(400)
    await shot(phone, 'phone-form')
  })
}
