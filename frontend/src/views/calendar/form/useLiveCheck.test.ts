import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { newModel } from './model'
import { useLiveCheck } from './useLiveCheck'

const start = new Date(2026, 8, 5, 9, 0)

function json(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
}

describe('live conflict check', () => {
  let calls: { url: string; body: Record<string, unknown> }[]

  beforeEach(() => {
    calls = []
    vi.useFakeTimers()
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        const body = JSON.parse(init.body as string)
        calls.push({ url, body })
        if (url.endsWith('/series')) {
          return json({ occurrences: [{ start: body.start, end: body.end, conflicts: [] }] })
        }
        return json({
          conflicts: [{ activity_id: 9, title: 'Opera', start: body.start, end: body.end, reason: 'venue', resource_id: 1 }],
          quota_impact: [{ target_id: 1, name: 'Lectures', staff_id: null, before_projected: 14, after_projected: 15, value: 20, status_after: 'at_risk' }],
        })
      }),
    )
  })

  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  function setup(activityId: number | null = null) {
    const model = ref(newModel(start, null, 4))
    const scope = effectScope()
    const check = scope.run(() => useLiveCheck(model, ref(activityId), () => 'Untitled'))!
    return { model, check, scope }
  }

  it('asks once after the form stops changing', async () => {
    const { model, check, scope } = setup()
    await vi.advanceTimersByTimeAsync(100)
    model.value.title = 'O'
    await nextTick()
    await vi.advanceTimersByTimeAsync(100)
    model.value.title = 'Opera'
    await nextTick()
    expect(calls).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(500)
    expect(calls).toHaveLength(1)
    expect(calls[0]!.url).toBe('/api/v1/activities/check')
    expect(calls[0]!.body).toMatchObject({ title: 'Opera', start: '2026-09-05T09:00:00+08:00', organizer_id: 4 })
    expect('activity_id' in calls[0]!.body).toBe(false)
    expect(check.conflicts.value.map((c) => c.title)).toEqual(['Opera'])
    expect(check.impact.value[0]).toMatchObject({ before_projected: 14, after_projected: 15, value: 20 })
    scope.stop()
  })

  it('names the activity being changed', async () => {
    const { check, scope } = setup(42)
    await vi.advanceTimersByTimeAsync(500)
    expect(calls[0]!.body.activity_id).toBe(42)
    expect(check.checked.value).toBe(true)
    scope.stop()
  })

  it('previews every occurrence of a repeating activity', async () => {
    const { model, check, scope } = setup()
    model.value.repeat = true
    await nextTick()
    await vi.advanceTimersByTimeAsync(500)
    expect(calls).toHaveLength(1)
    expect(calls[0]!.url).toBe('/api/v1/series')
    expect(calls[0]!.body).toMatchObject({ dry_run: true, rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=SA;COUNT=12', skip_holidays: true })
    expect(check.occurrences.value).toHaveLength(1)
    scope.stop()
  })

  it('does not ask while the time is impossible', async () => {
    const { model, check, scope } = setup()
    model.value.end = new Date(2026, 8, 5, 8, 0)
    await nextTick()
    await vi.advanceTimersByTimeAsync(500)
    expect(calls).toHaveLength(0)
    expect(check.checked.value).toBe(false)
    scope.stop()
  })
})
