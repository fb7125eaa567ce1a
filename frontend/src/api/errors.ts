import type { Conflict } from './types'

/** Error codes of the API's error envelope, plus client-side ones. */
export type ErrorCode =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'stale'
  | 'rule'
  | 'throttled'
  | 'unavailable'
  | 'too_large'
  | 'timeout'
  | 'method_not_allowed'
  | 'internal'
  | 'network'

/** FieldProblem is one entry of `details.fields`: a stable code, its values, an English message. */
export interface FieldProblem {
  code: string
  params: Record<string, unknown>
  message: string
}

/** ApiError is every failed request: the server's `{"error": {...}}` envelope, typed. */
export class ApiError extends Error {
  readonly status: number
  readonly code: ErrorCode
  readonly details: unknown
  /** For `invalid` (400): bad field name -> its problem code, params and English message. */
  readonly fields: Record<string, FieldProblem>
  /** The stable code of what exactly failed (`error.reason`), and the values it names. */
  readonly reason: string
  readonly params: Record<string, unknown>
  /** For `conflict` (409): every clashing activity. */
  readonly conflicts: Conflict[]
  /** For `throttled` (429): seconds to wait, from Retry-After, when given. */
  readonly retryAfter: number | null

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    details: unknown = null,
    retryAfter: number | null = null,
    reason = '',
    params: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
    this.fields = readProblems(details)
    this.reason = reason
    this.params = params
    this.conflicts = readConflicts(details)
    this.retryAfter = retryAfter
  }
}

export function isApiError(e: unknown, code?: ErrorCode): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code)
}

const codeOfStatus: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  422: 'rule',
  429: 'throttled',
  503: 'unavailable',
}

/** errorFromResponse reads the error envelope of a failed response (tolerating a missing one). */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    body = null
  }
  const env = isRecord(body) && isRecord(body.error) ? body.error : null
  const code = (typeof env?.code === 'string' ? env.code : codeOfStatus[res.status] ?? 'internal') as ErrorCode
  const message = typeof env?.message === 'string' ? env.message : res.statusText || `HTTP ${res.status}`
  const retry = Number(res.headers.get('Retry-After'))
  return new ApiError(
    res.status,
    code,
    message,
    env?.details ?? null,
    Number.isFinite(retry) && retry > 0 ? retry : null,
    typeof env?.reason === 'string' ? env.reason : '',
    isRecord(env?.params) ? env.params : {},
  )
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function readProblems(details: unknown): Record<string, FieldProblem> {
  if (!isRecord(details) || !isRecord(details.fields)) return {}
  const out: Record<string, FieldProblem> = {}
  for (const [k, v] of Object.entries(details.fields)) {
    if (isRecord(v)) {
      out[k] = {
        code: typeof v.code === 'string' ? v.code : '',
        params: isRecord(v.params) ? v.params : {},
        message: typeof v.message === 'string' ? v.message : '',
      }
    } else {
      // An older server sent the English sentence alone.
      const message = typeof v === 'string' ? v : Array.isArray(v) ? v.join('; ') : String(v)
      out[k] = { code: '', params: {}, message }
    }
  }
  return out
}

function readConflicts(details: unknown): Conflict[] {
  if (!isRecord(details) || !Array.isArray(details.conflicts)) return []
  return details.conflicts.filter(isRecord).map((c) => ({
    activity_id: Number(c.activity_id),
    title: String(c.title ?? ''),
    start: String(c.start ?? ''),
    end: String(c.end ?? ''),
    reason: String(c.reason ?? 'venue') as Conflict['reason'],
    resource_id: Number(c.resource_id),
    ...(typeof c.occurrence === 'string' ? { occurrence: c.occurrence } : {}),
  }))
}
