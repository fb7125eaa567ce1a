// The server names every failure by code: the kind (`error.code`), what exactly refused the
// request (`error.reason`) and each bad field's problem (`details.fields[f].code`), with the
// values they name (`params`). This module puts them into the user's language from the locale
// files (codes.*.json: `problem.<code>`, `reason.<code>`, and `param.*` for the values), the
// same files a Go test holds against the server's list of codes. The English `message` is for
// logs and scripts; the app shows it only for a code it does not know.
import { ApiError, type FieldProblem } from './errors'

/** Translator is the part of vue-i18n's composer this module needs. */
export interface Translator {
  t(key: string, params?: Record<string, unknown>): string
  te(key: string): boolean
}

// Where the app already names the values the server sends (roles, kinds, statuses, metrics,
// scopes, ...), first match wins.
const VALUE_KEYS = ['roles', 'kinds', 'status', 'quota.metric', 'quota.scope', 'param.value']

/** valueLabel names a value the server sends ("staff", "lecture", "each_staff") in the user's language. */
export function valueLabel(value: string, tr: Translator): string {
  for (const prefix of VALUE_KEYS) {
    const key = `${prefix}.${value}`
    if (tr.te(key)) return tr.t(key)
  }
  return value
}

/** "2026-03-01T09:00:00+08:00" reads as "2026-03-01 09:00": the server writes the center's wall clock. */
const INSTANT = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/

function word(group: 'field' | 'entity', value: string, tr: Translator): string {
  const key = `param.${group}.${value}`
  return tr.te(key) ? tr.t(key) : value
}

/** paramText is one value of a code's params as the sentence shows it. */
function paramText(name: string, value: unknown, tr: Translator): unknown {
  if (Array.isArray(value)) return value.map((v) => paramText(name, v, tr)).join(tr.t('common.sep'))
  if (typeof value !== 'string') return value
  switch (name) {
    case 'field':
      return word('field', value, tr)
    case 'entity':
      return word('entity', value, tr)
    case 'values':
    case 'status':
    case 'role':
    case 'metric':
      return valueLabel(value, tr)
  }
  return value.replace(INSTANT, '$1 $2')
}

/** localParams puts every value of params into the user's language. */
export function localParams(params: Record<string, unknown>, tr: Translator): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, paramText(k, v, tr)]))
}

/** localizeProblem is one field problem in the user's language; an unknown code shows its English. */
export function localizeProblem(p: FieldProblem, tr: Translator): string {
  const key = `problem.${p.code}`
  if (tr.te(key)) return tr.t(key, localParams(p.params, tr))
  return p.message || tr.t('problem.invalid')
}

/** localizeFields translates every problem of a `details.fields` map, keeping the field names. */
export function localizeFields(fields: Record<string, FieldProblem>, tr: Translator): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, localizeProblem(p, tr)]))
}

/**
 * localizeError turns a failure into one sentence in the user's language: the reason's sentence
 * with its values; else the kind's; else, for a code this app does not know, the server's English.
 */
export function localizeError(e: unknown, tr: Translator): string {
  if (!(e instanceof ApiError)) return tr.t('errors.internal')
  if (e.code === 'network') return tr.t('errors.network')
  if (e.code === 'throttled' && e.retryAfter) return tr.t('errors.throttledFor', { seconds: e.retryAfter })
  const reason = `reason.${e.reason}`
  if (e.reason && tr.te(reason)) return tr.t(reason, localParams(e.params, tr))
  const kind = `errors.${e.code}`
  if (tr.te(kind)) return tr.t(kind)
  return e.message || tr.t('errors.internal')
}
