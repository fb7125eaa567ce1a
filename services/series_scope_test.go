package services_test

import (
	"context"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
)

// weekly creates six Tuesday lectures at 10:00 from March 3 in Hall 0.
func (s *sched) weekly(t *testing.T) *services.SeriesResult {
	t.Helper()
	start := s.at(3, "10:00")
	tpl := services.ActivityInput{Kind: "training", Title: "国画班", Start: start, End: start.Add(time.Hour),
		OrganizerID: s.staff[0].UserID, VenueID: &s.venues[0]}
	res, err := s.series.Create(context.Background(), s.staff[0], services.SeriesInput{Template: tpl, RRule: "FREQ=WEEKLY;COUNT=6"})
	s.must(err)
	return res
}

func (s *sched) reload(t *testing.T, ids ...uint64) []*models.Activity {
	t.Helper()
	var out []*models.Activity
	for _, id := range ids {
		a, err := s.acts.Get(context.Background(), s.viewer, id)
		s.must(err)
		out = append(out, a)
	}
	return out
}

func memberIDs(res *services.SeriesResult) []uint64 {
	ids := make([]uint64, len(res.Activities))
	for i, a := range res.Activities {
		ids[i] = a.ID
	}
	return ids
}

func TestEditFollowingSplitsTheSeries(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	res := s.weekly(t)
	third := res.Activities[2] // March 17
	// From the third on: 14:00-16:00 instead of 10:00-11:00, and a new title.
	_, err := s.acts.Update(ctx, s.staff[0], third.ID, services.ActivityPatch{Version: third.Version,
		Start: ptr(s.at(17, "14:00")), End: ptr(s.at(17, "16:00")), Title: ptr("国画提高班")}, services.ScopeFollowing)
	s.must(err)
	got := s.reload(t, memberIDs(res)...)
	for i, a := range got {
		local := a.StartAt.In(s.loc)
		wantHour, wantLen, wantSeries := 10, time.Hour, res.SeriesID
		if i >= 2 {
			wantHour, wantLen = 14, 2*time.Hour
		}
		if local.Hour() != wantHour || a.EndAt.Sub(a.StartAt) != wantLen || local.Weekday() != time.Tuesday {
			t.Errorf("member %d at %v for %v", i, local, a.EndAt.Sub(a.StartAt))
		}
		if (i >= 2) == (*a.SeriesID == wantSeries) {
			t.Errorf("member %d in series %d (old series %d)", i, *a.SeriesID, res.SeriesID)
		}
		s.assertRows(t, a.ID)
	}
	if *got[2].SeriesID != *got[5].SeriesID {
		t.Errorf("the following members do not share the new series")
	}

	// "all" on the new series renames its members only.
	_, err = s.acts.Update(ctx, s.manager, got[3].ID, services.ActivityPatch{Version: got[3].Version, Title: ptr("国画班(二)")}, services.ScopeAll)
	s.must(err)
	got = s.reload(t, memberIDs(res)...)
	for i, a := range got {
		want := map[bool]string{true: "国画班(二)", false: "国画班"}[i >= 2]
		if a.Title != want {
			t.Errorf("member %d titled %q, want %q", i, a.Title, want)
		}
	}
}

func TestScopedChangesAreAllOrNothing(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	res := s.weekly(t)
	// Hall 0 is busy on March 31 at 15:00: moving the series to 15:00 must fail whole.
	s.create(s.staff[2], s.input(31, "15:30", "16:00", s.staff[2], s.venues[0]))
	before := s.counts()
	first := res.Activities[0]
	_, err := s.acts.Update(ctx, s.staff[0], first.ID, services.ActivityPatch{Version: first.Version,
		Start: ptr(s.at(3, "15:00")), End: ptr(s.at(3, "16:00"))}, services.ScopeAll)
	if kindOf(err) != services.Conflict {
		t.Fatalf("got %v, want conflict", err)
	}
	if after := s.counts(); after != before {
		t.Fatalf("refused change wrote: %s -> %s", before, after)
	}
	// A member handed to staff1 keeps staff0 from changing "all".
	fifth := res.Activities[4]
	_, err = s.acts.Update(ctx, s.manager, fifth.ID, services.ActivityPatch{Version: fifth.Version,
		OrganizerID: &s.staff[1].UserID}, services.ScopeThis)
	s.must(err)
	before = s.counts()
	_, err = s.acts.Cancel(ctx, s.staff[0], first.ID, 0, services.ScopeAll)
	if kindOf(err) != services.Forbidden {
		t.Fatalf("got %v, want forbidden", err)
	}
	if after := s.counts(); after != before {
		t.Fatalf("refused cancel wrote: %s -> %s", before, after)
	}
}

func TestCancelFollowing(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	s.now = s.at(3, "12:00")
	res := s.weekly(t)
	_, err := s.acts.Complete(ctx, s.staff[0], res.Activities[0].ID, services.Completion{ActualAttendance: 18})
	s.must(err)
	cancelled, err := s.acts.Cancel(ctx, s.staff[0], res.Activities[3].ID, 0, services.ScopeFollowing)
	s.must(err)
	if len(cancelled) != 3 {
		t.Fatalf("cancelled %d members, want 3", len(cancelled))
	}
	got := s.reload(t, memberIDs(res)...)
	want := []string{"completed", "planned", "planned", "cancelled", "cancelled", "cancelled"}
	for i, a := range got {
		if a.Status != want[i] {
			t.Errorf("member %d is %s, want %s", i, a.Status, want[i])
		}
	}
	// "all" touches only the planned members left; the completed one stays.
	all, err := s.acts.Cancel(ctx, s.manager, res.Activities[1].ID, 0, services.ScopeAll)
	s.must(err)
	if len(all) != 2 {
		t.Fatalf("cancel all changed %d members, want 2", len(all))
	}
	// A cancelled slot is free: a new booking there succeeds.
	s.create(s.staff[1], s.input(24, "10:00", "11:00", s.staff[1], s.venues[0]))
}

// A split keeps the edition: a class moved from its third session on is
// still the class it was (one 一期), and so is a later split of the split.
func TestSplitKeepsTheEdition(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	res := s.weekly(t)
	third, fifth := res.Activities[2], res.Activities[4]
	_, err := s.acts.Update(ctx, s.staff[0], third.ID, services.ActivityPatch{Version: third.Version,
		Start: ptr(s.at(17, "14:00")), End: ptr(s.at(17, "16:00"))}, services.ScopeFollowing)
	s.must(err)
	fifth = s.reload(t, fifth.ID)[0]
	_, err = s.acts.Update(ctx, s.staff[0], fifth.ID, services.ActivityPatch{Version: fifth.Version,
		Title: ptr("国画提高班")}, services.ScopeFollowing)
	s.must(err)
	series := map[uint64]bool{}
	for i, a := range s.reload(t, memberIDs(res)...) {
		series[*a.SeriesID] = true
		if a.EditionID == nil || *a.EditionID != res.SeriesID {
			t.Errorf("member %d (series %d) has edition %v, want the first series %d", i, *a.SeriesID, a.EditionID, res.SeriesID)
		}
	}
	if len(series) != 3 {
		t.Errorf("members in %d series, want 3 (two splits)", len(series))
	}
	for id := range series {
		info, err := s.series.Get(ctx, id)
		s.must(err)
		if info.EditionID != res.SeriesID {
			t.Errorf("series %d has edition %d, want %d", id, info.EditionID, res.SeriesID)
		}
	}
}
