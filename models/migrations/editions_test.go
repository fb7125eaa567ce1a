package migrations_test

import (
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/models/migrations"
)

func migrateTo(t *testing.T, db *gorm.DB, id string) {
	t.Helper()
	if err := migrations.MigrateTo(db, id); err != nil {
		t.Fatalf("migrate to %s: %v", id, err)
	}
}

// A database with splits made before editions existed: series 1 was split
// into 2 (from its 5th session), 2 again into 3; series 4 is a class of its
// own; series 5 was split off 4 but its audit entry is gone. After the step
// 1, 2 and 3 are one edition (1), 4 is its own, 5 stays its own, and every
// series member carries its series' edition while a lone activity has none.
func TestEditionsFoundFromSplitEntries(t *testing.T) {
	db := dbtest.Connect(t, dbtest.NewAddr(t), models.Options{})
	migrateTo(t, db, "202612010902_official_lines")
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for id := 1; id <= 5; id++ {
		if err := db.Exec("INSERT INTO series (id, rrule, skip_holidays, time_zone, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			id, "FREQ=WEEKLY;COUNT=4", false, "Asia/Shanghai", 1, now).Error; err != nil {
			t.Fatal(err)
		}
	}
	acts := []struct {
		id     int
		series any
	}{{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}, {6, nil}}
	for _, a := range acts {
		if err := db.Exec("INSERT INTO activities (id, kind, title, start_at, end_at, local_date, location, organizer_id,"+
			" expected_attendance, status, series_id, notes, version, created_by, created_at, updated_at)"+
			" VALUES (?, 'training', 't', ?, ?, '2026-03-01', '', 1, 0, 'planned', ?, '', 1, 1, ?, ?)",
			a.id, now, now.Add(time.Hour), a.series, now, now).Error; err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range []struct {
		id     uint64
		before string
	}{{2, `{"series_id":1}`}, {3, `{"series_id":2}`}} {
		if err := db.Exec("INSERT INTO audit_entries (at, actor_id, action, entity, entity_id, `before`, `after`, request_id)"+
			" VALUES (?, 1, 'split', 'series', ?, ?, '{}', '')", now, e.id, e.before).Error; err != nil {
			t.Fatal(err)
		}
	}
	migrateTo(t, db, "202612010903_editions")

	want := map[uint64]uint64{1: 1, 2: 1, 3: 1, 4: 4, 5: 5}
	var series []struct{ ID, EditionID uint64 }
	if err := db.Table("series").Select("id, edition_id").Order("id").Scan(&series).Error; err != nil {
		t.Fatal(err)
	}
	for _, s := range series {
		if want[s.ID] != s.EditionID {
			t.Errorf("series %d: edition %d, want %d", s.ID, s.EditionID, want[s.ID])
		}
	}
	var rows []struct {
		ID        uint64
		EditionID *uint64
	}
	if err := db.Table("activities").Select("id, edition_id").Order("id").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		var w uint64
		if r.ID <= 5 {
			w = want[r.ID] // activity i is in series i
		}
		got := uint64(0)
		if r.EditionID != nil {
			got = *r.EditionID
		}
		if got != w {
			t.Errorf("activity %d: edition %d, want %d (0: none)", r.ID, got, w)
		}
	}
}
