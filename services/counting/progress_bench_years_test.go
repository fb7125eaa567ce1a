package counting_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services/servicestest"
)

// yearsWorld is what the generated years of a center share: its staff,
// teams and stations.
type yearsWorld struct {
	c        *center
	users    []uint64
	teams    []uint64
	stations []uint64
}

// yearOf generates n activities of year for w with rng: the mix of kinds of
// seedBusyYear, 1-3 staff each, a quarter at a station, team activities and
// performances with a team, one outreach in 40 lasting into the next day or
// two, and training as weekly series (40 a year, each its own edition, 8 to
// 16 sessions from a start between January and October). Everything that
// ended before the center's now is completed, one in 30 cancelled.
func (w *yearsWorld) yearOf(rng *rand.Rand, year, n int) []*models.Activity {
	c := w.c
	kinds := []string{"outreach", "outreach", "outreach", "lecture", "performance", "team_activity", "exhibition", "study", "other"}
	var acts []*models.Activity
	finish := func(a *models.Activity) {
		a.Title, a.ExpectedAttendance, a.Status, a.Version, a.CreatedBy = "活动", 30, models.StatusPlanned, 1, 1
		a.OrganizerID = w.users[rng.IntN(len(w.users))]
		if a.EndAt.Before(c.now) {
			att := 25
			a.Status, a.ActualAttendance = models.StatusCompleted, &att
		}
		if rng.IntN(30) == 0 {
			a.Status = models.StatusCancelled
		}
		if rng.IntN(4) == 0 {
			a.StationID = &w.stations[rng.IntN(len(w.stations))]
		}
		who := []uint64{a.OrganizerID}
		for k := rng.IntN(3); k > 0; k-- {
			who = append(who, w.users[rng.IntN(len(w.users))])
		}
		a.StaffIDs = who // the writer drops the repeats
		if a.Kind == "team_activity" || a.Kind == "performance" {
			a.TeamIDs = []uint64{w.teams[rng.IntN(len(w.teams))]}
		}
		acts = append(acts, a)
	}
	// A tenth of the year is training, as weekly series.
	for len(acts) < n/10 {
		id := c.series()
		first := time.Date(year, time.Month(1+rng.IntN(10)), 1+rng.IntN(28), 9+rng.IntN(8), 0, 0, 0, c.loc)
		for k, sessions := 0, 8+rng.IntN(9); k < sessions && len(acts) < n/10; k++ {
			start := first.AddDate(0, 0, 7*k)
			a := &models.Activity{Kind: "training", StartAt: start.UTC(), EndAt: start.Add(2 * time.Hour).UTC(), SeriesID: &id}
			finish(a)
		}
	}
	for len(acts) < n {
		start := time.Date(year, 1, 1+rng.IntN(365), 8+rng.IntN(12), 0, 0, 0, c.loc)
		a := &models.Activity{Kind: kinds[rng.IntN(len(kinds))], StartAt: start.UTC()}
		end := start.Add(time.Duration(1+rng.IntN(4)) * time.Hour)
		if a.Kind == "outreach" && rng.IntN(40) == 0 {
			end = start.Add(time.Duration(20+rng.IntN(40)) * time.Hour)
		}
		a.EndAt = end.UTC()
		finish(a)
	}
	return acts
}

// seedYears stores a center with 200 staff, 20 teams and 20 stations, the
// same 20,000 activities of 2026 whatever the history, and before them
// history years of 20,000 activities each (2025 back), seeded through the
// scheduler's one writer; and the duty-statement and county-catalogue
// targets of 2026.
func seedYears(b *testing.B, history int) (*center, []uint64) {
	c := newCenter(b)
	c.now = time.Date(2026, 7, 1, 12, 0, 0, 0, c.loc)
	users := make([]models.User, 200)
	for i := range users {
		users[i] = models.User{Username: fmt.Sprintf("u%03d", i), Name: fmt.Sprintf("员工%03d", i), Role: models.RoleStaff, Active: true, PasswordHash: "x", Version: 1}
	}
	c.must(c.db.CreateInBatches(users, 200).Error)
	w := &yearsWorld{c: c}
	for _, u := range users {
		w.users = append(w.users, u.ID)
	}
	for i := 0; i < 20; i++ {
		w.teams = append(w.teams, c.team(fmt.Sprintf("team%d", i), i%10 != 9))
		w.stations = append(w.stations, c.station(fmt.Sprintf("st%d", i), w.users[i*10], w.users[i*10+1]))
	}
	for y := 2026 - history; y < 2026; y++ {
		servicestest.SeedActivities(b, c.db, c.loc, w.yearOf(rand.New(rand.NewPCG(3, uint64(y))), y, 20000)...)
	}
	servicestest.SeedActivities(b, c.db, c.loc, w.yearOf(rand.New(rand.NewPCG(1, 2)), 2026, 20000)...)
	for _, tpl := range []string{"duty-statement", "county-catalogue"} {
		_, err := c.targets.ApplyTemplate(context.Background(), c.admin, tpl, 2026)
		c.must(err)
	}
	return c, w.users
}

// BenchmarkCountingYears counts 2026 as of 30 June with 9 earlier years of
// 20,000 activities each in the tables (history=9), and the same 2026 alone
// (history=0): the cost of counting a year should not grow with the years
// before it. Both are seeded first, then each operation runs on one and the
// other in turn, so the two are measured moments apart.
// CENTERSTAGE_BENCH_HISTORY sets the history years (default 9).
//
//	go test ./services/counting -run '^$' -bench CountingYears -benchtime 10x
func BenchmarkCountingYears(b *testing.B) {
	history := 9
	if v, err := strconv.Atoi(os.Getenv("CENTERSTAGE_BENCH_HISTORY")); err == nil {
		history = v
	}
	var worlds [][]countingOp
	for _, h := range []int{history, 0} {
		c, users := seedYears(b, h)
		worlds = append(worlds, countingOps(c, false, users[7]))
	}
	for i, op := range worlds[0] {
		for w, h := range []int{history, 0} {
			b.Run(fmt.Sprintf("%s/history=%d", op.name, h), worlds[w][i].run)
		}
	}
}
