package services_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
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
		stmts := servicestest.CountStatements(b, s.db)
		counted := 0
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			stmts.Reset()
			a, err := s.acts.Create(ctx, org, in)
			if err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			counted += stmts.N()
			s.must(s.acts.Delete(ctx, s.manager, a.ID, 0))
			b.StartTimer()
		}
		b.ReportMetric(float64(counted)/float64(b.N), "stmts/op")
	})
}

// BenchmarkCreateRefusedByConflict is the same create landing on a booked
// slot: the full check runs and the 409 lists the clashes.
func BenchmarkCreateRefusedByConflict(b *testing.B) {
	benchBusy(b, func(b *testing.B, s *sched, n int, venue uint64, org services.Actor) {
		ctx := context.Background()
		in := benchLecture(s, n, venue, org, 8, 20)
		stmts := servicestest.CountStatements(b, s.db)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if _, err := s.acts.Create(ctx, org, in); !services.IsKind(err, services.Conflict) {
				b.Fatalf("want a conflict, got %v", err)
			}
		}
		b.ReportMetric(float64(stmts.N())/float64(b.N), "stmts/op")
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
		stmts := servicestest.CountStatements(b, s.db)
		b.Run("center-page-100", func(b *testing.B) {
			stmts.Reset()
			for i := 0; i < b.N; i++ {
				if _, _, err := s.acts.List(ctx, s.viewer, services.ActivityFilter{From: from, To: to}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(stmts.N())/float64(b.N), "stmts/op")
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
			stmts.Reset()
			for i := 0; i < b.N; i++ {
				items, _, err := s.acts.List(ctx, s.viewer, services.ActivityFilter{From: from, To: to, StaffIDs: []uint64{org.UserID},
					Page: services.Page{PerPage: 1000}})
				if err != nil || len(items) == 0 {
					b.Fatal(err, len(items))
				}
			}
			b.ReportMetric(float64(stmts.N())/float64(b.N), "stmts/op")
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

// BenchmarkBookingThroughput books free slots from 8, 16 and 32 goroutines
// at once on a calendar of 10^3 activities, each booking its own hour in
// 2027 (a venue and an organizer of the seeded ones, by turns), and reports
// bookings per second. On SQLite the bookings queue for the database's one
// writer; on MySQL they contend for the venue and user rows they lock.
func BenchmarkBookingThroughput(b *testing.B) {
	s := newSched(b)
	seedBusy(b, s, 1_000)
	var venues, people []uint64
	s.must(s.db.Model(&models.Venue{}).Where("name LIKE ?", "bench hall %").Order("id").Pluck("id", &venues).Error)
	s.must(s.db.Model(&models.User{}).Where("username LIKE ?", "bench%").Order("id").Pluck("id", &people).Error)
	base := time.Date(2027, 1, 1, 0, 0, 0, 0, s.loc)
	var next atomic.Int64
	for _, workers := range []int{8, 16, 32} {
		b.Run(fmt.Sprintf("concurrency=%d", workers), func(b *testing.B) {
			ctx := context.Background()
			var wg sync.WaitGroup
			var failed atomic.Value
			todo := make(chan struct{}, b.N)
			for i := 0; i < b.N; i++ {
				todo <- struct{}{}
			}
			close(todo)
			b.ResetTimer()
			start := time.Now()
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range todo {
						k := next.Add(1)
						v, org := venues[k%int64(len(venues))], people[k%int64(len(people))]
						at := base.Add(time.Duration(k) * time.Hour)
						in := services.ActivityInput{Kind: "lecture", Title: "throughput", OrganizerID: org, VenueID: &v,
							Start: at, End: at.Add(time.Hour)}
						if _, err := s.acts.Create(ctx, services.Actor{UserID: org, Role: models.RoleStaff}, in); err != nil {
							failed.Store(err)
						}
					}
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if err, _ := failed.Load().(error); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "bookings/s")
		})
	}
}
