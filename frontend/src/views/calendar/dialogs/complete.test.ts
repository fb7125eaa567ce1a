import { describe, expect, it } from 'vitest'
import { attendanceValid, expectedHint, initialAttendance } from './complete'

describe('completing an activity', () => {
  it('starts empty, not at the planned figure', () => {
    expect(initialAttendance({ actual_attendance: null })).toBeNull()
  })
  it('starts at the recorded figure when a completed one is opened again', () => {
    expect(initialAttendance({ actual_attendance: 25 })).toBe(25)
    expect(initialAttendance({ actual_attendance: 0 })).toBe(0)
  })
  it('requires a whole number of 0 or more', () => {
    expect(attendanceValid(null)).toBe(false)
    expect(attendanceValid(undefined)).toBe(false)
    expect(attendanceValid(-1)).toBe(false)
    expect(attendanceValid(2.5)).toBe(false)
    expect(attendanceValid(0)).toBe(true)
    expect(attendanceValid(30)).toBe(true)
  })
  it('hints the planned figure only when there is one (the server sends 0 for none)', () => {
    expect(expectedHint({ expected_attendance: 0 })).toBeNull()
    expect(expectedHint({ expected_attendance: 30 })).toBe(30)
  })
})
