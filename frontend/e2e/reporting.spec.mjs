// What the admin sets for what is handed up, end to end: the center's name (it heads the app),
// the official return's lines (edited as one list, checked before sending), and a user's joined
// and left dates in the user dialog (a left date before the joined one is refused on its field).
import { BASE_URL, adminApi, assert, assertEqual, inputOf, noOverlay, openPage, shot } from './lib.mjs'

const stamp = Date.now().toString(36).slice(-5)
const YEAR = new Date().getFullYear()

export default function (t) {
  t.test('the admin names the center and it heads the app', async (ctx) => {
    ctx.api = await adminApi()
    const page = await openPage(ctx)
    ctx.page = page
    const { api } = ctx
    ctx.centerBefore = (await api.get('/settings')).center_name
    await page.goto(`${BASE_URL}/admin/reporting`)
    await page.locator('[data-test=reporting-page]').waitFor()
    await inputOf(page, 'center-name-input').fill(`  东城区文化馆${stamp} `)
    await page.locator('[data-test=center-name-save]').click()
    await page.locator('.el-message--success').first().waitFor()
    assertEqual((await api.get('/settings')).center_name, `东城区文化馆${stamp}`, 'saved trimmed')
    assertEqual((await page.locator('[data-test=center-name]').textContent()).trim(), `东城区文化馆${stamp}`, 'the header')
  })

  t.test('the admin edits the official return lines: a kind taken off, a line added, all saved at once', async (ctx) => {
    const { page, api } = ctx
    ctx.linesBefore = (await api.get('/official-lines')).items
    const lines = page.locator('[data-test=line]')
    await lines.first().waitFor()
    assertEqual(await lines.count(), ctx.linesBefore.length, 'one card per line')
    assert(ctx.linesBefore.some((l) => l.name === '参加活动人次'), 'the defaults include 参加活动人次')
    // 组织文艺活动 counts performances and team activities; this center leaves rehearsals out.
    const art = lines.filter({ has: page.locator('input[data-test=line-name], [data-test=line-name] input') }).nth(ctx.linesBefore.findIndex((l) => l.code === 'art_activities'))
    await art.locator('[data-test=line-kinds] .el-tag', { hasText: '团队活动' }).locator('.el-tag__close').click()
    // A new line: attendance of lectures and training classes.
    await page.locator('[data-test=line-add]').click()
    const added = lines.last()
    await added.locator('[data-test=line-name] input, input[data-test=line-name]').first().fill(`讲座培训人次 ${stamp}`)
    await added.locator('[data-test=line-unit] input, input[data-test=line-unit]').first().fill('人次')
    await added.locator('[data-test=line-metric]').click()
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '参与人次' }).click()
    await added.locator('[data-test=line-kinds]').click()
    for (const k of ['讲座', '培训班']) await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: k }).first().click()
    await page.keyboard.press('Escape')
    await page.locator('[data-test=lines-dirty]').waitFor()
    await shot(page, 'official-lines')
    await page.locator('[data-test=lines-save]').click()
    await page.locator('.el-message--success', { hasText: '统计项目已保存' }).waitFor()
    const after = (await api.get('/official-lines')).items
    assertEqual(after.length, ctx.linesBefore.length + 1, 'one line more')
    assertEqual(JSON.stringify(after.find((l) => l.code === 'art_activities').kinds), '["performance"]', 'rehearsals left out')
    const mine = after.at(-1)
    assertEqual(mine.name, `讲座培训人次 ${stamp}`, 'new line name')
    assertEqual(mine.metric, 'attendance', 'new line metric')
    // The kinds in the app's order, whatever order they were picked in.
    assertEqual(JSON.stringify(mine.kinds), '["training","lecture"]', 'new line kinds')
  })

  t.test('a line without a name is refused before anything is sent', async ({ page, api }) => {
    const before = (await api.get('/official-lines')).items
    const name = page.locator('[data-test=line]').first().locator('[data-test=line-name] input, input[data-test=line-name]').first()
    await name.fill('')
    await page.locator('[data-test=lines-save]').click()
    await page.locator('[data-test=line] .el-form-item__error', { hasText: '请填写项目名称' }).waitFor()
    assertEqual(JSON.stringify((await api.get('/official-lines')).items), JSON.stringify(before), 'nothing saved')
    await page.locator('[data-test=lines-undo]').click()
    assertEqual(await name.inputValue(), before[0].name, 'undo brings the saved name back')
  })

  t.test('the user dialog sets a joined date, and a left date before it is refused on its field', async ({ page, api }) => {
    await page.goto(`${BASE_URL}/admin/users`)
    await page.locator('[data-test=users-page]').waitFor()
    await page.locator('[data-test=user-new]').click()
    await inputOf(page, 'user-username').fill(`he_${stamp}`)
    await inputOf(page, 'user-name').fill(`何老师${stamp}`)
    await inputOf(page, 'user-password-input').fill(`pw-${stamp}-secret`)
    await inputOf(page, 'user-joined').fill(`${YEAR}-09-01`)
    await page.keyboard.press('Enter')
    await shot(page, 'user-dialog-dates')
    await page.locator('[data-test=dialog-submit]').click()
    const row = page.locator('[data-test=users-table] .el-table__row', { hasText: `he_${stamp}` })
    await row.waitFor()
    assertEqual((await row.locator('[data-test=user-term]').textContent()).trim(), `${YEAR}-09-01 到岗`, 'the table says when')
    const made = (await api.get('/users?per_page=1000')).items.find((u) => u.username === `he_${stamp}`)
    assertEqual(made.joined_on, `${YEAR}-09-01`, 'joined_on saved')
    assertEqual(made.left_on, null, 'no left_on')

    await row.locator('[data-test=user-edit]').click()
    await inputOf(page, 'user-left').fill(`${YEAR}-08-01`)
    await page.keyboard.press('Enter')
    await page.locator('[data-test=dialog-submit]').click()
    await page.locator('[data-test=user-left] .el-form-item__error').waitFor()
    const again = (await api.get(`/users/${made.id}`))
    assertEqual(again.left_on, null, 'nothing written')
    await page.keyboard.press('Escape')
    await noOverlay(page)
  })

  t.test('puts the settings and lines back as they were', async (ctx) => {
    await ctx.api.call('PUT', '/official-lines', { items: ctx.linesBefore })
    await ctx.api.call('PATCH', '/settings', { center_name: ctx.centerBefore ?? '' })
  })
}
