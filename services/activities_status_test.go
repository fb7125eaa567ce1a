package services_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/services"
)

// childWrites records every write to the staff, team and day rows of
// activities made through db while on is set.
type childWrites struct {
	mu  sync.Mutex
	on  bool
	log []string
}

func watchChildWrites(t *testing.T, db *gorm.DB) *childWrites {
	t.Helper()
	w := &childWrites{}
	record := func(op string) func(*gorm.DB) {
		return func(d *gorm.DB) {
			switch d.Statement.Table {
			case "activity_staff", "activity_teams", "activity_days":
				w.mu.Lock()
				if w.on {
					w.log = append(w.log, op+" "+d.Statement.Table)
				}
				w.mu.Unlock()
			}
		}
	}
	cb := db.Callback()
	for _, err := range []error{
		cb.Create().Before("gorm:create").Register("test:child_create", record("insert")),
		cb.Update().Before("gorm:update").Register("test:child_update", record("update")),
		cb.Delete().Before("gorm:delete").Register("test:child_delete", record("delete")),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// during returns the child writes made by do.
func (w *childWrites) during(do func()) []string {
	w.mu.Lock()
	w.on, w.log = true, nil
	w.mu.Unlock()
	do()
	w.mu.Lock()
	defer w.mu.Unlock()
	w.on = false
	return w.log
}

// childRows is every staff, team and day row of activity id, in key order.
func (s *sched) childRows(id uint64) string {
	s.t.Helper()
	var staff, teams []struct {
		ResourceID     uint64
		StartAt, EndAt time.Time
	}
	s.must(s.db.Table("activity_staff").Select("user_id AS resource_id, start_at, end_at").
		Where("activity_id = ?", id).Order("user_id").Scan(&staff).Error)
	s.must(s.db.Table("activity_teams").Select("team_id AS resource_id, start_at, end_at").
		Where("activity_id = ?", id).Order("team_id").Scan(&teams).Error)
	var days []string
	s.must(s.db.Table("activity_days").Where("activity_id = ?", id).Order("day").Pluck("day", &days).Error)
	if len(staff) == 0 || len(teams) == 0 || len(days) == 0 {
		s.t.Fatalf("activity %d lacks child rows: staff %v teams %v days %v", id, staff, teams, days)
	}
	return fmt.Sprintf("staff %v teams %v days %v", staff, teams, days)
}

// Status changes alter neither times nor participants, so they must leave
// the staff, team and day rows exactly as they are: not rewritten, not lost.
func TestStatusChangesKeepChildRows(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	w := watchChildWrites(t, s.db)
	// 22:00 to 01:00 across midnight, before the clock: two days, two staff, a team, a venue.
	in := services.ActivityInput{Kind: "performance", Title: "夜场演出", Start: s.now.Add(-10 * time.Hour),
		End: s.now.Add(-7 * time.Hour), OrganizerID: s.staff[0].UserID, StaffIDs: []uint64{s.staff[1].UserID},
		TeamIDs: []uint64{s.teams[0]}, VenueID: &s.venues[0], ExpectedAttendance: 50}
	a := s.create(s.staff[0], in)
	rows := s.childRows(a.ID)

	steps := []struct {
		name string
		do   func() error
	}{
		{"complete", func() error {
			_, err := s.acts.Complete(ctx, s.staff[0], a.ID, services.Completion{ActualAttendance: 42, Notes: ptr("ok")})
			return err
		}},
		{"reopen completed", func() error {
			_, err := s.acts.Reopen(ctx, s.manager, a.ID, 0)
			return err
		}},
		{"cancel", func() error {
			_, err := s.acts.Cancel(ctx, s.staff[0], a.ID, 0, services.ScopeThis)
			return err
		}},
		{"reopen cancelled", func() error {
			_, err := s.acts.Reopen(ctx, s.manager, a.ID, 0)
			return err
		}},
	}
	version := a.Version
	for _, st := range steps {
		var err error
		if writes := w.during(func() { err = st.do() }); len(writes) > 0 {
			t.Errorf("%s rewrote child rows: %v", st.name, writes)
		}
		s.must(err)
		if got := s.childRows(a.ID); got != rows {
			t.Errorf("%s changed child rows:\n got %s\nwant %s", st.name, got, rows)
		}
		got, err := s.acts.Get(ctx, s.manager, a.ID)
		s.must(err)
		if version++; got.Version != version {
			t.Errorf("%s: version %d, want %d", st.name, got.Version, version)
		}
		if !reflect.DeepEqual(got.StaffIDs, a.StaffIDs) || !reflect.DeepEqual(got.TeamIDs, a.TeamIDs) {
			t.Errorf("%s: participants %v %v, want %v %v", st.name, got.StaffIDs, got.TeamIDs, a.StaffIDs, a.TeamIDs)
		}
	}
	// An update still rewrites them (the watch itself works).
	if writes := w.during(func() {
		_, err := s.acts.Update(ctx, s.staff[0], a.ID, services.ActivityPatch{Version: version, Title: ptr("改名")}, services.ScopeThis)
		s.must(err)
	}); len(writes) == 0 {
		t.Fatal("update wrote no child rows: the watch sees nothing")
	}
}
