import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { api } from '@/api'
import { useAuthStore } from './auth'

const user = { id: 1, username: 'admin', name: 'Admin', role: 'admin', active: true, created_at: '' }

function pair(n: number, expiresIn = 900) {
  return { access_token: `a${n}`, refresh_token: `r${n}`, token_type: 'Bearer', expires_in: expiresIn, user }
}

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** A fake server: login gives pair 1, each refresh of the current token the next pair. */
function server() {
  let n = 1
  const calls: { path: string; auth?: string; body?: unknown }[] = []
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const path = url.replace('/api/v1', '')
    const body = init.body ? JSON.parse(init.body as string) : undefined
    calls.push({ path, auth: (init.headers as Record<string, string>).Authorization, body })
    if (path === '/auth/login') return json(200, pair(n))
    if (path === '/auth/refresh') {
      if (body.refresh_token !== `r${n}`) return json(401, { error: { code: 'unauthorized', message: 'revoked' } })
      n++
      return json(200, pair(n))
    }
    if (path === '/auth/logout') return new Response(null, { status: 204 })
    if (path === '/me') {
      return (init.headers as Record<string, string>).Authorization === `Bearer a${n}`
        ? json(200, user)
        : json(401, { error: { code: 'unauthorized', message: 'expired' } })
    }
    return json(404, { error: { code: 'not_found', message: path } })
  })
  return { fetch, calls, expire: () => n++ }
}

/** loggedIn serves fetch from the fake server and logs the store in as the admin. */
async function loggedIn(fake: { fetch: (url: string, init: RequestInit) => Promise<Response> }, password = 'pw') {
  vi.stubGlobal('fetch', fake.fetch)
  const auth = useAuthStore()
  await auth.login('admin', password)
  return auth
}

describe('auth store', () => {
  let storage: Map<string, string>

  beforeEach(() => {
    storage = new Map()
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
      removeItem: (k: string) => storage.delete(k),
    })
    vi.useFakeTimers()
    setActivePinia(createPinia())
  })

  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('keeps the access token in memory and the refresh token in storage', async () => {
    const s = server()
    const auth = await loggedIn(s)
    expect(auth.loggedIn).toBe(true)
    expect(auth.accessToken).toBe('a1')
    expect(storage.get('centerstage.refresh')).toBe('r1')
    expect([...storage.values()]).not.toContain('a1')
    expect(auth.isManager).toBe(true)
  })

  it('refreshes a minute before the access token expires', async () => {
    const s = server()
    const auth = await loggedIn(s)
    await vi.advanceTimersByTimeAsync(839_000)
    expect(s.calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(s.calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(1)
    expect(auth.accessToken).toBe('a2')
    expect(storage.get('centerstage.refresh')).toBe('r2')
  })

  it('refreshes once on a 401, shared by concurrent requests, and retries them', async () => {
    const s = server()
    const auth = await loggedIn(s)
    s.expire() // the server rotated: a1 and r1 no longer work...
    // ...so put the store in step with a token pair the fake accepts.
    storage.set('centerstage.refresh', 'r2')
    const results = await Promise.all([api.auth.me(), api.auth.me(), api.auth.me()])
    expect(results.every((u) => u.id === 1)).toBe(true)
    expect(s.calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(1)
    expect(auth.accessToken).toBe('a3')
  })

  it('ends the session when the refresh token is refused', async () => {
    const s = server()
    const auth = await loggedIn(s)
    storage.set('centerstage.refresh', 'stolen')
    s.expire()
    await expect(api.auth.me()).rejects.toMatchObject({ code: 'unauthorized' })
    expect(auth.loggedIn).toBe(false)
    expect(auth.expiredNotice).toBe(true)
    expect(storage.has('centerstage.refresh')).toBe(false)
  })

  it('restores a session from the stored refresh token, and logs out', async () => {
    const s = server()
    vi.stubGlobal('fetch', s.fetch)
    storage.set('centerstage.refresh', 'r1')
    const auth = useAuthStore()
    expect(await auth.restore()).toBe(true)
    expect(auth.user?.username).toBe('admin')
    await auth.logout()
    expect(auth.loggedIn).toBe(false)
    expect(storage.has('centerstage.refresh')).toBe(false)
    expect(s.calls.at(-1)).toMatchObject({ path: '/auth/logout', body: { refresh_token: 'r2' } })
  })

  describe('changePassword', () => {
    /** A fake server for a password change: logins hand out a1, a2, ...; PATCH checks the current password. */
    function passwordServer(loginStatus = () => 200) {
      let n = 0
      const calls: { method: string; path: string; auth?: string; body?: unknown }[] = []
      const fetch = vi.fn(async (url: string, init: RequestInit) => {
        const path = url.replace('/api/v1', '')
        const body = init.body ? JSON.parse(init.body as string) : undefined
        calls.push({ method: init.method ?? 'GET', path, auth: (init.headers as Record<string, string>).Authorization, body })
        if (path === '/auth/login') {
          const status = loginStatus()
          if (status !== 200) return json(status, { error: { code: 'throttled', message: 'too many failed logins; try again in 15 minutes' } })
          n++
          return json(200, pair(n))
        }
        if (path === '/users/1' && init.method === 'GET') return json(200, { ...user, version: 4 })
        if (path === '/users/1' && init.method === 'PATCH') {
          if (body.current_password !== 'old-pass-1') {
            return json(400, {
              error: { code: 'invalid', message: 'invalid input', details: { fields: { current_password: { code: 'wrong_password', params: {}, message: 'is not your current password' } } } },
            })
          }
          return json(200, { ...user, version: 5 })
        }
        return json(404, { error: { code: 'not_found', message: path } })
      })
      return { fetch, calls }
    }

    it('sends the current password with the version read, then logs in again with the new one', async () => {
      const s = passwordServer()
      const auth = await loggedIn(s, 'old-pass-1')
      expect(await auth.changePassword('old-pass-1', 'new-pass-1')).toBe(true)
      expect(s.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
        'POST /auth/login',
        'GET /users/1',
        'PATCH /users/1',
        'POST /auth/login',
      ])
      expect(s.calls[2]).toMatchObject({ auth: 'Bearer a1', body: { password: 'new-pass-1', current_password: 'old-pass-1', version: 4 } })
      expect(s.calls[3]?.body).toEqual({ username: 'admin', password: 'new-pass-1' })
      expect(auth.loggedIn).toBe(true)
      expect(auth.accessToken).toBe('a2')
      expect(storage.get('centerstage.refresh')).toBe('r2')
    })

    it('keeps the session when the server refuses the current password', async () => {
      const s = passwordServer()
      const auth = await loggedIn(s, 'old-pass-1')
      await expect(auth.changePassword('wrong', 'new-pass-1')).rejects.toMatchObject({
        code: 'invalid',
        fields: { current_password: { code: 'wrong_password', params: {}, message: 'is not your current password' } },
      })
      expect(s.calls.filter((c) => c.path === '/auth/login')).toHaveLength(1)
      expect(auth.accessToken).toBe('a1')
    })

    it('ends the session when the new login fails after the change', async () => {
      let logins = 0
      const s = passwordServer(() => (++logins === 1 ? 200 : 429))
      const auth = await loggedIn(s, 'old-pass-1')
      expect(await auth.changePassword('old-pass-1', 'new-pass-1')).toBe(false)
      expect(auth.loggedIn).toBe(false)
      expect(auth.expiredNotice).toBe(true)
    })
  })
})
