export interface DiffRow {
  field: string
  before: string
  after: string
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function show(v: unknown): string {
  if (v === undefined) return ''
  if (v === null) return '∅'
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/**
 * auditDiff lists the fields an audit entry changed (all fields of a creation or deletion);
 * named turns a value into what the reader knows (ids into names) before it is shown.
 */
export function auditDiff(
  before: unknown,
  after: unknown,
  named: (field: string, v: unknown) => unknown = (_f, v) => v,
): DiffRow[] {
  const b = isRecord(before) ? before : {}
  const a = isRecord(after) ? after : {}
  const skip = new Set(['updated_at', 'UpdatedAt', 'version', 'Version'])
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !skip.has(k))
  return keys
    .map((field) => ({ field, before: show(named(field, b[field])), after: show(named(field, a[field])) }))
    .filter((r) => r.before !== r.after)
}
