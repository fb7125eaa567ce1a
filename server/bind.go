package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
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
	// readBody has read the body already, within its own deadline.
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
		return services.Fail(services.Invalid, services.ReasonBodyOneValue, nil, "request body must hold exactly one JSON value")
	}
	f := services.FieldErrors{}
	checkValues(reflect.ValueOf(req), "", s.cfg.Location, f)
	if err := f.Err(); err != nil {
		return err
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
			f.Add(name, services.InvalidFormat("2026-03-01T09:00:00+08:00", "must be an RFC 3339 time like 2026-03-01T09:00:00+08:00"))
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

// describe turns a failed binding tag into a field problem.
func describe(fe validator.FieldError) services.Problem {
	n, _ := strconv.ParseInt(fe.Param(), 10, 64)
	sized := fe.Kind() == reflect.String || fe.Kind() == reflect.Slice || fe.Kind() == reflect.Array || fe.Kind() == reflect.Map
	text := fe.Kind() == reflect.String
	switch tag := fe.Tag(); {
	case tag == "required":
		return services.Required()
	case tag == "max" && text:
		return services.MaxChars(int(n))
	case tag == "max" && sized:
		return services.MaxItems(int(n))
	case tag == "min" && text:
		return services.MinChars(int(n))
	case tag == "min" && sized:
		return services.NewProblem(services.ProblemMinItems, services.Params{"n": n}, "must be at least %d items", n)
	case tag == "len" && sized:
		return services.NewProblem(services.ProblemLenItems, services.Params{"n": n}, "must have exactly %d items", n)
	case tag == "max", tag == "lte":
		return services.Max(n)
	case tag == "min", tag == "gte":
		return services.Min(n)
	case tag == "gt":
		return services.NewProblem(services.ProblemMin, services.Params{"n": n + 1}, "must be greater than %d", n)
	case tag == "oneof":
		return services.OneOf(strings.Fields(fe.Param())...)
	case tag == "datetime":
		return services.BadDate()
	default:
		return services.NewProblem(services.ProblemInvalid, services.Params{"tag": tag}, "is not valid (%s)", tag)
	}
}

func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return err
	case errors.Is(err, io.EOF):
		return services.Fail(services.Invalid, services.ReasonBodyEmpty, nil, "request body is empty; send a JSON object")
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return services.Fail(services.Invalid, services.ReasonBodyNotJSON, nil, "request body is not valid JSON")
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return services.Fail(services.Invalid, services.ReasonBodyNotObject, nil, "request body must be a JSON object")
		}
		return services.FieldError(field, wrongType(typ.Type.Kind()))
	default:
		var te *time.ParseError
		if errors.As(err, &te) {
			return services.Fail(services.Invalid, services.ReasonBadTime, nil, "a time is not RFC 3339 (like 2026-03-01T09:00:00+08:00)")
		}
		return services.Fail(services.Invalid, services.ReasonBodyUnreadable, nil, "request body could not be read: %v", err)
	}
}

// wrongType is the problem of a JSON value of the wrong type for kind.
func wrongType(kind reflect.Kind) services.Problem {
	switch kind {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return services.NewProblem(services.ProblemNotInteger, nil, "must be a whole number")
	case reflect.Float32, reflect.Float64:
		return services.NewProblem(services.ProblemNotNumber, nil, "must be a number")
	case reflect.Bool:
		return services.NewProblem(services.ProblemNotBoolean, nil, "must be true or false")
	case reflect.String:
		return services.NewProblem(services.ProblemNotString, nil, "must be a string")
	case reflect.Slice, reflect.Array:
		return services.NewProblem(services.ProblemNotArray, nil, "must be a list")
	default:
		return services.NewProblem(services.ProblemNotObject, nil, "must be an object")
	}
}

// pathID reads a positive integer path parameter.
func pathID(c *gin.Context, name string) (uint64, error) {
	id, err := strconv.ParseUint(c.Param(name), 10, 64)
	if err != nil || id == 0 || id > math.MaxInt64 {
		return 0, services.Fail(services.NotFound, services.ReasonNotFound, services.Params{"entity": name, "id": c.Param(name)},
			"no such %s %q", name, c.Param(name))
	}
	return id, nil
}

// idAndJSON reads the path's :id, then binds the body into req.
func (s *Server) idAndJSON(c *gin.Context, req any) (uint64, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, err
	}
	return id, s.bindJSON(c, req)
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
	if err != nil || n > math.MaxInt64 {
		q.fields.Add(name, services.NotPositive())
		return 0
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
		q.fields.Add(name, services.NewProblem(services.ProblemMaxItems, services.Params{"n": maxListValues}, "at most %d values", maxListValues))
		return nil
	}
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
		if parts[i] == "" {
			q.fields.Add(name, services.NewProblem(services.ProblemRequired, nil, "must not have an empty value in its list"))
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
		if err != nil || n == 0 || n > math.MaxInt64 {
			q.fields.Add(name, services.NewProblem(services.ProblemNotPositive, nil, "must be positive whole numbers separated by commas"))
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
			q.fields.Add(name, services.NewProblem(services.ProblemOneOf, services.Params{"values": allowed}, "must be one or more of %s, separated by commas", strings.Join(allowed, ", ")))
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
		q.fields.Add(name, services.OutOfRange(int64(min), int64(max)))
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
		q.fields.Add(name, services.NewProblem(services.ProblemNotBoolean, nil, "must be true or false"))
		return nil
	}
	return &b
}

// OneOf reads an optional value from a fixed set.
func (q *query) OneOf(name string, allowed ...string) string {
	v := q.c.Query(name)
	if v != "" && !contains(allowed, v) {
		q.fields.Add(name, services.OneOf(allowed...))
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
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		t, err = time.ParseInLocation(time.DateOnly, v, q.loc)
	}
	if err != nil {
		q.fields.Add(name, services.InvalidFormat("2026-03-01", "must be an RFC 3339 time or a date like 2026-03-01"))
		return time.Time{}
	}
	f := services.FieldErrors{}
	checkValues(reflect.ValueOf(t), name, q.loc, f)
	if p, bad := f[name]; bad {
		q.fields.Add(name, p)
		return time.Time{}
	}
	return t
}

// Date reads an optional local date YYYY-MM-DD.
func (q *query) Date(name string) string {
	v := q.c.Query(name)
	if v == "" {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		q.fields.Add(name, services.BadDate())
		return ""
	}
	if v < services.MinDate || v > services.MaxDate {
		q.fields.Add(name, services.DateOutOfRange())
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

// require names each of the parameters that is absent as required.
func (q *query) require(names ...string) {
	for _, name := range names {
		if q.c.Query(name) == "" {
			q.fields.Add(name, services.Required())
		}
	}
}

// Err returns the collected problems, if any.
func (q *query) Err() error { return q.fields.Err() }
