// Administration end to end: an admin creates a user who then logs in, resets a password,
// sees the staff lacking two stations; a viewer sees every page but no write action.
import { Api, BASE_URL, assert, assertEqual, inputOf, login, newPage, pick, shot } from './lib.mjs'

const stamp = Date.now().toString(36).slice(-5)
const USERNAME = `zhao_${stamp}`
const NAME = `赵老师${stamp}`
const PASSWORD = `first-${stamp}-pass`
const NEW_PASSWORD = `second-${stamp}-pass`

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
    ctx.api = new Api()
    await ctx.api.login()
    const page = await newPage(ctx.browser)
    ctx.page = page
    ctx.pages = [page]
    await login(page)
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
    await pick(page, 'audit-entity', '团队')
    await page.locator('[data-test=audit-table] .el-table__row', { hasText: '团队' }).first().waitFor()
    const rows = page.locator('[data-test=audit-table] .el-table__body-wrapper .el-table__row')
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
}
