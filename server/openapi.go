package server

import (
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
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
	b.schemas["Error"] = b.schema(reflect.TypeOf(errorEnvelope{}))
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

var timeType = reflect.TypeOf(time.Time{})

// schema derives a JSON schema from a Go type; named structs become components.
func (b *specBuilder) schema(t reflect.Type) map[string]any {
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
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
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		if f.Anonymous && tag == "" {
			if emb, ok := b.structSchema(f.Type)["properties"].(map[string]any); ok {
				for k, v := range emb {
					props[k] = v
				}
			}
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		props[tag] = b.schema(f.Type)
		if strings.Contains(f.Tag.Get("binding")+f.Tag.Get("validate"), "required") && !strings.Contains(opts, "omitempty") {
			required = append(required, tag)
		}
	}
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		sort.Strings(required)
		out["required"] = required
	}
	if name == "" {
		return out
	}
	b.schemas[name] = out
	return map[string]any{"$ref": "#/components/schemas/" + name}
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
