package server

// Shared helpers for the HTTP scenario tests of every area.
//
//	env := newTestServer(t)                       // real Server on a fresh dbtest.Open(t)
//	status, body := env.do(t, "staff", "GET", "/venues", nil)
//	env.users["manager"].ID                        // seeded users: admin, manager, staff, viewer
//	env.addUser(t, "staff2", models.RoleStaff)     // another logged-in user; use "staff2" as role key
//	env.clock.Advance(time.Hour)                   // the injected clock (starts at testNow())
//	env.loginAll(t)                                // fresh tokens after moving the clock
//	env.run(t, []scenario{{...}})                  // scenario table; refusals must change no rows
//
// Paths are relative to /api/v1 unless they start with "/api/", "/healthz" or
// "/readyz". A role of "" sends no token. body may be nil, a string or []byte
// (sent verbatim) or any value (sent as JSON). A body may also be a
// func(testing.TB) any, called just before the request is sent, e.g.
// env.withVersion(path, fields): the fields plus the row's version as read
// by a GET at that moment, as a client would send it.
//
// To give the test server another service, add it in testServices below.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/glossary"
	"centerstage/services/planner"
	"centerstage/services/servicestest"
)

// testNow is where the test clock starts: Monday 2 March 2026, 10:00 in Shanghai.
func testNow() time.Time { return time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC) }

// testPassword is the password of every user the helpers create.
const testPassword = "correct-horse-battery"

// testRoles are the roles seeded in every test server, also their usernames.
func testRoles() []string {
	return []string{models.RoleAdmin, models.RoleManager, models.RoleStaff, models.RoleViewer}
}

// testDeps is what testServices builds the services from.
type testDeps struct {
	DB    *gorm.DB
	Clock services.Clock
	Loc   *time.Location
	Key   []byte
	Audit *services.Audit
	Auth  *services.Auth
}

// newTestDeps is the dependencies of one instance on db: its Audit and its
// Auth (hashing at the lowest bcrypt cost) on the clock, zone and key given.
func newTestDeps(db *gorm.DB, clock services.Clock, loc *time.Location, key []byte) testDeps {
	return testDeps{DB: db, Clock: clock, Loc: loc, Key: key,
		Audit: services.NewAudit(db, clock), Auth: services.NewAuth(db, clock, key, bcrypt.MinCost)}
}

// newQuietServer is New with cfg and a logger that writes nowhere.
func newQuietServer(svc Services, cfg Config) *Server {
	return New(svc, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// testServices builds every service the server needs, as wire does in main.
func testServices(d testDeps) Services {
	progress := counting.NewProgress(d.DB, d.Clock, d.Loc)
	acts := services.NewActivities(d.DB, d.Clock, d.Loc, d.Audit, progress)
	targets := counting.NewTargets(d.DB, d.Clock, d.Audit)
	calendar := services.NewCalendar(d.DB)
	reports := counting.NewReports(d.DB, d.Clock, d.Loc, progress, testGlossary())
	assessments := counting.NewAssessments(d.DB, d.Clock, d.Loc, d.Audit, progress)
	return Services{
		Targets:  targets,
		Progress: progress,
		Reports:  reports,
		// The cache is on in every test, so each scenario also checks that
		// what it wrote is seen by the next read.
		Dashboards:    counting.NewDashboards(services.NewCache(d.DB, 0), progress, reports, assessments),
		Auth:          d.Auth,
		Users:         services.NewUsers(d.DB, d.Clock, d.Loc, d.Auth, d.Audit),
		Audit:         d.Audit,
		Venues:        services.NewVenues(d.DB, d.Clock, d.Audit),
		Stations:      services.NewStations(d.DB, d.Clock, d.Audit),
		Teams:         services.NewTeams(d.DB, d.Clock, d.Loc, d.Audit),
		Activities:    acts,
		Series:        services.NewSeries(acts),
		Calendar:      calendar,
		Closures:      services.NewClosures(d.DB, d.Audit),
		Planner:       planner.New(d.DB, d.Clock, d.Loc, acts, targets, progress, calendar),
		OfficialLines: counting.NewOfficialLines(d.DB, d.Audit),
		Settings:      services.NewSettings(d.DB, d.Audit),
		Assessments:   assessments,
		Submissions:   counting.NewSubmissions(d.DB, d.Clock, d.Loc, d.Audit, progress),
		Notifications: counting.NewNotifications(d.DB, d.Clock, d.Loc, progress),
		Idempotency:   services.NewIdempotency(d.DB, d.Clock),
		DBStats:       func() models.PoolStats { return models.PoolStatsOf(d.DB) },
		TxCounts:      models.CountersOf(d.DB).Snapshot,
		Ping: func(ctx context.Context) error {
			sqlDB, err := d.DB.DB()
			if err != nil {
				return err
			}
			return sqlDB.PingContext(ctx)
		},
	}
}

// testEnv is a real Server on a private, migrated database.
type testEnv struct {
	db   *gorm.DB
	addr string // the database's address, for more instances on it
	srv  *Server
	// writes, when set, serves every request but GET: another instance on
	// the same database. afterWrite, when set, runs after every such
	// request that succeeded.
	writes     *Server
	afterWrite func(t testing.TB, method, path string)
	svc        Services
	deps       testDeps
	clock      *servicestest.Clock
	loc        *time.Location
	users      map[string]models.User // by role key: "admin", "manager", "staff", "viewer", added usernames
	tokens     map[string]string      // access tokens by the same keys
}

// newTestServer builds a Server on a fresh database with one logged-in user
// per role (username = role, password testPassword).
func newTestServer(t testing.TB) *testEnv {
	t.Helper()
	db, addr := dbtest.OpenAddr(t)
	env := newTestServerOn(t, db, Config{})
	env.addr = addr
	return env
}

// newTestServerOn is newTestServer on a migrated database db the test opened
// itself (through a proxy, with other timeouts), with cfg (its Location is set).
func newTestServerOn(t testing.TB, db *gorm.DB, cfg Config) *testEnv {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatalf("load time zone: %v", err)
	}
	clock := servicestest.NewClock(testNow())
	d := newTestDeps(db, clock.Now, loc, []byte("test-signing-key-of-at-least-32-bytes!"))
	svc := testServices(d)
	cfg.Location = loc
	srv := newQuietServer(svc, cfg)
	env := &testEnv{db: db, srv: srv, svc: svc, deps: d, clock: clock, loc: loc,
		users: map[string]models.User{}, tokens: map[string]string{}}
	for _, role := range testRoles() {
		env.addUser(t, role, role)
	}
	return env
}

// addUser creates an active user with testPassword, logs them in and
// registers them under key username for do and run.
func (e *testEnv) addUser(t testing.TB, username, role string) models.User {
	t.Helper()
	u, err := e.svc.Users.Create(context.Background(), services.System,
		services.NewUser{Username: username, Password: testPassword, Name: username, Role: role})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	e.users[username] = u
	e.tokens[username] = e.login(t, username)
	return u
}

// loginAll logs every registered user in again, e.g. after moving the clock
// past the access tokens' lifetime.
func (e *testEnv) loginAll(t testing.TB) {
	t.Helper()
	for name := range e.tokens {
		e.tokens[name] = e.login(t, name)
	}
}

// login logs username in with testPassword and returns the access token.
func (e *testEnv) login(t testing.TB, username string) string {
	t.Helper()
	tok, err := e.svc.Auth.Login(context.Background(), username, testPassword)
	if err != nil {
		t.Fatalf("log in %s: %v", username, err)
	}
	return tok.AccessToken
}

// apiPath resolves a path relative to /api/v1.
func apiPath(p string) string {
	for _, abs := range []string{"/api/", "/healthz", "/readyz"} {
		if strings.HasPrefix(p, abs) {
			return p
		}
	}
	return "/api/v1" + p
}

// request sends one request with the given bearer token ("" for none).
func (e *testEnv) request(t testing.TB, token, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	if f, ok := body.(func(testing.TB) any); ok {
		body = f(t)
	}
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("encode body: %v", err)
		}
		r = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, apiPath(path), r)
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	srv := e.srv
	if method != "GET" && e.writes != nil {
		srv = e.writes
	}
	srv.Handler().ServeHTTP(w, req)
	if method != "GET" && w.Code < 400 && e.afterWrite != nil {
		e.afterWrite(t, method, path)
	}
	return w
}

// do sends a request as role ("" = no token) and decodes a JSON object answer
// (nil when the body is empty or not an object).
func (e *testEnv) do(t testing.TB, role, method, path string, body any) (int, map[string]any) {
	t.Helper()
	token := ""
	if role != "" {
		var ok bool
		if token, ok = e.tokens[role]; !ok {
			t.Fatalf("no logged-in user %q in the test env", role)
		}
	}
	w := e.request(t, token, method, path, body)
	var out map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &out)
	return w.Code, out
}

// mustDo is do that fails the test unless the status is want; it returns the body.
func (e *testEnv) mustDo(t testing.TB, role, method, path string, body any, want int) map[string]any {
	t.Helper()
	status, out := e.do(t, role, method, path, body)
	if status != want {
		t.Fatalf("%s %s as %q: status %d, want %d; body %v", method, path, role, status, want, out)
	}
	return out
}

// version reads the current version of the row at path (a GET as admin).
func (e *testEnv) version(t testing.TB, path string) int64 {
	t.Helper()
	v, ok := e.mustDo(t, "admin", "GET", path, nil, 200)["version"].(float64)
	if !ok {
		t.Fatalf("GET %s: the answer has no version", path)
	}
	return int64(v)
}

// withVersion is a request body for an update of the row at path: fields
// plus the row's version, read by a GET just before the request is sent, so
// the update reaches the rule it tests instead of a missing or stale version.
func (e *testEnv) withVersion(path string, fields map[string]any) func(testing.TB) any {
	return func(t testing.TB) any {
		t.Helper()
		body := maps.Clone(fields)
		body["version"] = e.version(t, path)
		return body
	}
}

// scenario is one row of an HTTP scenario table.
type scenario struct {
	name   string
	role   string // key of env.tokens; "" sends no token
	method string
	path   string
	body   any // see request; env.withVersion for updates
	status int
	want   []string                                // fragments of the compact JSON answer, e.g. `"code":"invalid"`
	check  func(t *testing.T, body map[string]any) // optional further assertions
}

// run plays the scenarios in order as subtests. Every answer of 400 or more
// must leave the data tables exactly as they were.
func (e *testEnv) run(t *testing.T, cases []scenario) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Helper()
			var before string
			if c.status >= 400 {
				before = e.snapshot(t)
			}
			token := ""
			if c.role != "" {
				token = e.tokens[c.role]
				if token == "" {
					t.Fatalf("no logged-in user %q in the test env", c.role)
				}
			}
			w := e.request(t, token, c.method, c.path, c.body)
			raw := w.Body.String()
			if w.Code != c.status {
				t.Fatalf("%s %s as %q: status %d, want %d; body %s", c.method, c.path, c.role, w.Code, c.status, raw)
			}
			for _, frag := range c.want {
				if !strings.Contains(raw, frag) {
					t.Errorf("answer lacks %s; body %s", frag, raw)
				}
			}
			if c.check != nil {
				var out map[string]any
				if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
					t.Fatalf("answer is not a JSON object: %v; body %s", err, raw)
				}
				c.check(t, out)
			}
			if c.status >= 400 {
				if after := e.snapshot(t); after != before {
					t.Errorf("a refused request changed rows:\nbefore %s\nafter  %s", before, after)
				}
			}
		})
	}
}

// snapshotSkips reports the tables a refused request may legitimately change:
// failed logins are counted, and tokens are revoked on reuse or logout (which
// raises the auth stamp).
func snapshotSkips(table string) bool {
	switch table {
	case "login_throttles", "login_address_throttles", "refresh_tokens", "auth_stamps", "settings":
		return true
	}
	return false
}

// snapshot renders every data table's rows, order-independent, as one string.
func (e *testEnv) snapshot(t testing.TB) string {
	t.Helper()
	tables, err := e.db.Migrator().GetTables()
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	sort.Strings(tables)
	var b strings.Builder
	for _, table := range tables {
		if snapshotSkips(table) {
			continue
		}
		var rows []map[string]any
		if err := e.db.Table(table).Find(&rows).Error; err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		lines := make([]string, len(rows))
		for i, r := range rows {
			raw, _ := json.Marshal(r)
			lines[i] = string(raw)
		}
		sort.Strings(lines)
		b.WriteString(table + ": " + strings.Join(lines, "\n  ") + "\n")
	}
	return b.String()
}

// count returns the number of rows of model matching the condition.
func (e *testEnv) count(t testing.TB, model any, where string, args ...any) int64 {
	t.Helper()
	var n int64
	q := e.db.Model(model)
	if where != "" {
		q = q.Where(where, args...)
	}
	if err := q.Count(&n).Error; err != nil {
		t.Fatalf("count: %v", err)
	}
	return n
}

// field reads a nested value of a decoded JSON answer by keys, e.g.
// field(body, "error", "details", "fields", "name"); nil when absent.
func field(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// num reads a JSON number as an uint64 id.
func num(v any) uint64 {
	if f, ok := v.(float64); ok {
		return uint64(f)
	}
	return 0
}

// testGlossary is the app's glossary, read from its locale files.
func testGlossary() *glossary.Glossary {
	files := map[string][]byte{}
	for lang, name := range map[string]string{"zh": "glossary.zh-CN.json", "en": "glossary.en.json"} {
		b, err := os.ReadFile("../frontend/src/i18n/locales/" + name)
		if err != nil {
			panic(err)
		}
		files[lang] = b
	}
	g, err := glossary.Parse(files)
	if err != nil {
		panic(err)
	}
	return g
}
