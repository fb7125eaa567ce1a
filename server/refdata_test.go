package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"centerstage/models"
)

// refArea describes one reference-data resource for the scenarios every such
// resource shares: roles, 401, 404, duplicate names, missing and stale versions,
// deactivation and the audit trail.
type refArea struct {
	path   string // "/venues"
	entity string // audit entity, "venue"
	// body returns a valid create body with the given name.
	body func(env *testEnv, name string) map[string]any
}

func refAreas() []refArea {
	return []refArea{
		{path: "/venues", entity: "venue", body: func(_ *testEnv, name string) map[string]any {
			return map[string]any{"name": name, "capacity": 120}
		}},
		{path: "/stations", entity: "station", body: func(env *testEnv, name string) map[string]any {
			return map[string]any{"name": name, "address": "东风路 12 号", "staff_ids": []uint64{env.users["staff"].ID}}
		}},
		{path: "/teams", entity: "team", body: func(env *testEnv, name string) map[string]any {
			return map[string]any{"name": name, "art_form": "合唱", "founded_on": "2019-05-04",
				"leader_id": env.users["staff"].ID, "member_count": 30}
		}},
	}
}

func TestReferenceDataCommonScenarios(t *testing.T) {
	t.Parallel()
	for _, area := range refAreas() {
		t.Run(strings.TrimPrefix(area.path, "/"), func(t *testing.T) {
			t.Parallel()
			env := newTestServer(t)
			first := env.mustDo(t, "manager", "POST", area.path, area.body(env, "第一"), 201)
			env.mustDo(t, "admin", "POST", area.path, area.body(env, "第二"), 201)
			one := fmt.Sprintf("%s/%d", area.path, num(first["id"]))
			env.run(t, refCommonScenarios(env, area, one))
			env.assertAudit(t, area.entity, num(first["id"]), []string{"create", "update", "deactivate", "update"})
		})
	}
}

// refCommonScenarios plays against two seeded rows, 第一 (at one) and 第二.
func refCommonScenarios(env *testEnv, area refArea, one string) []scenario {
	p := area.path
	cases := []scenario{
		{name: "viewer lists", role: "viewer", method: "GET", path: p, status: 200, want: []string{`"total":2`, `"name":"第一"`}},
		{name: "staff reads one", role: "staff", method: "GET", path: one, status: 200,
			want: []string{`"name":"第一"`, `"active":true`, `"version":1`, `"created_at":`, `"updated_at":`}},
		{name: "filter by name", role: "staff", method: "GET", path: p + "?q=%E4%BA%8C", status: 200, want: []string{`"total":1`, `"name":"第二"`}},
		{name: "name filter takes % literally", role: "staff", method: "GET", path: p + "?q=%25", status: 200, want: []string{`"total":0`}},
		{name: "paged", role: "staff", method: "GET", path: p + "?per_page=1&page=2", status: 200,
			check: func(t *testing.T, b map[string]any) {
				if items := field(b, "items").([]any); len(items) != 1 || field(items[0], "name") != "第二" || b["total"] != 2.0 {
					t.Errorf("page 2 of 1 = %v", b)
				}
			}},
		{name: "bad list parameters", role: "staff", method: "GET", path: p + "?active=maybe&per_page=5000", status: 400,
			want: []string{`"code":"invalid"`, `"active":`, `"per_page":`}},
		{name: "create as admin", role: "admin", method: "POST", path: p, body: area.body(env, "𠮷祥"), status: 201,
			want: []string{`"name":"𠮷祥"`, `"active":true`, `"version":1`}},
		{name: "duplicate name", role: "manager", method: "POST", path: p, body: area.body(env, "第一"), status: 409,
			want: []string{`"code":"conflict"`, `"fields":{"name":{"code":"taken","params":{},"message":"already taken"}`}},
		{name: "rename onto another's name", role: "manager", method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"name": "第二"}), status: 409,
			want: []string{`"code":"conflict"`, `"name":{"code":"taken","params":{},"message":"already taken"`}},
		{name: "update without version", role: "manager", method: "PATCH", path: one, body: map[string]any{"name": "第一号"}, status: 400,
			want: []string{`"code":"invalid"`, `"fields":{"version":{"code":"required","params":{},"message":"is required"}`}},
		{name: "update with a null version", role: "admin", method: "PATCH", path: one, body: map[string]any{"name": "第一号", "version": nil}, status: 400,
			want: []string{`"fields":{"version":{"code":"required","params":{},"message":"is required"}`}},
		{name: "unchanged by the refusals", role: "viewer", method: "GET", path: one, status: 200,
			want: []string{`"name":"第一"`, `"version":1`}},
		{name: "update with version", role: "manager", method: "PATCH", path: one, body: map[string]any{"name": "第一号", "version": 1}, status: 200,
			want: []string{`"name":"第一号"`, `"version":2`}},
		{name: "stale version", role: "admin", method: "PATCH", path: one, body: map[string]any{"name": "第一", "version": 1}, status: 409,
			want: []string{`"code":"stale"`}},
		{name: "empty name", role: "admin", method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"name": ""}), status: 400,
			want: []string{`"code":"invalid"`, `"name":`}},
		{name: "too long name", role: "admin", method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"name": strings.Repeat("长", 101)}), status: 400,
			want: []string{`"fields":{"name":{"code":"max_chars","params":{"n":100},"message":"must be at most 100 characters"}`}},
		{name: "malformed JSON", role: "admin", method: "PATCH", path: one, body: `{"name":`, status: 400, want: []string{`"code":"invalid"`}},
		{name: "deactivate", role: "manager", method: "DELETE", path: one, status: 200, want: []string{`"active":false`, `"version":3`}},
		{name: "deactivated still readable", role: "viewer", method: "GET", path: one, status: 200, want: []string{`"active":false`}},
		{name: "active filter", role: "viewer", method: "GET", path: p + "?active=true", status: 200, want: []string{`"total":2`}},
		{name: "inactive filter", role: "viewer", method: "GET", path: p + "?active=false", status: 200, want: []string{`"total":1`, `"name":"第一号"`}},
		{name: "deactivating again changes nothing", role: "admin", method: "DELETE", path: one, status: 200, want: []string{`"version":3`}},
		{name: "reactivate", role: "admin", method: "PATCH", path: one, body: map[string]any{"active": true, "version": 3}, status: 200,
			want: []string{`"active":true`, `"version":4`}},
		{name: "404 read", role: "viewer", method: "GET", path: p + "/999999", status: 404, want: []string{`"code":"not_found"`}},
		{name: "404 not a number", role: "viewer", method: "GET", path: p + "/abc", status: 404, want: []string{`"code":"not_found"`}},
		// No row to read a version from; any version must get the 404.
		{name: "404 update", role: "manager", method: "PATCH", path: p + "/999999", body: map[string]any{"name": "无", "version": 1}, status: 404},
		{name: "404 deactivate", role: "admin", method: "DELETE", path: p + "/999999", status: 404},
	}
	for _, r := range []struct{ method, path string }{{"GET", p}, {"POST", p}, {"GET", one}, {"PATCH", one}, {"DELETE", one}} {
		var body any = area.body(env, "匿名")
		if r.method == "PATCH" {
			body = env.withVersion(one, area.body(env, "匿名"))
		}
		cases = append(cases, scenario{name: "401 " + r.method + " " + r.path, method: r.method, path: r.path,
			body: body, status: 401, want: []string{`"code":"unauthorized"`}})
	}
	for _, role := range []string{models.RoleStaff, models.RoleViewer} {
		cases = append(cases,
			scenario{name: "403 create as " + role, role: role, method: "POST", path: p, body: area.body(env, "不许"), status: 403,
				want: []string{`"code":"forbidden"`}},
			scenario{name: "403 update as " + role, role: role, method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"name": "不许"}), status: 403},
			scenario{name: "403 deactivate as " + role, role: role, method: "DELETE", path: one, status: 403})
	}
	return cases
}

// assertAudit checks the actions recorded for one entity, oldest first, and
// that each update carries both before and after.
func (e *testEnv) assertAudit(t *testing.T, entity string, id uint64, actions []string) {
	t.Helper()
	var rows []models.AuditEntry
	if err := e.db.Where("entity = ? AND entity_id = ?", entity, id).Order("id").Find(&rows).Error; err != nil {
		t.Fatalf("read audit: %v", err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Action)
		if r.ActorID == 0 || r.After == "" || (r.Action != "create" && r.Before == "") || !json.Valid([]byte(r.After)) {
			t.Errorf("audit entry %+v lacks actor, before or after", r)
		}
	}
	if strings.Join(got, ",") != strings.Join(actions, ",") {
		t.Errorf("audit actions of %s %d = %v, want %v", entity, id, got, actions)
	}
}

// TestReferenceDataRouteRoles checks the route table itself, since the
// services refuse too and the HTTP scenarios cannot tell the two apart.
func TestReferenceDataRouteRoles(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	n := 0
	for _, r := range env.srv.routes {
		area, _, _ := strings.Cut(strings.TrimPrefix(r.Path, "/"), "/")
		if area != "venues" && area != "stations" && area != "teams" {
			continue
		}
		n++
		want := "[admin manager]"
		if r.Method == "GET" {
			want = "[]"
		}
		if r.Public || fmt.Sprint(r.Roles) != want {
			t.Errorf("%s %s: public %v, roles %v; want roles %s", r.Method, r.Path, r.Public, r.Roles, want)
		}
	}
	if n != 15 {
		t.Errorf("%d reference routes, want 15", n)
	}
}
