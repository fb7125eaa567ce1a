// Every input, select and text area the pages show has an accessible name (a label bound to it,
// aria-label or aria-labelledby), so a screen reader names it and a keyboard user knows where
// the focus is: the pages, the calendar's filters and the forms of their dialogs.
import { BASE_URL, assert, openPage } from './lib.mjs'

/** unnamed lists the visible form controls of the page that have no accessible name. */
async function unnamed(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((e) => e.offsetParent !== null || e.getClientRects().length > 0)
      .filter((e) => {
        const byId = e.id && [...document.querySelectorAll('label')].some((l) => l.htmlFor === e.id && l.textContent.trim())
        return !(e.getAttribute('aria-label') || e.getAttribute('aria-labelledby') || byId || e.closest('label')?.textContent.trim())
      })
      .map((e) => `${e.closest('[data-test]')?.getAttribute('data-test') ?? '?'} <${e.tagName.toLowerCase()} class="${e.className}">`),
  )
}

const PAGES = ['/', '/calendar', '/calendar/week', '/to-record', '/monthly', '/targets', '/planner', '/admin/users', '/admin/venues', '/admin/stations', '/admin/teams', '/admin/closures', '/admin/reporting', '/admin/audit']

export default function (t) {
  t.test('names every input and select of every page', async (ctx) => {
    const page = await openPage(ctx)
    const missing = []
    for (const path of PAGES) {
      await page.goto(BASE_URL + path)
      await page.waitForLoadState('networkidle')
      for (const c of await unnamed(page)) missing.push(`${path}: ${c}`)
    }
    assert(missing.length === 0, `controls without an accessible name:\n  ${missing.join('\n  ')}`)
  })

  t.test('names every field of the new-user form', async ({ pages: [page] }) => {
    await page.goto(`${BASE_URL}/admin/users`)
    await page.locator('[data-test=user-new]').click()
    await page.locator('.el-dialog:visible').waitFor()
    const inDialog = await unnamed(page)
    assert(inDialog.length === 0, `the user dialog: ${inDialog.join(', ')}`)
  })
}
