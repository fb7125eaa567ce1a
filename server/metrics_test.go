package server

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// scrape GETs /metrics from remote (host:port) with the given headers.
func scrape(srv *Server, remote string, headers map[string]string) (int, string) {
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.RemoteAddr = remote
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, req)
	return w.Code, w.Body.String()
}

// TestMetrics: what /metrics counts, and that it names route templates,
// never the ids in a path.
func TestMetrics(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	hall := num(env.mustDo(t, "admin", "POST", "/venues", map[string]any{"name": "多功能厅", "capacity": 200}, 201)["id"])
	lecture := map[string]any{"kind": "lecture", "title": "讲座", "start": "2026-03-10T14:00:00+08:00",
		"end": "2026-03-10T16:00:00+08:00", "organizer_id": env.users["staff"].ID, "venue_id": hall}
	env.mustDo(t, "manager", "POST", "/activities", lecture, 201)
	env.mustDo(t, "manager", "POST", "/activities", lecture, 409) // the hall is taken
	env.mustDo(t, "viewer", "GET", "/activities/987654", nil, 404)
	env.mustDo(t, "admin", "GET", "/progress?year=2026", nil, 200)
	env.mustDo(t, "admin", "GET", "/progress?year=2026", nil, 200)

	status, body := scrape(env.srv, "127.0.0.1:40000", nil)
	if status != 200 {
		t.Fatalf("GET /metrics from loopback: %d %s", status, body)
	}
	for _, want := range []string{
		`centerstage_http_requests_total{method="POST",route="/api/v1/activities",status="201"} 1`,
		`centerstage_http_requests_total{method="POST",route="/api/v1/activities",status="409"} 1`,
		`centerstage_http_requests_total{method="GET",route="/api/v1/activities/:id",status="404"} 1`,
		`centerstage_http_requests_total{method="GET",route="/api/v1/progress",status="200"} 2`,
		`centerstage_http_request_duration_seconds_bucket{method="GET",route="/api/v1/progress",le="+Inf"} 2`,
		`centerstage_conflicts_total{route="/api/v1/activities"} 1`,
		// The first read computes, the second is kept: nothing was written between.
		`centerstage_cache_requests_total{result="hit"} 1`,
		`centerstage_cache_requests_total{result="miss"} 1`,
		`centerstage_cache_entries 1`,
		`centerstage_db_max_open_connections `,
		`centerstage_db_wait_count_total `,
		`centerstage_tx_retries_total{reason="deadlock"} `,
		`centerstage_data_generation_raises_total `,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the metrics lack %q", want)
		}
	}
	if strings.Contains(body, "987654") {
		t.Errorf("the metrics show an id from a path")
	}
}

// TestMetricsAccess: who may read /metrics. Without a token, requests made
// on the loopback interface directly; with one, its bearers from anywhere.
func TestMetricsAccess(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	withToken := newQuietServer(env.svc, Config{Location: env.loc, MetricsToken: "s3cret-metrics-token"})
	cases := []struct {
		name    string
		srv     *Server
		remote  string
		headers map[string]string
		status  int
	}{
		{"loopback", env.srv, "127.0.0.1:40000", nil, 200},
		{"loopback over IPv6", env.srv, "[::1]:40000", nil, 200},
		{"another host", env.srv, "10.0.0.5:40000", nil, 403},
		{"forwarded by a proxy on the host", env.srv, "127.0.0.1:40000", map[string]string{"X-Forwarded-For": "203.0.113.9"}, 403},
		{"forwarded, standard header", env.srv, "127.0.0.1:40000", map[string]string{"Forwarded": "for=203.0.113.9"}, 403},
		{"a user's access token is not enough", env.srv, "10.0.0.5:40000", map[string]string{"Authorization": "Bearer " + env.tokens["admin"]}, 403},
		{"token set: loopback without it", withToken, "127.0.0.1:40000", nil, 403},
		{"token set: a wrong token", withToken, "10.0.0.5:40000", map[string]string{"Authorization": "Bearer guess"}, 403},
		{"token set: the token from another host", withToken, "10.0.0.5:40000", map[string]string{"Authorization": "Bearer s3cret-metrics-token"}, 200},
	}
	for _, c := range cases {
		status, body := scrape(c.srv, c.remote, c.headers)
		if status != c.status {
			t.Errorf("%s: %d, want %d: %.200s", c.name, status, c.status, body)
		}
		if status == 403 && (strings.Contains(body, "centerstage_") || !strings.Contains(body, `"code":"forbidden"`)) {
			t.Errorf("%s: a refusal should be the error envelope only: %.200s", c.name, body)
		}
	}
}
