package server

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"centerstage/models/dbtest"
	"centerstage/services"
)

// loginFrom posts a wrong login from the peer remote with X-Forwarded-For xff.
func loginFrom(t *testing.T, env *testEnv, remote, xff, username string) int {
	t.Helper()
	req := httptest.NewRequest("POST", "/api/v1/auth/login",
		strings.NewReader(fmt.Sprintf(`{"username":%q,"password":"guess"}`, username)))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = remote
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	w := httptest.NewRecorder()
	env.srv.Handler().ServeHTTP(w, req)
	return w.Code
}

// The login limit per address counts the connection's peer: an
// X-Forwarded-For header, which anyone can send, does not give a flooding
// client a new address per request. Gin believed the header from anyone by
// default, so each of these attempts counted for a different address.
func TestLoginAddressIgnoresForwardedForFromUntrustedPeers(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	codes := map[int]int{}
	for i := 0; i < services.MaxLoginsPerAddress+5; i++ {
		codes[loginFrom(t, env, "203.0.113.50:4000", fmt.Sprintf("10.9.%d.%d", i/250, i%250+1), fmt.Sprintf("u%d", i))]++
	}
	// 30 counted and answered 401, 5 refused.
	if codes[401] != services.MaxLoginsPerAddress || codes[429] != 5 {
		t.Errorf("answers %v, want %d of 401 and 5 of 429", codes, services.MaxLoginsPerAddress)
	}
}

// Behind a trusted reverse proxy the client is the address the proxy names.
func TestLoginAddressFromTrustedProxy(t *testing.T) {
	t.Parallel()
	env := newTestServerOn(t, dbtest.Open(t), Config{TrustedProxies: []string{"192.0.2.0/24"}})
	for i := 0; i < services.MaxLoginsPerAddress; i++ {
		if code := loginFrom(t, env, "192.0.2.1:4000", "198.51.100.20", fmt.Sprintf("u%d", i)); code != 401 {
			t.Fatalf("attempt %d: %d", i+1, code)
		}
	}
	if code := loginFrom(t, env, "192.0.2.1:4000", "198.51.100.20", "one-more"); code != 429 {
		t.Errorf("the client over its limit: %d, want 429", code)
	}
	if code := loginFrom(t, env, "192.0.2.1:4000", "198.51.100.21", "another-client"); code != 401 {
		t.Errorf("another client through the same proxy: %d, want 401", code)
	}
}
