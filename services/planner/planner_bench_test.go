package planner_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/planner"
	"centerstage/services/servicestest"
)

// BenchmarkProposeCenter plans the outreach gap of every member of a center
// of 25 staff, each 20 person-days short of 60 on 1 September, against a
// year of their activities (about 4,000): one op is 25 proposal requests.
//
//	go test ./services/planner -run '^$' -bench ProposeCenter -benchtime 5x
func BenchmarkProposeCenter(b *testing.B) {
	w := newWorld(b)
	ctx := context.Background()
	w.now = time.Date(2026, 9, 1, 8, 0, 0, 0, w.loc)
	const members = 25
	staff := make([]uint64, members)
	for i := range staff {
		staff[i] = servicestest.User(b, w.db, fmt.Sprintf("s%02d", i), models.RoleStaff)
		servicestest.Station(b, w.db, fmt.Sprintf("站%02da", i), staff[i])
		servicestest.Station(b, w.db, fmt.Sprintf("站%02db", i), staff[i])
	}
	tg, err := w.targets.Create(ctx, w.admin, counting.TargetInput{Year: 2026, Name: "基层辅导", Metric: counting.MetricPersonDays,
		Kinds: []string{"outreach"}, Scope: counting.ScopeEachStaff, StaffIDs: staff, Value: 60})
	if err != nil {
		b.Fatal(err)
	}
	// Each member: 40 outreach mornings from January on and a study
	// afternoon on 120 other days through December.
	for _, s := range staff {
		var ins []services.ActivityInput
		d := time.Date(2026, 1, 5, 0, 0, 0, 0, w.loc)
		for k := 0; len(ins) < 160; k++ {
			day := d.AddDate(0, 0, k*2)
			if day.Year() != 2026 {
				break
			}
			kind, h := "study", 14
			if len(ins) < 40 {
				kind, h = "outreach", 9
			}
			start := time.Date(day.Year(), day.Month(), day.Day(), h, 0, 0, 0, w.loc)
			ins = append(ins, services.ActivityInput{Kind: kind, Title: kind, Start: start, End: start.Add(2 * time.Hour), OrganizerID: s})
		}
		for len(ins) > 0 {
			n := min(len(ins), services.MaxOccurrences)
			if _, err := w.acts.CreateAll(ctx, w.admin, "items", ins[:n]); err != nil {
				b.Fatal(err)
			}
			ins = ins[n:]
		}
	}
	b.ResetTimer()
	for range b.N {
		for _, s := range staff {
			res, err := w.plan.Propose(ctx, w.admin, planner.Request{TargetID: tg.ID, StaffID: s, Kind: "outreach",
				Title: "下基层辅导", DurationMinutes: 120})
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Proposals) != 20 || !res.ClosesGap {
				b.Fatalf("member %d: %d proposals, closes %v; want 20", s, len(res.Proposals), res.ClosesGap)
			}
		}
	}
}
