package server

import (
	"encoding"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"centerstage/services"
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
}

// openAPI builds the OpenAPI 3 document from the route table.
func (s *Server) openAPI() map[string]any {
	b := &specBuilder{schemas: map[string]any{}}
	b.schemas["Error"] = b.objectSchema(reflect.TypeOf(errorDoc{}))
	b.codeEnums()
	paths := map[string]map[string]any{}
	for _, r := range s.routes {
		p := openAPIPath(r)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(r.Method)] = b.operation(r)
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
	Reason  string         `json:"reason" doc:"the stable code of what exactly failed; the app's translation key reason.<code>"`
	Message string         `json:"message" binding:"required" doc:"English, for logs and scripts"`
	Params  map[string]any `json:"params" doc:"the values the reason names, e.g. {\"status\": \"completed\"}"`
	Details *errorDetails  `json:"details"`
}

type errorDetails struct {
	Fields            map[string]services.Problem `json:"fields" doc:"invalid: each bad field (nested ones like rules[0].target_id) with its problem"`
	Conflicts         []services.ConflictItem     `json:"conflicts" doc:"conflict: every clash"`
	RetryAfterSeconds int                         `json:"retry_after_seconds" doc:"throttled: seconds to wait"`
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
	out := b.objectSchema(t)
	if name == "" {
		return out
	}
	b.schemas[name] = out
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// objectSchema is the schema of struct t's JSON object, embedded structs'
// fields included.
func (b *specBuilder) objectSchema(t reflect.Type) map[string]any {
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
			emb := b.objectSchema(f.Type)
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
		if d := f.Tag.Get("doc"); d != "" {
			if _, isRef := ps["$ref"]; isRef {
				ps = map[string]any{"allOf": []any{ps}}
			}
			ps["description"] = d
		}
		props[tag] = ps
		if strings.Contains(f.Tag.Get("binding")+f.Tag.Get("validate"), "required") && !strings.Contains(opts, "omitempty") {
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
