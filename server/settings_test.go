package server

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestSettings(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	cases := []scenario{
		{name: "not logged in", role: "", method: "GET", path: "/settings", status: 401, want: []string{`"code":"unauthorized"`}},
		{name: "not writable", role: "admin", method: "PUT", path: "/settings", body: map[string]any{"time_zone": "UTC"}, status: 405},
	}
	for _, role := range testRoles() {
		cases = append(cases, scenario{name: "read by " + role, role: role, method: "GET", path: "/settings", status: 200,
			want: []string{`{"time_zone":"Asia/Shanghai","center_name":""}`}})
	}
	env.run(t, cases)
}

func TestSettingsNameTheConfiguredZone(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no zone database: %v", err)
	}
	srv := newQuietServer(env.svc, Config{Location: berlin})
	req := httptest.NewRequest("GET", "/api/v1/settings", nil)
	req.Header.Set("Authorization", "Bearer "+env.tokens["viewer"])
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, req)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"time_zone":"Europe/Berlin"`) {
		t.Errorf("GET /settings = %d %s, want the configured zone", w.Code, w.Body)
	}
}
