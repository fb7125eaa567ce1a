import type { ExportLang } from '@/api/types'

/** saveFile hands a fetched file to the browser as a download called name. */
export function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** exportLang is the language of an exported file's headings for the page's locale. */
export function exportLang(locale: string): ExportLang {
  return locale === 'en' ? 'en' : 'zh'
}
