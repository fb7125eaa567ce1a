import { HttpClient } from './client'
import { createApi } from './endpoints'

export * from './types'
export { ApiError, isApiError } from './errors'
export type { ErrorCode } from './errors'
export { HttpClient, buildUrl } from './client'
export type { Session } from './client'
export { createApi } from './endpoints'
export type { Api } from './endpoints'

/** http is the app's one client of /api/v1; the auth store attaches the session to it. */
export const http = new HttpClient('/api/v1')

/** api is every route of the API, typed. */
export const api = createApi(http)
