package services_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/servicestest"
)

// TestBookingStatements counts what one booking sends to the database: the
// statements GORM runs on either engine and, on MySQL, the round trips the
// server counted on the one connection the test pins (BEGIN, COMMIT and the
// isolation level included; a prepared statement would add its prepare).
// The bounds are counts, not timings: a change that adds a statement to the
// booking path has to raise them on purpose.
func TestBookingStatements(t *testing.T) {
	s := newSched(t)
	ctx := context.Background()
	sqlDB, err := s.db.DB()
	s.must(err)
	sqlDB.SetMaxOpenConns(1)
	mysql := models.DialectOf(s.db) == models.MySQL
	// A lecture in Hall 0 organized by staff[0] with staff[1], Choir 0 and
	// the station: every kind of reference and resource a booking checks.
	in := s.input(10, "10:00", "11:00", s.staff[0], s.venues[0])
	in.StaffIDs = []uint64{s.staff[1].UserID}
	in.TeamIDs = []uint64{s.teams[0]}
	in.StationID = &s.station
	// One earlier booking of the same hall, person and team the refused
	// case runs into: three clashes (venue, staff[1], team), all reported.
	busy := s.input(11, "10:00", "11:00", s.staff[1], s.venues[0])
	busy.TeamIDs = []uint64{s.teams[0]}
	s.create(s.manager, busy)

	// Three lectures at once (CreateAll) in Hall 1 for staff[2]: no team,
	// no station, one day each.
	three := func() error {
		var ins []services.ActivityInput
		for day := 12; day <= 14; day++ {
			ins = append(ins, s.input(day, "10:00", "11:00", s.staff[2], s.venues[1]))
		}
		_, err := s.acts.CreateAll(ctx, s.staff[2], "activities", ins)
		return err
	}
	one := func(day int) func() error {
		return func() error {
			in := in
			in.Start, in.End = s.at(day, "10:00"), s.at(day, "11:00")
			_, err := s.acts.Create(ctx, s.staff[0], in)
			return err
		}
	}
	cases := []struct {
		name       string
		call       func() error
		want       services.ErrorKind
		sqlite     int   // GORM statements on SQLite
		mysql      int   // GORM statements on MySQL, the lock writes included
		roundTrips int64 // on MySQL: the statements, SET TRANSACTION, START TRANSACTION, COMMIT or ROLLBACK
	}{
		// One read (references, bookings of the hall, both people and the
		// team, closures) and five inserts (activity, staff, team, day,
		// audit), then the raise of the data generation; MySQL first
		// raises the lock counters of the venue, the two users and the
		// team: three writes.
		{"free slot", one(10), "", 7, 10, 13},
		// The same read, no writes.
		{"refused", one(11), services.Conflict, 1, 4, 7},
		// One read, four batched inserts (no team rows) and the raise of
		// the data generation; two lock writes (venue, user).
		{"three at once", three, "", 6, 8, 11},
	}
	stmts := servicestest.CountStatements(t, s.db)
	for _, c := range cases {
		var before servicestest.ServerCounts
		if mysql {
			before = servicestest.ReadServerCounts(t, s.db)
		}
		stmts.Reset()
		err := c.call()
		n := stmts.N()
		if kindOf(err) != c.want {
			t.Fatalf("%s: got %v, want %q", c.name, err, c.want)
		}
		var se *services.Error
		if errors.As(err, &se) {
			if got := len(se.Details["conflicts"].([]services.ConflictItem)); got != 3 {
				t.Errorf("%s: %d clashes, want 3: %v", c.name, got, se.Details)
			}
		}
		t.Logf("%s: %d statements\n%s", c.name, n, stmts)
		bound := c.sqlite
		if mysql {
			bound = c.mysql
		}
		if n > bound {
			t.Errorf("%s: %d statements, want at most %d:\n%s", c.name, n, bound, stmts)
		}
		if !mysql {
			continue
		}
		got := servicestest.ReadServerCounts(t, s.db).Sub(before)
		t.Logf("%s: server counted %d questions, %d prepares", c.name, got.Questions, got.Prepares)
		if got.Prepares != 0 {
			t.Errorf("%s: %d statements prepared apart: arguments should be interpolated", c.name, got.Prepares)
		}
		if got.RoundTrips() > c.roundTrips {
			t.Errorf("%s: %d round trips, want at most %d", c.name, got.RoundTrips(), c.roundTrips)
		}
	}
}

// TestListingStatements counts a month's listing: the count, the page and
// the staff and team rows of its activities in one read. A staff member's
// month is the same three, its subquery built without a statement of its own.
func TestListingStatements(t *testing.T) {
	s := newSched(t)
	ctx := context.Background()
	s.create(s.staff[0], s.input(10, "10:00", "11:00", s.staff[0], s.venues[0]))
	s.create(s.staff[1], s.input(10, "10:00", "11:00", s.staff[1], s.venues[1]))
	stmts := servicestest.CountStatements(t, s.db)
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, s.loc)
	for _, c := range []struct {
		name  string
		f     services.ActivityFilter
		items int
	}{
		{"the center's month", services.ActivityFilter{From: from, To: from.AddDate(0, 1, 0)}, 2},
		{"one staff member's month", services.ActivityFilter{From: from, To: from.AddDate(0, 1, 0), StaffIDs: []uint64{s.staff[0].UserID}}, 1},
	} {
		stmts.Reset()
		items, total, err := s.acts.List(ctx, s.viewer, c.f)
		if err != nil || len(items) != c.items || total != int64(c.items) {
			t.Fatalf("%s: %v, %d items of %d, want %d", c.name, err, len(items), total, c.items)
		}
		if n := stmts.N(); n != 3 {
			t.Errorf("%s: %d statements, want 3 (count, page, participants):\n%s", c.name, n, stmts)
		}
	}
}
