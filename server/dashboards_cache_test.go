package server

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services/counting"
)

// instance is one more server on the test's database, as a second process
// would run: its own connection pool, services and cache.
type instance struct {
	db  *gorm.DB
	srv *Server
}

// sibling starts another instance on e's database and clock; e's tokens
// are good there too (same signing key, same users).
func (e *testEnv) sibling(t testing.TB) *instance {
	t.Helper()
	db := dbtest.Connect(t, e.addr, models.Options{})
	return &instance{db: db, srv: e.instanceOn(db, Config{})}
}

// uncached is e's server with the dashboards computed afresh on every call.
func (e *testEnv) uncached() *Server {
	svc := e.svc
	svc.Dashboards = counting.NewDashboards(nil, svc.Progress, svc.Reports, svc.Assessments)
	return newQuietServer(svc, Config{Location: e.loc})
}

// get answers a GET through srv with role's token.
func (e *testEnv) getVia(t testing.TB, srv *Server, role, path string) (int, string) {
	t.Helper()
	req := httptest.NewRequest("GET", apiPath(path), nil)
	req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, req)
	return w.Code, w.Body.String()
}

// cacheCheck compares the dashboards of a cached instance (a) with a fresh
// computation after each write, the writes going through another instance
// (b) with its own cache.
type cacheCheck struct {
	env    *testEnv
	b      *instance
	fresh  *Server
	gen    models.Generation
	checks int
	round  int // picks the targets drilled down this time
}

// dashboardPaths are the reads compared: every cached answer, as roles
// that see different things.
func (k *cacheCheck) dashboardPaths(t testing.TB) [][2]string {
	paths := [][2]string{
		{"admin", "/progress?year=2026"},
		{"admin", "/progress?year=2026&as_of=2026-06-30"},
		{"admin", "/progress?year=2026&status=behind&per_page=3"},
		{"viewer", "/progress?year=2027"},
		{"staff", "/progress?year=2026"},
		{"manager", "/reports/monthly?year=2026"},
		{"staff", "/reports/monthly?year=2026"},
		{"viewer", "/reports/tally?year=2026"},
		{"admin", "/reports/tally?year=2026&as_of=2026-03-31"},
	}
	var rows struct {
		Items []struct {
			TargetID uint64 `json:"target_id"`
		} `json:"items"`
	}
	_, body := k.env.getVia(t, k.fresh, "admin", "/progress?year=2026")
	if err := json.Unmarshal([]byte(body), &rows); err != nil {
		t.Fatalf("progress: %v: %s", err, body)
	}
	var targets []uint64
	for _, r := range rows.Items {
		if len(targets) == 0 || targets[len(targets)-1] != r.TargetID {
			targets = append(targets, r.TargetID)
		}
	}
	// Two targets' drill-downs a round, in turn, to keep the test short.
	for i := range min(2, len(targets)) {
		id := targets[(k.round*2+i)%len(targets)]
		paths = append(paths, [2]string{"admin", fmt.Sprintf("/progress/%d/items?per_page=1000", id)},
			[2]string{"staff", fmt.Sprintf("/progress/%d/items?bucket=scheduled", id)})
	}
	var schemes struct {
		Items []struct {
			ID uint64 `json:"id"`
		} `json:"items"`
	}
	_, body = k.env.getVia(t, k.fresh, "manager", "/assessments?year=2026")
	if err := json.Unmarshal([]byte(body), &schemes); err != nil {
		t.Fatalf("assessments: %v: %s", err, body)
	}
	for _, s := range schemes.Items {
		paths = append(paths, [2]string{"manager", fmt.Sprintf("/assessments/%d/scores", s.ID)},
			[2]string{"staff", fmt.Sprintf("/assessments/%d/scores?as_of=2026-02-28", s.ID)},
			[2]string{"viewer", fmt.Sprintf("/assessments/%d/scores/months", s.ID)})
	}
	return paths
}

// check reads every dashboard through a twice (the second read is a hit
// when nothing changed in between), through b, and afresh, and wants the
// same answer each time. changed says whether what happened since the
// last check was a write, which must have raised the generation.
func (k *cacheCheck) check(t testing.TB, what string, changed bool) {
	t.Helper()
	k.checks++
	k.round++
	gen, err := models.ReadGeneration(k.env.db)
	if err != nil {
		t.Fatal(err)
	}
	if changed && gen == k.gen {
		t.Errorf("after %s: the data generation did not change", what)
	}
	k.gen = gen
	for _, p := range k.dashboardPaths(t) {
		role, path := p[0], p[1]
		fs, fresh := k.env.getVia(t, k.fresh, role, path)
		for i, srv := range []*Server{k.env.srv, k.env.srv, k.b.srv} {
			s, got := k.env.getVia(t, srv, role, path)
			if s != fs || got != fresh {
				t.Fatalf("after %s: GET %s as %s through instance %d: %d %s\nfresh: %d %s",
					what, path, role, i, s, got, fs, fresh)
			}
		}
	}
}

// TestDashboardsCacheAfterEveryWrite builds the acceptance suite's center
// with every write going through a second instance on the same database
// (its own connection pool: on SQLite a second connection to the same
// file), and after each write compares the first instance's cached
// dashboards, and the second's, with a fresh computation. Then it makes
// the writes the build does not: settings, closures, the official return,
// membership dates, deactivations, stations' pairs, teams, venues,
// targets, assessments and adjustments, deletions, a series' extra
// session, a move of the clock, and rows changed by SQL outside the
// services.
func TestDashboardsCacheAfterEveryWrite(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	k := &cacheCheck{env: env, b: env.sibling(t), fresh: env.uncached()}
	env.writes = k.b.srv
	env.afterWrite = func(t testing.TB, method, path string) { k.check(t, method+" "+path, true) }
	c := &accCenter{env: env, id: map[string]uint64{}}
	c.id["u.manager"] = env.users["manager"].ID
	c.id["u.staff"] = env.users["staff"].ID
	buildAcceptanceCenter(t, c)
	afterBuild := k.checks

	c.setClock(t, "2026-06-15", "10:00")
	k.check(t, "a new day", false)

	sch := c.create(t, "manager", "/assessments", "a.scheme", map[string]any{"year": 2026, "name": "考核", "period": "year", "base": 100,
		"rules": []any{map[string]any{"target_id": c.must(t, "T.days_all"), "method": "per_point", "bonus": 1, "penalty": 1}}})
	alice, bob, carol := c.must(t, "u.alice"), c.must(t, "u.bob"), c.must(t, "u.carol")
	adj := c.create(t, "manager", fmt.Sprintf("/assessments/%d/adjustments", sch), "adj", map[string]any{
		"staff_id": c.must(t, "u.staff"), "points": 3, "reason": "表彰", "date": "2026-02-01"})
	env.mustDo(t, "manager", "DELETE", fmt.Sprintf("/assessments/%d/adjustments/%d", sch, adj), nil, 204)

	env.mustDo(t, "admin", "PATCH", "/settings", map[string]any{"center_name": "东城文化馆"}, 200)
	env.mustDo(t, "admin", "POST", "/closures", map[string]any{"date": "2026-07-15", "name": "馆内消杀"}, 201)
	env.mustDo(t, "admin", "PUT", "/official-lines", map[string]any{"items": []any{map[string]any{
		"code": "lectures", "name": "讲座", "name_en": "Lectures", "unit": "场", "metric": "count", "kinds": []string{"lecture"}}}}, 200)

	path := func(f string, id uint64) string { return fmt.Sprintf(f, id) }
	patch := func(role, p string, fields map[string]any) {
		t.Helper()
		env.mustDo(t, role, "PATCH", p, env.withVersion(p, fields), 200)
	}
	env.mustDo(t, "manager", "POST", path("/series/%d/occurrences", c.must(t, "TS1")), map[string]any{
		"start": accAt("2026-10-22", "18:30"), "end": accAt("2026-10-22", "20:30")}, 201)
	patch("admin", path("/users/%d", alice), map[string]any{"joined_on": "2026-03-01"})
	patch("admin", path("/users/%d", bob), map[string]any{"left_on": "2026-09-30"})
	env.mustDo(t, "admin", "DELETE", path("/users/%d", carol), nil, 200)
	patch("manager", path("/stations/%d", c.must(t, "s.S2")), map[string]any{"staff_ids": []uint64{bob}})
	patch("manager", path("/teams/%d", c.must(t, "t.T1")), map[string]any{"active": false})
	patch("manager", path("/venues/%d", c.must(t, "v.hall")), map[string]any{"name": "大剧场"})
	patch("manager", path("/targets/%d", c.must(t, "T.lectures")), map[string]any{"value": 7})
	env.mustDo(t, "manager", "DELETE", path("/targets/%d", c.must(t, "T.ny_count")), nil, 204)
	env.mustDo(t, "manager", "DELETE", path("/activities/%d", c.must(t, "L3")), nil, 200)

	// Rows changed outside the services, through the second instance's
	// pool: a statement of its own, and a transaction of GORM's.
	if err := k.b.db.Exec("UPDATE activities SET actual_attendance = actual_attendance + 5 WHERE id = ?", c.must(t, "L1")).Error; err != nil {
		t.Fatal(err)
	}
	k.check(t, "an UPDATE outside a transaction", true)
	err := k.b.db.Transaction(func(tx *gorm.DB) error {
		return tx.Model(&models.Activity{}).Where("id = ?", c.must(t, "TA2")).Update("status", models.StatusCancelled).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	k.check(t, "an update in a transaction of GORM's", true)

	// Nothing changed: the generation stays, and the first instance
	// answers every read from its cache.
	before := env.svc.Dashboards.CacheStats()
	k.round-- // the same drill-downs as the last check
	k.check(t, "no write", false)
	if k.gen != func() models.Generation { g, _ := models.ReadGeneration(env.db); return g }() {
		t.Errorf("the generation moved without a write")
	}
	after := env.svc.Dashboards.CacheStats()
	if after.Misses != before.Misses || after.Hits <= before.Hits {
		t.Errorf("with no write in between: misses %d -> %d, hits %d -> %d; want only hits",
			before.Misses, after.Misses, before.Hits, after.Hits)
	}
	t.Logf("%d checks (%d during the build); instance a: %+v", k.checks, afterBuild, after)
}
