// Helpers of the print tests: print a page to PDF with Chromium, read it back with poppler
// (pdftotext, pdfinfo) and keep a PNG of every page beside the screenshots.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SHOTS } from './lib.mjs'

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' })
  if (r.error) throw new Error(`${cmd}: ${r.error.message} (apt-get install -y poppler-utils)`)
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

/**
 * printPdf waits until the print sheet has loaded, prints the page as Chromium does (the page's
 * own @page size, A4), and returns the PDF's page count, its text page by page (pdftotext
 * -layout, so a table row stays on one line) and the paper size in points. A PNG of each page
 * goes to the screenshots as NAME-N.png, and the PDF as NAME.pdf.
 */
export async function printPdf(page, name) {
  await page.locator('[data-test=print-sheet][data-ready=true]').waitFor()
  await page.evaluate(() => document.fonts.ready)
  const dir = mkdtempSync(join(tmpdir(), 'cs-print-'))
  try {
    const file = join(dir, `${name}.pdf`)
    await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true })
    const info = run('pdfinfo', [file])
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1])
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)
    const texts = []
    for (let p = 1; p <= pages; p++) texts.push(run('pdftotext', ['-layout', '-f', String(p), '-l', String(p), file, '-']))
    if (!existsSync(SHOTS)) mkdirSync(SHOTS, { recursive: true })
    run('pdftoppm', ['-png', '-r', '70', file, join(SHOTS, name)])
    copyFileSync(file, join(SHOTS, `${name}.pdf`))
    return { pages, texts, text: texts.join('\n'), width: Number(size?.[1]), height: Number(size?.[2]) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** lineWith is the first line of text holding every one of words, or undefined. */
export function lineWith(text, words) {
  return text.split('\n').find((l) => words.every((w) => l.includes(w)))
}

/** numbered tells whether a page's text ends with its number of the count, "2 / 2". */
export function numbered(text, n, count) {
  return new RegExp(`(^|\\s)${n}\\s*/\\s*${count}\\s*$`).test(text.trim())
}
