import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import { ApiError } from './errors'
import { knownMessage, knownProblem, localizeError, localizeFields, localizeProblem, valueLabel } from './messages'

const tr = i18n.global
function inLang(lang: 'zh-CN' | 'en') {
  tr.locale.value = lang
}
afterEach(() => inLang('zh-CN'))

const err = (status: number, code: ConstructorParameters<typeof ApiError>[1], message: string, retry: number | null = null) =>
  new ApiError(status, code, message, null, retry)

describe('localizeProblem', () => {
  it('translates the field problems with their numbers and names', () => {
    inLang('zh-CN')
    expect(localizeProblem('is required', tr)).toBe('必填')
    expect(localizeProblem('must be at most 200 characters', tr)).toBe('最多 200 个字')
    expect(localizeProblem('must be one of admin, manager, staff, viewer', tr)).toBe(
      '须为以下之一：管理员、业务部主任、业务干部、馆领导（只读）',
    )
    expect(localizeProblem('must be planned, completed or cancelled', tr)).toBe('须为以下之一：计划中、已完成、已取消')
    expect(localizeProblem('already taken', tr)).toBe('已被占用')
    expect(localizeProblem('is not your current password', tr)).toBe('与当前密码不符')
    expect(localizeProblem('must be an RFC 3339 time like 2026-03-01T09:00:00+08:00', tr)).toBe(
      '请填写带时区的时间，如 2026-03-01T09:00:00+08:00',
    )
    expect(localizeProblem('sums to 19, not to the value 20', tr)).toBe('各月合计为 19，应等于目标值 20')
    expect(localizeProblem('the occurrence of 2026-10-03T09:00:00+08:00 overlaps the one of 2026-10-02T09:00:00+08:00', tr)).toBe(
      '2026-10-03 09:00 这一场与 2026-10-02 09:00 那一场时间重叠',
    )
  })

  it('speaks English in English', () => {
    inLang('en')
    expect(localizeProblem('is required', tr)).toBe('Required')
    expect(localizeProblem('must be at most 200 characters', tr)).toBe('At most 200 characters')
    const roles = ['admin', 'manager', 'staff', 'viewer'].map((r) => tr.t(`roles.${r}`))
    expect(localizeProblem('must be one of admin, manager, staff, viewer', tr)).toBe(`One of: ${roles.join(', ')}`)
  })

  it('keeps text it does not know, and translates each of several problems', () => {
    inLang('zh-CN')
    expect(localizeProblem('something new from the server', tr)).toBe('something new from the server')
    expect(localizeProblem('3 does not exist; 4 is not active', tr)).toBe('编号 3 不存在；编号 4 已停用')
  })

  it('translates a whole fields map and keeps the field names', () => {
    inLang('zh-CN')
    expect(localizeFields({ title: 'is required', capacity: 'must be at least 0' }, tr)).toEqual({
      title: '必填',
      capacity: '不能小于 0',
    })
  })

  it('names known codes and leaves unknown ones', () => {
    inLang('zh-CN')
    expect(valueLabel('each_staff', tr)).toBe('每位业务干部')
    expect(valueLabel('lecture', tr)).toBe('讲座')
    expect(valueLabel('FOO', tr)).toBe('FOO')
  })
})

describe('localizeError', () => {
  it('translates known messages with their details', () => {
    inLang('zh-CN')
    expect(
      localizeError(err(422, 'rule', 'the activity has not started yet; it can be completed from 2026-09-12 14:00'), tr),
    ).toBe('活动尚未开始，2026-09-12 14:00 起才能标记完成')
    expect(localizeError(err(422, 'rule', 'a completed activity cannot be changed; reopen it first'), tr)).toBe(
      '已完成的活动不能修改，请先恢复为计划中',
    )
    expect(localizeError(err(409, 'stale', 'user 3 was changed by someone else; reload and try again'), tr)).toBe(
      '该用户刚被其他人修改，已为您刷新',
    )
    expect(localizeError(err(409, 'conflict', 'username "bob" is already taken'), tr)).toBe('用户名“bob”已被占用')
    expect(localizeError(err(409, 'conflict', 'the time clashes with other activities (3 clashes)'), tr)).toBe(
      '时间与其他 3 项活动冲突',
    )
    expect(localizeError(err(403, 'forbidden', 'a viewer cannot change the calendar'), tr)).toBe('只读账号不能修改日程')
    expect(localizeError(err(404, 'not_found', 'venue 9 not found'), tr)).toBe('该场地不存在或已被删除')
  })

  it('uses the code when the message is not known', () => {
    inLang('zh-CN')
    expect(localizeError(err(403, 'forbidden', 'something else'), tr)).toBe(tr.t('errors.forbidden'))
    expect(localizeError(err(413, 'too_large', 'body too big'), tr)).toBe('提交的内容过大')
    expect(localizeError(err(0, 'network', 'Failed to fetch'), tr)).toBe(tr.t('errors.network'))
    expect(localizeError(new Error('boom'), tr)).toBe(tr.t('errors.internal'))
  })

  it('keeps an unknown rule, after "not allowed by the rules" in Chinese', () => {
    inLang('zh-CN')
    expect(localizeError(err(422, 'rule', 'a brand new rule'), tr)).toBe('不符合规则：a brand new rule')
    inLang('en')
    expect(localizeError(err(422, 'rule', 'a brand new rule'), tr)).toBe('a brand new rule')
  })

  it('falls back to the raw text for a code it does not know', () => {
    inLang('zh-CN')
    expect(localizeError(new ApiError(418, 'teapot' as never, 'I am a teapot'), tr)).toBe('I am a teapot')
  })

  it('says how long to wait when throttled', () => {
    inLang('zh-CN')
    expect(localizeError(err(429, 'throttled', 'too many failed logins; try again in 15 minutes', 900), tr)).toBe(
      tr.t('errors.throttledFor', { seconds: 900 }),
    )
    expect(localizeError(err(429, 'throttled', 'too many failed logins; try again in 15 minutes'), tr)).toBe(
      '登录失败次数过多，请 15 分钟后再试',
    )
  })
})

// Every message the Go code can send has a translation: the server's sources are read, each
// message literal is filled with sample values, and the tables must recognise it. A message
// added or reworded on the server fails here until messages.ts knows it.
describe('the server’s messages', () => {
  const root = join(__dirname, '..', '..', '..')
  // services and the packages below it (counting, planner, ...), and server.
  const files = ['services', 'server'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
      .map((f) => join(root, dir, f)),
  )
  const fill = (s: string) =>
    s
      .replace(/%0?\d*d/g, '12')
      .replace(/%q/g, '"abc"')
      .replace(/%[sv]/g, 'completed')
      .replace(/\\"/g, '"')
  // A message starts right after one of these: a field problem (NewProblem, InvalidFormat), an
  // *Error's Message, Errorf of a kind (services.Errorf outside package services), or Fail of a
  // kind and reason.
  const params = String.raw`(?:nil|(?:services\.)?Params\{[^}]*\})`
  const site = new RegExp(
    String.raw`(?:\bNewProblem\((?:services\.)?\w+,\s*${params},\s*|\bInvalidFormat\("[^"]*",\s*|Message:\s*|(?:[^.]|services\.)Errorf\((?:services\.)?[A-Z]\w+,\s*|\bFail\((?:services\.)?\w+,\s*(?:services\.)?\w+,\s*${params},\s*)(?:fmt\.Sprintf\()?"((?:[^"\\]|\\.)*)"(\s*\+)?`,
    'g',
  )
  const found: { file: string; text: string }[] = []
  for (const file of files) {
    const code = readFileSync(file, 'utf8')
    for (const m of code.matchAll(site)) {
      if (m[1] === '%s') continue // a message made elsewhere, passed on
      const head = fill(m[1]!)
      const text = m[2] ? head + (head.endsWith('must be ') ? 'a list' : 'a, b') : head
      found.push({ file: file.slice(root.length + 1), text })
    }
  }
  // Built from pieces the scan cannot see (server/bind.go describe and jsonType).
  for (const text of [
    'must be at most 200 characters',
    'must be at least 1 items',
    'must be at least 0',
    'must be at most 10',
    'must be greater than 0',
    'must be one of a, b',
    'must have exactly 12 items',
    'must be a date like 2026-03-01',
    'is not valid (uuid)',
    'must be a whole number',
    'must be a number',
    'must be true or false',
    'must be a string',
    'must be a list',
    'must be an object',
    'the time clashes with another activity',
    'the time clashes with other activities (3 clashes)',
    'request body is larger than 1048576 bytes',
    'the database is unavailable; try again shortly',
    'internal error',
  ]) {
    found.push({ file: 'server', text })
  }

  it('are found in the Go sources', () => {
    expect(found.length).toBeGreaterThan(80)
  })

  it('are all known to messages.ts', () => {
    inLang('zh-CN')
    const unknown = found.filter(({ text }) => !knownProblem(text, tr) && !knownMessage(text, tr))
    expect(unknown).toEqual([])
  })

  it('read as Chinese in the Chinese app', () => {
    inLang('zh-CN')
    const cjk = /[\u4e00-\u9fff]/
    const english = found.filter(({ text }) => {
      const out = knownProblem(text, tr)
        ? localizeProblem(text, tr)
        : localizeError(new ApiError(400, 'invalid', text), tr)
      return !cjk.test(out)
    })
    expect(english).toEqual([])
  })
})
