// Reports the JavaScript each first screen loads, raw and gzipped, from the built dist/:
// the entry with everything it imports statically, plus the lazy chunks of the page's routes.
//   npm run size                       # login, calendar and home pages
//   node scripts/size.mjs AppLayout MonthlyView   # any set of route chunks
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const dist = new URL('../dist/', import.meta.url).pathname
const assets = join(dist, 'assets')
const files = readdirSync(assets).filter((f) => f.endsWith('.js'))
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const entry = [...html.matchAll(/<script type="module"[^>]*src="\/assets\/([^"]+\.js)"/g)].map((m) => m[1])

function staticImports(file) {
  const code = readFileSync(join(assets, file), 'utf8')
  const out = new Set()
  for (const m of code.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) out.add(m[1])
  return out
}

function closure(roots) {
  const seen = new Set()
  const todo = [...roots]
  while (todo.length) {
    const f = todo.pop()
    if (seen.has(f)) continue
    seen.add(f)
    for (const dep of staticImports(f)) todo.push(dep)
  }
  return seen
}

function chunk(name) {
  const f = files.find((x) => x.startsWith(`${name}-`))
  if (!f) throw new Error(`no chunk named ${name} in dist/assets`)
  return f
}

function measure(label, routeChunks) {
  const set = closure([...entry, ...routeChunks.map(chunk)])
  let raw = 0
  let gz = 0
  for (const f of set) {
    const buf = readFileSync(join(assets, f))
    raw += buf.length
    gz += gzipSync(buf, { level: 9 }).length
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`
  console.log(`${label.padEnd(28)} ${String(set.size).padStart(3)} files  ${kb(raw).padStart(10)} raw  ${kb(gz).padStart(9)} gzip`)
}

const args = process.argv.slice(2)
if (args.length) {
  measure(args.join(' + '), args)
} else {
  measure('/login', ['LoginView'])
  measure('/calendar', ['AppLayout', 'CalendarView'])
  if (files.some((f) => f.startsWith('DashboardView-'))) measure('/ (dashboard)', ['AppLayout', 'DashboardView'])
}
