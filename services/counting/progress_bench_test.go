package counting_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/servicestest"
)

// seedBusyYear stores 20,000 activities of 2026 for 200 staff (and 2,000 of
// 2025, so that history is there but must not be read), with the
// duty-statement and county-catalogue targets.
func seedBusyYear(b *testing.B) *center {
	c := newCenter(b)
	c.now = time.Date(2026, 7, 1, 12, 0, 0, 0, c.loc)
	rng := rand.New(rand.NewPCG(1, 2))
	users := make([]models.User, 200)
	for i := range users {
		users[i] = models.User{Username: fmt.Sprintf("u%03d", i), Name: fmt.Sprintf("员工%03d", i), Role: models.RoleStaff, Active: true, PasswordHash: "x", Version: 1}
	}
	c.must(c.db.CreateInBatches(users, 200).Error)
	var teams, stations []uint64
	for i := 0; i < 20; i++ {
		teams = append(teams, c.team(fmt.Sprintf("team%d", i), true))
		stations = append(stations, c.station(fmt.Sprintf("st%d", i), users[i*10].ID, users[i*10+1].ID))
	}
	var series []uint64
	for i := 0; i < 200; i++ {
		series = append(series, c.series())
	}
	kinds := []string{"outreach", "outreach", "outreach", "training", "lecture", "performance", "team_activity", "exhibition", "study", "other"}
	var acts []*models.Activity
	add := func(year, n int) {
		for i := 0; i < n; i++ {
			start := time.Date(year, 1, 1+rng.IntN(365), 8+rng.IntN(12), 0, 0, 0, c.loc)
			end := start.Add(time.Duration(1+rng.IntN(4)) * time.Hour)
			a := &models.Activity{Kind: kinds[rng.IntN(len(kinds))], Title: "活动", StartAt: start.UTC(), EndAt: end.UTC(),
				LocalDate: services.LocalDate(start, c.loc), OrganizerID: users[rng.IntN(200)].ID, ExpectedAttendance: 30,
				Status: models.StatusPlanned, Version: 1, CreatedBy: 1}
			if end.Before(c.now) {
				n := 25
				a.Status, a.ActualAttendance = models.StatusCompleted, &n
			}
			if rng.IntN(30) == 0 {
				a.Status = models.StatusCancelled
			}
			if a.Kind == "training" && rng.IntN(2) == 0 {
				id := series[rng.IntN(len(series))]
				a.SeriesID, a.EditionID = &id, &id
			}
			if rng.IntN(4) == 0 {
				a.StationID = &stations[rng.IntN(len(stations))]
			}
			acts = append(acts, a)
		}
	}
	add(2025, 2000)
	add(2026, 20000)
	for _, a := range acts {
		who := []uint64{a.OrganizerID}
		for k := rng.IntN(3); k > 0; k-- {
			if id := users[rng.IntN(200)].ID; id != a.OrganizerID {
				who = append(who, id)
			}
		}
		a.StaffIDs = who // the writer drops the repeats
		if a.Kind == "team_activity" || a.Kind == "performance" {
			a.TeamIDs = []uint64{teams[rng.IntN(len(teams))]}
		}
	}
	servicestest.SeedActivities(b, c.db, c.loc, acts...)
	for _, tpl := range []string{"duty-statement", "county-catalogue"} {
		_, err := c.targets.ApplyTemplate(context.Background(), c.admin, tpl, 2026)
		c.must(err)
	}
	return c
}

// BenchmarkCounting measures the counting of a busy year:
//
//	go test ./services -run '^$' -bench Counting -benchtime 20x
func BenchmarkCounting(b *testing.B) {
	for _, op := range countingOps(seedBusyYear(b), true, 0) {
		b.Run(op.name, op.run)
	}
}

// countingOp is one counting benchmark.
type countingOp struct {
	name string
	run  func(b *testing.B)
}

// countingOps are the counting benchmarks of 2026 as of 30 June over c:
// progress, monthly, tally, the workbook when xlsx is set, the progress
// staff member sees when member is not 0, and a dry-run impact.
func countingOps(c *center, xlsx bool, member uint64) []countingOp {
	ctx := context.Background()
	q := counting.ProgressQuery{Year: 2026, AsOf: "2026-06-30"}
	ops := []countingOp{
		{"progress", func(b *testing.B) {
			for b.Loop() {
				rep, err := c.progress.Rows(ctx, c.admin, q)
				if err != nil || len(rep.Rows) != 6+2*200 {
					b.Fatalf("%d rows, %v", len(rep.Rows), err)
				}
			}
		}},
		{"monthly", func(b *testing.B) {
			for b.Loop() {
				if _, err := c.progress.Monthly(ctx, c.admin, q); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"tally", func(b *testing.B) {
			for b.Loop() {
				if _, err := c.reports.Tally(ctx, c.admin, 2026, "2026-06-30"); err != nil {
					b.Fatal(err)
				}
			}
		}},
	}
	if xlsx {
		ops = append(ops, countingOp{"tally_xlsx", func(b *testing.B) {
			for b.Loop() {
				if err := c.reports.WriteTallyXLSX(ctx, c.admin, 2026, "2026-06-30", counting.LangZh, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		}})
	}
	if member != 0 {
		ops = append(ops, countingOp{"member", func(b *testing.B) {
			staff := c.actor(member, models.RoleStaff)
			for b.Loop() {
				if _, err := c.progress.Rows(ctx, staff, q); err != nil {
					b.Fatal(err)
				}
			}
		}})
	}
	return append(ops, countingOp{"impact", func(b *testing.B) {
		after := &models.Activity{Kind: "outreach", StartAt: time.Date(2026, 8, 3, 1, 0, 0, 0, time.UTC),
			EndAt: time.Date(2026, 8, 3, 3, 0, 0, 0, time.UTC), OrganizerID: 5, Status: models.StatusPlanned}
		for b.Loop() {
			if _, err := c.progress.TargetImpacts(ctx, nil, nil, after); err != nil {
				b.Fatal(err)
			}
		}
	}})
}
