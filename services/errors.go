package services

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"
)

// ErrorKind classifies a user-caused failure; the server maps each kind to one status.
type ErrorKind string

// The kinds of failure a caller can cause.
const (
	Invalid      ErrorKind = "invalid"      // malformed or out-of-range input (400)
	Unauthorized ErrorKind = "unauthorized" // not logged in, or bad credentials (401)
	Forbidden    ErrorKind = "forbidden"    // logged in, but not allowed (403)
	NotFound     ErrorKind = "not_found"    // no such object (404)
	Conflict     ErrorKind = "conflict"     // clashes with existing data (409)
	Stale        ErrorKind = "stale"        // the row changed since it was read (409)
	Rule         ErrorKind = "rule"         // well-formed, but a business rule says no (422)
	Throttled    ErrorKind = "throttled"    // too many attempts (429)
	Unavailable  ErrorKind = "unavailable"  // the database cannot be reached (503)
)

// Error is a failure the caller caused and can act on.
type Error struct {
	Kind    ErrorKind
	Message string
	// Fields maps a JSON field name to what is wrong with it (Invalid).
	Fields map[string]string
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

// Errorf returns an *Error of kind k.
func Errorf(k ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// FieldErrors collects per-field validation problems.
type FieldErrors map[string]string

// Add records a problem with field unless one is already recorded.
func (f FieldErrors) Add(field, problem string) {
	if _, ok := f[field]; !ok {
		f[field] = problem
	}
}

// Err returns an Invalid *Error naming every field, or nil when there are none.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Kind: Invalid, Message: "invalid input", Fields: f}
}

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k ErrorKind) bool {
	var se *Error
	return errors.As(err, &se) && se.Kind == k
}

// notFound turns gorm.ErrRecordNotFound into a NotFound error naming what.
func notFound(err error, what string, id uint64) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Errorf(NotFound, "%s %d not found", what, id)
	}
	return fmt.Errorf("load %s %d: %w", what, id, err)
}

// duplicate turns a unique-key violation into a Conflict naming the field.
func duplicate(err error, field, value string) error {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return &Error{Kind: Conflict, Message: fmt.Sprintf("%s %q is already taken", field, value),
			Fields: map[string]string{field: "already taken"}}
	}
	return err
}

// NotFoundError is notFound for the packages built on services.
func NotFoundError(err error, what string, id uint64) error { return notFound(err, what, id) }

// DuplicateError is duplicate for the packages built on services.
func DuplicateError(err error, field, value string) error { return duplicate(err, field, value) }
