import { createI18n } from 'vue-i18n'
import en from './locales/en.json'
import zhCN from './locales/zh-CN.json'
import adminEn from './locales/admin.en.json'
import calEn from './locales/cal.en.json'
import calZhCN from './locales/cal.zh-CN.json'
import adminZhCN from './locales/admin.zh-CN.json'
import quotasEn from './locales/quotas.en.json'
import quotasZhCN from './locales/quotas.zh-CN.json'
import printEn from './locales/print.en.json'
import printZhCN from './locales/print.zh-CN.json'
import plannerEn from './locales/planner.en.json'
import plannerZhCN from './locales/planner.zh-CN.json'
import glossaryEn from './locales/glossary.en.json'
import glossaryZhCN from './locales/glossary.zh-CN.json'
import assessmentEn from './locales/assessment.en.json'
import assessmentZhCN from './locales/assessment.zh-CN.json'
import codesEn from './locales/codes.en.json'
import codesZhCN from './locales/codes.zh-CN.json'

export const LANGS = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
] as const
export type Lang = (typeof LANGS)[number]['code']

const STORAGE_KEY = 'centerstage.lang'

// The quota and administration pages keep their strings in files of their own, under
// top-level keys of their own (dashboard, monthly, targets, quota, drill, exports, actions, admin,
// cal: the calendar's tiles, week table and mending; print: the printed pages;
// glossary: the words of what is handed up, shared with the server's workbooks and CSV files).
// problem, reason and param (codes.*.json): the server's error codes, one key per code it can
// send, and the words for the values they name (see api/translate.ts).
const messages = {
  'zh-CN': { ...zhCN, ...quotasZhCN, ...adminZhCN, ...printZhCN, ...calZhCN, ...plannerZhCN, ...glossaryZhCN, ...assessmentZhCN, ...codesZhCN },
  en: { ...en, ...quotasEn, ...adminEn, ...printEn, ...calEn, ...plannerEn, ...glossaryEn, ...assessmentEn, ...codesEn },
}

export type MessageSchema = (typeof messages)['zh-CN']

function isLang(v: unknown): v is Lang {
  return LANGS.some((l) => l.code === v)
}

/** detectLang is the remembered choice, else the browser's first language (Chinese or English). */
export function detectLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (isLang(saved)) return saved
  } catch {
    // Storage may be blocked; fall back to the browser.
  }
  const prefs = typeof navigator === 'undefined' ? [] : [...(navigator.languages ?? []), navigator.language]
  for (const p of prefs) {
    if (!p) continue
    const l = p.toLowerCase()
    if (l.startsWith('zh')) return 'zh-CN'
    if (l.startsWith('en')) return 'en'
  }
  return 'zh-CN'
}

export const i18n = createI18n<[MessageSchema], Lang, false>({
  legacy: false,
  locale: detectLang(),
  fallbackLocale: 'zh-CN',
  messages,
})

/** setLang switches the language and remembers it. */
export function setLang(lang: Lang): void {
  i18n.global.locale.value = lang
  try {
    localStorage.setItem(STORAGE_KEY, lang)
  } catch {
    // Not remembered when storage is blocked.
  }
  document.documentElement.lang = lang
}

export function currentLang(): Lang {
  return i18n.global.locale.value
}
