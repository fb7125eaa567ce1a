// The change-password form's own checks, before anything is sent: the server's limits on a new
// password (at least 8 characters, at most 72 bytes for bcrypt) and the repeated new password.

/** MIN_PASSWORD is the fewest characters the server takes for a password. */
export const MIN_PASSWORD = 8
/** MAX_PASSWORD_BYTES is the most UTF-8 bytes the server takes (bcrypt's limit). */
export const MAX_PASSWORD_BYTES = 72

/** PasswordForm is what the change-password dialog asks for. */
export interface PasswordForm {
  current: string
  next: string
  repeat: string
}

export type PasswordProblem = 'required' | 'tooShort' | 'tooLong' | 'mismatch'
export type PasswordProblems = Partial<Record<keyof PasswordForm, PasswordProblem>>

/** SERVER_FIELDS names the form's fields as the server's `details.fields` does. */
export const SERVER_FIELDS: Record<keyof PasswordForm, string | null> = {
  current: 'current_password',
  next: 'password',
  repeat: null,
}

/** checkPasswordForm returns the problem of each field the server would refuse or that does not match; {} when none. */
export function checkPasswordForm(f: PasswordForm): PasswordProblems {
  const out: PasswordProblems = {}
  if (!f.current) out.current = 'required'
  // Characters as the server counts them (code points), not UTF-16 units.
  if (!f.next) out.next = 'required'
  else if ([...f.next].length < MIN_PASSWORD) out.next = 'tooShort'
  else if (new TextEncoder().encode(f.next).length > MAX_PASSWORD_BYTES) out.next = 'tooLong'
  if (!f.repeat) out.repeat = 'required'
  else if (f.repeat !== f.next) out.repeat = 'mismatch'
  return out
}
