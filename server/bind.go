package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"centerstage/services"
)

// bindJSON decodes the body into req and checks its binding tags. Every
// problem becomes an Invalid error naming the JSON field.
func (s *Server) bindJSON(c *gin.Context, req any) error {
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(req); err != nil {
		var te *time.ParseError
		if errors.As(err, &te) {
			if f := badTimes(body, req); len(f) > 0 {
				return f.Err()
			}
		}
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return services.Errorf(services.Invalid, "request body must hold exactly one JSON value")
	}
	return s.check(req)
}

var timeKind = reflect.TypeOf(time.Time{})

// badTimes names the top-level time fields of req whose values in body are
// not RFC 3339: the JSON decoder's own error does not say which field failed.
func badTimes(body []byte, req any) services.FieldErrors {
	var raw map[string]json.RawMessage
	if json.Unmarshal(body, &raw) != nil {
		return nil
	}
	f := services.FieldErrors{}
	t := reflect.TypeOf(req)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	for i := 0; i < t.NumField(); i++ {
		ft := t.Field(i).Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		v, present := raw[name]
		if ft != timeKind || !present || string(v) == "null" {
			continue
		}
		var tm time.Time
		if json.Unmarshal(v, &tm) != nil {
			f.Add(name, "must be an RFC 3339 time like 2026-03-01T09:00:00+08:00")
		}
	}
	return f
}

// check validates a request struct's binding tags.
func (s *Server) check(req any) error {
	err := s.validate.Struct(req)
	var ve validator.ValidationErrors
	if !errors.As(err, &ve) {
		return err
	}
	f := services.FieldErrors{}
	for _, fe := range ve {
		f.Add(fieldPath(fe), describe(fe))
	}
	return f.Err()
}

// fieldPath is the JSON path of a failed field without the struct's own name.
func fieldPath(fe validator.FieldError) string {
	ns := fe.Namespace()
	if i := strings.IndexByte(ns, '.'); i >= 0 {
		return ns[i+1:]
	}
	return fe.Field()
}

func describe(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "max":
		return "must be at most " + fe.Param() + lenUnit(fe)
	case "min":
		return "must be at least " + fe.Param() + lenUnit(fe)
	case "gte":
		return "must be at least " + fe.Param()
	case "lte":
		return "must be at most " + fe.Param()
	case "gt":
		return "must be greater than " + fe.Param()
	case "oneof":
		return "must be one of " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "len":
		return "must have exactly " + fe.Param() + lenUnit(fe)
	case "datetime":
		return "must be a date like 2026-03-01"
	default:
		return "is not valid (" + fe.Tag() + ")"
	}
}

func lenUnit(fe validator.FieldError) string {
	switch fe.Kind().String() {
	case "string":
		return " characters"
	case "slice", "array", "map":
		return " items"
	}
	return ""
}

func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return err
	case errors.Is(err, io.EOF):
		return services.Errorf(services.Invalid, "request body is empty; send a JSON object")
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return services.Errorf(services.Invalid, "request body is not valid JSON")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return services.Errorf(services.Invalid, "request body must be a JSON object")
		}
		return &services.Error{Kind: services.Invalid, Message: "invalid input",
			Fields: map[string]string{field: "must be " + jsonType(typ.Type.Kind().String())}}
	default:
		var te *time.ParseError
		if errors.As(err, &te) {
			return services.Errorf(services.Invalid, "a time is not RFC 3339 (like 2026-03-01T09:00:00+08:00)")
		}
		return services.Errorf(services.Invalid, "request body could not be read: %v", err)
	}
}

func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"):
		return "a whole number"
	case strings.HasPrefix(kind, "float"):
		return "a number"
	case kind == "bool":
		return "true or false"
	case kind == "string":
		return "a string"
	case kind == "slice", kind == "array":
		return "a list"
	default:
		return "an object"
	}
}

// pathID reads a positive integer path parameter.
func pathID(c *gin.Context, name string) (uint64, error) {
	id, err := strconv.ParseUint(c.Param(name), 10, 64)
	if err != nil || id == 0 {
		return 0, services.Errorf(services.NotFound, "no such %s %q", name, c.Param(name))
	}
	return id, nil
}

// query collects query-parameter problems while reading them.
type query struct {
	c      *gin.Context
	loc    *time.Location
	fields services.FieldErrors
}

func (s *Server) query(c *gin.Context) *query {
	return &query{c: c, loc: s.cfg.Location, fields: services.FieldErrors{}}
}

// Uint reads an optional positive integer.
func (q *query) Uint(name string) uint64 {
	v := q.c.Query(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		q.fields.Add(name, "must be a positive whole number")
	}
	return n
}

// maxListValues bounds a comma-separated query list.
const maxListValues = 100

// list splits an optional comma-separated parameter; an empty element or
// too many elements is a problem of the parameter.
func (q *query) list(name string) []string {
	v := q.c.Query(name)
	if v == "" {
		return nil
	}
	parts := strings.Split(v, ",")
	if len(parts) > maxListValues {
		q.fields.Add(name, fmt.Sprintf("at most %d values", maxListValues))
		return nil
	}
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
		if parts[i] == "" {
			q.fields.Add(name, "must not have an empty value in its list")
			return nil
		}
	}
	return parts
}

// UintList reads an optional id or comma-separated list of ids.
func (q *query) UintList(name string) []uint64 {
	var out []uint64
	for _, p := range q.list(name) {
		n, err := strconv.ParseUint(p, 10, 64)
		if err != nil || n == 0 {
			q.fields.Add(name, "must be positive whole numbers separated by commas")
			return nil
		}
		out = append(out, n)
	}
	return out
}

// OneOfList reads an optional value, or comma-separated values, from a fixed set.
func (q *query) OneOfList(name string, allowed ...string) []string {
	vs := q.list(name)
	for _, v := range vs {
		if !contains(allowed, v) {
			q.fields.Add(name, "must be one or more of "+strings.Join(allowed, ", ")+", separated by commas")
			return nil
		}
	}
	return vs
}

// Int reads an optional integer within [min, max]; def when absent.
func (q *query) Int(name string, def, min, max int) int {
	v := q.c.Query(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		q.fields.Add(name, fmt.Sprintf("must be a whole number from %d to %d", min, max))
		return def
	}
	return n
}

// Bool reads an optional true/false.
func (q *query) Bool(name string) *bool {
	v := q.c.Query(name)
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		q.fields.Add(name, "must be true or false")
		return nil
	}
	return &b
}

// OneOf reads an optional value from a fixed set.
func (q *query) OneOf(name string, allowed ...string) string {
	v := q.c.Query(name)
	if v != "" && !contains(allowed, v) {
		q.fields.Add(name, "must be one of "+strings.Join(allowed, ", "))
		return ""
	}
	return v
}

// Instant reads an RFC 3339 instant or a local date (its local midnight).
func (q *query) Instant(name string) time.Time {
	v := q.c.Query(name)
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	if t, err := time.ParseInLocation(time.DateOnly, v, q.loc); err == nil {
		return t
	}
	q.fields.Add(name, "must be an RFC 3339 time or a date like 2026-03-01")
	return time.Time{}
}

// Date reads an optional local date YYYY-MM-DD.
func (q *query) Date(name string) string {
	v := q.c.Query(name)
	if v == "" {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		q.fields.Add(name, "must be a date like 2026-03-01")
		return ""
	}
	return v
}

// Page reads page and per_page (default 100).
func (q *query) Page() services.Page { return q.PageOf(100) }

// PageOf reads page and per_page, per_page defaulting to perPage.
func (q *query) PageOf(perPage int) services.Page {
	return services.Page{Page: q.Int("page", 1, 1, 1<<30), PerPage: q.Int("per_page", perPage, 1, services.MaxPerPage)}
}

// Err returns the collected problems, if any.
func (q *query) Err() error { return q.fields.Err() }
