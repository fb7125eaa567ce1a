import type { Activity } from '@/api'

/**
 * initialAttendance is what the attendance box starts with: empty for an activity not yet
 * recorded, so that completing it takes a real figure (the planned one is only a hint), and
 * the recorded figure when a completed one is opened again.
 */
export function initialAttendance(a: Pick<Activity, 'actual_attendance'>): number | null {
  return a.actual_attendance ?? null
}

/** attendanceValid tells whether a figure can be recorded: a whole number, 0 or more. */
export function attendanceValid(n: number | null | undefined): n is number {
  return n != null && Number.isInteger(n) && n >= 0
}

/** expectedHint is the planned attendance to show as a hint, or null when none was planned. */
export function expectedHint(a: Pick<Activity, 'expected_attendance'>): number | null {
  return a.expected_attendance > 0 ? a.expected_attendance : null
}
