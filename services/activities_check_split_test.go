package services_test

import (
	"context"
	"testing"
	"time"

	"centerstage/services"
	"centerstage/services/counting"
)

// A following-scope change from a member with earlier members splits the
// series, but the split keeps the edition: the dry run's quota impact must
// show what the real change does, which is that the class is still one.
func TestCheckFollowingCountsTheSplit(t *testing.T) {
	t.Parallel()
	s := newImpactSched(t, counting.TargetInput{Year: 2026, Name: "classes", Metric: counting.MetricEditions,
		Kinds: []string{"training"}, Scope: counting.ScopeCenter, Value: 10})
	ctx := context.Background()
	start := s.at(3, "10:00")
	tpl := services.ActivityInput{Kind: "training", Title: "国画班", Start: start, End: start.Add(time.Hour),
		OrganizerID: s.staff[0].UserID, VenueID: &s.venues[0]}
	res, err := s.series.Create(ctx, s.staff[0], services.SeriesInput{Template: tpl, RRule: "FREQ=WEEKLY;COUNT=4"})
	s.must(err)
	// Tuesdays March 3, 10, 17, 24; by March 12 the first two are completed.
	s.now = s.at(12, "08:00")
	for _, a := range res.Activities[:2] {
		_, err := s.acts.Complete(ctx, s.staff[0], a.ID, services.Completion{ActualAttendance: 10})
		s.must(err)
	}
	third := res.Activities[2]
	patch := services.ActivityPatch{Title: ptr("国画班（下）")}
	projected := func(scope services.SeriesScope) [2]int {
		t.Helper()
		got, err := s.acts.Check(ctx, s.staff[0], services.CheckInput{ActivityID: third.ID, Patch: patch, Scope: scope})
		s.must(err)
		var out [2]int
		n := 0
		for _, ti := range got.QuotaImpact {
			if ti.Name == "classes" {
				out = [2]int{ti.BeforeProjected, ti.AfterProjected}
				n++
			}
		}
		if n != 1 {
			t.Fatalf("scope %s: %d rows for the editions target in %+v", scope, n, got.QuotaImpact)
		}
		return out
	}
	// Worked by hand: before, the four sessions are one series, one edition
	// (two done, two planned): projected 1.
	// following from March 17: the real change moves March 17 and 24 to a
	// new series (March 3 and 10 are earlier), which keeps the edition of
	// the old one: still one edition, projected 1 -> 1 (it was 1 -> 2 when
	// a split counted as a new class).
	// all from March 17: the planned members March 17 and 24 stay in the
	// series (no split for scope all): projected 1 -> 1.
	if got, want := projected(services.ScopeFollowing), [2]int{1, 1}; got != want {
		t.Errorf("following: projected before/after %v, want %v", got, want)
	}
	if got, want := projected(services.ScopeAll), [2]int{1, 1}; got != want {
		t.Errorf("all: projected before/after %v, want %v", got, want)
	}
	// The real change agrees with its dry run: afterwards a change that
	// moves nothing projects the one edition there still is.
	_, err = s.acts.Update(ctx, s.staff[0], third.ID, services.ActivityPatch{Version: third.Version, Title: patch.Title},
		services.ScopeFollowing)
	s.must(err)
	if got, want := projected(services.ScopeThis), [2]int{1, 1}; got != want {
		t.Errorf("after the real change: projected %v, want %v", got, want)
	}
}
