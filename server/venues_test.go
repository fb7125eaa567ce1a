package server

import (
	"strings"
	"testing"

	"centerstage/models"
)

func TestVenueValidation(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	hall := env.mustDo(t, "manager", "POST", "/venues", map[string]any{"name": "  小剧场  ", "capacity": 300}, 201)
	if hall["name"] != "小剧场" {
		t.Errorf("name not trimmed: %q", hall["name"])
	}
	one := "/venues/" + itoa(int(num(hall["id"])))
	env.run(t, []scenario{
		{name: "capacity defaults to 0", role: "admin", method: "POST", path: "/venues", body: map[string]any{"name": "排练室"}, status: 201,
			want: []string{`"capacity":0`}},
		{name: "every bad field named", role: "manager", method: "POST", path: "/venues", body: map[string]any{"name": "", "capacity": -1}, status: 400,
			want: []string{`"code":"invalid"`, `"name":{"code":"required","params":{},"message":"is required"`, `"capacity":{"code":"min","params":{"n":0},"message":"must be at least 0"`}},
		{name: "blank name", role: "manager", method: "POST", path: "/venues", body: map[string]any{"name": "   "}, status: 400,
			want: []string{`"name":{"code":"required","params":{},"message":"is required"`}},
		{name: "name of 101 characters", role: "manager", method: "POST", path: "/venues", body: map[string]any{"name": strings.Repeat("厅", 101)}, status: 400,
			want: []string{`"name":{"code":"max_chars","params":{"n":100},"message":"must be at most 100 characters"`}},
		{name: "capacity of the wrong type", role: "manager", method: "POST", path: "/venues", body: `{"name":"大厅","capacity":"many"}`, status: 400,
			want: []string{`"capacity":{"code":"not_integer","params":{},"message":"must be a whole number"`}},
		{name: "negative capacity on update", role: "manager", method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"capacity": -5}), status: 400,
			want: []string{`"capacity":{"code":"min","params":{"n":0},"message":"must be at least 0"`}},
		{name: "not an object", role: "manager", method: "POST", path: "/venues", body: `[1,2]`, status: 400, want: []string{`"code":"invalid"`}},
		{name: "two JSON values", role: "manager", method: "POST", path: "/venues", body: `{"name":"a"}{"name":"b"}`, status: 400},
		{name: "empty body", role: "manager", method: "POST", path: "/venues", body: ``, status: 400},
		{name: "capacity only, name unchanged", role: "manager", method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"capacity": 280}), status: 200,
			want: []string{`"name":"小剧场"`, `"capacity":280`, `"version":2`}},
	})
	var v models.Venue
	env.db.Take(&v, num(hall["id"]))
	if v.Capacity != 280 || v.Name != "小剧场" || v.Version != 2 {
		t.Errorf("stored venue = %+v", v)
	}
}

func TestVenueUTF8MB4RoundTrip(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	name := "𠮷野家文化厅🎭"
	created := env.mustDo(t, "admin", "POST", "/venues", map[string]any{"name": name}, 201)
	got := env.mustDo(t, "viewer", "GET", "/venues/"+itoa(int(num(created["id"]))), nil, 200)
	if got["name"] != name {
		t.Errorf("name = %q, want %q", got["name"], name)
	}
	var v models.Venue
	if err := env.db.Where("name = ?", name).Take(&v).Error; err != nil || v.Name != name {
		t.Errorf("stored name = %q (%v), want %q", v.Name, err, name)
	}
}
