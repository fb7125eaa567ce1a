package server

import (
	"fmt"
	"strings"
	"testing"

	"centerstage/models"
)

func TestUserScenarios(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	staff, manager, admin := env.users["staff"].ID, env.users["manager"].ID, env.users["admin"].ID
	staffPath, adminPath := fmt.Sprintf("/users/%d", staff), fmt.Sprintf("/users/%d", admin)
	newUser := map[string]any{"username": "wang.fang", "password": "long-enough-1", "name": "王芳", "role": "staff"}
	cases := []scenario{
		{name: "viewer lists", role: "viewer", method: "GET", path: "/users", status: 200, want: []string{`"total":4`}},
		{name: "filter by role", role: "staff", method: "GET", path: "/users?role=manager", status: 200,
			want: []string{`"total":1`, `"username":"manager"`}},
		{name: "bad role filter", role: "staff", method: "GET", path: "/users?role=boss&active=perhaps", status: 400,
			want: []string{`"role":`, `"active":`}},
		{name: "create", role: "admin", method: "POST", path: "/users", body: newUser, status: 201,
			want: []string{`"username":"wang.fang"`, `"name":"王芳"`, `"role":"staff"`, `"active":true`, `"created_at":`},
			check: func(t *testing.T, b map[string]any) {
				if _, leaked := b["password_hash"]; leaked || b["password"] != nil {
					t.Errorf("answer shows the password: %v", b)
				}
			}},
		{name: "duplicate username", role: "admin", method: "POST", path: "/users", body: newUser, status: 409,
			want: []string{`"code":"conflict"`, `"fields":{"username":{"code":"taken","params":{},"message":"already taken"}`}},
		{name: "every bad field named", role: "admin", method: "POST", path: "/users",
			body: map[string]any{"username": "", "password": "short", "role": "boss"}, status: 400,
			want: []string{`"username":{"code":"required","params":{},"message":"is required"`, `"password":{"code":"min_chars","params":{"n":8},"message":"must be at least 8 characters"`, `"role":{"code":"one_of","params":{"values":["admin","manager","staff","viewer"]},"message":"must be one of admin, manager, staff, viewer"`}},
		{name: "bad username characters", role: "admin", method: "POST", path: "/users",
			body: map[string]any{"username": "a b", "password": "long-enough-1", "role": "staff"}, status: 400, want: []string{`"username":`}},
		{name: "role of the wrong type", role: "admin", method: "POST", path: "/users", body: `{"username":"x","password":"long-enough","role":7}`, status: 400,
			want: []string{`"role":{"code":"not_string","params":{},"message":"must be a string"`}},
		{name: "read one", role: "viewer", method: "GET", path: staffPath, status: 200, want: []string{`"username":"staff"`}},
		{name: "404 read", role: "viewer", method: "GET", path: "/users/999999", status: 404, want: []string{`"code":"not_found"`}},
		{name: "update without version", role: "staff", method: "PATCH", path: staffPath, body: map[string]any{"name": "小李"}, status: 400,
			want: []string{`"code":"invalid"`, `"fields":{"version":{"code":"required","params":{},"message":"is required"}`}},
		{name: "update with a null version", role: "admin", method: "PATCH", path: staffPath, body: map[string]any{"name": "小李", "version": nil}, status: 400,
			want: []string{`"fields":{"version":{"code":"required","params":{},"message":"is required"}`}},
		{name: "version unchanged by the refusals", role: "viewer", method: "GET", path: staffPath, status: 200,
			want: []string{`"name":"staff"`, `"version":1`}},
		{name: "staff renames self", role: "staff", method: "PATCH", path: staffPath, body: map[string]any{"name": "小李", "version": 1}, status: 200,
			want: []string{`"name":"小李"`, `"version":2`}},
		{name: "stale version", role: "admin", method: "PATCH", path: staffPath, body: map[string]any{"name": "老李", "version": 1}, status: 409,
			want: []string{`"code":"stale"`}},
		{name: "staff promotes self", role: "staff", method: "PATCH", path: staffPath, body: env.withVersion(staffPath, map[string]any{"role": "admin"}), status: 403},
		{name: "staff renames another", role: "staff", method: "PATCH", path: adminPath, body: env.withVersion(adminPath, map[string]any{"name": "x"}), status: 403},
		{name: "manager renames another", role: "manager", method: "PATCH", path: staffPath, body: env.withVersion(staffPath, map[string]any{"name": "x"}), status: 403},
		{name: "viewer renames another", role: "viewer", method: "PATCH", path: staffPath, body: env.withVersion(staffPath, map[string]any{"name": "x"}), status: 403},
		{name: "short password", role: "staff", method: "PATCH", path: staffPath, body: env.withVersion(staffPath, map[string]any{"password": "short"}), status: 400,
			want: []string{`"password":{"code":"min_chars","params":{"n":8},"message":"must be at least 8 characters"`}},
		{name: "bad update fields named", role: "admin", method: "PATCH", path: staffPath, body: env.withVersion(staffPath, map[string]any{"name": "", "role": "boss"}), status: 400,
			want: []string{`"name":`, `"role":`},
			check: func(t *testing.T, b map[string]any) {
				if v := field(b, "error", "details", "fields", "version"); v != nil {
					t.Errorf("version named too: %v", v)
				}
			}},
		// No row to read a version from; any version must get the 404.
		{name: "404 update", role: "admin", method: "PATCH", path: "/users/999999", body: map[string]any{"name": "x", "version": 1}, status: 404},
		{name: "admin changes a role", role: "admin", method: "PATCH", path: fmt.Sprintf("/users/%d", manager), body: env.withVersion(fmt.Sprintf("/users/%d", manager), map[string]any{"role": "staff"}), status: 200,
			want: []string{`"role":"staff"`}},
		{name: "last admin cannot step down", role: "admin", method: "PATCH", path: adminPath, body: env.withVersion(adminPath, map[string]any{"role": "manager"}), status: 422,
			want: []string{`"code":"rule"`}},
		{name: "last admin cannot be deactivated", role: "admin", method: "DELETE", path: adminPath, status: 422, want: []string{`"code":"rule"`}},
		{name: "404 deactivate", role: "admin", method: "DELETE", path: "/users/999999", status: 404},
	}
	cases = append(cases, userRefusals(env, staffPath, newUser)...)
	cases = append(cases,
		scenario{name: "deactivate", role: "admin", method: "DELETE", path: staffPath, status: 200, want: []string{`"active":false`}},
		scenario{name: "a deactivated user's token stops at once", role: "staff", method: "GET", path: "/me", status: 401})
	env.run(t, cases)
}

// userRefusals are the 403s for every role that may not and the 401s without a token.
func userRefusals(env *testEnv, staffPath string, newUser map[string]any) []scenario {
	var cases []scenario
	for _, role := range []string{models.RoleManager, models.RoleStaff, models.RoleViewer} {
		cases = append(cases,
			scenario{name: "403 create as " + role, role: role, method: "POST", path: "/users",
				body: map[string]any{"username": "x-" + role, "password": "long-enough-1", "role": "staff"}, status: 403, want: []string{`"code":"forbidden"`}},
			scenario{name: "403 deactivate as " + role, role: role, method: "DELETE", path: staffPath, status: 403})
	}
	for _, r := range []struct{ method, path string }{{"GET", "/users"}, {"POST", "/users"}, {"GET", staffPath}, {"PATCH", staffPath}, {"DELETE", staffPath}} {
		var body any = newUser
		if r.method == "PATCH" {
			body = env.withVersion(staffPath, map[string]any{"name": "x"})
		}
		cases = append(cases, scenario{name: "401 " + r.method + " " + r.path, method: r.method, path: r.path, body: body, status: 401,
			want: []string{`"code":"unauthorized"`}})
	}
	return cases
}

// TestOwnPasswordScenarios: changing one's own password takes the current
// one; an admin resetting someone else's does not.
func TestOwnPasswordScenarios(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	pat := env.addUser(t, "pat", models.RoleStaff)
	patPath, adminPath := fmt.Sprintf("/users/%d", pat.ID), fmt.Sprintf("/users/%d", env.users["admin"].ID)
	const newPass, adminSet = "pats-new-password", "set-by-the-admin"
	onlyCurrent := func(t *testing.T, b map[string]any) {
		if fields, _ := field(b, "error", "details", "fields").(map[string]any); len(fields) != 1 {
			t.Errorf("fields = %v, want only current_password", fields)
		}
	}
	login := func(password string) map[string]any { return map[string]any{"username": "pat", "password": password} }
	env.run(t, []scenario{
		{name: "own change without the current password", role: "pat", method: "PATCH", path: patPath,
			body: env.withVersion(patPath, map[string]any{"password": newPass}), status: 400,
			want: []string{`"code":"invalid"`, `"fields":{"current_password":{"code":"required","params":{},"message":"is required"}`}},
		{name: "own change with a wrong current password", role: "pat", method: "PATCH", path: patPath,
			body: env.withVersion(patPath, map[string]any{"password": newPass, "current_password": "not-my-password"}), status: 400,
			want: []string{`"current_password":{"code":"wrong_password","params":{},"message":"is not your current password"`}, check: onlyCurrent},
		{name: "a current password too long to be one", role: "pat", method: "PATCH", path: patPath,
			body: env.withVersion(patPath, map[string]any{"password": newPass, "current_password": strings.Repeat("x", 73)}), status: 400,
			want: []string{`"current_password":{"code":"max_chars","params":{"n":72},"message":"must be at most 72 characters"`}},
		{name: "an admin's own change without the current password", role: "admin", method: "PATCH", path: adminPath,
			body: env.withVersion(adminPath, map[string]any{"password": newPass}), status: 400,
			want: []string{`"fields":{"current_password":{"code":"required","params":{},"message":"is required"}`}},
		{name: "the refusals ended no login", role: "pat", method: "GET", path: "/me", status: 200, want: []string{`"version":1`}},
		{name: "the old password still logs in", method: "POST", path: "/auth/login", body: login(testPassword), status: 200},
		{name: "own change with the current password", role: "pat", method: "PATCH", path: patPath,
			body: env.withVersion(patPath, map[string]any{"password": newPass, "current_password": testPassword}), status: 200,
			want: []string{`"username":"pat"`, `"version":2`},
			check: func(t *testing.T, b map[string]any) {
				if _, leaked := b["password_hash"]; leaked {
					t.Errorf("answer shows the password hash: %v", b)
				}
			}},
		{name: "the access token in use is refused", role: "pat", method: "GET", path: "/me", status: 401, want: []string{`"code":"unauthorized"`}},
		{name: "the old password no longer logs in", method: "POST", path: "/auth/login", body: login(testPassword), status: 401},
		{name: "the new password logs in", method: "POST", path: "/auth/login", body: login(newPass), status: 200,
			want: []string{`"access_token":`, `"username":"pat"`}},
		{name: "an admin resets someone else's without it", role: "admin", method: "PATCH", path: patPath,
			body: env.withVersion(patPath, map[string]any{"password": adminSet}), status: 200, want: []string{`"version":3`}},
		{name: "the password the admin set logs in", method: "POST", path: "/auth/login", body: login(adminSet), status: 200},
		{name: "the admin's own login goes on", role: "admin", method: "GET", path: "/me", status: 200},
	})
}
