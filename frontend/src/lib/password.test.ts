import { describe, expect, it } from 'vitest'
import { checkPasswordForm } from './password'

describe('checkPasswordForm', () => {
  it('accepts a current password and two equal new ones of 8 characters or more', () => {
    expect(checkPasswordForm({ current: 'old', next: 'new-pass', repeat: 'new-pass' })).toEqual({})
  })

  it('names every empty field', () => {
    expect(checkPasswordForm({ current: '', next: '', repeat: '' })).toEqual({
      current: 'required',
      next: 'required',
      repeat: 'required',
    })
  })

  it('refuses a new password under 8 characters, counted as the server counts them', () => {
    expect(checkPasswordForm({ current: 'old', next: 'short12', repeat: 'short12' })).toEqual({ next: 'tooShort' })
    // Seven characters, but fourteen UTF-16 units: still too short.
    const seven = '𠮷'.repeat(7)
    expect(checkPasswordForm({ current: 'old', next: seven, repeat: seven })).toEqual({ next: 'tooShort' })
    expect(checkPasswordForm({ current: 'old', next: '密码密码密码密码', repeat: '密码密码密码密码' })).toEqual({})
  })

  it('refuses a new password over 72 bytes', () => {
    const long = '密'.repeat(25) // 25 characters, 75 bytes in UTF-8
    expect(checkPasswordForm({ current: 'old', next: long, repeat: long })).toEqual({ next: 'tooLong' })
  })

  it('says when the repeated password differs', () => {
    expect(checkPasswordForm({ current: 'old', next: 'new-pass-1', repeat: 'new-pass-2' })).toEqual({ repeat: 'mismatch' })
    expect(checkPasswordForm({ current: 'old', next: 'short', repeat: 'other' })).toEqual({ next: 'tooShort', repeat: 'mismatch' })
  })
})
