import { describe, expect, it, vi } from 'vitest'
import { ApiError, HttpClient, buildUrl, createApi, isApiError, type Session } from './index'

interface Call {
  url: string
  init: RequestInit
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** fakeFetch answers each call with the next response and records the calls. */
function fakeFetch(...responses: Response[]) {
  const calls: Call[] = []
  const fn = vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    const res = responses.shift()
    if (!res) throw new Error(`unexpected call ${init.method} ${url}`)
    return res
  })
  return { fn, calls }
}

function session(token: string | null, refresh: () => Promise<boolean> = async () => false) {
  const expired = vi.fn<() => void>()
  const s: Session = { accessToken: () => token, refresh, expired }
  return Object.assign(s, { expired })
}

describe('buildUrl', () => {
  it('leaves out empty values', () => {
    expect(buildUrl('/api/v1', '/activities', { from: '2026-10-01', kind: undefined, staff_id: 3, x: '' })).toBe(
      '/api/v1/activities?from=2026-10-01&staff_id=3',
    )
    expect(buildUrl('/api/v1', '/me')).toBe('/api/v1/me')
  })
})

describe('HttpClient', () => {
  it('sends JSON with the bearer token and reads the list shape', async () => {
    const { fn, calls } = fakeFetch(json(200, { items: [{ id: 1, name: 'Hall' }], total: 1 }))
    const http = new HttpClient('/api/v1', fn)
    http.useSession(session('tok'))
    const api = createApi(http)
    const out = await api.venues.list()
    expect(out).toEqual({ items: [{ id: 1, name: 'Hall' }], total: 1 })
    expect(calls[0]!.url).toBe('/api/v1/venues')
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBe('Bearer tok')
  })

  it('maps activity filters to the query string', async () => {
    const { fn, calls } = fakeFetch(json(200, { items: [], total: 0 }))
    const api = createApi(new HttpClient('/api/v1', fn))
    await api.activities.list({ from: '2026-10-01', to: '2026-11-01', kind: 'lecture', staff_id: 7, team_id: 2 })
    expect(calls[0]!.url).toBe('/api/v1/activities?from=2026-10-01&to=2026-11-01&kind=lecture&staff_id=7&team_id=2')
  })

  it('sends the version and the series scope when rescheduling', async () => {
    const { fn, calls } = fakeFetch(json(200, { id: 5, version: 4 }))
    const api = createApi(new HttpClient('/api/v1', fn))
    await api.activities.update(5, { start: 'a', end: 'b', version: 3 }, 'this')
    expect(calls[0]!.url).toBe('/api/v1/activities/5?scope=this')
    expect(calls[0]!.init.method).toBe('PATCH')
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({ start: 'a', end: 'b', version: 3 })
  })

  it('marks a series preview as a dry run and a creation as not', async () => {
    const { fn, calls } = fakeFetch(json(200, { occurrences: [] }), json(201, { series_id: 1, activities: [] }))
    const api = createApi(new HttpClient('/api/v1', fn))
    const body = {
      kind: 'training' as const,
      title: 'Calligraphy',
      start: '2026-09-05T09:00:00+08:00',
      end: '2026-09-05T11:00:00+08:00',
      venue_id: 1,
      location: '',
      organizer_id: 2,
      staff_ids: [],
      team_ids: [],
      station_id: null,
      expected_attendance: 20,
      notes: '',
      rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=12',
      skip_holidays: true,
    }
    await api.series.preview(body)
    await api.series.create(body)
    expect(JSON.parse(calls[0]!.init.body as string).dry_run).toBe(true)
    expect('dry_run' in JSON.parse(calls[1]!.init.body as string)).toBe(false)
  })

  it('turns a 400 into an ApiError with the bad fields', async () => {
    const { fn } = fakeFetch(
      json(400, { error: { code: 'invalid', message: 'invalid input', details: { fields: { title: 'required', end: 'must be after start' } } } }),
    )
    const api = createApi(new HttpClient('/api/v1', fn))
    const err = await api.activities.create({} as never).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(isApiError(err, 'invalid')).toBe(true)
    expect((err as ApiError).status).toBe(400)
    // An older server sent the English sentence alone: it is kept, without a code.
    expect((err as ApiError).fields).toEqual({
      title: { code: '', params: {}, message: 'required' },
      end: { code: '', params: {}, message: 'must be after start' },
    })
  })

  it('reads field problems as codes with params and keeps their messages', async () => {
    const { fn } = fakeFetch(
      json(400, {
        error: {
          code: 'invalid',
          reason: 'invalid_input',
          message: 'invalid input',
          details: {
            fields: {
              title: { code: 'max_chars', params: { n: 200 }, message: 'must be at most 200 characters' },
              end: { code: 'after', params: { field: 'start' }, message: 'must be after start' },
            },
          },
        },
      }),
    )
    const api = createApi(new HttpClient('/api/v1', fn))
    const err = (await api.activities.create({} as never).catch((e: unknown) => e)) as ApiError
    expect(err.reason).toBe('invalid_input')
    expect(err.fields.title).toEqual({ code: 'max_chars', params: { n: 200 }, message: 'must be at most 200 characters' })
    expect(err.fields.end).toEqual({ code: 'after', params: { field: 'start' }, message: 'must be after start' })
  })

  it('turns a 409 conflict into an ApiError listing every clash', async () => {
    const clash = {
      activity_id: 9,
      title: 'Opera lecture',
      start: '2026-10-10T09:00:00+08:00',
      end: '2026-10-10T11:00:00+08:00',
      reason: 'venue',
      resource_id: 3,
    }
    const { fn } = fakeFetch(json(409, { error: { code: 'conflict', message: 'conflict', details: { conflicts: [clash] } } }))
    const err = (await createApi(new HttpClient('/api/v1', fn))
      .activities.create({} as never)
      .catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('conflict')
    expect(err.conflicts).toEqual([clash])
  })

  it('tells a stale version from a conflict', async () => {
    const { fn } = fakeFetch(json(409, { error: { code: 'stale', message: 'stale version' } }))
    const err = (await createApi(new HttpClient('/api/v1', fn))
      .activities.update(1, { version: 1 })
      .catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('stale')
    expect(err.conflicts).toEqual([])
  })

  it('reads Retry-After on 429', async () => {
    const { fn } = fakeFetch(
      json(429, { error: { code: 'throttled', message: 'too many attempts' } }, { 'Retry-After': '30' }),
    )
    const err = (await createApi(new HttpClient('/api/v1', fn)).auth.login('a', 'b').catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('throttled')
    expect(err.retryAfter).toBe(30)
  })

  it('names the status when the body is not the envelope', async () => {
    const { fn } = fakeFetch(new Response('bad gateway', { status: 502, statusText: 'Bad Gateway' }))
    const err = (await createApi(new HttpClient('/api/v1', fn)).auth.me().catch((e: unknown) => e)) as ApiError
    expect(err.status).toBe(502)
    expect(err.code).toBe('internal')
  })

  it('reports a network failure as code network', async () => {
    const fn = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    const err = (await createApi(new HttpClient('/api/v1', fn)).auth.me().catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('network')
    expect(err.status).toBe(0)
  })

  it('refreshes once on a 401 and retries with the new token', async () => {
    const { fn, calls } = fakeFetch(json(401, { error: { code: 'unauthorized', message: 'expired' } }), json(200, { id: 1 }))
    let token = 'old'
    const s = session(null, async () => {
      token = 'new'
      return true
    })
    s.accessToken = () => token
    const http = new HttpClient('/api/v1', fn)
    http.useSession(s)
    await expect(createApi(http).auth.me()).resolves.toEqual({ id: 1 })
    expect((calls[1]!.init.headers as Record<string, string>).Authorization).toBe('Bearer new')
    expect(s.expired).not.toHaveBeenCalled()
  })

  it('ends the session when the refresh fails', async () => {
    const { fn, calls } = fakeFetch(json(401, { error: { code: 'unauthorized', message: 'expired' } }))
    const s = session('old', async () => false)
    const http = new HttpClient('/api/v1', fn)
    http.useSession(s)
    const err = (await createApi(http).auth.me().catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('unauthorized')
    expect(calls).toHaveLength(1)
    expect(s.expired).toHaveBeenCalledOnce()
  })

  it('does not refresh for login, and sends no token', async () => {
    const { fn, calls } = fakeFetch(json(401, { error: { code: 'unauthorized', message: 'wrong username or password' } }))
    const refresh = vi.fn(async () => true)
    const http = new HttpClient('/api/v1', fn)
    http.useSession(session('tok', refresh))
    await expect(createApi(http).auth.login('u', 'p')).rejects.toBeInstanceOf(ApiError)
    expect(refresh).not.toHaveBeenCalled()
    expect((calls[0]!.init.headers as Record<string, string>).Authorization).toBeUndefined()
  })

  it('accepts an empty 204', async () => {
    const { fn } = fakeFetch(new Response(null, { status: 204 }))
    await expect(createApi(new HttpClient('/api/v1', fn)).auth.logout('r')).resolves.toBeUndefined()
  })

  it('reads the center’s settings', async () => {
    const { fn, calls } = fakeFetch(json(200, { time_zone: 'Asia/Shanghai' }))
    await expect(createApi(new HttpClient('/api/v1', fn)).settings.get()).resolves.toEqual({ time_zone: 'Asia/Shanghai' })
    expect(calls[0]!.url).toBe('/api/v1/settings')
  })

  it('reads a 413 as too_large', async () => {
    const { fn } = fakeFetch(json(413, { error: { code: 'too_large', message: 'request body is larger than 1048576 bytes' } }))
    const err = (await createApi(new HttpClient('/api/v1', fn)).auth.me().catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('too_large')
  })
})
