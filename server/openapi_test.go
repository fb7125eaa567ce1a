package server

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
)

func TestOpenAPIListsEveryRoute(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	w := env.request(t, "", "GET", "/api/v1/openapi.json", nil)
	if w.Code != 200 {
		t.Fatalf("openapi.json: %d", w.Code)
	}
	var spec struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &spec); err != nil || !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document (%v): %.200s", err, w.Body)
	}
	param := regexp.MustCompile(`:([A-Za-z_]+)`)
	routes := env.srv.Handler().Routes()
	if len(routes) < 20 {
		t.Fatalf("only %d routes registered", len(routes))
	}
	for _, r := range routes {
		p := param.ReplaceAllString(r.Path, "{$1}")
		op, ok := spec.Paths[p][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("%s %s is not in the OpenAPI document", r.Method, p)
			continue
		}
		if op["summary"] == nil || op["responses"] == nil {
			t.Errorf("%s %s lacks a summary or responses", r.Method, p)
		}
	}
}

// assertEnvelope checks an error answer: the status, the code, JSON, and the
// security headers every response carries.
func assertEnvelope(t *testing.T, w *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	if w.Code != status {
		t.Errorf("status %d, want %d; body %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want JSON", ct)
	}
	var env errorEnvelope
	if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil || env.Error.Code != code || env.Error.Message == "" {
		t.Errorf("body %s is not an error envelope with code %q (%v)", w.Body, code, err)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "X-Request-ID"} {
		if w.Header().Get(h) == "" {
			t.Errorf("missing %s header", h)
		}
	}
	if strings.Contains(w.Body.String(), "goroutine") || strings.Contains(w.Body.String(), ".go:") {
		t.Errorf("body leaks internals: %s", w.Body)
	}
}

func TestBadRequestsGetTheEnvelope(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	before := env.snapshot(t)
	big := `{"name":"` + strings.Repeat("x", 2<<20) + `"}`
	t.Run("body over the limit", func(t *testing.T) {
		assertEnvelope(t, env.request(t, env.tokens["admin"], "POST", "/venues", big), 413, string(services.TooLarge))
	})
	t.Run("body over the limit without a length", func(t *testing.T) {
		req := httptest.NewRequest("POST", "/api/v1/venues", io.MultiReader(strings.NewReader(big)))
		req.ContentLength = -1
		req.Header.Set("Authorization", "Bearer "+env.tokens["admin"])
		w := httptest.NewRecorder()
		env.srv.Handler().ServeHTTP(w, req)
		assertEnvelope(t, w, 413, string(services.TooLarge))
	})
	for name, body := range map[string]string{
		"malformed JSON": `{"name": "x",`,
		"wrong type":     `{"name": 12}`,
		"not an object":  `"venue"`,
		"trailing data":  `{"name":"x"} []`,
		"empty":          ``,
	} {
		t.Run(name, func(t *testing.T) {
			assertEnvelope(t, env.request(t, env.tokens["admin"], "POST", "/venues", body), 400, "invalid")
		})
	}
	t.Run("login body over the limit", func(t *testing.T) {
		assertEnvelope(t, env.request(t, "", "POST", "/auth/login", big), 413, string(services.TooLarge))
	})
	if after := env.snapshot(t); after != before {
		t.Errorf("bad requests changed rows")
	}
}

func TestPanicsAndUnknownPaths(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	env.srv.Handler().GET("/api/v1/test-panic", func(*gin.Context) { panic("boom at handlers.go:12") })
	t.Run("panic", func(t *testing.T) {
		w := env.request(t, "", "GET", "/api/v1/test-panic", nil)
		assertEnvelope(t, w, 500, "internal")
		if strings.Contains(w.Body.String(), "boom") {
			t.Errorf("panic value leaked: %s", w.Body)
		}
	})
	t.Run("unknown API path", func(t *testing.T) {
		assertEnvelope(t, env.request(t, "", "GET", "/api/v1/no-such-thing", nil), 404, "not_found")
	})
	t.Run("unknown API path with POST", func(t *testing.T) {
		assertEnvelope(t, env.request(t, env.tokens["admin"], "POST", "/api/v2/venues", "{}"), 404, "not_found")
	})
	t.Run("unknown method", func(t *testing.T) {
		assertEnvelope(t, env.request(t, env.tokens["admin"], "PUT", "/venues", "{}"), 405, "method_not_allowed")
	})
	t.Run("healthz carries the headers", func(t *testing.T) {
		w := env.request(t, "", "GET", "/healthz", nil)
		if w.Code != 200 || w.Header().Get("X-Frame-Options") != "DENY" {
			t.Errorf("healthz: %d, headers %v", w.Code, w.Header())
		}
	})
}

// Every route documents what it takes and gives, so the document describes
// the API rather than only listing it: a body for each POST and PATCH,
// a response schema (or media type) for each answer with a body, and the
// query parameters of every list.
func TestOpenAPIDescribesBodiesAndResponses(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	for _, r := range env.srv.routes {
		key := r.Method + " " + r.Path
		if (r.Method == "POST" || r.Method == "PATCH" || r.Method == "PUT") && r.Doc.Body == nil {
			t.Errorf("%s: no request body documented", key)
		}
		if r.Doc.Status != 204 && r.Doc.Response == nil && r.Doc.Produces == "" {
			t.Errorf("%s: no response documented", key)
		}
		if r.Doc.Response != nil && strings.HasPrefix(componentName(reflect.TypeOf(r.Doc.Response)), "ListResponse") && r.Doc.Query == nil &&
			!strings.HasPrefix(r.Path, "/target-templates") {
			t.Errorf("%s: a list without documented query parameters", key)
		}
	}
	spec := env.srv.openAPI()
	op := spec["paths"].(map[string]map[string]any)["/api/v1/activities/{id}/cancel"]["post"].(map[string]any)
	if op["requestBody"].(map[string]any)["required"] != false {
		t.Errorf("cancel's body is optional but documented as required")
	}
}

// The document describes every request body field by field (the activity
// fields of PATCH, check and series included) and the error envelope with
// its codes, so that the app's types can be generated from it.
func TestOpenAPIDescribesBodiesAndErrors(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	w := env.request(t, "", "GET", "/api/v1/openapi.json", nil)
	var spec struct {
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &spec); err != nil {
		t.Fatal(err)
	}
	schemas := spec.Components.Schemas
	resolve := func(s map[string]any) map[string]any {
		if ref, ok := s["$ref"].(string); ok {
			return schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
		}
		return s
	}
	props := func(s map[string]any) map[string]any {
		p, _ := resolve(s)["properties"].(map[string]any)
		return p
	}
	bodyOf := func(path, method string) map[string]any {
		op := spec.Paths[path][method]
		rb, _ := op["requestBody"].(map[string]any)
		content, _ := rb["content"].(map[string]any)
		js, _ := content["application/json"].(map[string]any)
		s, _ := js["schema"].(map[string]any)
		return s
	}
	for path, ops := range spec.Paths {
		for method, op := range ops {
			rb, has := op["requestBody"].(map[string]any)
			if has && rb["required"] == true && len(props(bodyOf(path, method))) == 0 {
				t.Errorf("%s %s: request body without fields", method, path)
			}
		}
	}
	for _, c := range []struct{ path, method string }{
		{"/api/v1/activities/{id}", "patch"}, {"/api/v1/activities/check", "post"}, {"/api/v1/series", "post"}, {"/api/v1/activities", "post"},
	} {
		p := props(bodyOf(c.path, c.method))
		for _, f := range []string{"kind", "title", "start", "end", "venue_id", "staff_ids", "team_ids", "station_id", "expected_attendance", "notes"} {
			if p[f] == nil {
				t.Errorf("%s %s: body lacks %s", c.method, c.path, f)
			}
		}
	}
	if p := props(bodyOf("/api/v1/series", "post")); p["rrule"] == nil || p["skip_holidays"] == nil {
		t.Errorf("series body lacks rrule or skip_holidays: %v", p)
	}
	if req, _ := resolve(bodyOf("/api/v1/series", "post"))["required"].([]any); len(req) < 5 {
		t.Errorf("series body requires only %v", req)
	}
	info := props(props(schemas["Error"])["error"].(map[string]any))
	for _, f := range []string{"code", "reason", "message", "params", "details"} {
		if info[f] == nil {
			t.Fatalf("Error schema lacks error.%s: %v", f, info)
		}
	}
	if enum, _ := info["code"].(map[string]any)["enum"].([]any); len(enum) != len(services.Kinds) {
		t.Errorf("error.code enum %v", enum)
	}
	details := props(info["details"].(map[string]any)["allOf"].([]any)[0].(map[string]any))
	fields, _ := details["fields"].(map[string]any)
	problem := props(fields["additionalProperties"].(map[string]any))
	enum, _ := problem["code"].(map[string]any)["enum"].([]any)
	if !slicesContain(enum, "max_chars") || problem["params"] == nil || problem["message"] == nil {
		t.Errorf("field problem schema %v", problem)
	}
	if details["conflicts"] == nil {
		t.Errorf("Error schema lacks details.conflicts")
	}
}

func slicesContain(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// The document the app's types are generated from is the one served, and
// it types what the server writes: an answer's fields without omitempty are
// required (null allowed where a pointer may be nil), closed sets list their
// values, and a list the server may write as null says so.
func TestOpenAPIDocumentTypesTheAnswers(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	served := env.request(t, "", "GET", "/api/v1/openapi.json", nil).Body.Bytes()
	dumped, err := OpenAPIDocument()
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	if json.Unmarshal(served, &a) != nil || json.Unmarshal(dumped, &b) != nil || !reflect.DeepEqual(a, b) {
		t.Fatalf("OpenAPIDocument is not the served document")
	}
	var spec struct {
		Components struct {
			Schemas map[string]struct {
				Required   []string                  `json:"required"`
				Properties map[string]map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(dumped, &spec); err != nil {
		t.Fatal(err)
	}
	schemas := spec.Components.Schemas
	required := func(component, field string) bool {
		return slicesContain(toAny(schemas[component].Required), field)
	}
	for _, c := range []struct {
		component, field string
		want             bool
	}{
		{"ActivityResponse", "title", true},
		{"ActivityResponse", "venue_id", true}, // a pointer: always written, maybe null
		{"ActivityResponse", "series_index", true},
		{"TemplateTarget", "staff_ids", false}, // omitempty
		{"ConflictItem", "occurrence", false},  // omitempty
		{"ActivityRequest", "title", true},     // binding:"required"
		{"ActivityRequest", "notes", false},    // a request's field is required only by its binding
		{"MonthlyResponse", "totals", true},
	} {
		if got := required(c.component, c.field); got != c.want {
			t.Errorf("%s.%s required = %v, want %v", c.component, c.field, got, c.want)
		}
	}
	enum := func(component, field string) []any {
		p := schemas[component].Properties[field]
		if items, ok := p["items"].(map[string]any); ok {
			p = items
		}
		e, _ := p["enum"].([]any)
		return e
	}
	for _, c := range []struct {
		component, field string
		want             []string
	}{
		{"ActivityResponse", "kind", models.Kinds},
		{"ActivityResponse", "status", []string{"planned", "completed", "cancelled"}},
		{"TargetResponse", "kinds", models.Kinds},
		{"TargetResponse", "metric", names(counting.Metrics)},
		{"TargetResponse", "scope", []string{"center", "each_staff"}},
		{"UserResponse", "role", []string{"admin", "manager", "staff", "viewer"}},
		{"ConflictItem", "reason", []string{"venue", "staff", "team", "closure"}},
		{"CreateUserRequest", "role", []string{"admin", "manager", "staff", "viewer"}}, // from binding oneof
	} {
		if got := enum(c.component, c.field); !reflect.DeepEqual(got, toAny(c.want)) {
			t.Errorf("%s.%s enum = %v, want %v", c.component, c.field, got, c.want)
		}
	}
	if schemas["TargetResponse"].Properties["monthly_plan"]["nullable"] != true {
		t.Errorf("TargetResponse.monthly_plan is null for an even split but not nullable")
	}
	if _, ok := schemas["SeriesDryRunResponse"]; !ok {
		t.Errorf("the dry run's answer is not among the components")
	}
}

func toAny(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
