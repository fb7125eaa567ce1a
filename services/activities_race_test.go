package services_test

import (
	"context"
	"fmt"
	"testing"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/servicestest"
)

// raceResults is servicestest.Race under the name these tests use.
func raceResults(n int, call func(i int) error) map[services.ErrorKind]int {
	return servicestest.Race(n, call)
}

// racers makes n staff members, each to book under their own name.
func racers(s *sched, n int) []services.Actor {
	people := make([]services.Actor, n)
	for i := range people {
		people[i] = s.user(fmt.Sprintf("racer%d", i), models.RoleStaff)
	}
	return people
}

// assertOneWinner checks that of n racers for one slot exactly one got it and
// the others were refused as conflicts, and that the database holds no overlap.
func assertOneWinner(t *testing.T, s *sched, got map[services.ErrorKind]int, n int) {
	t.Helper()
	if got[""] != 1 || got[services.Conflict] != n-1 {
		t.Fatalf("results by kind %v: want exactly one success and %d conflicts", got, n-1)
	}
	assertNoOverlap(t, s)
}

// assertNoOverlap checks the invariant directly in the database with a self
// join: no two non-cancelled activities overlap in a venue or for a person.
func assertNoOverlap(t *testing.T, s *sched) {
	t.Helper()
	var n int64
	s.must(s.db.Raw(`SELECT COUNT(*) FROM activities a JOIN activities b
		ON a.id < b.id AND a.venue_id = b.venue_id AND a.start_at < b.end_at AND b.start_at < a.end_at
		WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'`).Scan(&n).Error)
	var m int64
	s.must(s.db.Raw(`SELECT COUNT(*) FROM activity_staff a JOIN activity_staff b
		ON a.activity_id < b.activity_id AND a.user_id = b.user_id AND a.start_at < b.end_at AND b.start_at < a.end_at
		JOIN activities x ON x.id = a.activity_id JOIN activities y ON y.id = b.activity_id
		WHERE x.status <> 'cancelled' AND y.status <> 'cancelled'`).Scan(&m).Error)
	if n != 0 || m != 0 {
		t.Fatalf("overlapping bookings in the database: %d by venue, %d by person", n, m)
	}
}

func TestRaceForOneSlot(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	const n = 24
	// Every request wants Hall 0 at 10:00 on March 10, each with its own
	// organizer and a slightly different interval, so only the venue collides.
	people := racers(s, n)
	got := raceResults(n, func(i int) error {
		in := s.input(10, "10:00", fmt.Sprintf("11:%02d", i), people[i], s.venues[0])
		_, err := s.acts.Create(ctx, people[i], in)
		return err
	})
	assertOneWinner(t, s, got, n)
}

func TestRaceToRescheduleIntoOneSlot(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	const n = 12
	var acts []*models.Activity
	for i := 0; i < n; i++ {
		u := s.user(fmt.Sprintf("mover%d", i), models.RoleStaff)
		acts = append(acts, s.create(u, s.input(1+i, "10:00", "11:00", u, s.venues[1])))
	}
	// Every activity is moved onto March 20, 15:00-16:00 in Hall 1 at once.
	got := raceResults(n, func(i int) error {
		_, err := s.acts.Update(ctx, s.manager, acts[i].ID, services.ActivityPatch{Version: acts[i].Version,
			Start: ptr(s.at(20, "15:00")), End: ptr(s.at(20, "16:00"))}, services.ScopeThis)
		return err
	})
	assertOneWinner(t, s, got, n)
}

func TestRaceSeriesAgainstSingles(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	// A weekly series and single bookings of its third date race for staff1.
	const n = 8
	got := raceResults(n, func(i int) error {
		if i == 0 {
			tpl := s.input(2, "19:00", "21:00", s.staff[1], 0)
			_, err := s.series.Create(ctx, s.staff[1], services.SeriesInput{Template: tpl, RRule: "FREQ=WEEKLY;COUNT=5"})
			return err
		}
		_, err := s.acts.Create(ctx, s.manager, s.input(16, "20:00", "20:30", s.staff[1], 0))
		return err
	})
	assertOneWinner(t, s, got, n)
}
