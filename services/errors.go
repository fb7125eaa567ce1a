package services

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"
)

// ErrorKind classifies a failure; the server maps each kind to one status and
// sends it as the envelope's "code".
type ErrorKind string

// The kinds of failure a caller can cause, and the few the server itself
// reports (too_large, timeout, method_not_allowed, internal).
const (
	Invalid          ErrorKind = "invalid"            // malformed or out-of-range input (400)
	Unauthorized     ErrorKind = "unauthorized"       // not logged in, or bad credentials (401)
	Forbidden        ErrorKind = "forbidden"          // logged in, but not allowed (403)
	NotFound         ErrorKind = "not_found"          // no such object (404)
	Conflict         ErrorKind = "conflict"           // clashes with existing data (409)
	Stale            ErrorKind = "stale"              // the row changed since it was read (409)
	Rule             ErrorKind = "rule"               // well-formed, but a business rule says no (422)
	Throttled        ErrorKind = "throttled"          // too many attempts (429)
	Unavailable      ErrorKind = "unavailable"        // the database cannot be reached (503)
	Timeout          ErrorKind = "timeout"            // the request body came too slowly (408)
	TooLarge         ErrorKind = "too_large"          // the request body is over the limit (413)
	MethodNotAllowed ErrorKind = "method_not_allowed" // the path exists, not with this method (405)
	Internal         ErrorKind = "internal"           // a fault of the server (500)
)

// Kinds lists every kind an error envelope can carry as its code.
var Kinds = []ErrorKind{Invalid, Unauthorized, Forbidden, NotFound, Conflict, Stale, Rule,
	Throttled, Unavailable, Timeout, TooLarge, MethodNotAllowed, Internal}

// Params are the values a code's sentence names ({"n": 200}).
type Params map[string]any

// Problem is what is wrong with one field: a stable code the app translates,
// the values its sentence names, and an English message for logs and scripts.
type Problem struct {
	Code    Code   `json:"code"`
	Params  Params `json:"params"`
	Message string `json:"message"`
}

// String is the English message.
func (p Problem) String() string { return p.Message }

// NewProblem is a field problem of code c; params may be nil.
func NewProblem(c Code, params Params, format string, args ...any) Problem {
	if params == nil {
		params = Params{}
	}
	return Problem{Code: c, Params: params, Message: fmt.Sprintf(format, args...)}
}

// Error is a failure the caller caused and can act on.
type Error struct {
	Kind ErrorKind
	// Reason is the stable code of this failure (what rule said no, which
	// check refused), the app's translation key; Params are its values.
	Reason  Code
	Params  Params
	Message string
	// Fields maps a JSON field name to what is wrong with it (Invalid).
	Fields map[string]Problem
	// Details carries structured data such as the list of conflicts.
	Details map[string]any
}

// Error renders the kind, the message and the names of the bad fields.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return string(e.Kind) + ": " + e.Message
	}
	names := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		names = append(names, k)
	}
	sort.Strings(names)
	return fmt.Sprintf("%s: %s (%s)", e.Kind, e.Message, strings.Join(names, ", "))
}

// DetailsOrFields returns the details to show the caller: Details with the
// bad fields under "fields".
func (e *Error) DetailsOrFields() map[string]any {
	if len(e.Fields) == 0 {
		return e.Details
	}
	d := map[string]any{"fields": e.Fields}
	for k, v := range e.Details {
		d[k] = v
	}
	return d
}

// Errorf returns an *Error of kind k without a reason code: the app shows
// the kind's own sentence. Rule and conflict errors use Fail.
func Errorf(k ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// Fail returns an *Error of kind k with its reason code and params.
func Fail(k ErrorKind, reason Code, params Params, format string, args ...any) *Error {
	if params == nil {
		params = Params{}
	}
	return &Error{Kind: k, Reason: reason, Params: params, Message: fmt.Sprintf(format, args...)}
}

// FieldErrors collects per-field validation problems.
type FieldErrors map[string]Problem

// Add records a problem with field unless one is already recorded.
func (f FieldErrors) Add(field string, p Problem) {
	if _, ok := f[field]; !ok {
		f[field] = p
	}
}

// Err returns an Invalid *Error naming every field, or nil when there are none.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Reason: ReasonInvalidInput, Params: Params{}, Message: "invalid input", Fields: f}
}

// FieldError is an Invalid *Error naming one field.
func FieldError(field string, p Problem) *Error {
	return &Error{Kind: Invalid, Reason: ReasonInvalidInput, Params: Params{}, Message: "invalid input",
		Fields: map[string]Problem{field: p}}
}

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k ErrorKind) bool {
	var se *Error
	return errors.As(err, &se) && se.Kind == k
}

// notFound turns gorm.ErrRecordNotFound into a NotFound error naming what.
func notFound(err error, what string, id uint64) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return notFoundErr(what, id)
	}
	return fmt.Errorf("load %s %d: %w", what, id, err)
}

// notFoundErr is the NotFound error of what number id.
func notFoundErr(what string, id uint64) *Error {
	return Fail(NotFound, ReasonNotFound, Params{"entity": what, "id": id}, "%s %d not found", what, id)
}

// duplicate turns a unique-key violation into a Conflict naming the field.
func duplicate(err error, field, value string) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		e := Fail(Conflict, ReasonTaken, Params{"field": field, "value": value}, "%s %q is already taken", field, value)
		e.Fields = map[string]Problem{field: Taken()}
		return e
	}
	return err
}

// NotFoundError is notFound for the packages built on services.
func NotFoundError(err error, what string, id uint64) error { return notFound(err, what, id) }

// DuplicateError is duplicate for the packages built on services.
func DuplicateError(err error, field, value string) error { return duplicate(err, field, value) }

func viewerReadOnly() *Error {
	return Fail(Forbidden, ReasonViewerReadOnly, nil, "a viewer cannot change the calendar")
}

func lockedErr(status string) *Error {
	return Fail(Rule, ReasonLocked, Params{"status": status}, "a %s activity cannot be changed; reopen it first", status)
}
