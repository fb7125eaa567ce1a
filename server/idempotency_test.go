package server

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/servicestest"
)

// keyed sends body to path as role with an Idempotency-Key header through srv.
func keyed(t *testing.T, env *testEnv, srv *Server, role, path, key string, body any) *httptest.ResponseRecorder {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("POST", apiPath(path), strings.NewReader(string(raw)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+env.tokens[role])
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, req)
	return w
}

// instanceOn is another server with cfg on env's database through db (a
// handle of its own), with services of its own and env's users and clock,
// as a second process behind a load balancer.
func (e *testEnv) instanceOn(db *gorm.DB, cfg Config) *Server {
	cfg.Location = e.loc
	return newQuietServer(testServices(newTestDeps(db, e.clock.Now, e.loc, e.deps.Key)), cfg)
}

// A create sent again with its Idempotency-Key answers the first answer and
// writes nothing more; the same key with another body is refused 422; keys
// are each user's own and last 24 hours; a refused create is not remembered.
// Before the keys, every retry below wrote another row.
func TestIdempotencyKeyAnswersTheFirstCreate(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	staff := env.users["staff"].ID
	hall := map[string]any{"name": "多功能厅", "capacity": 200}

	first := keyed(t, env, env.srv, "manager", "/venues", "k-venue-1", hall)
	again := keyed(t, env, env.srv, "manager", "/venues", "k-venue-1", hall)
	if first.Code != 201 || again.Code != 201 || first.Body.String() != again.Body.String() {
		t.Fatalf("first %d %s, again %d %s: want the same 201", first.Code, first.Body, again.Code, again.Body)
	}
	if again.Header().Get("Idempotent-Replayed") != "true" || first.Header().Get("Idempotent-Replayed") != "" {
		t.Errorf("Idempotent-Replayed: first %q, again %q", first.Header().Get("Idempotent-Replayed"), again.Header().Get("Idempotent-Replayed"))
	}
	if n := env.count(t, &models.Venue{}, "name = ?", "多功能厅"); n != 1 {
		t.Errorf("%d venues, want 1", n)
	}
	other := keyed(t, env, env.srv, "manager", "/venues", "k-venue-1", map[string]any{"name": "小剧场", "capacity": 80})
	assertEnvelope(t, other, 422, "rule")
	if !strings.Contains(other.Body.String(), `"reason":"idempotency_reuse"`) {
		t.Errorf("same key, other body: %s", other.Body)
	}
	if n := env.count(t, &models.Venue{}, "name = ?", "小剧场"); n != 0 {
		t.Errorf("the refused body wrote %d venues", n)
	}

	// An activity, whose answer is read after its own transaction: the
	// replay is the same answer and one row is booked.
	act := lecture(10, "10:00", "11:00", staff)
	a1 := keyed(t, env, env.srv, "staff", "/activities", "k-act", act)
	a2 := keyed(t, env, env.srv, "staff", "/activities", "k-act", act)
	if a1.Code != 201 || a1.Body.String() != a2.Body.String() {
		t.Fatalf("activity: %d %s then %d %s", a1.Code, a1.Body, a2.Code, a2.Body)
	}
	if n := env.count(t, &models.Activity{}, ""); n != 1 {
		t.Errorf("%d activities, want 1", n)
	}
	// Another user's key of the same spelling is another key.
	if w := keyed(t, env, env.srv, "admin", "/activities", "k-act", with(act, "title", "管理员的讲座", "start", "2026-03-11T10:00:00+08:00", "end", "2026-03-11T11:00:00+08:00")); w.Code != 201 {
		t.Errorf("admin's k-act: %d %s", w.Code, w.Body)
	}
	// A refused create (a clash with the first lecture) keeps no key: sent
	// again once the clash is gone, the same request with the same key
	// creates.
	clash := lecture(10, "10:30", "11:30", staff)
	first409 := keyed(t, env, env.srv, "staff", "/activities", "k-clash", clash)
	if first409.Code != 409 {
		t.Fatalf("clash: %d %s", first409.Code, first409.Body)
	}
	if n := env.count(t, &models.IdempotencyKey{}, "idempotency_key = ?", "k-clash"); n != 0 {
		t.Errorf("a refused create kept its key (%d rows)", n)
	}
	env.mustDo(t, "staff", "DELETE", fmt.Sprintf("/activities/%d", num(decode(t, a1)["id"])), nil, 200)
	if w := keyed(t, env, env.srv, "staff", "/activities", "k-clash", clash); w.Code != 201 {
		t.Errorf("the mended retry: %d %s", w.Code, w.Body)
	}
	// Past 24 hours a key is new again.
	env.clock.Advance(services.IdempotencyTTL + time.Minute)
	env.loginAll(t)
	if w := keyed(t, env, env.srv, "manager", "/venues", "k-venue-1", map[string]any{"name": "新厅", "capacity": 50}); w.Code != 201 {
		t.Errorf("an expired key: %d %s", w.Code, w.Body)
	}
	// A key that is no token is refused by name.
	w := keyed(t, env, env.srv, "manager", "/venues", "key with spaces", map[string]any{"name": "别的厅", "capacity": 5})
	assertEnvelope(t, w, 400, "invalid")
	if !strings.Contains(w.Body.String(), `"Idempotency-Key":{"code":"invalid_format"`) {
		t.Errorf("bad key: %s", w.Body)
	}
}

func decode(t *testing.T, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("decode %s: %v", w.Body, err)
	}
	return out
}

// Retries of one create sent at once, to two server instances, write one
// row and all get the same answer: the key row is written first in the
// create's transaction, so the others wait for it (MySQL) or run after it
// (SQLite) and find its answer. Checking for the key before the create, in
// another transaction, let several of these through.
func TestConcurrentRetriesWithOneKeyWriteOneRow(t *testing.T) {
	t.Parallel()
	db, addr := dbtest.OpenAddr(t)
	env := newTestServerOn(t, db, Config{})
	servers := []*Server{env.srv, env.instanceOn(dbtest.Connect(t, addr, models.Options{}), Config{})}
	staff := env.users["staff"].ID
	for round, c := range []struct {
		path string
		body map[string]any
		rows func() int64
	}{
		{"/venues", map[string]any{"name": "排练厅", "capacity": 30},
			func() int64 { return env.count(t, &models.Venue{}, "name = ?", "排练厅") }},
		{"/activities", lecture(12, "14:00", "15:00", staff),
			func() int64 { return env.count(t, &models.Activity{}, "") }},
		{"/series", with(lecture(16, "09:00", "10:00", staff), "rrule", "FREQ=WEEKLY;COUNT=3"),
			func() int64 { return env.count(t, &models.Series{}, "") }},
	} {
		role := "manager"
		if c.path != "/venues" {
			role = "staff"
		}
		const n = 8
		answers := make([]*httptest.ResponseRecorder, n)
		servicestest.Race(n, func(i int) error {
			answers[i] = keyed(t, env, servers[i%2], role, c.path, fmt.Sprintf("race-%d", round), c.body)
			return nil
		})
		for i, w := range answers {
			if w.Code != 201 || w.Body.String() != answers[0].Body.String() {
				t.Errorf("%s retry %d: %d %s; first %d %s", c.path, i, w.Code, w.Body, answers[0].Code, answers[0].Body)
			}
		}
		if got := c.rows(); got != 1 {
			t.Errorf("%s: %d rows written by %d retries, want 1", c.path, got, n)
		}
	}
}
