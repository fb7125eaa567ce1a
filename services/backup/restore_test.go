package backup

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/models/migrations"
	"centerstage/services"
	"centerstage/services/servicestest"
)

// smallCenter is a migrated database with two staff, a closure per date
// given and their audit entries.
func smallCenter(t *testing.T, db *gorm.DB, dates ...string) {
	t.Helper()
	must(t, migrations.Run(context.Background(), db))
	servicestest.User(t, db, "wangfang", models.RoleStaff)
	servicestest.User(t, db, "lijing", models.RoleManager)
	closures := services.NewClosures(db, services.NewAudit(db, testClock))
	for _, d := range dates {
		_, _, err := closures.Create(context.Background(), services.System, services.ClosureInput{Date: d, Name: "闭馆 " + d})
		must(t, err)
	}
}

// schemaState is what a refused restore must leave as it was: the applied
// migrations and every row.
func schemaState(t *testing.T, db *gorm.DB) string {
	t.Helper()
	applied, err := migrations.Applied(context.Background(), db)
	must(t, err)
	var tables []string
	must(t, db.Raw(map[string]string{
		models.SQLite: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
		models.MySQL:  "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name",
	}[models.DialectOf(db)]).Scan(&tables).Error)
	state := strings.Join(applied, ",") + "|" + strings.Join(tables, ",")
	if len(applied) > 0 {
		all := contents(t, db, -1)
		for _, name := range slices.Sorted(maps.Keys(all)) {
			state += "|" + name + ":" + strings.Join(all[name], ";")
		}
	}
	return state
}

func TestRestoreRefusesANonEmptyDatabaseWithoutForce(t *testing.T) {
	src := dbtest.Open(t)
	smallCenter(t, src, "2026-07-01")
	file, _ := backupOf(t, src)

	dst := dbtest.Open(t)
	smallCenter(t, dst, "2026-08-01", "2026-08-02", "2026-08-03")
	before := schemaState(t, dst)
	_, err := New(dst, testClock, "test").Restore(context.Background(), bytes.NewReader(file), int64(len(file)), false)
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "--force") || !strings.Contains(err.Error(), "2 users") {
		t.Fatalf("restore into a used database = %v, want ErrNotEmpty naming its 2 users and --force", err)
	}
	if after := schemaState(t, dst); after != before {
		t.Fatalf("a refused restore changed the database:\nbefore %.400s\nafter  %.400s", before, after)
	}

	// With --force the backup replaces everything, and the closures' counter
	// (at 3 in dst) goes back to the backup's one closure.
	gen, err := models.ReadGeneration(dst)
	must(t, err)
	restoreInto(t, dst, file, true)
	diffContents(t, "forced", contents(t, src, -1), contents(t, dst, -1))
	// A server left running on dst must not answer from its cache.
	if after, err := models.ReadGeneration(dst); err != nil || after == gen {
		t.Errorf("data generation after a forced restore: %v, changed %v; want it raised", err, after != gen)
	}
	assertNextID(t, dst, "closures") // id 2, not 4
}

// A database that only ran the migrations (which fill the official lines)
// counts as empty.
func TestRestoreIntoAMigratedEmptyDatabase(t *testing.T) {
	src := dbtest.Open(t)
	smallCenter(t, src, "2026-07-01")
	file, _ := backupOf(t, src)
	dst := dbtest.Open(t)
	restoreInto(t, dst, file, false)
	diffContents(t, "migrated", contents(t, src, -1), contents(t, dst, -1))
}

// rezip rewrites a backup, passing each file's bytes through edit.
func rezip(t *testing.T, file []byte, edit func(name string, b []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	must(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		must(t, err)
		b, err := io.ReadAll(rc)
		must(t, err)
		rc.Close()
		w, err := zw.Create(f.Name)
		must(t, err)
		_, err = w.Write(edit(f.Name, b))
		must(t, err)
	}
	must(t, zw.Close())
	return out.Bytes()
}

func TestRestoreRefusesADamagedOrNewerFile(t *testing.T) {
	src := dbtest.Open(t)
	smallCenter(t, src, "2026-07-01", "2026-07-02")
	file, _ := backupOf(t, src)
	replace := func(target, old, new string) []byte {
		return rezip(t, file, func(name string, b []byte) []byte {
			if name == target {
				if !bytes.Contains(b, []byte(old)) {
					t.Fatalf("%s does not contain %q", name, old)
				}
				return bytes.Replace(b, []byte(old), []byte(new), 1)
			}
			return b
		})
	}
	// A flipped bit in the middle of the compressed closures.
	flipped := bytes.Clone(file)
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	must(t, err)
	for _, f := range zr.File {
		if f.Name == "tables/closures.jsonl" {
			off, err := f.DataOffset()
			must(t, err)
			flipped[off+int64(f.CompressedSize64)/2] ^= 0x10
		}
	}
	cases := []struct {
		name string
		file []byte
		want error
		text string
	}{
		{"not a zip", []byte("PRAGMA; this is no backup"), ErrCorrupt, "not a CenterStage backup"},
		{"cut short", file[:len(file)/2], ErrCorrupt, "damaged"},
		{"a flipped byte", flipped, ErrCorrupt, "damaged"},
		{"a newer format", replace(manifestName, `"format_version": 1`, `"format_version": 2`), ErrNewerFormat, "format version 2"},
		{"another format", replace(manifestName, `"format": "centerstage-backup"`, `"format": "other"`), ErrCorrupt, `format "other"`},
		{"a row changed, checksum kept", replace("tables/closures.jsonl", "2026-07-02", "2026-07-03"), ErrCorrupt, "SHA-256"},
		{"a row count changed", replace(manifestName, `"rows": 2`, `"rows": 3`), ErrCorrupt, "the manifest says 3"},
		{"an unknown manifest field", replace(manifestName, `"schema": "`, `"x_schema": "", "schema": "`), ErrCorrupt, "unknown field"},
		{"a step this build does not know", replace(manifestName, `"migrations": [`, `"migrations": [ "209901010001_future",`), ErrUnknownSchema, "newer CenterStage"},
		{"a schema that is not the last step", replace(manifestName, `"schema": "`, `"schema": "x`), ErrCorrupt, "names no schema"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dst := openAddr(t, dbtest.NewAddr(t))
			before := schemaState(t, dst)
			_, err := New(dst, testClock, "test").Restore(context.Background(), bytes.NewReader(c.file), int64(len(c.file)), true)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.text) {
				t.Fatalf("restore = %v, want %v containing %q", err, c.want, c.text)
			}
			if after := schemaState(t, dst); after != before {
				t.Fatalf("a refused restore changed the database: %q -> %q", before, after)
			}
		})
	}
}

// TestRestoreRefusesAFutureSchema: a backup whose last step this build does
// not know came from a newer CenterStage.
func TestRestoreRefusesAFutureSchema(t *testing.T) {
	src := dbtest.Open(t)
	smallCenter(t, src)
	must(t, src.Exec("INSERT INTO schema_migrations (id) VALUES ('209901010001_future')").Error)
	file, m := backupOf(t, src)
	if m.Schema != "209901010001_future" {
		t.Fatalf("schema %q, want the future step last", m.Schema)
	}
	dst := openAddr(t, dbtest.NewAddr(t))
	_, err := New(dst, testClock, "test").Restore(context.Background(), bytes.NewReader(file), int64(len(file)), true)
	if !errors.Is(err, ErrUnknownSchema) || !strings.Contains(err.Error(), "newer CenterStage") {
		t.Fatalf("restore = %v, want ErrUnknownSchema", err)
	}
}

// TestRestoreOfAnOlderSchema loads a backup taken before the last steps
// into an empty database and migrates it on; a database already migrated
// past the backup is refused.
func TestRestoreOfAnOlderSchema(t *testing.T) {
	ids := migrations.IDs()
	old := "202612010903_editions"
	src := openAddr(t, dbtest.NewAddr(t))
	must(t, migrations.RunTo(context.Background(), src, old))
	servicestest.User(t, src, "wangfang", models.RoleStaff)
	must(t, src.Exec("INSERT INTO series (id, rrule, skip_holidays, time_zone, created_by, created_at, edition_id) VALUES (4, 'FREQ=DAILY;COUNT=2', 0, 'Asia/Shanghai', 1, '2026-06-01 00:00:00', 4)").Error)
	file, m := backupOf(t, src)
	if m.Schema != old || len(m.Migrations) == len(ids) {
		t.Fatalf("backup at %s with %d steps, want %s before the last steps", m.Schema, len(m.Migrations), old)
	}

	dst := openAddr(t, dbtest.NewAddr(t))
	restoreInto(t, dst, file, false)
	applied, err := migrations.Applied(context.Background(), dst)
	must(t, err)
	if len(applied) != len(ids) {
		t.Errorf("after the restore the database has %d steps, want all %d", len(applied), len(ids))
	}
	var n int64
	must(t, dst.Raw("SELECT COUNT(*) FROM users WHERE username = 'wangfang'").Scan(&n).Error)
	if n != 1 {
		t.Errorf("the older backup's user is not there")
	}

	ahead := dbtest.Open(t)
	_, err = New(ahead, testClock, "test").Restore(context.Background(), bytes.NewReader(file), int64(len(file)), true)
	if !errors.Is(err, ErrSchemaAhead) || !strings.Contains(err.Error(), "new, empty database") {
		t.Fatalf("restore into a database past the backup = %v, want ErrSchemaAhead", err)
	}
}
