package backup

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/models/migrations"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/demo"
	"centerstage/services/glossary"
)

// The center's clock reads 2026-06-15 12:00 in Asia/Shanghai in every test.
var (
	shanghai, _ = time.LoadLocation("Asia/Shanghai")
	testNow     = time.Date(2026, 6, 15, 12, 0, 0, 0, shanghai)
)

func testClock() time.Time { return testNow }

// openSQLite opens a new, unmigrated SQLite database in t's folder.
func openSQLite(t *testing.T, name string) *gorm.DB {
	t.Helper()
	return openAddr(t, "sqlite:"+filepath.Join(t.TempDir(), name))
}

func openAddr(t *testing.T, addr string) *gorm.DB {
	t.Helper()
	return dbtest.Connect(t, addr, models.Options{})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fillCenter migrates db and fills it with a demo center plus what the demo
// leaves out: a member with membership dates, a weekly series, a closure, a
// custom target, an assessment with an adjustment, a month's submission,
// reminder state, a session, a failed login and the signing key.
func fillCenter(t *testing.T, db *gorm.DB) {
	t.Helper()
	ctx := context.Background()
	must(t, migrations.Run(ctx, db))
	key, err := services.SigningKey(ctx, db, "", false)
	must(t, err)
	auth := services.NewAuth(db, testClock, key, bcrypt.MinCost)
	res, err := demo.Fill(ctx, db, testClock, shanghai, demo.Options{Seed: 3, Password: "demo-password", HashPassword: auth.HashPassword})
	must(t, err)
	if !res.Created || res.Activities < 1000 {
		t.Fatalf("demo: %+v", res)
	}
	audit := services.NewAudit(db, testClock)
	progress := counting.NewProgress(db, testClock, shanghai)
	users := services.NewUsers(db, testClock, shanghai, auth, audit)
	member, err := users.Create(ctx, services.System, services.NewUser{Username: "zhaolei", Password: "secret-123",
		Name: "赵磊", Role: models.RoleStaff, JoinedOn: "2026-03-01"})
	must(t, err)
	acts := services.NewActivities(db, testClock, shanghai, audit, progress)
	series, err := services.NewSeries(acts).Create(ctx, services.System, services.SeriesInput{
		Template: services.ActivityInput{Kind: "lecture", Title: "非遗讲座", OrganizerID: member.ID, Location: "社区礼堂",
			Start: time.Date(2026, 6, 20, 19, 0, 0, 0, shanghai), End: time.Date(2026, 6, 20, 20, 30, 0, 0, shanghai),
			ExpectedAttendance: 80, Notes: "第二期\n含\"引号\""},
		RRule: "FREQ=WEEKLY;COUNT=4"})
	must(t, err)
	if len(series.Activities) != 4 {
		t.Fatalf("series made %d activities, want 4", len(series.Activities))
	}
	_, _, err = services.NewClosures(db, audit).Create(ctx, services.System, services.ClosureInput{Date: "2026-07-01", Name: "馆内检修"})
	must(t, err)
	target, err := counting.NewTargets(db, testClock, audit).Create(ctx, services.System, counting.TargetInput{Year: 2026,
		Name: "讲座场次（自定）", Metric: counting.MetricCount, Kinds: []string{"lecture"}, Scope: counting.ScopeEachStaff, Value: 6})
	must(t, err)
	asm := counting.NewAssessments(db, testClock, shanghai, audit, progress)
	ceiling := 120.0
	scheme, err := asm.Create(ctx, services.System, counting.AssessmentInput{Year: 2026, Name: "年度考核", Period: models.PeriodYear,
		Base: 80, Ceiling: &ceiling, Rules: []counting.AssessmentRule{{TargetID: target.ID, Method: counting.MethodPerPoint, Bonus: 10, Penalty: 5}}})
	must(t, err)
	_, err = asm.AddAdjustment(ctx, services.System, scheme.ID, counting.AdjustmentInput{StaffID: member.ID, Points: 1.5, Reason: "领导交办", Date: "2026-05-20"})
	must(t, err)
	_, err = counting.NewSubmissions(db, testClock, shanghai, audit, progress).Submit(ctx, services.System, 2026, 5)
	must(t, err)
	must(t, db.Create(&models.NotificationPref{UserID: member.ID, Email: "zhaolei@example.org"}).Error)
	must(t, db.Create(&models.NotificationRead{UserID: member.ID, NotificationID: "due:2026-06", ReadAt: testNow}).Error)
	_, err = auth.Login(ctx, "zhaolei", "secret-123")
	must(t, err)
	_, err = auth.Login(ctx, "zhaolei", "wrong-password")
	if err == nil {
		t.Fatal("a wrong password logged in")
	}
}

// backupOf writes a backup of db and returns its bytes and manifest.
func backupOf(t *testing.T, db *gorm.DB) ([]byte, Manifest) {
	t.Helper()
	var buf bytes.Buffer
	m, err := New(db, testClock, "test").Write(context.Background(), &buf)
	must(t, err)
	return buf.Bytes(), m
}

func restoreInto(t *testing.T, db *gorm.DB, file []byte, force bool) Manifest {
	t.Helper()
	m, err := New(db, testClock, "test").Restore(context.Background(), bytes.NewReader(file), int64(len(file)), force)
	must(t, err)
	return m
}

// contents reads every backed-up row of db as portable JSON, sorted per
// table, times cut to digits fractional digits (-1: whole).
func contents(t *testing.T, db *gorm.DB, digits int) map[string][]string {
	t.Helper()
	ctx := context.Background()
	sqlDB, err := db.DB()
	must(t, err)
	tables, err := readSchema(ctx, sqlDB, models.DialectOf(db))
	must(t, err)
	out := map[string][]string{}
	for _, tb := range tables {
		if _, skip := ExcludedTables[tb.Name]; skip {
			continue
		}
		q, args := selectAll(tb)
		rows, err := sqlDB.QueryContext(ctx, q, args...)
		must(t, err)
		vals := make([]any, len(tb.Columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		out[tb.Name] = []string{}
		for rows.Next() {
			must(t, rows.Scan(ptrs...))
			row := map[string]any{}
			for i, c := range tb.Columns {
				v, err := encodeValue(c.Kind, vals[i])
				must(t, err)
				if s, ok := v.(string); ok && c.Kind == kindTime {
					tm, _ := time.Parse(time.RFC3339Nano, s)
					v = truncate(tm, digits).Format(time.RFC3339Nano)
				}
				row[c.Name] = v
			}
			b, err := json.Marshal(row)
			must(t, err)
			out[tb.Name] = append(out[tb.Name], string(b))
		}
		must(t, rows.Err())
		rows.Close()
		slices.Sort(out[tb.Name])
	}
	return out
}

// tally is the year's tally of db (with its progress rows by staff) as JSON.
func tally(t *testing.T, db *gorm.DB) string {
	t.Helper()
	files := map[string][]byte{}
	for lang, name := range map[string]string{"zh": "glossary.zh-CN.json", "en": "glossary.en.json"} {
		b, err := os.ReadFile("../../frontend/src/i18n/locales/" + name)
		must(t, err)
		files[lang] = b
	}
	g, err := glossary.Parse(files)
	must(t, err)
	progress := counting.NewProgress(db, testClock, shanghai)
	tl, err := counting.NewReports(db, testClock, shanghai, progress, g).Tally(context.Background(), services.System, 2026, "")
	must(t, err)
	b, err := json.Marshal(tl)
	must(t, err)
	return string(b)
}

// auditLog is every audit entry of db as the service lists it.
func auditLog(t *testing.T, db *gorm.DB) string {
	t.Helper()
	var all []services.AuditEntry
	var total int64
	for page := 1; ; page++ {
		entries, n, err := services.NewAudit(db, testClock).List(context.Background(), services.System,
			services.AuditFilter{Page: services.Page{Page: page, PerPage: services.MaxPerPage}})
		must(t, err)
		all, total = append(all, entries...), n
		if len(entries) < services.MaxPerPage {
			break
		}
	}
	if int64(len(all)) != total {
		t.Fatalf("listed %d audit entries of %d", len(all), total)
	}
	// The same instant, however the source spelled its offset (the demo
	// writes some in local time; a backup writes every time in UTC).
	for i := range all {
		all[i].At = all[i].At.UTC()
	}
	b, err := json.Marshal(all)
	must(t, err)
	return fmt.Sprintf("%d %s", total, b)
}

func rowCounts(m Manifest) map[string]int64 {
	out := map[string]int64{}
	for _, e := range m.Tables {
		out[e.Name] = e.Rows
	}
	return out
}

// diffContents reports the first tables whose rows differ.
func diffContents(t *testing.T, what string, want, got map[string][]string) {
	t.Helper()
	for name := range want {
		if _, ok := got[name]; !ok {
			t.Errorf("%s: table %s missing", what, name)
		}
	}
	for name, g := range got {
		w, ok := want[name]
		if !ok {
			t.Errorf("%s: table %s is new", what, name)
			continue
		}
		if len(w) != len(g) {
			t.Errorf("%s: table %s has %d rows, want %d", what, name, len(g), len(w))
			continue
		}
		for i := range w {
			if w[i] != g[i] {
				t.Errorf("%s: table %s differs:\n got %s\nwant %s", what, name, g[i], w[i])
				break
			}
		}
	}
}

// TestRoundTripSQLiteMySQLSQLite moves a center from SQLite to MySQL (to a
// second SQLite database when no MySQL server is configured) and back, and
// finds the same rows, tallies and audit at every stop.
func TestRoundTripSQLiteMySQLSQLite(t *testing.T) {
	src := openSQLite(t, "source.db")
	fillCenter(t, src)
	file1, m1 := backupOf(t, src)

	mid := openAddr(t, dbtest.NewAddr(t))
	restoreInto(t, mid, file1, false)
	file2, m2 := backupOf(t, mid)

	dst := openSQLite(t, "back.db")
	restoreInto(t, dst, file2, false)
	_, m3 := backupOf(t, dst)

	// MySQL keeps times to the millisecond (DATETIME(3)); SQLite keeps them whole.
	digits := -1
	if dbtest.IsMySQL() {
		digits = 3
		if m2.SourceEngine != models.MySQL {
			t.Fatalf("the middle database is %s, want mysql", m2.SourceEngine)
		}
	}
	want := contents(t, src, digits)
	diffContents(t, "middle", want, contents(t, mid, digits))
	diffContents(t, "back", want, contents(t, dst, digits))
	if !sameCounts(rowCounts(m1), rowCounts(m2)) || !sameCounts(rowCounts(m1), rowCounts(m3)) {
		t.Errorf("row counts differ:\n source %v\n middle %v\n back   %v", rowCounts(m1), rowCounts(m2), rowCounts(m3))
	}
	// The demo's year of activities, its 4-week series and the rest are
	// there: a round trip that lost a table would show here first.
	for table, least := range map[string]int64{"users": 27, "activities": 1000, "activity_staff": 1000, "activity_days": 1000,
		"series": 1, "targets": 5, "closures": 1, "audit_entries": 10, "assessments": 1, "assessment_adjustments": 1,
		"monthly_submissions": 1, "notification_prefs": 1, "notification_reads": 1, "official_lines": 1, "settings": 1,
		"venues": 6, "stations": 8, "teams": 10, "station_staff": 1, "activity_teams": 1} {
		if rowCounts(m3)[table] < least {
			t.Errorf("table %s has %d rows after the round trip, want at least %d", table, rowCounts(m3)[table], least)
		}
	}
	tSrc := tally(t, src)
	if tMid, tDst := tally(t, mid), tally(t, dst); tMid != tSrc || tDst != tSrc {
		t.Errorf("tallies differ:\n source %s\n middle %s\n back   %s", firstDiff(tSrc, tMid), firstDiff(tMid, tSrc), firstDiff(tDst, tSrc))
	}
	aSrc := auditLog(t, src)
	if aMid, aDst := auditLog(t, mid), auditLog(t, dst); aMid != aSrc || aDst != aSrc {
		t.Errorf("audit differs:\n source %s\n middle %s\n back   %s", firstDiff(aSrc, aMid), firstDiff(aMid, aSrc), firstDiff(aDst, aSrc))
	}
	// What the backup leaves out: sessions, throttles and the signing key.
	for _, db := range []*gorm.DB{mid, dst} {
		for _, q := range []string{"SELECT COUNT(*) FROM refresh_tokens", "SELECT COUNT(*) FROM login_throttles",
			"SELECT COUNT(*) FROM login_address_throttles",
			"SELECT COUNT(*) FROM settings WHERE `key` = '" + models.SettingJWTKey + "'"} {
			var n int64
			must(t, db.Raw(q).Scan(&n).Error)
			if n != 0 {
				t.Errorf("%s: %s = %d after a restore, want 0", models.DialectOf(db), q, n)
			}
		}
	}
	for _, q := range []string{"SELECT COUNT(*) FROM refresh_tokens", "SELECT COUNT(*) FROM login_throttles"} {
		var n int64
		must(t, src.Raw(q).Scan(&n).Error)
		if n == 0 {
			t.Errorf("the source has no rows for %s: the exclusion above proves nothing", q)
		}
	}
	// Each restore raised the fresh database's auth stamp (0 after the
	// migrations) once, so instances that cached logins read them again.
	for _, db := range []*gorm.DB{mid, dst} {
		var n int64
		must(t, db.Raw("SELECT n FROM auth_stamps WHERE id = 1").Scan(&n).Error)
		if n != 1 {
			t.Errorf("%s: auth stamp %d after a restore, want 1", models.DialectOf(db), n)
		}
	}
	// The data generation keeps its 64 slots (a restore does not empty
	// them), so writes after it still raise it and cached dashboards stay
	// exact.
	for _, db := range []*gorm.DB{mid, dst} {
		if _, err := models.ReadGeneration(db); err != nil {
			t.Errorf("%s: after a restore: %v", models.DialectOf(db), err)
		}
	}
	// Logins work on the restored password hashes.
	key, err := services.SigningKey(context.Background(), dst, "", false)
	must(t, err)
	if _, err := services.NewAuth(dst, testClock, key, bcrypt.MinCost).Login(context.Background(), "zhaolei", "secret-123"); err != nil {
		t.Errorf("login after the round trip: %v", err)
	}
	// The id counters go on from the restored rows on both engines.
	for _, db := range []*gorm.DB{mid, dst} {
		assertNextID(t, db, "closures")
	}
}

// firstDiff shows a around the first byte where it differs from b.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-150):min(len(a), i+150)]
}

func sameCounts(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// assertNextID creates a closure through the service and checks it takes
// the id after the highest restored one.
func assertNextID(t *testing.T, db *gorm.DB, table string) {
	t.Helper()
	var top uint64
	must(t, db.Raw("SELECT MAX(id) FROM "+table).Scan(&top).Error)
	c, _, err := services.NewClosures(db, services.NewAudit(db, testClock)).Create(context.Background(), services.System,
		services.ClosureInput{Date: "2026-12-30", Name: "年终盘点"})
	must(t, err)
	if c.ID != top+1 {
		t.Errorf("%s: a new closure got id %d, want %d (one past the restored rows)", models.DialectOf(db), c.ID, top+1)
	}
}

// TestEveryTableIsBackedUpOrExcluded holds the backup to the schema: every
// table the migrations create is in the backup or excluded with a reason,
// and a table nobody told the backup about is backed up and restored too.
func TestEveryTableIsBackedUpOrExcluded(t *testing.T) {
	db := dbtest.Open(t)
	ctx := context.Background()
	must(t, db.Exec("CREATE TABLE future_things (id INTEGER NOT NULL PRIMARY KEY, label VARCHAR(20) NOT NULL, done BOOLEAN NOT NULL, at DATETIME(3))").Error)
	must(t, db.Exec("INSERT INTO future_things (id, label, done, at) VALUES (7, '新表', 1, '2026-06-15 04:00:00.123'), (9, 'x', 0, NULL)").Error)
	file, m := backupOf(t, db)
	sqlDB, err := db.DB()
	must(t, err)
	tables, err := readSchema(ctx, sqlDB, models.DialectOf(db))
	must(t, err)
	inBackup := map[string]bool{}
	for _, e := range m.Tables {
		inBackup[e.Name] = true
	}
	excluded := map[string]bool{}
	for _, x := range m.Excluded {
		if x.Reason == "" {
			t.Errorf("exclusion of %s gives no reason", x.Table)
		}
		if x.Where == "" {
			excluded[x.Table] = true
		}
	}
	for _, tb := range tables {
		if inBackup[tb.Name] == excluded[tb.Name] {
			t.Errorf("table %s: in the backup %v, excluded %v; want exactly one", tb.Name, inBackup[tb.Name], excluded[tb.Name])
		}
	}
	if !inBackup["future_things"] || rowCounts(m)["future_things"] != 2 {
		t.Fatalf("a new table is not backed up: %v", rowCounts(m))
	}
	for name := range ExcludedTables {
		if !hasTable(tables, name) && !(name == "schema_migration_lock" && !dbtest.IsMySQL()) {
			t.Errorf("ExcludedTables names %s, which the schema does not have", name)
		}
	}
	// The new table comes back into a database that has it.
	other := dbtest.Open(t)
	must(t, other.Exec("CREATE TABLE future_things (id INTEGER NOT NULL PRIMARY KEY, label VARCHAR(20) NOT NULL, done BOOLEAN NOT NULL, at DATETIME(3))").Error)
	restoreInto(t, other, file, false)
	diffContents(t, "future table", contents(t, db, -1), contents(t, other, -1))
}

// TestBackupOfAnUnmigratedDatabaseIsRefused: there is nothing to restore from it.
func TestBackupOfAnUnmigratedDatabaseIsRefused(t *testing.T) {
	db := openSQLite(t, "empty.db")
	_, err := New(db, testClock, "test").Write(context.Background(), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "no CenterStage schema") {
		t.Fatalf("backup of an empty database = %v, want the no-schema refusal", err)
	}
}
