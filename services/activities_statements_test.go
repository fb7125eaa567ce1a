package services_test

import (
	"context"
	"testing"

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
	// One earlier booking of the same hall, person and team the clash
	// case runs into: three clashes.
	busy := s.input(11, "10:00", "11:00", s.staff[1], s.venues[0])
	busy.TeamIDs = []uint64{s.teams[0]}
	s.create(s.manager, busy)

	cases := []struct {
		name       string
		day        int
		want       services.ErrorKind
		sqlite     int   // GORM statements on SQLite
		mysql      int   // GORM statements on MySQL, the three locks included
		roundTrips int64 // on MySQL: the statements, SET TRANSACTION, START TRANSACTION, COMMIT or ROLLBACK
	}{
		// 5 reference reads (venue, station, team, organizer, staff), 4
		// conflict reads (venue, staff, team, closures), 5 inserts
		// (activity, staff, team, day, audit); MySQL adds 3 lock writes.
		{"free slot", 10, "", 14, 17, 20},
		// The same reads, no writes.
		{"refused", 11, services.Conflict, 9, 12, 15},
	}
	stmts := servicestest.CountStatements(t, s.db)
	for _, c := range cases {
		in := in
		in.Start, in.End = s.at(c.day, "10:00"), s.at(c.day, "11:00")
		var before servicestest.ServerCounts
		if mysql {
			before = servicestest.ReadServerCounts(t, s.db)
		}
		stmts.Reset()
		_, err := s.acts.Create(ctx, s.staff[0], in)
		n := stmts.N()
		if kindOf(err) != c.want {
			t.Fatalf("%s: got %v, want %q", c.name, err, c.want)
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
