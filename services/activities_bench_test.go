package services_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/servicestest"
)

// seedBusy fills the calendar with n activities through bulk inserts that
// follow the stored form (staff and day rows included): 30 venues, 100
// staff, twelve one-hour slots a day (08:00-20:00 local) in every venue,
// from 2026-01-01 on. 10^5 activities cover about nine months.
func seedBusy(b testing.TB, s *sched, n int) (venue uint64, organizer services.Actor) {
	b.Helper()
	var venues, people []uint64
	for i := 0; i < 30; i++ {
		v := models.Venue{Name: fmt.Sprintf("bench hall %d", i), Capacity: 50, Active: true, Version: 1}
		s.must(s.db.Create(&v).Error)
		venues = append(venues, v.ID)
	}
	for i := 0; i < 100; i++ {
		people = append(people, s.user(fmt.Sprintf("bench%d", i), models.RoleStaff).UserID)
	}
	day0 := time.Date(2026, 1, 1, 8, 0, 0, 0, s.loc)
	const batch = 2000
	for k0 := 0; k0 < n; k0 += batch {
		var acts []*models.Activity
		for k := k0; k < min(n, k0+batch); k++ {
			start := day0.AddDate(0, 0, k/360).Add(time.Duration(k/30%12) * time.Hour).UTC()
			v := venues[k%30]
			acts = append(acts, &models.Activity{Kind: models.Kinds[k%len(models.Kinds)], Title: fmt.Sprintf("活动 %d", k),
				StartAt: start, EndAt: start.Add(time.Hour), LocalDate: start.In(s.loc).Format(time.DateOnly),
				VenueID: &v, OrganizerID: people[k%100], Status: models.StatusPlanned, Version: 1, CreatedBy: people[k%100]})
		}
		servicestest.SeedActivities(b, s.db, s.loc, acts...)
	}
	return venues[0], services.Actor{UserID: people[0], Role: models.RoleStaff}
}

// benchBusy runs body once per calendar size (10^3 and 10^5 activities), on
// a fresh database seeded by seedBusy.
func benchBusy(b *testing.B, body func(b *testing.B, s *sched, n int, venue uint64, org services.Actor)) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("existing=%d", n), func(b *testing.B) {
			s := newSched(b)
			venue, org := seedBusy(b, s, n)
			body(b, s, n, venue, org)
		})
	}
}

// benchLecture is a lecture for org in venue from one local hour to another
// on a day in the middle of the seeded months.
func benchLecture(s *sched, n int, venue uint64, org services.Actor, from, to time.Duration) services.ActivityInput {
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, s.loc).AddDate(0, 0, n/360/2)
	return services.ActivityInput{Kind: "lecture", Title: "bench", OrganizerID: org.UserID, VenueID: &venue,
		Start: day.Add(from * time.Hour), End: day.Add(to * time.Hour)}
}

// BenchmarkCreateWithConflictCheck creates one activity in a busy venue for
// a busy organizer, in a free evening slot amid the seeded months: locks,
// reference checks, the three conflict queries and the writes. The created
// activity is deleted with the timer stopped, so the table keeps its size.
func BenchmarkCreateWithConflictCheck(b *testing.B) {
	benchBusy(b, func(b *testing.B, s *sched, n int, venue uint64, org services.Actor) {
		ctx := context.Background()
		in := benchLecture(s, n, venue, org, 20, 21)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			a, err := s.acts.Create(ctx, org, in)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			s.must(s.acts.Delete(ctx, s.manager, a.ID, 0))
			b.StartTimer()
		}
	})
}

// BenchmarkCreateRefusedByConflict is the same create landing on a booked
// slot: the full check runs and the 409 lists the clashes.
func BenchmarkCreateRefusedByConflict(b *testing.B) {
	benchBusy(b, func(b *testing.B, s *sched, n int, venue uint64, org services.Actor) {
		ctx := context.Background()
		in := benchLecture(s, n, venue, org, 8, 20)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := s.acts.Create(ctx, org, in); !services.IsKind(err, services.Conflict) {
				b.Fatalf("want a conflict, got %v", err)
			}
		}
	})
}

// BenchmarkListMonth lists one month of the busy calendar: the count and a
// first page of 100 with staff and teams, and one venue's whole month.
func BenchmarkListMonth(b *testing.B) {
	benchBusy(b, func(b *testing.B, s *sched, n int, venue uint64, org services.Actor) {
		ctx := context.Background()
		from := time.Date(2026, 1, 1, 0, 0, 0, 0, s.loc)
		if n > 20_000 {
			from = time.Date(2026, 5, 1, 0, 0, 0, 0, s.loc)
		}
		to := from.AddDate(0, 1, 0)
		b.Run("center-page-100", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, _, err := s.acts.List(ctx, s.viewer, services.ActivityFilter{From: from, To: to}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("search-month", func(b *testing.B) {
			// q over titles, locations and people's names within the month,
			// at its worst: every title matches, the first page of 100 is read.
			for i := 0; i < b.N; i++ {
				items, _, err := s.acts.List(ctx, s.viewer, services.ActivityFilter{From: from, To: to, Q: "活动"})
				if err != nil || len(items) == 0 {
					b.Fatal(err, len(items))
				}
			}
		})
		b.Run("one-staff-all", func(b *testing.B) {
			// One organizer's month: a hundredth of the center's (about
			// 108 at 10^5, 10 at 10^3), found through activity_staff.
			for i := 0; i < b.N; i++ {
				items, _, err := s.acts.List(ctx, s.viewer, services.ActivityFilter{From: from, To: to, StaffIDs: []uint64{org.UserID},
					Page: services.Page{PerPage: 1000}})
				if err != nil || len(items) == 0 {
					b.Fatal(err, len(items))
				}
			}
		})
		b.Run("one-venue-all", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				items, _, err := s.acts.List(ctx, s.viewer, services.ActivityFilter{From: from, To: to, VenueIDs: []uint64{venue},
					Page: services.Page{PerPage: 1000}})
				if err != nil || len(items) == 0 {
					b.Fatal(err, len(items))
				}
			}
		})
	})
}
