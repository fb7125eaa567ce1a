package server

import (
	"fmt"
	"testing"
)

// Membership dates: set on create and PATCH, refused when inconsistent or
// outside 1900-2100 (400 naming the field, nothing written), set to today on
// deactivation (the test clock is 2 March 2026 in Shanghai) and cleared on
// reactivation.
func TestUserMembershipDates(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	staffPath := fmt.Sprintf("/users/%d", env.users["staff"].ID)
	newUser := func(extra map[string]any) map[string]any {
		u := map[string]any{"username": "li.na", "password": "long-enough-1", "name": "李娜", "role": "staff"}
		for k, v := range extra {
			u[k] = v
		}
		return u
	}
	cases := []scenario{
		{name: "a user without dates shows nulls", role: "viewer", method: "GET", path: staffPath, status: 200,
			want: []string{`"joined_on":null`, `"left_on":null`}},
		{name: "left before joined on create", role: "admin", method: "POST", path: "/users",
			body: newUser(map[string]any{"joined_on": "2026-04-01", "left_on": "2026-03-31"}), status: 400,
			want: []string{`"left_on":`}},
		{name: "not a date", role: "admin", method: "POST", path: "/users",
			body: newUser(map[string]any{"joined_on": "2026-02-30"}), status: 400, want: []string{`"joined_on":`}},
		{name: "before the supported years", role: "admin", method: "POST", path: "/users",
			body: newUser(map[string]any{"joined_on": "1899-12-31"}), status: 400, want: []string{`"joined_on":`}},
		{name: "after the supported years", role: "admin", method: "POST", path: "/users",
			body: newUser(map[string]any{"left_on": "2101-01-01"}), status: 400, want: []string{`"left_on":`}},
		{name: "create with a joining date", role: "admin", method: "POST", path: "/users",
			body: newUser(map[string]any{"joined_on": "2026-04-01"}), status: 201,
			want: []string{`"joined_on":"2026-04-01"`, `"left_on":null`}},
		{name: "staff may not set their own dates", role: "staff", method: "PATCH", path: staffPath,
			body: env.withVersion(staffPath, map[string]any{"joined_on": "2026-01-01"}), status: 403},
		{name: "set joined", role: "admin", method: "PATCH", path: staffPath,
			body: env.withVersion(staffPath, map[string]any{"joined_on": "2026-03-01"}), status: 200,
			want: []string{`"joined_on":"2026-03-01"`}},
		{name: "left before the stored joined", role: "admin", method: "PATCH", path: staffPath,
			body: env.withVersion(staffPath, map[string]any{"left_on": "2026-02-28"}), status: 400,
			want: []string{`"left_on":`}},
		{name: "dates unchanged by the refusal", role: "viewer", method: "GET", path: staffPath, status: 200,
			want: []string{`"joined_on":"2026-03-01"`, `"left_on":null`}},
		{name: "deactivating leaves today", role: "admin", method: "DELETE", path: staffPath, status: 200,
			want: []string{`"active":false`, `"left_on":"2026-03-02"`}},
		{name: "the leaving date is editable", role: "admin", method: "PATCH", path: staffPath,
			body: env.withVersion(staffPath, map[string]any{"left_on": "2026-03-01"}), status: 200,
			want: []string{`"left_on":"2026-03-01"`}},
		{name: "null keeps a date", role: "admin", method: "PATCH", path: staffPath,
			body: env.withVersion(staffPath, map[string]any{"joined_on": nil}), status: 200,
			want: []string{`"joined_on":"2026-03-01"`}},
		{name: "reactivating clears the leaving date", role: "admin", method: "PATCH", path: staffPath,
			body: env.withVersion(staffPath, map[string]any{"active": true}), status: 200,
			want: []string{`"active":true`, `"left_on":null`}},
		{name: "an empty string clears", role: "admin", method: "PATCH", path: staffPath,
			body: env.withVersion(staffPath, map[string]any{"joined_on": ""}), status: 200,
			want: []string{`"joined_on":null`}},
		{name: "deactivating with a date given keeps it", role: "admin", method: "PATCH", path: staffPath,
			body: env.withVersion(staffPath, map[string]any{"active": false, "left_on": "2026-02-15"}), status: 200,
			want: []string{`"active":false`, `"left_on":"2026-02-15"`}},
	}
	env.run(t, cases)
}
