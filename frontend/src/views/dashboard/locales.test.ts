import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// Read as plain JSON: imported, the build compiles the messages.
const read = (name: string): object =>
  JSON.parse(readFileSync(new URL(`../../i18n/locales/${name}.json`, import.meta.url), 'utf8')) as object
const base = read('zh-CN')
const [quotasEn, quotasZh, adminEn, adminZh] = ['quotas.en', 'quotas.zh-CN', 'admin.en', 'admin.zh-CN'].map(read) as [
  object,
  object,
  object,
  object,
]

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

describe('the quota and administration messages', () => {
  it('have every string in both languages', () => {
    expect(keys(quotasEn).sort()).toEqual(keys(quotasZh).sort())
    expect(keys(adminEn).sort()).toEqual(keys(adminZh).sort())
  })
  it('do not overwrite the app’s own top-level keys when merged', () => {
    const own = new Set(Object.keys(base))
    for (const k of [...Object.keys(quotasZh), ...Object.keys(adminZh)]) expect(own.has(k), k).toBe(false)
  })
})
