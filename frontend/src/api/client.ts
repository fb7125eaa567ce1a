import { ApiError, errorFromResponse } from './errors'

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** Skip the Authorization header and the refresh-on-401 retry (login, refresh). */
  anonymous?: boolean
  signal?: AbortSignal
}

/** Session is what the client needs from the token store. */
export interface Session {
  accessToken(): string | null
  /** Gets a new access token; resolves false when the session is over. */
  refresh(): Promise<boolean>
  /** Called when a request stays unauthorized after a refresh. */
  expired(): void
}

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>

/** buildUrl joins a path and a query, leaving out empty values. */
export function buildUrl(base: string, path: string, query?: Query): string {
  let url = base + path
  if (query) {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      params.append(k, String(v))
    }
    const qs = params.toString()
    if (qs) url += (url.includes('?') ? '&' : '?') + qs
  }
  return url
}

/** HttpClient sends JSON requests to the API and turns failures into ApiError. */
export class HttpClient {
  private session: Session | null = null
  private readonly base: string
  private readonly fetchFn: FetchFn

  constructor(base = '/api/v1', fetchFn?: FetchFn) {
    this.base = base
    this.fetchFn = fetchFn ?? ((input, init) => globalThis.fetch(input, init))
  }

  useSession(session: Session | null): void {
    this.session = session
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { query, signal })
  }

  post<T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...opts, body })
  }

  patch<T>(path: string, body: unknown, query?: Query): Promise<T> {
    return this.request<T>('PATCH', path, { body, query })
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body })
  }

  delete<T = void>(path: string, query?: Query): Promise<T> {
    return this.request<T>('DELETE', path, { query })
  }

  /** blob fetches a file (exports) with the session's token. */
  async blob(path: string, query?: Query): Promise<Blob> {
    const res = await this.send('GET', path, { query })
    return res.blob()
  }

  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, opts)
    if (res.status === 204) return undefined as T
    const text = await res.text()
    return (text ? JSON.parse(text) : undefined) as T
  }

  private async send(method: string, path: string, opts: RequestOptions): Promise<Response> {
    let res = await this.once(method, path, opts)
    if (res.status === 401 && !opts.anonymous && this.session) {
      const ok = await this.session.refresh()
      if (ok) res = await this.once(method, path, opts)
      if (res.status === 401 || !ok) {
        this.session.expired()
      }
    }
    if (!res.ok) throw await errorFromResponse(res)
    return res
  }

  private async once(method: string, path: string, opts: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
    const token = opts.anonymous ? null : this.session?.accessToken()
    if (token) headers.Authorization = `Bearer ${token}`
    try {
      return await this.fetchFn(buildUrl(this.base, path, opts.query), {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: opts.signal,
      })
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e
      throw new ApiError(0, 'network', e instanceof Error ? e.message : 'network error')
    }
  }
}
