package services

import "strings"

// Code is a stable name of a problem or a failure, the key the app
// translates: a field problem (`details.fields[f].code`, locale key
// "problem.<code>") or an error's reason (`error.reason`, locale key
// "reason.<code>"). Codes are made only in this file, so Codes lists every
// code the server can send; a test holds the list against the locale files.
type Code struct {
	name  string
	class CodeClass
}

// CodeClass says where a code appears.
type CodeClass string

// The classes of codes.
const (
	ProblemClass CodeClass = "problem" // details.fields[...].code
	ReasonClass  CodeClass = "reason"  // error.reason
)

// codeList is every code, in declaration order; filled once while the
// package initialises and never changed afterwards.
var codeList []Code

func newCode(class CodeClass, name string) Code {
	c := Code{name: name, class: class}
	codeList = append(codeList, c)
	return c
}

func problemCode(name string) Code { return newCode(ProblemClass, name) }
func reasonCode(name string) Code  { return newCode(ReasonClass, name) }

// Codes lists every code the server can send.
func Codes() []Code { return append([]Code(nil), codeList...) }

// String is the code's name.
func (c Code) String() string { return c.name }

// Class says whether c is a field problem or a reason.
func (c Code) Class() CodeClass { return c.class }

// IsZero reports whether c is no code at all.
func (c Code) IsZero() bool { return c.name == "" }

// MarshalText writes the code's name.
func (c Code) MarshalText() ([]byte, error) { return []byte(c.name), nil }

// Field problem codes. The params each one carries are in its comment.
var (
	ProblemRequired          = problemCode("required")        // a value must be given
	ProblemTaken             = problemCode("taken")           // the value is already used by another row
	ProblemWrongPassword     = problemCode("wrong_password")  // not the caller's current password
	ProblemMaxChars          = problemCode("max_chars")       // {n}
	ProblemMinChars          = problemCode("min_chars")       // {n}
	ProblemMaxItems          = problemCode("max_items")       // {n}
	ProblemMinItems          = problemCode("min_items")       // {n}
	ProblemLenItems          = problemCode("len_items")       // {n}: exactly n items
	ProblemMaxBytes          = problemCode("max_bytes")       // {n}
	ProblemMin               = problemCode("min")             // {n}: a number at least n
	ProblemMax               = problemCode("max")             // {n}: a number at most n
	ProblemOutOfRange        = problemCode("out_of_range")    // {min, max}: numbers, or dates YYYY-MM-DD
	ProblemInvalidFormat     = problemCode("invalid_format")  // {example}: not in the form of example
	ProblemNotInteger        = problemCode("not_integer")     // must be a whole number
	ProblemNotPositive       = problemCode("not_positive")    // must be a whole number above 0
	ProblemNotNumber         = problemCode("not_number")      // must be a number
	ProblemNotBoolean        = problemCode("not_boolean")     // must be true or false
	ProblemNotString         = problemCode("not_string")      // must be a string
	ProblemNotArray          = problemCode("not_array")       // must be a list
	ProblemNotObject         = problemCode("not_object")      // must be an object
	ProblemInvalidUTF8       = problemCode("invalid_utf8")    // text that is not UTF-8
	ProblemControlChars      = problemCode("control_chars")   // text holding NUL or other control characters
	ProblemOneOf             = problemCode("one_of")          // {values}: the allowed values
	ProblemNotFound          = problemCode("not_found")       // {id}: names a row that does not exist
	ProblemInactive          = problemCode("inactive")        // {id}: names a deactivated row
	ProblemViewer            = problemCode("viewer")          // {id}: names a viewer account where a working member is needed
	ProblemNotStaff          = problemCode("not_staff")       // {ids}: not active staff or managers
	ProblemAfter             = problemCode("after")           // {field}: must come after that field
	ProblemNotBefore         = problemCode("not_before")      // {field}: must not come before that field
	ProblemLineCode          = problemCode("line_code")       // 1-40 lowercase letters, digits or '_', starting with a letter
	ProblemNotFuture         = problemCode("not_future")      // a date that must not be in the future
	ProblemEachStaffOnly     = problemCode("each_staff_only") // only an each_staff target names staff
	ProblemPairedEachStaff   = problemCode("paired_each_staff")
	ProblemPlanSum           = problemCode("plan_sum")           // {sum, value}
	ProblemUsername          = problemCode("username")           // 2-64 letters, digits, '.', '_' or '-'
	ProblemDateInYear        = problemCode("date_in_year")       // {year}
	ProblemMaxDays           = problemCode("max_days")           // {n}: an activity lasts at most n days
	ProblemRulePart          = problemCode("rrule_part")         // {part}: a part a series rule must not hold
	ProblemRuleFreq          = problemCode("rrule_freq")         // FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY
	ProblemRuleBothEnds      = problemCode("rrule_both")         // COUNT and UNTIL both given
	ProblemRuleNoEnd         = problemCode("rrule_no_end")       // neither COUNT nor UNTIL
	ProblemRuleMaxCount      = problemCode("rrule_count")        // {n}: COUNT at most n
	ProblemRuleInterval      = problemCode("rrule_interval")     // {max}: INTERVAL from 1 to max
	ProblemRuleSkips         = problemCode("rrule_skips")        // {n}: skips more than n dates
	ProblemRuleTooMany       = problemCode("rrule_too_many")     // {n}: more than n occurrences
	ProblemRuleNone          = problemCode("rrule_none")         // yields no occurrence
	ProblemRuleShort         = problemCode("rrule_short")        // {count, made}: fewer occurrences than COUNT
	ProblemRuleSyntax        = problemCode("rrule_syntax")       // not an RFC 5545 rule
	ProblemOccurrenceOverlap = problemCode("occurrence_overlap") // {a, b}: two occurrences overlap
	ProblemNoSuchTime        = problemCode("no_such_time")       // {time, date, zone}: a wall-clock time skipped by DST
	ProblemNotMember         = problemCode("not_member")         // not a member of the target
	ProblemWindowShort       = problemCode("window_short")       // a time window shorter than the duration
	ProblemItemsClash        = problemCode("items_clash")        // {index, start}: clashes with another item of the same request
	ProblemListedTwice       = problemCode("listed_twice")       // {id}: the same row twice in one request
	ProblemMendAlone         = problemCode("mend_alone")         // a completed activity is mended alone, without a scope
	ProblemOtherYear         = problemCode("other_year")         // {year, want}: a target of another year
	ProblemEachStaffNeeded   = problemCode("each_staff_needed")  // must be an each_staff target
	ProblemNotMonthly        = problemCode("not_monthly")        // {metric}: has no monthly meaning
	ProblemNotZero           = problemCode("not_zero")           // must not be 0
	ProblemMaxDecimals       = problemCode("max_decimals")       // {n}: at most n decimals
	ProblemMonthlyOnly       = problemCode("monthly_only")       // only a monthly scheme scores one month
	ProblemInvalid           = problemCode("invalid")            // {tag}: any other problem
)

// Reason codes: what exactly refused a request, in error.reason.
var (
	ReasonInvalidInput       = reasonCode("invalid_input")         // see details.fields
	ReasonBodyEmpty          = reasonCode("body_empty")            // no request body
	ReasonBodyNotJSON        = reasonCode("body_not_json")         // the body is not JSON
	ReasonBodyNotObject      = reasonCode("body_not_object")       // the body is not a JSON object
	ReasonBodyOneValue       = reasonCode("body_one_value")        // more than one JSON value
	ReasonBodyUnreadable     = reasonCode("body_unreadable")       // the body could not be read
	ReasonBadTime            = reasonCode("bad_time")              // a time is not RFC 3339
	ReasonBodyTooLarge       = reasonCode("body_too_large")        // {bytes}
	ReasonBodyTimeout        = reasonCode("body_timeout")          // {seconds}: the body came too slowly
	ReasonLoginRequired      = reasonCode("login_required")        // no bearer token
	ReasonBadCredentials     = reasonCode("bad_credentials")       // wrong username or password
	ReasonTokenInvalid       = reasonCode("token_invalid")         // an access token that is not valid
	ReasonTokenRevoked       = reasonCode("token_revoked")         // the login behind the token has ended
	ReasonRefreshInvalid     = reasonCode("refresh_invalid")       // an unknown refresh token
	ReasonRefreshReused      = reasonCode("refresh_reused")        // a refresh token used twice
	ReasonRefreshExpired     = reasonCode("refresh_expired")       // expired or revoked
	ReasonDeactivated        = reasonCode("deactivated")           // the account is deactivated
	ReasonRoleNotAllowed     = reasonCode("role_not_allowed")      // {role}
	ReasonViewerReadOnly     = reasonCode("viewer_read_only")      // a viewer cannot change the calendar
	ReasonStaffOwnOnly       = reasonCode("staff_own_only")        // staff change only activities they organize
	ReasonDeleteOwnOnly      = reasonCode("delete_own_only")       // only a manager or the organizer deletes
	ReasonManagerOnly        = reasonCode("manager_only")          // only a manager or admin
	ReasonAdminOnly          = reasonCode("admin_only")            // only an admin
	ReasonAdminUsersOnly     = reasonCode("admin_users_only")      // only an admin changes other users, roles or activation
	ReasonTallyRoles         = reasonCode("tally_roles")           // the tally is for managers, admins and viewers
	ReasonOwnProgressOnly    = reasonCode("own_progress_only")     // staff see only their own progress
	ReasonNotAllowed         = reasonCode("not_allowed")           // any other refusal
	ReasonNotFound           = reasonCode("not_found")             // {entity, id}
	ReasonNoUser             = reasonCode("no_user")               // {name}
	ReasonNoTemplate         = reasonCode("no_template")           // {name}
	ReasonNoRoute            = reasonCode("no_route")              // {method, path}
	ReasonStale              = reasonCode("stale")                 // {entity, id}: changed by someone else
	ReasonClash              = reasonCode("clash")                 // {count}: clashes, listed in details.conflicts
	ReasonTaken              = reasonCode("taken")                 // {field, value}
	ReasonBuiltinTemplate    = reasonCode("builtin_template")      // {name}
	ReasonLocked             = reasonCode("locked")                // {status}: completed or cancelled; reopen first
	ReasonDeletePlanned      = reasonCode("delete_planned_only")   // only a planned activity can be deleted
	ReasonCompletePlanned    = reasonCode("complete_planned_only") // {status}
	ReasonNotStarted         = reasonCode("not_started")           // {from}: can be completed from then
	ReasonAlreadyPlanned     = reasonCode("already_planned")       // reopen of a planned activity
	ReasonRecordByCompleting = reasonCode("record_by_completing")  // attendance is recorded by completing
	ReasonNoDutyTarget       = reasonCode("no_duty_target")        // {year, metric}: apply the duty-statement targets first
	ReasonMonthNotEnded      = reasonCode("month_not_ended")       // {year, month, from}: submit it from then
	ReasonLastAdmin          = reasonCode("last_admin")            // the last active admin stays
	ReasonNoTargets          = reasonCode("no_targets")            // {year}
	ReasonTooManyLogins      = reasonCode("too_many_logins")       // {minutes}
	ReasonLoginsBusy         = reasonCode("logins_busy")           // too many logins are being checked at once
	ReasonIdempotencyBusy    = reasonCode("idempotency_busy")      // the first request with this key is still running
	ReasonIdempotencyReuse   = reasonCode("idempotency_reuse")     // the key was used for another request
	ReasonDBUnavailable      = reasonCode("db_unavailable")        // the database does not answer
	ReasonMethodNotAllowed   = reasonCode("method_not_allowed")
	ReasonInternal           = reasonCode("internal")
)

// Common problems, with the English sentences the API has always sent.

// Required is the problem of a missing value.
func Required() Problem { return NewProblem(ProblemRequired, nil, "is required") }

// Taken is the problem of a value another row already has.
func Taken() Problem { return NewProblem(ProblemTaken, nil, "already taken") }

// MaxChars is the problem of a text longer than n characters.
func MaxChars(n int) Problem {
	return NewProblem(ProblemMaxChars, Params{"n": n}, "must be at most %d characters", n)
}

// MinChars is the problem of a text shorter than n characters.
func MinChars(n int) Problem {
	return NewProblem(ProblemMinChars, Params{"n": n}, "must be at least %d characters", n)
}

// MaxItems is the problem of a list longer than n.
func MaxItems(n int) Problem {
	return NewProblem(ProblemMaxItems, Params{"n": n}, "must be at most %d items", n)
}

// Min is the problem of a number below n.
func Min(n int64) Problem { return NewProblem(ProblemMin, Params{"n": n}, "must be at least %d", n) }

// Max is the problem of a number above n.
func Max(n int64) Problem { return NewProblem(ProblemMax, Params{"n": n}, "must be at most %d", n) }

// OutOfRange is the problem of a whole number outside [min, max].
func OutOfRange(min, max int64) Problem {
	return NewProblem(ProblemOutOfRange, Params{"min": min, "max": max}, "must be a whole number from %d to %d", min, max)
}

// InvalidFormat is the problem of a value not in the form of example; msg
// is the English sentence.
func InvalidFormat(example, msg string) Problem {
	return NewProblem(ProblemInvalidFormat, Params{"example": example}, "%s", msg)
}

// BadDate is the problem of a value that is not a date YYYY-MM-DD.
func BadDate() Problem { return InvalidFormat("2026-03-01", "must be a date like 2026-03-01") }

// OneOf is the problem of a value outside a fixed set.
func OneOf(values ...string) Problem {
	return NewProblem(ProblemOneOf, Params{"values": values}, "must be one of %s", strings.Join(values, ", "))
}

// NotPositive is the problem of a value that is not a whole number above 0.
func NotPositive() Problem {
	return NewProblem(ProblemNotPositive, nil, "must be a positive whole number")
}

// MissingRow is the problem of an id naming no row.
func MissingRow(id uint64) Problem {
	return NewProblem(ProblemNotFound, Params{"id": id}, "%d does not exist", id)
}

// The supported range of local dates: every instant and date the API takes
// falls in local years 1900 to 2100.
const (
	MinDate = "1900-01-01"
	MaxDate = "2100-12-31"
)

// DateOutOfRange is the problem of a date or instant outside the supported range.
func DateOutOfRange() Problem {
	return NewProblem(ProblemOutOfRange, Params{"min": MinDate, "max": MaxDate}, "must be a date from %s to %s", MinDate, MaxDate)
}
