package server

import (
	"fmt"
	"strings"
	"testing"

	"centerstage/models"
)

// Closures: everyone reads, only admins write; every refusal names its
// fields or its reason and leaves the rows as they were.
func TestClosureScenarios(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	body := func(date, name string) map[string]any { return map[string]any{"date": date, "name": name} }
	var id string
	env.run(t, []scenario{
		{name: "no token", method: "POST", path: "/closures", body: body("2026-07-15", "消杀"), status: 401, want: []string{`"code":"unauthorized"`}},
		{name: "manager may not create", role: "manager", method: "POST", path: "/closures", body: body("2026-07-15", "消杀"), status: 403, want: []string{`"code":"forbidden"`}},
		{name: "staff may not create", role: "staff", method: "POST", path: "/closures", body: body("2026-07-15", "消杀"), status: 403},
		{name: "viewer may not create", role: "viewer", method: "POST", path: "/closures", body: body("2026-07-15", "消杀"), status: 403},
		{name: "missing fields are named", role: "admin", method: "POST", path: "/closures", body: map[string]any{}, status: 400,
			want: []string{`"code":"invalid"`, `"date":{"code":"required","params":{},"message":"is required"`, `"name":{"code":"required","params":{},"message":"is required"`}},
		{name: "bad date and long name", role: "admin", method: "POST", path: "/closures", body: body("2026-02-30", strings.Repeat("名", 101)), status: 400,
			want: []string{`"date":`, `"name":`}},
		{name: "blank name", role: "admin", method: "POST", path: "/closures", body: body("2026-07-15", "   "), status: 400, want: []string{`"name":`}},
		{name: "admin creates", role: "admin", method: "POST", path: "/closures", body: body("2026-07-15", "馆内消杀"), status: 201,
			want:  []string{`"closure":{`, `"date":"2026-07-15"`, `"name":"馆内消杀"`, `"id":`, `"created_at":`, `"activities":[]`},
			check: func(t *testing.T, b map[string]any) { id = fmt.Sprint(num(field(b, "closure", "id"))) }},
		{name: "a date closes once", role: "admin", method: "POST", path: "/closures", body: body("2026-07-15", "again"), status: 409,
			want: []string{`"code":"conflict"`, `"date":{"code":"taken","params":{},"message":"already taken"`}},
		{name: "another date", role: "admin", method: "POST", path: "/closures", body: body("2027-01-05", "盘点"), status: 201},
	})
	env.run(t, []scenario{
		{name: "staff lists a year", role: "staff", method: "GET", path: "/closures?year=2026", status: 200,
			want: []string{`"total":1`, `"items":[{`, `"name":"馆内消杀"`}},
		{name: "viewer lists every year", role: "viewer", method: "GET", path: "/closures", status: 200, want: []string{`"total":2`}},
		{name: "bad year", role: "viewer", method: "GET", path: "/closures?year=twenty", status: 400, want: []string{`"year":`}},
		{name: "list needs a login", method: "GET", path: "/closures", status: 401},
		{name: "manager may not move it", role: "manager", method: "PATCH", path: "/closures/" + id, body: body("2026-07-16", "x"), status: 403},
		{name: "move onto a closed date", role: "admin", method: "PATCH", path: "/closures/" + id, body: body("2027-01-05", "x"), status: 409,
			want: []string{`"date":{"code":"taken","params":{},"message":"already taken"`}},
		{name: "move with a bad date", role: "admin", method: "PATCH", path: "/closures/" + id, body: body("16/07/2026", "x"), status: 400, want: []string{`"date":`}},
		{name: "move an unknown closure", role: "admin", method: "PATCH", path: "/closures/99999", body: body("2026-07-16", "x"), status: 404},
		{name: "admin moves it", role: "admin", method: "PATCH", path: "/closures/" + id, body: body("2026-07-16", "馆内消杀"), status: 200,
			want: []string{`"date":"2026-07-16"`}},
		{name: "staff may not delete", role: "staff", method: "DELETE", path: "/closures/" + id, status: 403},
		{name: "manager may not delete", role: "manager", method: "DELETE", path: "/closures/" + id, status: 403},
		{name: "viewer may not delete", role: "viewer", method: "DELETE", path: "/closures/" + id, status: 403},
		{name: "delete an unknown closure", role: "admin", method: "DELETE", path: "/closures/99999", status: 404, want: []string{`"code":"not_found"`}},
		{name: "admin deletes", role: "admin", method: "DELETE", path: "/closures/" + id, status: 204},
		{name: "gone from the list", role: "staff", method: "GET", path: "/closures?year=2026", status: 200, want: []string{`"total":0`, `"items":[]`}},
		{name: "gone from the calendar", role: "staff", method: "GET", path: "/calendar/days?year=2026", status: 200,
			want: []string{`{"date":"2026-07-16","type":"workday","name":"","name_en":""}`}},
		{name: "audited", role: "admin", method: "GET", path: "/audit?entity=closure&entity_id=" + id, status: 200,
			want: []string{`"total":3`, `"action":"create"`, `"action":"update"`, `"action":"delete"`}},
	})
	if n := env.count(t, &models.Closure{}, ""); n != 1 {
		t.Errorf("%d closures left, want 1", n)
	}
}
