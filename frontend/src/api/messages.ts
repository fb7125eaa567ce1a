// The server speaks English: its error messages and the problems it names per field
// ("is required", "must be at most 200 characters", ...). This module puts them into the
// user's language: known sentences by pattern (with their numbers and names), anything else by
// the error's code, and text it does not recognise is shown as it came.
import { ApiError } from './errors'

/** Translator is the part of vue-i18n's composer this module needs. */
export interface Translator {
  t(key: string, params?: Record<string, unknown>): string
  te(key: string): boolean
}

type Params = Record<string, string>
type Pattern = readonly [RegExp, string, ((m: RegExpMatchArray, tr: Translator) => Params)?]

const n = (i: number) => (m: RegExpMatchArray) => ({ n: m[i] ?? '' })
const range = (m: RegExpMatchArray) => ({ min: m[1] ?? '', max: m[2] ?? '' })
/** "2026-03-01T09:00:00+08:00" reads as "2026-03-01 09:00" (the center's wall clock). */
const when = (s: string) => s.replace(/^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)(?::\d\d)?(?:Z|[+-]\d\d:\d\d)?$/, '$1 $2')

// Codes the server sends as values (roles, kinds, statuses, metrics, scopes, ...) and where
// the app already names them.
const VALUE_KEYS = ['roles', 'kinds', 'status', 'quota.metric', 'quota.scope', 'server.values']

/** valueLabel names a code the server lists ("staff", "lecture", "each_staff") in the user's language. */
export function valueLabel(value: string, tr: Translator): string {
  for (const prefix of VALUE_KEYS) {
    const key = `${prefix}.${value}`
    if (tr.te(key)) return tr.t(key)
  }
  return value
}

/** list names each value of "a, b, c" or "a, b or c" and joins them the language's way. */
function list(text: string, tr: Translator): string {
  const items = text.split(/,\s*|\s+or\s+/).filter(Boolean)
  return items.map((v) => valueLabel(v.trim(), tr)).join(tr.t('server.sep'))
}

function entity(what: string, tr: Translator): string {
  const key = `server.entity.${what}`
  return tr.te(key) ? tr.t(key) : what
}

// Problems of one field (details.fields), most specific first. Keys under server.field.
const FIELD: Pattern[] = [
  [/^is required$/, 'required'],
  [/^already taken$/, 'taken'],
  [/^is not your current password$/, 'wrongCurrent'],
  [/^must be at most (\d+) characters$/, 'maxChars', n(1)],
  [/^must be at least (\d+) characters$/, 'minChars', n(1)],
  [/^must have exactly (\d+) characters$/, 'exactChars', n(1)],
  [/^must be at most (\d+) items$/, 'maxItems', n(1)],
  [/^must be at least (\d+) items$/, 'minItems', n(1)],
  [/^must have exactly (\d+) items$/, 'exactItems', n(1)],
  [/^must be at most (\d+) bytes$/, 'maxBytes', n(1)],
  [/^must be (\d+) to (\d+) characters$/, 'charsRange', range],
  [/^must be at least (-?\d+)$/, 'atLeast', n(1)],
  [/^must be at most (-?\d+)$/, 'atMost', n(1)],
  [/^must be greater than (-?\d+)$/, 'greaterThan', n(1)],
  [/^must be a whole number from (-?\d+) to (-?\d+)$/, 'wholeRange', range],
  [/^must be a year from (\d+) to (\d+)$/, 'yearRange', range],
  [/^must be between (-?\d+) and (-?\d+)$/, 'between', range],
  [/^must be a positive whole number or null$/, 'positiveWhole'],
  [/^must be a positive whole number$/, 'positiveWhole'],
  [/^must be a whole number$/, 'wholeNumber'],
  [/^must be a number$/, 'number'],
  [/^must be a string$/, 'text'],
  [/^must be a list$/, 'list'],
  [/^must be an object$/, 'object'],
  [/^must be true or false$/, 'bool'],
  [/^must be valid UTF-8$/, 'utf8'],
  [/^must be a date YYYY-MM-DD$/, 'date', () => ({ example: '2026-03-01' })],
  [/^must be a date like (\S+)$/, 'date', (m) => ({ example: m[1] ?? '' })],
  [/^must be a date in (\d+) like (\S+)$/, 'dateInYear', (m) => ({ year: m[1] ?? '' })],
  [/^must be an RFC 3339 time like (\S+)$/, 'time', (m) => ({ example: m[1] ?? '' })],
  [/^must be an RFC 3339 time or a date like (\S+)$/, 'timeOrDate', (m) => ({ example: m[1] ?? '' })],
  [/^must not be negative$/, 'notNegative'],
  [/^must not be in the future$/, 'notFuture'],
  [/^must be after start$/, 'endAfterStart'],
  [/^must be after from$/, 'toAfterFrom'],
  [/^from and to are required, to after from$/, 'fromTo'],
  [/^an activity lasts at most (\d+) days$/, 'maxDays', n(1)],
  [/^at most (\d+) staff members$/, 'maxStaff', n(1)],
  [/^at most (\d+) teams$/, 'maxTeams', n(1)],
  [/^at most (\d+) values$/, 'maxValues', n(1)],
  [/^at most (\d+) activities at once$/, 'maxActivities', n(1)],
  [/^must not have an empty value in its list$/, 'emptyInList'],
  [/^activity (\d+) is listed twice$/, 'listedTwice', (m) => ({ id: m[1] ?? '' })],
  [/^a completed activity is mended alone; leave scope out$/, 'mendAlone'],
  [/^must be positive whole numbers separated by commas$/, 'idList'],
  [/^two of the activities clash with each other$/, 'batchClash'],
  [
    /^overlaps (\S+) \((\w+)\) and shares a venue, a staff member or a team$/,
    'overlapsItem',
    (m) => ({ item: m[1] ?? '' }),
  ],
  [/^ids must be positive$/, 'badChoice'],
  [/^(\d+) does not exist$/, 'missing', (m) => ({ id: m[1] ?? '' })],
  [/^(\d+) is not active$/, 'inactive', (m) => ({ id: m[1] ?? '' })],
  [/^(\d+) is a viewer account and cannot take part$/, 'viewerTakesPart', (m) => ({ id: m[1] ?? '' })],
  [/^user (\d+) is not an active user$/, 'inactiveUser', (m) => ({ id: m[1] ?? '' })],
  [/^not active staff or managers: (.+)$/, 'notStaff', (m) => ({ ids: m[1] ?? '' })],
  [/^names a user that does not exist$/, 'unknownUser'],
  [/^only an each_staff target names staff$/, 'staffOnlyEachStaff'],
  [/^paired_stations is counted per staff member; use each_staff$/, 'pairedEachStaff'],
  [/^is not counted by this target, which counts (.+)$/, 'notCountedByTarget', (m, tr) => ({ list: list(m[1] ?? '', tr) })],
  [/^is not a member of this target$/, 'notTargetMember'],
  [/^must be a time HH:MM$/, 'clockTime'],
  [/^the window is shorter than the duration$/, 'windowShort'],
  [/^unknown kind "(.*)"$/, 'unknownKindNamed', (m) => ({ kind: m[1] ?? '' })],
  [/^unknown kind$/, 'unknownKind'],
  [/^unknown template$/, 'unknownTemplate'],
  [/^must have 12 numbers, one per month$/, 'twelveNumbers'],
  [/^sums to (-?\d+), not to the value (\d+)$/, 'planSum', (m) => ({ sum: m[1] ?? '', value: m[2] ?? '' })],
  [/^2-64 letters, digits, '\.', '_' or '-', starting with a letter or digit$/, 'username'],
  [/^1-40 lowercase letters, digits or '_', starting with a letter$/, 'lineCode'],
  [/^must be a date from (\S+) to (\S+)$/, 'dateRange', range],
  [/^must not be before joined_on$/, 'leftBeforeJoined'],
  [/^is not valid \((.*)\)$/, 'notValid'],
  // Repeat rules (rrule).
  [/^must not contain (\w+): .*$/, 'rruleNoPart', (m) => ({ part: m[1] ?? '' })],
  [/^FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY$/, 'rruleFreq'],
  [/^give COUNT or UNTIL, not both$/, 'rruleBoth'],
  [/^needs COUNT or UNTIL$/, 'rruleEnd'],
  [/^COUNT must be at most (\d+)$/, 'rruleCount', n(1)],
  [/^skips more than (\d+) dates; shorten it$/, 'rruleSkips', n(1)],
  [/^produces more than (\d+) occurrences$/, 'rruleTooMany', n(1)],
  [/^produces no occurrence$/, 'rruleNone'],
  [/^produces only (\d+) of the (\d+) occurrences of COUNT$/, 'rruleShort', (m) => ({ made: m[1] ?? '', count: m[2] ?? '' })],
  [/^INTERVAL must be from (\d+) to (\d+)$/, 'wholeRange', range],
  [/^must have a UTC offset under 24 hours$/, 'time', () => ({ example: '2026-03-01T09:00:00+08:00' })],
  [/^must not contain NUL or other control characters$/, 'utf8'],
  [
    /^the occurrence of (\S+) overlaps the one of (\S+)$/,
    'occurrenceOverlap',
    (m) => ({ a: when(m[1] ?? ''), b: when(m[2] ?? '') }),
  ],
  [
    /^(\d\d:\d\d) does not exist on (\S+) in (\S+) \(clocks move forward\)$/,
    'noSuchTime',
    (m) => ({ time: m[1] ?? '', date: m[2] ?? '', zone: m[3] ?? '' }),
  ],
  // Assessment schemes, adjustments, submissions and reminders.
  [/^must be a number from (-?\d+) to (-?\d+)$/, 'numberRange', range],
  [/^must not be below the floor$/, 'notBelowFloor'],
  [/^must have at least one rule$/, 'oneRule'],
  [/^another rule already scores this target$/, 'ruleTwice'],
  [/^names a target that does not exist$/, 'unknownTarget'],
  [/^is a target of (\d+), not of (\d+)$/, 'targetOfYear', (m) => ({ year: m[1] ?? '', want: m[2] ?? '' })],
  [/^must be an each_staff target/, 'eachStaffTarget'],
  [/^a (\w+) target has no monthly meaning/, 'noMonthlyMeaning', (m, tr) => ({ metric: valueLabel(m[1] ?? '', tr) })],
  [/^is not a member of this scheme's targets$/, 'notMember'],
  [/^must not be 0$/, 'notZero'],
  [/^must have at most 2 decimals$/, 'twoDecimals'],
  [/^only a monthly scheme scores one month$/, 'monthlyOnly'],
  [/^must be a mail address/, 'email'],
  // Generic lists come last: "must be one of a, b, c", "must be a, b or c".
  [/^must be one or more of (.+)$/, 'oneOrMoreOf', (m, tr) => ({ list: list(m[1] ?? '', tr) })],
  [/^must be one of (.+)$/, 'oneOf', (m, tr) => ({ list: list(m[1] ?? '', tr) })],
  [/^must be ([\w-]+(?:, [\w-]+)*) or ([\w-]+)$/, 'oneOf', (m, tr) => ({ list: list(`${m[1]}, ${m[2]}`, tr) })],
]

// Whole messages (error.message), most specific first. Keys under server.message; a key of
// errors.* reuses the app's sentence for the code.
const MESSAGE: Pattern[] = [
  [/^invalid input$/, 'errors.invalid'],
  [/^request body /, 'errors.invalid'],
  [/^a time is not RFC 3339/, 'server.message.badTime'],
  [/^invalid recurrence rule$/, 'server.message.badRule'],
  [/^occurrences overlap each other$/, 'server.message.occurrencesOverlap'],
  [/^a local time does not exist$/, 'server.message.noSuchTime'],
  [/^wrong username or password$/, 'login.wrong'],
  [/^account deactivated$/, 'server.message.deactivated'],
  [/please log in again$|^invalid (or expired )?access token|^invalid refresh token$|^log in first/, 'errors.unauthorized'],
  [/^a viewer cannot change the calendar$/, 'server.message.viewerReadOnly'],
  [/^staff may only (change|schedule|organize) .*activities/, 'server.message.staffOwn'],
  [/^only a manager or the organizer may delete an activity$/, 'server.message.deleteOwn'],
  [/^only a manager or admin may do this$/, 'server.message.managerOnly'],
  [/^only an admin may change other users, roles or activation$/, 'server.message.adminUsers'],
  [/^only an admin may do this$/, 'server.message.adminOnly'],
  [/^the tally is for managers, admins and viewers$/, 'server.message.tallyRoles'],
  [/^staff see only their own progress$/, 'server.message.ownProgress'],
  [/^your role \((\w+)\) may not do this$/, 'server.message.roleNotAllowed', (m, tr) => ({ role: valueLabel(m[1] ?? '', tr) })],
  [/^not allowed$/, 'errors.forbidden'],
  [/^(\w+) (\d+) not found$/, 'server.message.notFound', (m, tr) => ({ what: entity(m[1] ?? '', tr) })],
  [/^no user "(.*)"$/, 'server.message.noUser', (m) => ({ name: m[1] ?? '' })],
  [/^no template "(.*)"$/, 'server.message.noTemplate', (m) => ({ name: m[1] ?? '' })],
  [/^no such /, 'errors.not_found'],
  [/^the web app is not built$/, 'errors.not_found'],
  [/^method not allowed$/, 'errors.method_not_allowed'],
  [/^the request body took longer than \S+ to arrive$/, 'errors.timeout'],
  [
    /^(\w+) (\d+) (was changed by someone else|changed since version|changed meanwhile)/,
    'server.message.stale',
    (m, tr) => ({ what: entity(m[1] ?? '', tr) }),
  ],
  [/^the time clashes with another activity$/, 'server.message.clash'],
  [/^the time clashes with other activities \((\d+) clashes\)$/, 'server.message.clashes', n(1)],
  [
    /^(\w+) "(.*)" is already taken$/,
    'server.message.taken',
    (m, tr) => ({ field: entity(m[1] ?? '', tr), value: m[2] ?? '' }),
  ],
  [/^"(.*)" is a built-in template$/, 'server.message.builtinTemplate', (m) => ({ name: m[1] ?? '' })],
  [
    /^only a planned activity can be completed; this one is (\w+)$/,
    'server.message.completePlannedOnly',
    (m, tr) => ({ status: valueLabel(m[1] ?? '', tr) }),
  ],
  [
    /^the activity has not started yet; it can be completed from (.+)$/,
    'server.message.notStarted',
    (m) => ({ time: when(m[1] ?? '') }),
  ],
  [/before it starts/, 'server.message.notStartedPlain'],
  [/^a (\w+) activity cannot be changed; reopen it first$/, 'server.message.locked', (m, tr) => ({ status: valueLabel(m[1] ?? '', tr) })],
  [/^the activity is already planned$/, 'server.message.alreadyPlanned'],
  [/^actual attendance is recorded by completing the activity$/, 'server.message.recordByCompleting'],
  [/^only a planned activity can be deleted; cancel it instead$/, 'server.message.deletePlannedOnly'],
  [/^the last active admin cannot be demoted or deactivated$/, 'server.message.lastAdmin'],
  [/^year (\d+) has no targets to save$/, 'server.message.noTargets', (m) => ({ year: m[1] ?? '' })],
  [/^too many failed logins; try again in (\d+) minutes?$/, 'server.message.throttledMinutes', n(1)],
  [/^(\d+) has no \w+ target of the duty statement/, 'server.message.noDutyTargets', (m) => ({ year: m[1] ?? '' })],
  [/^only managers, admins and viewers read submissions$/, 'server.message.submissionRoles'],
  [
    /^(\S+) has not ended yet; submit it from (\S+) on$/,
    'server.message.monthNotEnded',
    (m) => ({ month: m[1] ?? '', date: m[2] ?? '' }),
  ],
  [/^request body is larger than/, 'errors.too_large'],
  [/^the database is unavailable/, 'errors.unavailable'],
  [/^internal error$/, 'errors.internal'],
]

function match(table: Pattern[], raw: string, tr: Translator): { key: string; params: Params } | null {
  const text = raw.trim()
  for (const [re, key, params] of table) {
    const m = text.match(re)
    if (m) return { key, params: params ? params(m, tr) : {} }
  }
  return null
}

/** knownProblem tells whether a field problem is one this module translates (for tests). */
export function knownProblem(raw: string, tr: Translator): boolean {
  return match(FIELD, raw, tr) !== null
}

/** knownMessage tells whether an error message is one this module translates (for tests). */
export function knownMessage(raw: string, tr: Translator): boolean {
  return match(MESSAGE, raw, tr) !== null
}

/** localizeProblem puts one field problem into the user's language; unknown text stays as it is. */
export function localizeProblem(raw: string, tr: Translator): string {
  // A list field may carry several problems joined by "; " (see errors.ts).
  if (raw.includes('; ') && !match(FIELD, raw, tr)) {
    return raw
      .split('; ')
      .map((p) => localizeProblem(p, tr))
      .join(tr.t('server.problemSep'))
  }
  const found = match(FIELD, raw, tr)
  return found ? tr.t(`server.field.${found.key}`, found.params) : raw
}

/** localizeFields translates every problem of a `details.fields` map, keeping the field names. */
export function localizeFields(fields: Record<string, string>, tr: Translator): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(fields)) out[k] = localizeProblem(v, tr)
  return out
}

// Codes whose sentence in errors.* says it all when the message itself is not known.
const CODES = new Set([
  'invalid',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'stale',
  'throttled',
  'unavailable',
  'too_large',
  'internal',
  'network',
])

/**
 * localizeError turns a failure into one sentence in the user's language: a known server message
 * translated with its details; else the code's own sentence; a rule the app does not know is
 * shown as the server wrote it (it is the only explanation there is), after "not allowed by the
 * rules" in languages other than English.
 */
export function localizeError(e: unknown, tr: Translator): string {
  if (!(e instanceof ApiError)) return tr.t('errors.internal')
  if (e.code === 'network') return tr.t('errors.network')
  if (e.code === 'throttled' && e.retryAfter) return tr.t('errors.throttledFor', { seconds: e.retryAfter })
  const found = e.message ? match(MESSAGE, e.message, tr) : null
  if (found) return tr.t(found.key, found.params)
  if (e.code === 'rule' && e.message) return tr.t('server.message.rule', { message: e.message })
  if (CODES.has(e.code)) return tr.t(`errors.${e.code}`)
  return e.message || tr.t('errors.internal')
}
