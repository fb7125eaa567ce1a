// Runs the browser tests (*.spec.mjs here, in name order) against a running server.
//   BASE_URL=http://127.0.0.1:8080 ADMIN_PASSWORD=... npm run e2e [-- name-filter]
// A spec exports default function (t) calling t.test(name, fn); its tests run in order and
// share one context object, and the first failure skips the rest of that spec.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ADMIN_PASSWORD, BASE_URL, CHROMIUM, HERE, launch, shot } from './lib.mjs'

if (!existsSync(CHROMIUM)) {
  const msg = `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`
  if (process.env.CI) {
    console.error(msg)
    process.exit(1)
  }
  console.log(msg)
  process.exit(0)
}
if (!ADMIN_PASSWORD) {
  console.error('ADMIN_PASSWORD is not set: the tests log in as the admin of a fresh database')
  process.exit(2)
}
try {
  const res = await fetch(`${BASE_URL}/healthz`)
  if (!res.ok) throw new Error(`status ${res.status}`)
} catch (e) {
  console.error(`no server at ${BASE_URL}: ${e.message}`)
  process.exit(2)
}

const filter = process.argv[2] ?? ''
const specs = readdirSync(HERE)
  .filter((f) => f.endsWith('.spec.mjs'))
  .sort()
const browser = await launch()
let passed = 0
let failed = 0
let skipped = 0
const started = Date.now()

for (const file of specs) {
  const tests = []
  const mod = await import(pathToFileURL(join(HERE, file)).href)
  mod.default({ test: (name, fn) => tests.push({ name, fn }) })
  const ctx = { browser }
  let broken = false
  if (!tests.some(({ name }) => !filter || `${file} ${name}`.includes(filter))) continue
  console.log(`\n${file}`)
  for (const { name, fn } of tests) {
    if (filter && !`${file} ${name}`.includes(filter)) continue
    if (broken) {
      skipped++
      console.log(`  - ${name} (skipped)`)
      continue
    }
    const t0 = Date.now()
    try {
      await fn(ctx)
      const thrown = (ctx.pages ?? []).flatMap((p) => (p.pageErrors ?? []).splice(0))
      if (thrown.length) throw new Error(`uncaught in the page: ${thrown.join(' | ')}`)
      const refused = (ctx.pages ?? []).flatMap((p) => (p.cspViolations ?? []).splice(0))
      if (refused.length) throw new Error(`refused by the Content-Security-Policy: ${refused.join(' | ')}`)
      passed++
      console.log(`  ✓ ${name} (${Date.now() - t0} ms)`)
    } catch (e) {
      failed++
      broken = true
      console.log(`  ✗ ${name}\n    ${String(e.stack || e).split('\n').slice(0, 6).join('\n    ')}`)
      for (const page of ctx.pages ?? []) {
        await shot(page, `FAILED-${file.replace('.spec.mjs', '')}-${name.replace(/\W+/g, '_')}`).catch(() => {})
      }
    }
  }
  for (const page of ctx.pages ?? []) {
    if (page.consoleErrors?.length) console.log(`  console errors:\n    ${page.consoleErrors.join('\n    ')}`)
    await page.context().close().catch(() => {})
  }
}

await browser.close()
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s`)
process.exit(failed ? 1 : 0)
