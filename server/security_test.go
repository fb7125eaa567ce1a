package server

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// Production adds HSTS to every response, errors and unknown paths included;
// development (plain HTTP on a laptop) must not, or browsers pin HTTPS.
func TestHSTSOnlyInProduction(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	prod := newQuietServer(env.svc, Config{Location: env.loc, Production: true})
	for _, path := range []string{"/healthz", "/api/v1/no-such-thing", "/api/v1/me"} {
		env.srv = prod
		w := env.request(t, "", "GET", path, nil)
		if !strings.Contains(w.Header().Get("Strict-Transport-Security"), "max-age=") {
			t.Errorf("production %s (%d): no HSTS header", path, w.Code)
		}
	}
	dev := newQuietServer(env.svc, Config{Location: env.loc})
	env.srv = dev
	if h := env.request(t, "", "GET", "/healthz", nil).Header().Get("Strict-Transport-Security"); h != "" {
		t.Errorf("development sends HSTS %q", h)
	}
}

// A handler's unexpected error is a bare 500: the envelope, the security
// headers, and nothing of the error itself.
func TestInternalErrorsLeakNothing(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	env.srv.Handler().GET("/api/v1/test-error", env.srv.handle(func(*gin.Context) error {
		return errors.New("dial tcp 10.0.0.7:3306: secret table users_pw at services/users.go:42")
	}))
	w := env.request(t, "", "GET", "/api/v1/test-error", nil)
	assertEnvelope(t, w, 500, "internal")
	for _, leak := range []string{"10.0.0.7", "users_pw", ".go:"} {
		if strings.Contains(w.Body.String(), leak) {
			t.Errorf("500 body leaks %q: %s", leak, w.Body)
		}
	}
}

// Token answers must not be cached by the browser or a proxy.
func TestTokenAnswersAreNotCached(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	w := env.request(t, "", "POST", "/auth/login", login("staff", testPassword))
	if w.Code != 200 || w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("login: %d, Cache-Control %q", w.Code, w.Header().Get("Cache-Control"))
	}
}

// The CSP allows no inline style or script: style-src is this origin and
// the hash of an empty <style> element (FullCalendar's, filled through the
// CSSOM), nothing else. It allowed 'unsafe-inline' styles before.
func TestContentSecurityPolicyAllowsNoInlineStyle(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	empty := sha256.Sum256(nil)
	wantStyle := "style-src 'self' 'sha256-" + base64.StdEncoding.EncodeToString(empty[:]) + "'"
	for _, path := range []string{"/", "/calendar", "/api/v1/no-such-thing", "/healthz"} {
		csp := env.request(t, "", "GET", path, nil).Header().Get("Content-Security-Policy")
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q allows inline code", path, csp)
		}
		var style []string
		for _, d := range strings.Split(csp, ";") {
			if d = strings.TrimSpace(d); strings.HasPrefix(d, "style-src") {
				style = append(style, d)
			}
		}
		if len(style) != 1 || style[0] != wantStyle {
			t.Errorf("%s: style directives %q, want only %q", path, style, wantStyle)
		}
	}
}
