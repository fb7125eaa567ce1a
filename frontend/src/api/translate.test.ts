import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import { ApiError } from './errors'
import { localizeError, localizeFields, localizeProblem, valueLabel } from './translate'

const tr = i18n.global
function inLang(lang: 'zh-CN' | 'en') {
  tr.locale.value = lang
}
afterEach(() => inLang('zh-CN'))

type Code = ConstructorParameters<typeof ApiError>[1]
const err = (status: number, code: Code, reason = '', params: Record<string, unknown> = {}, message = 'english', retry: number | null = null) =>
  new ApiError(status, code, message, null, retry, reason, params)
const problem = (code: string, params: Record<string, unknown> = {}, message = 'english') => ({ code, params, message })

describe('localizeProblem', () => {
  it('reads a field problem from its code and params', () => {
    inLang('zh-CN')
    expect(localizeProblem(problem('required'), tr)).toBe('必填')
    expect(localizeProblem(problem('max_chars', { n: 200 }), tr)).toBe('最多 200 个字')
    expect(localizeProblem(problem('plan_sum', { sum: 19, value: 20 }), tr)).toBe('各月合计为 19，应等于目标值 20')
    inLang('en')
    expect(localizeProblem(problem('required'), tr)).toBe('Required')
    expect(localizeProblem(problem('max_chars', { n: 200 }), tr)).toBe('At most 200 characters')
  })

  it('names the values it lists, the field it compares with and the times it names', () => {
    inLang('zh-CN')
    expect(localizeProblem(problem('one_of', { values: ['admin', 'manager', 'staff', 'viewer'] }), tr)).toBe(
      '须为以下之一：管理员、业务部主任、业务干部、馆领导（只读）',
    )
    expect(localizeProblem(problem('after', { field: 'start' }), tr)).toBe('须晚于开始时间')
    expect(
      localizeProblem(problem('occurrence_overlap', { a: '2026-10-03T09:00:00+08:00', b: '2026-10-02T09:00:00+08:00' }), tr),
    ).toBe('2026-10-03 09:00 这一场与 2026-10-02 09:00 那一场时间重叠')
    inLang('en')
    const roles = ['admin', 'manager', 'staff', 'viewer'].map((r) => tr.t(`roles.${r}`))
    expect(localizeProblem(problem('one_of', { values: ['admin', 'manager', 'staff', 'viewer'] }), tr)).toBe(
      `One of: ${roles.join(', ')}`,
    )
    expect(localizeProblem(problem('after', { field: 'start' }), tr)).toBe('Must be after the start')
  })

  it('shows the English of a code it does not know', () => {
    inLang('zh-CN')
    expect(localizeProblem(problem('brand_new', {}, 'something new'), tr)).toBe('something new')
    expect(localizeProblem(problem('', {}, ''), tr)).toBe(tr.t('problem.invalid'))
  })

  it('translates a whole fields map and keeps the field names', () => {
    inLang('zh-CN')
    expect(localizeFields({ title: problem('required'), capacity: problem('min', { n: 0 }) }, tr)).toEqual({
      title: '必填',
      capacity: '不能小于 0',
    })
  })

  it('names known values and leaves unknown ones', () => {
    inLang('zh-CN')
    expect(valueLabel('each_staff', tr)).toBe('每位业务干部')
    expect(valueLabel('lecture', tr)).toBe('讲座')
    expect(valueLabel('following', tr)).toBe('这一场及以后')
    expect(valueLabel('FOO', tr)).toBe('FOO')
  })
})

describe('localizeError', () => {
  it('reads the reason with its values', () => {
    inLang('zh-CN')
    expect(localizeError(err(422, 'rule', 'not_started', { from: '2026-09-12 14:00' }), tr)).toBe(
      '活动尚未开始，2026-09-12 14:00 起才能标记完成',
    )
    expect(localizeError(err(422, 'rule', 'locked', { status: 'completed' }), tr)).toBe('已完成的活动不能修改，请先恢复为计划中')
    expect(localizeError(err(409, 'stale', 'stale', { entity: 'user', id: 3 }), tr)).toBe('该用户刚被其他人修改，已为您刷新')
    expect(localizeError(err(409, 'conflict', 'taken', { field: 'username', value: 'bob' }), tr)).toBe('用户名“bob”已被占用')
    expect(localizeError(err(409, 'conflict', 'clash', { count: 3 }), tr)).toBe('时间与其他 3 项活动冲突')
    expect(localizeError(err(404, 'not_found', 'not_found', { entity: 'venue', id: 9 }), tr)).toBe('该场地不存在或已被删除')
    expect(localizeError(err(403, 'forbidden', 'role_not_allowed', { role: 'viewer' }), tr)).toBe(
      '您的角色（馆领导（只读））不能执行此操作',
    )
    inLang('en')
    expect(localizeError(err(422, 'rule', 'locked', { status: 'completed' }), tr)).toBe(
      `A ${tr.t('status.completed')} activity cannot be changed; reopen it first`,
    )
    expect(localizeError(err(404, 'not_found', 'not_found', { entity: 'venue', id: 9 }), tr)).toBe(
      'This venue does not exist or was deleted',
    )
  })

  it('uses the kind when the reason is missing or unknown', () => {
    inLang('zh-CN')
    expect(localizeError(err(403, 'forbidden'), tr)).toBe(tr.t('errors.forbidden'))
    expect(localizeError(err(422, 'rule', 'a_rule_of_tomorrow'), tr)).toBe(tr.t('errors.rule'))
    expect(localizeError(err(413, 'too_large'), tr)).toBe('提交的内容过大')
    expect(localizeError(err(0, 'network'), tr)).toBe(tr.t('errors.network'))
    expect(localizeError(new Error('boom'), tr)).toBe(tr.t('errors.internal'))
  })

  it('shows the English of a kind it does not know', () => {
    inLang('zh-CN')
    expect(localizeError(err(418, 'teapot' as never, '', {}, 'I am a teapot'), tr)).toBe('I am a teapot')
  })

  it('says how long to wait when throttled', () => {
    inLang('zh-CN')
    expect(localizeError(err(429, 'throttled', 'too_many_logins', { minutes: 15 }, 'english', 900), tr)).toBe(
      tr.t('errors.throttledFor', { seconds: 900 }),
    )
    expect(localizeError(err(429, 'throttled', 'too_many_logins', { minutes: 15 }), tr)).toBe('登录失败次数过多，请 15 分钟后再试')
  })
})

// Every code the server can send has its sentence in both languages: the codes are read from
// the server's one list (services/codes.go, where a Go test keeps them made), so a code added
// there fails here until both locale files have it.
describe('the server’s codes', () => {
  const root = join(__dirname, '..', '..', '..')
  const list = readFileSync(join(root, 'services', 'codes.go'), 'utf8')
  const codes = [...list.matchAll(/\b(problem|reason)Code\("([a-z0-9_]+)"\)/g)].map((m) => `${m[1]}.${m[2]}`)
  const kinds = [...readFileSync(join(root, 'services', 'errors.go'), 'utf8').matchAll(/ErrorKind = "([a-z_]+)"/g)].map(
    (m) => `errors.${m[1]}`,
  )
  const locales = join(__dirname, '..', 'i18n', 'locales')
  // Read from disk: imported through the build, the messages are already compiled.
  const raw = (lang: string) =>
    Object.assign(
      {},
      ...readdirSync(locales)
        .filter((f) => f === `${lang}.json` || f.endsWith(`.${lang}.json`))
        .map((f) => JSON.parse(readFileSync(join(locales, f), 'utf8')) as object),
    ) as Record<string, unknown>
  const lookup = (tree: Record<string, unknown>, key: string) =>
    key.split('.').reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[k] : undefined), tree)

  it('are read from the server’s list', () => {
    expect(codes.length).toBeGreaterThan(100)
    expect(codes).toContain('problem.max_chars')
    expect(codes).toContain('reason.locked')
    expect(kinds).toContain('errors.rule')
  })

  for (const lang of ['zh-CN', 'en']) {
    it(`each have a sentence in ${lang}`, () => {
      const tree = raw(lang)
      const missing = [...codes, ...kinds].filter((k) => typeof lookup(tree, k) !== 'string' || !String(lookup(tree, k)).trim())
      expect(missing).toEqual([])
    })
  }

  it('read as Chinese in the Chinese app', () => {
    inLang('zh-CN')
    const cjk = /[\u4e00-\u9fff]/
    expect(codes.filter((k) => !cjk.test(tr.t(k)))).toEqual([])
  })
})
