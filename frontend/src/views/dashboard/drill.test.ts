import { describe, expect, it } from 'vitest'
import { openingBucket } from './drill'

describe('drill drawer', () => {
  it('opens on the number that was clicked', () => {
    expect(openingBucket({ bucket: 'scheduled' })).toBe('scheduled')
    expect(openingBucket({ bucket: 'actual' })).toBe('actual')
  })
  it('opens a month on what was done', () => {
    expect(openingBucket({ bucket: 'scheduled', month: 3 })).toBe('actual')
  })
})
