// Finding things and closed days: search by title, place and people, several staff or kinds at
// once, filters kept in the URL (back button, shared links), an exhibition that leaves its
// staff free, a closure that lists and marks the activities it hits, holidays named in English.
// Everything in April 2027 (the holiday check looks at October 2027).
import { BASE_URL, adminApi, assert, assertEqual, gotoCalendar, inputOf, openFormBySelecting, openPage, pick, shot } from './lib.mjs'

const stamp = Date.now().toString(36).slice(-5)
const S1 = `刘洋${stamp}`
const S2 = `陈静${stamp}`
const V1 = `小剧场${stamp}`
const V2 = `排练室${stamp}`
const CUT = `剪纸讲座${stamp}`
const SHOW = `书法展${stamp}`
const CHOIR = `合唱排练${stamp}`
const PARK = `公园演出${stamp}`

async function waitTitles(page, want) {
  const sorted = [...want].sort()
  await page.waitForFunction(
    ([s, w]) => {
      if (document.querySelector('.tb__spin')) return false
      const got = [...document.querySelectorAll('.fc-event .cs-tile__title')].map((e) => e.textContent).filter((x) => x.includes(s)).sort()
      return JSON.stringify(got) === JSON.stringify(w)
    },
    [stamp, sorted],
  )
}

/** pickMore adds an option to a multiple select that already holds some (its tags take clicks). */
async function pickMore(page, testId, text) {
  await page.locator(`[data-test=${testId}] .el-select__wrapper`).first().click({ position: { x: 8, y: 8 } })
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first()
  await option.click()
  await page.keyboard.press('Escape').catch(() => {})
}

export default function (t) {
  t.test('sets up two staff, two venues and four activities', async (ctx) => {
    const api = await adminApi()
    ctx.api = api
    const user = (name, u) => api.post('/users', { username: `${u}${stamp}`, name, role: 'staff', password: `Pass-${stamp}-2027!` })
    ctx.s1 = await user(S1, 'liu')
    ctx.s2 = await user(S2, 'chen')
    ctx.v1 = await api.post('/venues', { name: V1, capacity: 200, active: true })
    ctx.v2 = await api.post('/venues', { name: V2, capacity: 40, active: true })
    const base = { location: '', team_ids: [], station_id: null, venue_id: null, staff_ids: [], expected_attendance: 0, notes: '' }
    ctx.cut = await api.post('/activities', { ...base, kind: 'lecture', title: CUT, start: '2027-04-14T14:00:00+08:00', end: '2027-04-14T16:00:00+08:00', venue_id: ctx.v1.id, organizer_id: ctx.s1.id })
    await api.post('/activities', { ...base, kind: 'exhibition', title: SHOW, start: '2027-04-06T09:30:00+08:00', end: '2027-04-06T16:30:00+08:00', venue_id: ctx.v2.id, organizer_id: ctx.s1.id })
    await api.post('/activities', { ...base, kind: 'team_activity', title: CHOIR, start: '2027-04-15T19:00:00+08:00', end: '2027-04-15T21:00:00+08:00', venue_id: ctx.v2.id, organizer_id: ctx.s2.id })
    await api.post('/activities', { ...base, kind: 'performance', title: PARK, start: '2027-04-17T10:00:00+08:00', end: '2027-04-17T11:30:00+08:00', location: '人民公园', organizer_id: ctx.s1.id })
  })

  t.test('searches by a person, a place and a title', async (ctx) => {
    const page = await openPage(ctx, { path: '/calendar' })
    ctx.page = page
    await gotoCalendar(page, 'dayGridMonth', '2027-04-14')
    await waitTitles(page, [CUT, SHOW, CHOIR, PARK])
    const box = inputOf(page, 'filter-q')
    await box.fill(S2)
    await waitTitles(page, [CHOIR])
    assert(decodeURIComponent(page.url()).includes(`q=${S2}`), `the search is in the URL: ${page.url()}`)
    await box.fill('人民公园')
    await waitTitles(page, [PARK])
    await box.fill(`剪纸讲座${stamp}`)
    await waitTitles(page, [CUT])
    await shot(page, 'find-search')
    await box.fill('')
    await waitTitles(page, [CUT, SHOW, CHOIR, PARK])
  })

  t.test('filters by several staff and kinds, and the back button undoes a filter', async ({ page, s1, s2 }) => {
    await pick(page, 'filter-kind', '讲座')
    await waitTitles(page, [CUT])
    await pickMore(page, 'filter-kind', '展览')
    await waitTitles(page, [CUT, SHOW])
    assert(page.url().includes('kind=lecture%2Cexhibition') || page.url().includes('kind=lecture,exhibition'), `kinds in the URL: ${page.url()}`)
    await page.goBack()
    await waitTitles(page, [CUT])
    await page.goBack()
    await waitTitles(page, [CUT, SHOW, CHOIR, PARK])
    await pick(page, 'filter-staff', S2)
    await waitTitles(page, [CHOIR])
    await pickMore(page, 'filter-staff', S1)
    await waitTitles(page, [CUT, SHOW, CHOIR, PARK])
    const url = new URL(page.url())
    assertEqual(url.searchParams.get('staff'), `${s2.id},${s1.id}`, 'both staff in the URL')
    await shot(page, 'find-filters')
  })

  t.test('a shared link opens the same filtered calendar', async (ctx) => {
    const other = await openPage(ctx, { path: `/calendar?view=dayGridMonth&date=2027-04-14&venue=${ctx.v2.id}&kind=team_activity,exhibition` })
    await other.locator('.fc-dayGridMonth-view').waitFor()
    await waitTitles(other, [SHOW, CHOIR])
    const tags = await other.locator('[data-test=filter-venue] .el-select__tags-text, [data-test=filter-venue] .el-tag').allTextContents()
    assert(tags.some((x) => x.includes(V2)), `the venue filter shows ${V2}: ${tags.join('|')}`)
    await other.context().close()
    ctx.pages.pop()
  })

  t.test('an exhibition leaves its staff free by default, and the check agrees', async ({ page, api }) => {
    await gotoCalendar(page, 'timeGridWeek', '2027-04-20')
    await openFormBySelecting(page, '2027-04-20', '09:30', '16:30')
    await pick(page, 'form-kind', '展览')
    const busy = page.locator('[data-test=form-staff-busy] input')
    assertEqual(await busy.isChecked(), false, 'an exhibition does not occupy its staff')
    await inputOf(page, 'form-title').fill(`剪纸展${stamp}`)
    await pick(page, 'form-venue', V1)
    await page.locator('[data-test=check-ok]').waitFor()
    await shot(page, 'find-exhibition-form')
    await page.locator('[data-test=form-save]').click()
    await page.locator('[data-test=activity-form]').waitFor({ state: 'detached' })
    const show = (await api.activities('2027-04-20', '2027-04-21')).find((a) => a.title === `剪纸展${stamp}`)
    assertEqual(show.staff_busy, false, 'saved with staff free')
    // The same organizer (the admin) gives a lecture elsewhere meanwhile: no clash.
    const res = await api.post('/activities/check', {
      kind: 'lecture', title: 'x', start: '2027-04-20T10:00:00+08:00', end: '2027-04-20T11:00:00+08:00', venue_id: null,
      location: '三楼', organizer_id: show.organizer_id, staff_ids: [], team_ids: [], station_id: null, expected_attendance: 0, notes: '',
    })
    assertEqual(res.conflicts.length, 0, 'the curator is free for other work')
  })

  t.test('a closure lists the planned activities it hits, and the calendar marks them', async ({ page, cut }) => {
    await page.goto(`${BASE_URL}/admin/closures`)
    await page.locator('[data-test=closures-page]').waitFor()
    await page.locator('[data-test=closure-new]').click()
    const date = page.locator('.el-dialog .el-date-editor input').first()
    await date.fill('2027-04-14')
    await date.press('Enter')
    await inputOf(page, 'closure-name').fill(`设备检修${stamp}`)
    const hit = page.locator('[data-test=closure-hit]')
    await hit.first().waitFor()
    assert((await hit.allTextContents()).some((x) => x.includes(CUT)), 'the form lists the lecture that day')
    await shot(page, 'find-closure-form')
    await page.locator('.el-dialog .el-button--primary').click()
    const saved = page.locator('[data-test=closure-saved-hits]')
    await saved.waitFor()
    assert((await saved.textContent()).includes(CUT), 'the answer lists it again')
    await gotoCalendar(page, 'dayGridMonth', '2027-04-14')
    const tile = page.locator('.fc-event', { hasText: CUT })
    await tile.locator('[data-test=tile-closure]').waitFor()
    await tile.hover()
    await page.locator('[data-test=popover-closure]').waitFor()
    await shot(page, 'find-closure-marked')
    await page.mouse.move(5, 5)
    assert(cut.id > 0, 'lecture known')
  })

  t.test('holidays are named in English', async ({ page }) => {
    await page.locator('[data-test=lang-switch]').click()
    await page.locator('[data-test=lang-en]').click()
    await gotoCalendar(page, 'dayGridMonth', '2027-10-04')
    await page.waitForFunction(() => [...document.querySelectorAll('[data-test=day-tag]')].some((e) => e.textContent.includes('National Day')))
    const tags = await page.locator('[data-test=day-tag]').allTextContents()
    assert(!tags.some((x) => /[\u4e00-\u9fff]/.test(x)), `no Chinese holiday names: ${tags.join(', ')}`)
    await shot(page, 'find-holidays-en')
    await page.locator('[data-test=lang-switch]').click()
    await page.locator('[data-test=lang-zh-CN]').click()
  })
}
