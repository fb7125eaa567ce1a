import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { ApiError } from '@/api/errors'
import { ElMessage } from '@/lib/feedback'
import { useSubmit } from './useSubmit'

vi.mock('./useErrorMessage', () => ({
  useErrorMessage: () => (e: unknown) => `failed: ${(e as Error).message}`,
  // The problems as the server sent them: translating them is useFieldErrors' own business.
  useFieldErrors: () => ref({}),
}))
vi.mock('@/lib/feedback', () => ({ ElMessage: { error: vi.fn() } }))

const taken = { name: { code: 'taken', params: {}, message: 'already taken' } }

describe('useSubmit', () => {
  it('is busy while the work is under way and says whether it worked', async () => {
    const { busy, run } = useSubmit()
    const seen: boolean[] = []
    const ok = await run(async () => {
      seen.push(busy.value)
    })
    expect([ok, seen, busy.value]).toEqual([true, [true], false])
  })

  it('keeps the fields a refusal names and says the failure in a message', async () => {
    vi.mocked(ElMessage.error).mockClear()
    const { busy, fieldErrors, run } = useSubmit()
    const ok = await run(() => Promise.reject(new ApiError(409, 'conflict', 'name taken', { fields: taken })))
    expect([ok, busy.value]).toEqual([false, false])
    expect(fieldErrors.value).toEqual(taken)
    expect(ElMessage.error).toHaveBeenCalledWith('failed: name taken')
  })

  it('leaves a failure to the form that answers it, and stays busy until it has', async () => {
    vi.mocked(ElMessage.error).mockClear()
    const { busy, fieldErrors, run } = useSubmit()
    fieldErrors.value = taken
    const seen: boolean[] = []
    const ok = await run(
      () => Promise.reject(new Error('offline')),
      async () => {
        await Promise.resolve()
        seen.push(busy.value)
      },
    )
    // Not an API error: no fields are named, so none of the last refusal's stay.
    expect([ok, seen, fieldErrors.value]).toEqual([false, [true], {}])
    expect(ElMessage.error).not.toHaveBeenCalled()
  })
})
