// Helpers of the browser tests: the browser, an API client for set-up and checks, and the
// gestures the calendar needs (select a slot, drag an event, pick from a select).
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const HERE = dirname(fileURLToPath(import.meta.url))
export const SHOTS = join(HERE, 'screenshots')
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '')
export const ADMIN_USERNAME = process.env.ADMIN_USERNAME || 'admin'
export const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || ''
export const TZ = 'Asia/Shanghai'

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** newPage opens a tab in a fresh context (own storage) that records console errors. */
export async function newPage(browser, { width = 1366, height = 900, locale = 'zh-CN', mobile = false } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    locale,
    timezoneId: TZ,
    isMobile: mobile,
    hasTouch: mobile,
    deviceScaleFactor: 1,
  })
  const page = await context.newPage()
  page.consoleErrors = []
  // A style or script the server's Content-Security-Policy refuses fails the
  // test that caused it (see run.mjs): the page would look or work otherwise
  // than it does here.
  page.cspViolations = []
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400|401|409|429)/.test(m.text())) page.consoleErrors.push(m.text())
    if (/Content Security Policy/.test(m.text())) page.cspViolations.push(m.text())
  })
  // An uncaught exception fails the test that caused it (see run.mjs).
  page.pageErrors = []
  page.on('pageerror', (e) => page.pageErrors.push(e.message))
  page.setDefaultTimeout(15_000)
  return page
}

export async function shot(page, name) {
  if (!existsSync(SHOTS)) mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}

export function assert(cond, message) {
  if (!cond) throw new Error(message)
}

export function assertEqual(actual, expected, message) {
  if (actual !== expected) throw new Error(`${message}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`)
}

/** Api talks to the server directly, for set-up and to check what the pages did. */
export class Api {
  constructor(base = BASE_URL) {
    this.base = `${base}/api/v1`
    this.token = null
  }

  async login(username = ADMIN_USERNAME, password = ADMIN_PASSWORD) {
    const res = await this.call('POST', '/auth/login', { username, password })
    this.token = res.access_token
    return res
  }

  async call(method, path, body) {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        'Content-Type': 'application/json',
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    const data = text ? JSON.parse(text) : undefined
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
    return data
  }

  get(path) {
    return this.call('GET', path)
  }
  post(path, body) {
    return this.call('POST', path, body)
  }

  /** activities lists every activity overlapping [from, to) (local dates). */
  async activities(from, to, extra = '') {
    return (await this.get(`/activities?from=${from}&to=${to}&per_page=1000${extra}`)).items
  }
}

/** adminApi is an Api logged in as the admin. */
export async function adminApi() {
  const api = new Api()
  await api.login()
  return api
}

/** login fills the login form and waits for the app (the page at path, the home page by default). */
export async function login(page, username = ADMIN_USERNAME, password = ADMIN_PASSWORD, path = '/') {
  await page.goto(BASE_URL + path)
  await page.locator('input[data-test=login-username]').fill(username)
  await page.locator('input[data-test=login-password]').fill(password)
  await page.locator('[data-test=login-submit]').click()
  await page.locator('[data-test=user-menu]').waitFor()
}

/**
 * openPage opens a tab (with newPage's options) and logs in at path, as the admin unless
 * username and password say otherwise. The tab joins ctx.pages, whose uncaught errors and
 * console errors run.mjs checks after every test.
 */
export async function openPage(ctx, { username, password, path, ...options } = {}) {
  const page = await newPage(ctx.browser, options)
  ctx.pages = [...(ctx.pages ?? []), page]
  await login(page, username, password, path)
  return page
}

/** gotoCalendar opens the calendar at a view and date, e.g. ('timeGridWeek', '2026-09-12'). */
export async function gotoCalendar(page, view, date) {
  await page.goto(`${BASE_URL}/calendar?view=${view}&date=${date}`)
  await page.locator(`[data-test=calendar] .fc-${view}-view`).waitFor()
  await waitIdle(page)
}

/** waitIdle waits until the calendar has loaded its events. */
export async function waitIdle(page) {
  await page.waitForFunction(() => !document.querySelector('.tb__spin'))
}

function lane(page, time) {
  return page.locator(`.fc-timegrid-slot-lane[data-time="${time}:00"]`).first()
}

/** slotPoint is where a half-hour slot of a day is on screen now (scroll it into view first). */
async function slotPoint(page, date, time, edge) {
  const col = await page.locator(`.fc-timegrid-col[data-date="${date}"]`).boundingBox()
  const box = await lane(page, time).boundingBox()
  return { x: col.x + col.width / 2, y: edge === 'top' ? box.y + 3 : box.y + box.height - 3 }
}

/** selectSlot drags over a week or day view from start to end ("HH:MM", half-hour steps). */
export async function selectSlot(page, date, start, end) {
  const [eh, em] = end.split(':').map(Number)
  const lastMinutes = eh * 60 + em - 30
  const last = `${String(Math.floor(lastMinutes / 60)).padStart(2, '0')}:${String(lastMinutes % 60).padStart(2, '0')}`
  await lane(page, last).scrollIntoViewIfNeeded()
  await lane(page, start).scrollIntoViewIfNeeded()
  const a = await slotPoint(page, date, start, 'top')
  const b = await slotPoint(page, date, last, 'bottom')
  await page.mouse.move(a.x, a.y)
  await page.mouse.down()
  await page.mouse.move(a.x, (a.y + b.y) / 2, { steps: 5 })
  await page.mouse.move(b.x, b.y, { steps: 5 })
  await page.mouse.up()
}

/** noOverlay waits until no drawer or dialog overlay (fading out, too) covers the page. */
export async function noOverlay(page) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.el-overlay')].every((e) => getComputedStyle(e).display === 'none'),
  )
}

/**
 * openFormBySelecting selects a slot and waits for the activity form. A busy machine can drop
 * the gesture; it is tried once more then.
 */
export async function openFormBySelecting(page, date, start, end) {
  const form = page.locator('[data-test=activity-form]')
  for (let attempt = 1; ; attempt++) {
    await noOverlay(page)
    await selectSlot(page, date, start, end)
    try {
      await form.waitFor({ timeout: attempt === 1 ? 5_000 : 15_000 })
      return
    } catch (e) {
      if (attempt === 2) throw e
    }
  }
}

/** startActivity selects a slot of a week or day view and fills the new activity's kind, title and venue. */
export async function startActivity(page, date, start, end, { kind, title, venue }) {
  await openFormBySelecting(page, date, start, end)
  await pick(page, 'form-kind', kind)
  await inputOf(page, 'form-title').fill(title)
  await pick(page, 'form-venue', venue)
}

/** dragEvent moves an event of a week or day view so that it starts at date, time. */
export async function dragEvent(page, event, date, time) {
  await noOverlay(page)
  await lane(page, time).scrollIntoViewIfNeeded()
  await event.scrollIntoViewIfNeeded()
  const box = await event.boundingBox()
  const from = { x: box.x + box.width / 2, y: box.y + 6 }
  const to = await slotPoint(page, date, time, 'top')
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + 2, from.y + 8, { steps: 4 })
  await page.mouse.move(to.x, to.y + 3, { steps: 12 })
  await page.waitForTimeout(150)
  await page.mouse.up()
}

/** pick opens an Element Plus select and chooses the option with the given text. */
export async function pick(page, testId, text) {
  await page.locator(`[data-test=${testId}]`).first().click()
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first()
  await option.click()
  await page.keyboard.press('Escape').catch(() => {})
}

/** inputOf finds the <input> of an Element Plus field by its data-test. */
export function inputOf(page, testId) {
  return page.locator(`input[data-test=${testId}], [data-test=${testId}] input`).first()
}
