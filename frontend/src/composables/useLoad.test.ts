import { describe, expect, it, vi } from 'vitest'
import { useLoad } from './useLoad'

vi.mock('./useErrorMessage', () => ({ useErrorMessage: () => (e: unknown) => `failed: ${(e as Error).message}` }))

/** later is a promise with its settling in the test's hands. */
function later<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('useLoad', () => {
  it('lands the answer, loading while it is under way', async () => {
    const { loading, error, load } = useLoad()
    const got: string[] = []
    const answer = later<string>()
    const done = load(() => answer.promise, (a) => got.push(a))
    expect(loading.value).toBe(true)
    answer.resolve('rows')
    await done
    expect(got).toEqual(['rows'])
    expect([loading.value, error.value]).toEqual([false, ''])
  })

  it('says a failure, and forgets it when the next load starts', async () => {
    const { loading, error, load } = useLoad()
    await load(() => Promise.reject(new Error('offline')), () => {})
    expect([loading.value, error.value]).toEqual([false, 'failed: offline'])
    const answer = later<string>()
    const done = load(() => answer.promise, () => {})
    expect(error.value).toBe('')
    answer.resolve('rows')
    await done
  })

  it('drops an older load that ends after a newer one started: its answer, its failure and its end', async () => {
    const { loading, error, load } = useLoad()
    const got: string[] = []
    const first = later<string>()
    const second = later<string>()
    const firstDone = load(() => first.promise, (a) => got.push(a))
    const secondDone = load(() => second.promise, (a) => got.push(a))
    first.reject(new Error('late'))
    await firstDone
    expect([loading.value, error.value, got]).toEqual([true, '', []])
    second.resolve('new')
    await secondDone
    expect([loading.value, error.value, got]).toEqual([false, '', ['new']])
  })
})
