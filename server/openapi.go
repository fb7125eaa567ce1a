package server

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/planner"
)

// doc describes a route for the OpenAPI document. Query, Body and Response are
// zero values of the Go types involved; their schemas are derived from the
// types' JSON tags, so the document cannot drift from the code.
type doc struct {
	Summary string
	Tags    []string
	Query   any // struct whose `form` tags name the query parameters
	Body    any
	// BodyOptional marks a body the caller may leave out entirely.
	BodyOptional bool
	Response     any // nil means no body
	Status       int // success status; 0 means 200
	Produces     string
}

// otherAnswers are the answers a route gives besides the one its doc names
// (a dry run's), listed as components so that clients have their types.
var otherAnswers = []any{seriesDryRunResponse{}}

var ginParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// openAPIPath turns Gin's "/activities/:id" into OpenAPI's "/activities/{id}".
func openAPIPath(r route) string {
	p := r.Path
	if !r.Root {
		p = "/api/v1" + p
	}
	return ginParam.ReplaceAllString(p, "{$1}")
}

type specBuilder struct {
	schemas map[string]any
	// answers are the struct types a response holds: the server always
	// writes their fields, so each field without omitempty is required.
	answers map[reflect.Type]bool
}

// openAPI builds the OpenAPI 3 document from the route table.
func (s *Server) openAPI() map[string]any {
	b := &specBuilder{schemas: map[string]any{}, answers: map[reflect.Type]bool{}}
	for _, r := range s.routes {
		if r.Doc.Response != nil {
			b.markAnswers(reflect.TypeOf(r.Doc.Response))
		}
	}
	for _, a := range otherAnswers {
		b.markAnswers(reflect.TypeOf(a))
	}
	b.markAnswers(reflect.TypeOf(errorDoc{}))
	b.schemas["Error"] = b.objectSchema(reflect.TypeOf(errorDoc{}), true)
	b.codeEnums()
	paths := map[string]map[string]any{}
	for _, r := range s.routes {
		p := openAPIPath(r)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(r.Method)] = b.operation(r)
	}
	for _, a := range otherAnswers {
		b.schema(reflect.TypeOf(a))
	}
	paths["/api/v1/openapi.json"] = map[string]any{"get": map[string]any{
		"summary": "This document", "tags": []string{"meta"},
		"responses": map[string]any{"200": map[string]any{"description": "OpenAPI 3 document"}},
	}}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "CenterStage API", "version": "1",
			"description": "Scheduling and quota tracking for a public cultural center. Errors use {\"error\": {\"code\", \"message\", \"details\"}}."},
		"paths": paths,
		"components": map[string]any{
			"schemas":         b.schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
		},
	}
}

func (b *specBuilder) operation(r route) map[string]any {
	op := map[string]any{"summary": r.Doc.Summary, "operationId": strings.ToLower(r.Method) + strings.ReplaceAll(openAPIPath(r), "/", "_")}
	if len(r.Doc.Tags) > 0 {
		op["tags"] = r.Doc.Tags
	}
	var params []any
	for _, m := range ginParam.FindAllStringSubmatch(r.Path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	if r.Doc.Query != nil {
		t := reflect.TypeOf(r.Doc.Query)
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("form"), ",")
			if name == "" || name == "-" {
				continue
			}
			params = append(params, map[string]any{"name": name, "in": "query", "schema": b.schema(f.Type), "description": f.Tag.Get("doc")})
		}
	}
	if creates(r) {
		params = append(params, map[string]any{"name": headerIdempotencyKey, "in": "header", "schema": map[string]any{"type": "string", "maxLength": maxIdempotentKey},
			"description": "any 1 to 200 visible ASCII characters (a UUID): the same key from the same user within 24 hours answers the first answer again " +
				"(with Idempotent-Replayed: true) and creates nothing more; with another body or path it is refused 422 idempotency_reuse. Only a success is remembered."})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if r.Doc.Body != nil {
		op["requestBody"] = map[string]any{"required": !r.Doc.BodyOptional, "content": map[string]any{
			"application/json": map[string]any{"schema": b.schema(reflect.TypeOf(r.Doc.Body))}}}
	}
	status := r.Doc.Status
	if status == 0 {
		status = http.StatusOK
	}
	success := map[string]any{"description": http.StatusText(status)}
	switch {
	case r.Doc.Produces != "":
		success["content"] = map[string]any{r.Doc.Produces: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
	case r.Doc.Response != nil:
		success["content"] = map[string]any{"application/json": map[string]any{"schema": b.schema(reflect.TypeOf(r.Doc.Response))}}
	}
	errRef := map[string]any{"description": "error", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	op["responses"] = map[string]any{itoa(status): success, "default": errRef}
	if !r.Public {
		op["security"] = []any{map[string]any{"bearer": []string{}}}
	}
	return op
}

var (
	timeType          = reflect.TypeOf(time.Time{})
	textMarshalerType = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
)

// errorDoc describes the error envelope (errorEnvelope) for the document,
// with the details each code carries.
type errorDoc struct {
	Error errorInfo `json:"error" binding:"required"`
}

type errorInfo struct {
	Code    string         `json:"code" binding:"required" doc:"the kind of failure, one per HTTP status"`
	Reason  string         `json:"reason,omitempty" doc:"the stable code of what exactly failed; the app's translation key reason.<code>"`
	Message string         `json:"message" binding:"required" doc:"English, for logs and scripts"`
	Params  map[string]any `json:"params,omitempty" doc:"the values the reason names, e.g. {\"status\": \"completed\"}"`
	Details *errorDetails  `json:"details,omitempty"`
}

type errorDetails struct {
	Fields            map[string]services.Problem `json:"fields,omitempty" doc:"invalid: each bad field (nested ones like rules[0].target_id) with its problem"`
	Conflicts         []services.ConflictItem     `json:"conflicts,omitempty" doc:"conflict: every clash"`
	RetryAfterSeconds int                         `json:"retry_after_seconds,omitempty" doc:"throttled: seconds to wait"`
}

// codeEnums lists the codes an error can carry in its schema: the kinds, the
// reasons and the field problems.
func (b *specBuilder) codeEnums() {
	var kinds, reasons, problems []string
	for _, k := range services.Kinds {
		kinds = append(kinds, string(k))
	}
	for _, c := range services.Codes() {
		if c.Class() == services.ReasonClass {
			reasons = append(reasons, c.String())
		} else {
			problems = append(problems, c.String())
		}
	}
	setEnum := func(component, prop string, values []string) {
		if s, ok := b.schemas[component].(map[string]any); ok {
			if p, ok := s["properties"].(map[string]any)[prop].(map[string]any); ok {
				p["enum"] = values
			}
		}
	}
	setEnum("ErrorInfo", "code", kinds)
	setEnum("ErrorInfo", "reason", reasons)
	setEnum("Problem", "code", problems)
}

// markAnswers records t and every struct type inside it as a response's.
func (b *specBuilder) markAnswers(t reflect.Type) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType || b.answers[t] {
		return
	}
	b.answers[t] = true
	for i := 0; i < t.NumField(); i++ {
		b.markAnswers(t.Field(i).Type)
	}
}

// enums are the closed sets of values a field may name with its `enum`
// tag, so that the document (and the app's types) list the values.
var enums = map[string][]string{
	"kind":     models.Kinds,
	"role":     {models.RoleAdmin, models.RoleManager, models.RoleStaff, models.RoleViewer},
	"status":   {models.StatusPlanned, models.StatusCompleted, models.StatusCancelled},
	"metric":   names(counting.Metrics),
	"official": names(counting.OfficialMetrics),
	"progress": counting.RowStatuses,
	"conflict": {services.ReasonVenue, services.ReasonStaff, services.ReasonTeam, services.ReasonClosure},
	"day":      {services.DayWorkday, services.DayWeekend, services.DayHoliday, services.DayAdjustedWorkday, services.DayClosure},
	"unit":     {counting.UnitActivity, counting.UnitPersonDay, counting.UnitEdition, counting.UnitTeam, counting.UnitStation},
	"short":    {planner.ShortNoFreeWindows, planner.ShortNoUnitsLeft, planner.ShortYearOver},
	"bearer":   {"Bearer"},
}

// typeEnums are the closed sets of values of named string types: a field of
// such a type lists them without a tag.
var typeEnums = map[reflect.Type][]string{
	reflect.TypeOf(counting.Metric("")):      names(counting.Metrics),
	reflect.TypeOf(counting.TargetScope("")): names(counting.TargetScopes),
}

func names[T ~string](vals []T) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = string(v)
	}
	return out
}

// enumOf is the closed set of values of field f: its `enum` tag, or the
// oneof of its binding.
func enumOf(f reflect.StructField) []string {
	if name := f.Tag.Get("enum"); name != "" {
		vals, ok := enums[name]
		if !ok {
			panic(fmt.Sprintf("field %s: unknown enum %q", f.Name, name)) // a programming error in a tag
		}
		return vals
	}
	for _, rule := range strings.Split(f.Tag.Get("binding"), ",") {
		if v, ok := strings.CutPrefix(rule, "oneof="); ok {
			return strings.Fields(v)
		}
	}
	return nil
}

// withEnum sets the values of a string schema, or of an array's items.
func withEnum(s map[string]any, vals []string) {
	if items, ok := s["items"].(map[string]any); ok {
		withEnum(items, vals)
		return
	}
	if s["type"] == "string" {
		s["enum"] = vals
	}
}

// schema derives a JSON schema from a Go type; named structs become components.
func (b *specBuilder) schema(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.Struct && t.Implements(textMarshalerType):
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Pointer:
		s := b.schema(t.Elem())
		if _, isRef := s["$ref"]; isRef {
			return map[string]any{"allOf": []any{s}, "nullable": true}
		}
		s["nullable"] = true
		return s
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		if vals, ok := typeEnums[t]; ok {
			return map[string]any{"type": "string", "enum": vals}
		}
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			return map[string]any{} // json.RawMessage: any JSON
		}
		return map[string]any{"type": "array", "items": b.schema(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": b.schema(t.Elem())}
	case reflect.Struct:
		return b.structSchema(t)
	default:
		return map[string]any{}
	}
}

func (b *specBuilder) structSchema(t reflect.Type) map[string]any {
	name := componentName(t)
	if name != "" {
		if _, done := b.schemas[name]; done {
			return map[string]any{"$ref": "#/components/schemas/" + name}
		}
		b.schemas[name] = map[string]any{} // placeholder against recursion
	}
	out := b.objectSchema(t, b.answers[t])
	if name == "" {
		return out
	}
	b.schemas[name] = out
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// objectSchema is the schema of struct t's JSON object, embedded structs'
// fields included. In an answer every field without omitempty is required.
func (b *specBuilder) objectSchema(t reflect.Type, answer bool) map[string]any {
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			// Embedded fields are promoted by encoding/json, exported or not.
			emb := b.objectSchema(f.Type, answer)
			for k, v := range emb["properties"].(map[string]any) {
				props[k] = v
			}
			if req, ok := emb["required"].([]string); ok {
				required = append(required, req...)
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		var ps map[string]any
		if typ := f.Tag.Get("type"); typ != "" {
			ps = map[string]any{"type": typ, "nullable": true}
		} else {
			ps = b.schema(f.Type)
		}
		if vals := enumOf(f); vals != nil {
			withEnum(ps, vals)
		}
		if f.Tag.Get("nullable") == "true" { // a nil slice or map the server writes as null
			ps["nullable"] = true
		}
		if d := f.Tag.Get("doc"); d != "" {
			if _, isRef := ps["$ref"]; isRef {
				ps = map[string]any{"allOf": []any{ps}}
			}
			ps["description"] = d
		}
		props[tag] = ps
		bound := strings.Contains(f.Tag.Get("binding")+f.Tag.Get("validate"), "required")
		if (bound || answer) && !strings.Contains(opts, "omitempty") {
			required = append(required, tag)
		}
	}
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sort.Strings(required)
		out["required"] = required
	}
	return out
}

var genericArgs = regexp.MustCompile(`\[.*\]`)

func componentName(t reflect.Type) string {
	n := t.Name()
	if n == "" {
		return ""
	}
	if m := genericArgs.FindString(n); m != "" {
		inner := m[1 : len(m)-1]
		if i := strings.LastIndexAny(inner, "./"); i >= 0 {
			inner = inner[i+1:]
		}
		n = strings.Replace(n, m, "Of"+upperFirst(inner), 1)
	}
	return upperFirst(n)
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// serveOpenAPI answers with the document built once when the routes were
// registered: the route table does not change while the server runs.
func (s *Server) serveOpenAPI(c *gin.Context) {
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "application/json; charset=utf-8", s.openAPIDoc)
}

// OpenAPIDocument is the document the server serves at /api/v1/openapi.json,
// indented; it needs no database (`centerstage openapi` prints it, and the
// web app's API types are generated from it).
func OpenAPIDocument() ([]byte, error) {
	s := New(Services{}, Config{}, slog.New(slog.DiscardHandler))
	var buf bytes.Buffer
	if err := json.Indent(&buf, s.openAPIDoc, "", "  "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
