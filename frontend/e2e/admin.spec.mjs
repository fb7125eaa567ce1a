// Administration end to end: an admin creates a user who then logs in, resets a password,
// sees the staff lacking two stations; the user changes their own password; a viewer sees every
// page but no write action.
import { BASE_URL, TZ, adminApi, assert, assertEqual, inputOf, login, newPage, noOverlay, openPage, pick, shot } from './lib.mjs'

const stamp = Date.now().toString(36).slice(-5)
const USERNAME = `zhao_${stamp}`
const NAME = `赵老师${stamp}`
const PASSWORD = `first-${stamp}-pass`
const NEW_PASSWORD = `second-${stamp}-pass`
const OWN_PASSWORD = `third-${stamp}-pass`

async function logout(page) {
  await page.locator('[data-test=user-menu]').click()
  await page.locator('[data-test=logout]').click()
  await page.locator('input[data-test=login-username]').waitFor()
}

/** WRITE lists the test ids of every button that changes something on the pages a viewer sees. */
const WRITE = [
  'target-new',
  'template-apply',
  'template-save',
  'target-edit',
  'venue-new',
  'station-new',
  'team-new',
  'closure-new',
  'user-new',
]

export default function (t) {
  t.test('creates a user on the users page', async (ctx) => {
    ctx.api = await adminApi()
    const page = await openPage(ctx)
    ctx.page = page
    await page.locator('.layout__link', { hasText: '系统管理' }).first().click()
    await page.locator('[data-test=users-page]').waitFor()
    await page.locator('[data-test=user-new]').click()
    await inputOf(page, 'user-username').fill(USERNAME)
    await inputOf(page, 'user-name').fill(NAME)
    await pick(page, 'user-role', '业务干部')
    await inputOf(page, 'user-password-input').fill(PASSWORD)
    await page.locator('[data-test=dialog-submit]').click()
    await page.locator('[data-test=users-table] .el-table__row', { hasText: USERNAME }).waitFor()
    const users = (await ctx.api.get('/users?per_page=1000')).items
    const made = users.find((u) => u.username === USERNAME)
    assert(made, 'the user exists')
    assertEqual(made.role, 'staff', 'role')
    assertEqual(made.name, NAME, 'name')
    await shot(page, 'admin-users')
  })

  t.test('shows the server’s field problems in Chinese', async ({ page }) => {
    await page.locator('[data-test=user-new]').click()
    await inputOf(page, 'user-username').fill(`short_${stamp}`)
    await inputOf(page, 'user-password-input').fill('abc')
    await page.locator('[data-test=dialog-submit]').click()
    const dialog = page.locator('.el-dialog:visible')
    // The server says "must be at least 8 characters".
    await dialog.locator('.el-form-item__error', { hasText: '至少 8 个字符' }).waitFor()
    await page.keyboard.press('Escape')
    await noOverlay(page)
  })

  t.test('resets the new user’s password', async ({ page }) => {
    const row = page.locator('[data-test=users-table] .el-table__row', { hasText: USERNAME })
    await row.locator('[data-test=user-password]').click()
    await inputOf(page, 'user-password-input').fill(NEW_PASSWORD)
    await page.locator('[data-test=dialog-submit]').click()
    await page.locator('.el-message--success', { hasText: NAME }).waitFor()
  })

  t.test('the new user logs in with the new password and sees no administration', async ({ page }) => {
    await logout(page)
    await login(page, USERNAME, NEW_PASSWORD)
    await page.locator('[data-test=dashboard]').waitFor()
    assertEqual(await page.locator('.layout__link', { hasText: '系统管理' }).count(), 0, 'no administration entry')
    await page.goto(`${BASE_URL}/admin/users`)
    await page.locator('[data-test=dashboard]').waitFor()
  })

  t.test('the new user changes their own password, stays logged in, then logs in with it', async ({ page }) => {
    await page.locator('[data-test=user-menu]').click()
    await page.locator('[data-test=change-password]').click()
    const dialog = page.locator('.el-dialog:visible')
    await inputOf(page, 'password-current').waitFor()
    // The form's own checks: the two new passwords differ.
    await inputOf(page, 'password-current').fill('not-my-password')
    await inputOf(page, 'password-new').fill(OWN_PASSWORD)
    await inputOf(page, 'password-repeat').fill(`${OWN_PASSWORD}x`)
    await page.locator('[data-test=password-submit]').click()
    await dialog.locator('.el-form-item__error', { hasText: '两次输入的新密码不一致' }).waitFor()
    // The server's: the current password is wrong ("is not your current password").
    await inputOf(page, 'password-repeat').fill(OWN_PASSWORD)
    await page.locator('[data-test=password-submit]').click()
    await dialog.locator('.el-form-item__error', { hasText: '与当前密码不符' }).waitFor()
    await shot(page, 'change-password')
    await inputOf(page, 'password-current').fill(NEW_PASSWORD)
    await page.locator('[data-test=password-submit]').click()
    await page.locator('.el-message--success', { hasText: '密码已修改' }).waitFor()
    await noOverlay(page)
    // The session goes on with the new login: the app still loads data, also after a reload
    // (which resumes from the stored refresh token).
    await page.locator('.layout__link', { hasText: '日程' }).first().click()
    await page.locator('[data-test=calendar]').waitFor()
    await page.waitForLoadState('networkidle')
    await page.reload()
    await page.locator('[data-test=calendar]').waitFor()
    await page.waitForLoadState('networkidle')
    assertEqual(await page.locator('input[data-test=login-username]').count(), 0, 'still logged in')
    await logout(page)
    // The password before the change no longer works.
    await page.locator('input[data-test=login-username]').fill(USERNAME)
    await page.locator('input[data-test=login-password]').fill(NEW_PASSWORD)
    await page.locator('[data-test=login-submit]').click()
    await page.locator('[data-test=login-error]', { hasText: '用户名或密码错误' }).waitFor()
    await login(page, USERNAME, OWN_PASSWORD)
    await page.locator('[data-test=dashboard]').waitFor()
    await logout(page)
  })

  t.test('lists staff lacking two stations', async ({ page, api }) => {
    await login(page)
    await page.goto(`${BASE_URL}/admin/stations`)
    const lacking = page.locator('[data-test=lacking-stations]')
    await lacking.waitFor()
    await lacking.getByText(NAME).waitFor()
    await shot(page, 'admin-stations')
    const station = await api.post('/stations', { name: `文化站 ${stamp}`, address: '', staff_ids: [] })
    assert(station.id, 'station made')
  })

  t.test('adds a closed day and a team, and finds them in the change log', async ({ page, api }) => {
    const year = new Date().getFullYear()
    await page.goto(`${BASE_URL}/admin/closures`)
    await page.locator('[data-test=closure-new]').click()
    await page.locator('.el-dialog:visible .el-date-editor input').fill(`${year}-12-30`)
    await page.keyboard.press('Enter')
    await inputOf(page, 'closure-name').fill(`设备检修 ${stamp}`)
    await page.locator('[data-test=dialog-submit]').click()
    await page.locator('[data-test=closures-table] .el-table__row', { hasText: `设备检修 ${stamp}` }).waitFor()
    const closures = (await api.get(`/closures?year=${year}`)).items
    assert(closures.some((c) => c.date === `${year}-12-30` && c.name === `设备检修 ${stamp}`), 'closure saved')

    await page.goto(`${BASE_URL}/admin/teams`)
    await page.locator('[data-test=team-new]').click()
    await inputOf(page, 'team-name').fill(`舞蹈队 ${stamp}`)
    await page.locator('[data-test=dialog-submit]').click()
    await page.locator('[data-test=teams-table] .el-table__row', { hasText: `舞蹈队 ${stamp}` }).waitFor()

    await page.goto(`${BASE_URL}/admin/audit`)
    // The unfiltered log already shows the new team, so wait for the filtered answer and
    // for the closed day's rows to go before counting.
    const filtered = page.waitForResponse(
      (r) => r.url().includes('/api/v1/audit') && new URL(r.url()).searchParams.get('entity') === 'team',
    )
    await pick(page, 'audit-entity', '团队')
    await (await filtered).finished()
    const rows = page.locator('[data-test=audit-table] .el-table__body-wrapper .el-table__row')
    await rows.filter({ hasText: '闭馆日' }).first().waitFor({ state: 'detached', timeout: 5000 })
    await rows.filter({ hasText: '团队' }).first().waitFor()
    assert((await rows.count()) >= 1, 'the change log lists the new team')
    assertEqual(await rows.filter({ hasText: '闭馆日' }).count(), 0, 'filtered to teams')
  })

  t.test('a viewer sees every page and no write action', async (ctx) => {
    const { page, api } = ctx
    const password = `viewer-${stamp}-pass`
    await api.post('/users', { username: `view_${stamp}`, password, name: `领导${stamp}`, role: 'viewer' })
    await logout(page)
    await login(page, `view_${stamp}`, password)
    const pages = [
      ['/', 'dashboard'],
      ['/monthly', 'monthly'],
      ['/targets', 'targets'],
      ['/admin/venues', 'venues-page'],
      ['/admin/stations', 'stations-page'],
      ['/admin/teams', 'teams-page'],
      ['/admin/closures', 'closures-page'],
    ]
    for (const [path, id] of pages) {
      await page.goto(BASE_URL + path)
      await page.locator(`[data-test=${id}]`).waitFor()
      await page.waitForLoadState('networkidle')
      for (const w of WRITE) {
        assertEqual(await page.locator(`[data-test=${w}]`).count(), 0, `${path}: no ${w}`)
      }
      assertEqual(await page.locator('.admin-actions .el-button').count(), 0, `${path}: no row actions`)
    }
    assertEqual(await page.locator('[data-test=tab-users]').count(), 0, 'no users tab')
    assertEqual(await page.locator('[data-test=tab-audit]').count(), 0, 'no audit tab')
    await page.goto(`${BASE_URL}/admin/users`)
    await page.locator('[data-test=dashboard]').waitFor()
    await shot(page, 'viewer-dashboard')
  })

  t.test('on a phone the administration needs no sideways scroll', async (ctx) => {
    const page = await openPage(ctx, { width: 390, height: 844, mobile: true, path: '/admin/users' })
    const table = page.locator('[data-test=users-table]')
    await table.locator('.el-table__row', { hasText: USERNAME }).waitFor()
    const overflow = await page.evaluate(() => {
      const doc = document.documentElement
      const body = document.querySelector('[data-test=users-table] .el-table__body-wrapper .el-scrollbar__wrap')
      return { page: doc.scrollWidth - doc.clientWidth, table: body ? body.scrollWidth - body.clientWidth : -1 }
    })
    assertEqual(overflow.page, 0, 'the page is as wide as the screen')
    assertEqual(overflow.table, 0, 'the table is as wide as the screen')
    // A row's actions are in its menu.
    await table.locator('.el-table__row', { hasText: USERNAME }).locator('[data-test=row-actions-button]').click()
    await page.locator('.el-dropdown-menu:visible [data-test=user-password]').waitFor()
    await shot(page, 'admin-users-phone')
    await page.keyboard.press('Escape')
  })

  t.test('says when the device’s time zone is not the center’s', async ({ browser }) => {
    const here = await newPage(browser)
    await login(here, undefined, undefined, '/calendar')
    await here.waitForLoadState('networkidle')
    assertEqual(await here.locator('[data-test=zone-banner]').count(), 0, `no notice in ${TZ}`)
    await here.context().close()
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Tokyo' })
    const away = await context.newPage()
    await login(away, undefined, undefined, '/calendar')
    const banner = away.locator('[data-test=zone-banner]')
    await banner.getByText('Asia/Tokyo').waitFor()
    await banner.getByText('Asia/Shanghai').waitFor()
    await banner.locator('.el-alert__close-btn').click()
    await away.reload()
    await away.locator('[data-test=user-menu]').waitFor()
    await away.waitForLoadState('networkidle')
    assertEqual(await banner.count(), 0, 'closed for good')
    await context.close()
  })
}
