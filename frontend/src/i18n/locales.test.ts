import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

type Tree = { [k: string]: string | Tree }

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)))
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : []
  })
}

/**
 * messages merges the raw locale files of a language (zh-CN.json, admin.zh-CN.json, ...), read
 * from disk: imported through the build, they would already be compiled.
 */
function messages(lang: 'zh-CN' | 'en'): Tree {
  const dir = join(__dirname, 'locales')
  return Object.assign(
    {},
    ...readdirSync(dir)
      .filter((f) => f === `${lang}.json` || f.endsWith(`.${lang}.json`))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Tree),
  )
}

describe('locales', () => {
  const zhCN = messages('zh-CN')
  const en = messages('en')
  const zhKeys = keys(zhCN)
  const enKeys = keys(en)

  it('have the same keys in Chinese and English', () => {
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([])
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([])
  })

  it('have no empty message', () => {
    const flat = (tree: Tree) => keys(tree).map((k) => k.split('.').reduce<Tree | string>((t, p) => (t as Tree)[p]!, tree))
    expect(flat(zhCN).filter((v) => !String(v).trim())).toEqual([])
    expect(flat(en).filter((v) => !String(v).trim())).toEqual([])
  })

  it('hold every key the code names literally', () => {
    const src = join(__dirname, '..')
    const missing: string[] = []
    for (const file of sources(src)) {
      const code = readFileSync(file, 'utf8')
      for (const m of code.matchAll(/\b(?:t|te)\(\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) {
        if (!zhKeys.includes(m[1]!)) missing.push(`${file.slice(src.length + 1)}: ${m[1]}`)
      }
    }
    expect(missing).toEqual([])
  })
})
