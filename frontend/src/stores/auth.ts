import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError, api, http, isApiError, type Role, type TokenPair, type User } from '@/api'

const REFRESH_KEY = 'centerstage.refresh'
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_S = 60

function readRefresh(): string | null {
  try {
    return localStorage.getItem(REFRESH_KEY)
  } catch {
    return null
  }
}

function writeRefresh(token: string | null): void {
  try {
    if (token) localStorage.setItem(REFRESH_KEY, token)
    else localStorage.removeItem(REFRESH_KEY)
  } catch {
    // The session then lasts as long as the page.
  }
}

/**
 * The session: the access token lives only in memory, the refresh token in localStorage so a
 * reload or a new tab stays logged in. The access token is refreshed shortly before it expires,
 * and once more when a request is answered 401.
 */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  const accessToken = ref<string | null>(null)
  const expiredNotice = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let inflight: Promise<boolean> | null = null

  const loggedIn = computed(() => user.value !== null && accessToken.value !== null)
  const role = computed<Role | null>(() => user.value?.role ?? null)
  const isManager = computed(() => role.value === 'admin' || role.value === 'manager')
  const canWrite = computed(() => role.value !== null && role.value !== 'viewer')

  function hasRole(...roles: Role[]): boolean {
    return role.value !== null && roles.includes(role.value)
  }

  function accept(pair: TokenPair): void {
    accessToken.value = pair.access_token
    writeRefresh(pair.refresh_token)
    user.value = pair.user
    expiredNotice.value = false
    clearTimeout(timer)
    const lead = Math.min(REFRESH_MARGIN_S, pair.expires_in / 5)
    const delay = Math.max(5, pair.expires_in - lead) * 1000
    timer = setTimeout(() => void refresh(), delay)
  }

  function clear(): void {
    clearTimeout(timer)
    accessToken.value = null
    user.value = null
    writeRefresh(null)
  }

  async function login(username: string, password: string): Promise<void> {
    accept(await api.auth.login(username, password))
  }

  async function doRefresh(): Promise<boolean> {
    const token = readRefresh()
    if (!token) return false
    try {
      accept(await api.auth.refresh(token))
      return true
    } catch (e) {
      // Another tab may have rotated the token meanwhile: try the newer one once.
      const newer = readRefresh()
      if (newer && newer !== token) {
        try {
          accept(await api.auth.refresh(newer))
          return true
        } catch {
          // fall through
        }
      }
      if (isApiError(e, 'unauthorized') || isApiError(e, 'invalid')) clear()
      return false
    }
  }

  /** share makes p the refresh every caller waits for until it settles. */
  function share(p: Promise<boolean>): Promise<boolean> {
    const shared: Promise<boolean> = p.finally(() => {
      if (inflight === shared) inflight = null
    })
    inflight = shared
    return shared
  }

  /** refresh gets a new access token; concurrent callers share one request. */
  function refresh(): Promise<boolean> {
    return inflight ?? share(doRefresh())
  }

  /** restore resumes a session from the stored refresh token (after a reload). */
  async function restore(): Promise<boolean> {
    if (loggedIn.value) return true
    if (!readRefresh()) return false
    return refresh()
  }

  async function logout(): Promise<void> {
    const token = readRefresh()
    clear()
    if (token) {
      try {
        await api.auth.logout(token)
      } catch {
        // The token is forgotten here either way.
      }
    }
  }

  function expired(): void {
    clear()
    expiredNotice.value = true
  }

  /**
   * changePassword changes the user's own password, which the server checks against the current
   * one. The change ends every login of the user, this one included, so the session goes on by
   * logging in again with the new password; a request answered 401 meanwhile waits for that
   * login instead of ending the session. Resolves false when the password was changed but that
   * login failed: the session has then ended.
   */
  async function changePassword(current: string, next: string): Promise<boolean> {
    const me = user.value
    if (!me) throw new ApiError(401, 'unauthorized', 'log in first')
    const { version } = await api.users.get(me.id)
    await api.users.update(me.id, { password: next, current_password: current, version })
    clearTimeout(timer)
    return share(
      login(me.username, next).then(
        () => true,
        () => {
          expired()
          return false
        },
      ),
    )
  }

  http.useSession({
    accessToken: () => accessToken.value,
    refresh,
    expired,
  })

  return {
    user,
    accessToken,
    loggedIn,
    role,
    isManager,
    canWrite,
    expiredNotice,
    hasRole,
    login,
    logout,
    changePassword,
    refresh,
    restore,
  }
})
