package server

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func login(username, password string) map[string]any {
	return map[string]any{"username": username, "password": password}
}

func TestAuthScenarios(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	status, tok := env.do(t, "", "POST", "/auth/login", login("staff", testPassword))
	if status != 200 {
		t.Fatalf("login: %d %v", status, tok)
	}
	refresh := tok["refresh_token"].(string)
	_, rotated := env.do(t, "", "POST", "/auth/refresh", map[string]any{"refresh_token": refresh})
	next, _ := rotated["refresh_token"].(string)
	env.tokens["rotated"] = rotated["access_token"].(string)
	env.run(t, []scenario{
		{name: "login", method: "POST", path: "/auth/login", body: login("manager", testPassword), status: 200,
			want: []string{`"token_type":"Bearer"`, `"expires_in":900`, `"access_token":"`, `"refresh_token":"`, `"username":"manager"`}},
		{name: "login missing fields", method: "POST", path: "/auth/login", body: map[string]any{}, status: 400,
			want: []string{`"username":{"code":"required","params":{},"message":"is required"`, `"password":{"code":"required","params":{},"message":"is required"`}},
		{name: "login with a long Chinese name fails like any other", method: "POST", path: "/auth/login",
			body: login(strings.Repeat("中", 30), testPassword), status: 401, want: []string{`"message":"wrong username or password"`}},
		{name: "login malformed", method: "POST", path: "/auth/login", body: `{"username":`, status: 400},
		{name: "rotated access token works", role: "rotated", method: "GET", path: "/me", status: 200, want: []string{`"username":"staff"`}},
		{name: "me", role: "viewer", method: "GET", path: "/me", status: 200, want: []string{`"username":"viewer"`, `"role":"viewer"`}},
		{name: "me without token", method: "GET", path: "/me", status: 401, want: []string{`"code":"unauthorized"`}},
		{name: "used refresh token", method: "POST", path: "/auth/refresh", body: map[string]any{"refresh_token": refresh}, status: 401},
		{name: "reuse revoked the rotated token too", method: "POST", path: "/auth/refresh", body: map[string]any{"refresh_token": next}, status: 401},
		{name: "refresh missing token", method: "POST", path: "/auth/refresh", body: map[string]any{}, status: 400,
			want: []string{`"refresh_token":{"code":"required","params":{},"message":"is required"`}},
	})
}

func TestLogoutEndsRefresh(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	tok := env.mustDo(t, "", "POST", "/auth/login", login("staff", testPassword), 200)
	body := map[string]any{"refresh_token": tok["refresh_token"]}
	env.run(t, []scenario{
		{name: "logout", method: "POST", path: "/auth/logout", body: body, status: 204},
		{name: "refresh after logout", method: "POST", path: "/auth/refresh", body: body, status: 401},
		{name: "logout again is harmless", method: "POST", path: "/auth/logout", body: body, status: 204},
	})
}

func TestBadTokensAreRefused(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	good := env.tokens["staff"]
	for name, h := range map[string]string{
		"garbage":          "Bearer nonsense",
		"tampered":         "Bearer " + good[:len(good)-2] + "xx",
		"not bearer":       "Basic " + good,
		"bearer, no token": "Bearer ",
	} {
		req := httptest.NewRequest("GET", "/api/v1/me", nil)
		req.Header.Set("Authorization", h)
		w := httptest.NewRecorder()
		env.srv.Handler().ServeHTTP(w, req)
		if w.Code != 401 || w.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%s: status %d, WWW-Authenticate %q", name, w.Code, w.Header().Get("WWW-Authenticate"))
		}
	}
	env.clock.Advance(16 * time.Minute)
	if status, _ := env.do(t, "staff", "GET", "/me", nil); status != 401 {
		t.Errorf("expired access token: status %d, want 401", status)
	}
}

func TestLoginFailuresLookAlikeAndThrottle(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	wrong := env.request(t, "", "POST", "/auth/login", login("staff", "wrong password"))
	unknown := env.request(t, "", "POST", "/auth/login", login("nobody-here", "wrong password"))
	if wrong.Code != 401 || wrong.Code != unknown.Code || wrong.Body.String() != unknown.Body.String() {
		t.Errorf("wrong password %d %s; unknown user %d %s", wrong.Code, wrong.Body, unknown.Code, unknown.Body)
	}
	for i := 0; i < 4; i++ {
		env.request(t, "", "POST", "/auth/login", login("staff", "wrong password"))
	}
	w := env.request(t, "", "POST", "/auth/login", login("staff", testPassword))
	if w.Code != 429 || w.Header().Get("Retry-After") == "" {
		t.Fatalf("after 5 failures: %d (Retry-After %q) %s", w.Code, w.Header().Get("Retry-After"), w.Body)
	}
	env.clock.Advance(15*time.Minute + time.Second)
	if w := env.request(t, "", "POST", "/auth/login", login("staff", testPassword)); w.Code != 200 {
		t.Errorf("after the lock: %d %s", w.Code, w.Body)
	}
}
