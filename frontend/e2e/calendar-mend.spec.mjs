// Mistakes mended and records kept: a member of staff records two past activities at once from
// the "to record" list (the menu's badge counts them) and corrects a completed one; the manager
// deletes part of a series after being told how many, adds a make-up session, cancels with a
// reason, and creates a series that skips the date that clashes.
import { BASE_URL, adminApi, assert, assertEqual, gotoCalendar, inputOf, noOverlay, openPage, shot, startActivity, waitIdle } from './lib.mjs'

const stamp = Date.now().toString(36).slice(-5)
const STAFF = `赵敏${stamp}`
const PASSWORD = `Pass-${stamp}-2026!`
const VENUE = `培训教室${stamp}`
const PAST1 = `剪纸辅导${stamp}`
const PAST2 = `戏曲赏析${stamp}`
const DONE = `合唱指导${stamp}`
const SERIES = `摄影班${stamp}`
const NEW_SERIES = `舞蹈班${stamp}`

function localDay(instant) {
  return new Date(new Date(instant).getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

async function openDetails(page, title) {
  await noOverlay(page)
  await page.locator('.fc-event', { hasText: title }).first().click()
  await page.locator('[data-test=activity-details]').waitFor()
}

export default function (t) {
  t.test('sets up a member of staff with two past activities and a completed one, and a series', async (ctx) => {
    const api = await adminApi()
    ctx.api = api
    ctx.staff = await api.post('/users', { username: `zhao${stamp}`, name: STAFF, role: 'staff', password: PASSWORD })
    ctx.venue = await api.post('/venues', { name: VENUE, capacity: 40, active: true })
    const base = { location: '', team_ids: [], station_id: null, staff_ids: [], expected_attendance: 20, notes: '', venue_id: ctx.venue.id }
    const at = (day, h) => ({ start: `${day}T${h}:00:00+08:00`, end: `${day}T${String(Number(h) + 2).padStart(2, '0')}:00:00+08:00` })
    await api.post('/activities', { ...base, ...at('2026-11-20', '09'), kind: 'outreach', title: PAST1, organizer_id: ctx.staff.id })
    await api.post('/activities', { ...base, ...at('2026-11-20', '14'), kind: 'lecture', title: PAST2, organizer_id: ctx.staff.id })
    const done = await api.post('/activities', { ...base, ...at('2026-11-18', '14'), kind: 'team_activity', title: DONE, organizer_id: ctx.staff.id })
    await api.post(`/activities/${done.id}/complete`, { actual_attendance: 30, notes: '', version: done.version })
    const me = (await api.get('/me')).id
    await api.post('/series', { ...base, ...at('2027-05-06', '19'), kind: 'training', title: SERIES, organizer_id: me, rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=4', skip_holidays: false })
    // What a new Thursday series will clash with on 3 June.
    await api.post('/activities', { ...base, ...at('2027-06-03', '19'), kind: 'performance', title: `汇报演出${stamp}`, organizer_id: me })
  })

  t.test('staff record two past activities at once from the "to record" list', async (ctx) => {
    const page = await openPage(ctx, { username: `zhao${stamp}`, password: PASSWORD, path: '/calendar' })
    ctx.staffPage = page
    const badge = page.locator('[data-test=to-record-badge]')
    await badge.waitFor()
    assertEqual((await badge.textContent()).trim(), '2', 'the badge counts two')
    await page.locator('a[href="/to-record"]').first().click()
    await page.locator('[data-test=to-record-page]').waitFor()
    await page.waitForFunction(() => document.querySelectorAll('[data-test=to-record-attendance]').length === 2)
    const boxes = page.locator('[data-test=to-record-attendance] input')
    await boxes.nth(0).fill('18')
    await boxes.nth(1).fill('42')
    await page.locator('input[data-test=to-record-notes], [data-test=to-record-notes] input').nth(1).fill('反响热烈')
    await page.locator('[data-test=to-record-page] h2').click()
    await shot(page, 'mend-to-record')
    await page.locator('[data-test=to-record-save]').click()
    await page.locator('.el-message--success').waitFor()
    const rows = (await ctx.api.activities('2026-11-20', '2026-11-21')).filter((a) => [PAST1, PAST2].includes(a.title))
    assertEqual(rows.map((a) => `${a.status}:${a.actual_attendance}`).sort().join(' '), 'completed:18 completed:42', 'both recorded')
    await badge.waitFor({ state: 'detached' })
  })

  t.test('staff correct the attendance of their completed activity', async ({ staffPage: page, api }) => {
    await gotoCalendar(page, 'timeGridWeek', '2026-11-18')
    await openDetails(page, DONE)
    await page.locator('[data-test=details-mend]').click()
    const box = inputOf(page, 'complete-attendance')
    assertEqual(await box.inputValue(), '30', 'starts from the recorded figure')
    await box.fill('35')
    await page.locator('[data-test=complete-submit]').click()
    await page.waitForFunction(() => document.querySelector('[data-test=details-actual]')?.textContent?.trim() === '35')
    const a = (await api.activities('2026-11-18', '2026-11-19')).find((x) => x.title === DONE)
    assertEqual(`${a.status}:${a.actual_attendance}`, 'completed:35', 'still completed, corrected')
    await page.keyboard.press('Escape')
  })

  t.test('the manager deletes this and the following sessions after being told how many', async (ctx) => {
    const page = await openPage(ctx, { path: '/calendar' })
    ctx.page = page
    await gotoCalendar(page, 'timeGridWeek', '2027-05-13')
    await openDetails(page, SERIES)
    await page.locator('[data-test=details-delete]').click()
    await page.locator('[data-test=scope-dialog]').waitFor()
    const count = async (s) => (await page.locator(`[data-test=scope-count-${s}]`).textContent()).replace(/\D/g, '')
    assertEqual(`${await count('this')} ${await count('following')} ${await count('all')}`, '1 3 4', 'counts of each choice')
    await page.locator('[data-test=scope-following]').click()
    await shot(page, 'mend-delete-counts')
    await page.locator('[data-test=scope-confirm]').click()
    await page.locator('.el-message--success').waitFor()
    const left = (await ctx.api.activities('2027-05-01', '2027-06-01')).filter((a) => a.title === SERIES)
    assertEqual(left.map((a) => localDay(a.start)).join(' '), '2027-05-06', 'only the first session is left')
  })

  t.test('adds a make-up session, then cancels the first with a reason that is shown', async ({ page, api }) => {
    await gotoCalendar(page, 'timeGridWeek', '2027-05-06')
    await openDetails(page, SERIES)
    await page.locator('[data-test=details-makeup]').click()
    await page.locator('[data-test=makeup-dialog]').waitFor()
    await page.locator('[data-test=makeup-submit]').click()
    await page.locator('[data-test=makeup-dialog]').waitFor({ state: 'hidden' })
    let s = (await api.activities('2027-05-01', '2027-06-01')).filter((a) => a.title === SERIES).sort((a, b) => a.start.localeCompare(b.start))
    assertEqual(s.map((a) => localDay(a.start)).join(' '), '2027-05-06 2027-05-13', 'the make-up session a week later')
    assertEqual(s[1].series_id, s[0].series_id, 'in the same series')
    await page.locator('[data-test=details-cancel]').click()
    await page.locator('[data-test=scope-dialog]').waitFor()
    await page.locator('[data-test=scope-confirm]').click()
    await page.locator('.el-message-box input').fill('讲师出差')
    await shot(page, 'mend-cancel-reason')
    await page.locator('.el-message-box .el-button--danger').click()
    await page.waitForFunction(() => document.querySelector('[data-test=details-cancel-reason]')?.textContent?.includes('讲师出差'))
    s = (await api.activities('2027-05-06', '2027-05-07')).filter((a) => a.title === SERIES)
    assertEqual(`${s[0].status}:${s[0].cancel_reason}`, 'cancelled:讲师出差', 'cancelled with its reason')
    await page.keyboard.press('Escape')
  })

  t.test('a new series skips the date that clashes and lists it', async ({ page, api }) => {
    await noOverlay(page)
    await gotoCalendar(page, 'timeGridWeek', '2027-05-27')
    await startActivity(page, '2027-05-27', '19:00', '21:00', { kind: '培训班', title: NEW_SERIES, venue: VENUE })
    await page.locator('[data-test=form-repeat]').click()
    await page.locator('[data-test=form-skip-conflicts]').click()
    await page.locator('[data-test=form-save]').click()
    const skipped = page.locator('[data-test=series-skipped]')
    await skipped.waitFor()
    assert((await skipped.textContent()).includes(`汇报演出${stamp}`), 'the skipped date names what it clashes with')
    await shot(page, 'mend-skipped')
    await page.locator('.el-message-box .el-button--primary').click()
    await waitIdle(page)
    const made = (await api.activities('2027-05-01', '2027-09-01')).filter((a) => a.title === NEW_SERIES)
    assertEqual(made.length, 12, 'still twelve sessions')
    assert(!made.some((a) => localDay(a.start) === '2027-06-03'), 'none on 3 June')
    assert(BASE_URL, 'server known')
  })
}
