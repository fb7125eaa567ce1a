package services_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"centerstage/models"
	"centerstage/services"
)

// conflictReasons is the reasons of a Conflict error's items, in order; nil
// for no error. Any other error fails the test.
func conflictReasons(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var se *services.Error
	if !errors.As(err, &se) || se.Kind != services.Conflict {
		t.Fatalf("want a conflict, got %v", err)
	}
	var out []string
	for _, c := range se.Details["conflicts"].([]services.ConflictItem) {
		out = append(out, c.Reason)
	}
	return out
}

// An exhibition open 09:30-16:30 leaves its curator free for other work,
// but its hall and its teams stay taken; an explicit staff_busy wins.
func TestStaffNotOccupied(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	curator, other := s.staff[0], s.staff[1]
	show := s.input(10, "09:30", "16:30", curator, s.venues[0])
	show.Kind, show.Title, show.TeamIDs = "exhibition", "迎春书画展", []uint64{s.teams[0]}
	exhibition := s.create(curator, show)
	if !exhibition.StaffFree {
		t.Fatalf("an exhibition occupies its staff by default")
	}
	busyLecture := s.create(other, s.input(11, "10:00", "11:00", other, s.venues[1]))

	lecture := func(mod func(in *services.ActivityInput)) services.ActivityInput {
		in := s.input(10, "10:00", "11:00", curator, s.venues[1])
		if mod != nil {
			mod(&in)
		}
		return in
	}
	cases := []struct {
		name    string
		in      services.ActivityInput
		reasons []string
	}{
		{"the curator gives a lecture elsewhere meanwhile", lecture(nil), nil},
		{"the hall is still taken", lecture(func(in *services.ActivityInput) { in.VenueID = &s.venues[0] }), []string{"venue"}},
		{"its team is still taken", lecture(func(in *services.ActivityInput) { in.TeamIDs = []uint64{s.teams[0]} }), []string{"team"}},
		{"a second exhibition by the curator in the other hall", lecture(func(in *services.ActivityInput) { in.Kind = "exhibition" }), nil},
		// A new activity that does not occupy its staff ignores their bookings.
		{"a free activity beside another's busy lecture", func() services.ActivityInput {
			in := s.input(11, "10:00", "12:00", curator, s.venues[0])
			in.StaffIDs, in.StaffBusy = []uint64{other.UserID}, ptr(false)
			return in
		}(), nil},
		{"the same with staff_busy explicitly true clashes", func() services.ActivityInput {
			in := s.input(11, "10:00", "12:00", curator, s.venues[0])
			in.Kind, in.StaffIDs, in.StaffBusy = "exhibition", []uint64{other.UserID}, ptr(true)
			return in
		}(), []string{"staff"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := s.acts.Check(ctx, s.manager, services.CheckInput{Input: tc.in})
			s.must(err)
			var checked []string
			for _, c := range res.Conflicts {
				checked = append(checked, c.Reason)
			}
			got := conflictReasons(t, s.tryCreate(t, tc.in))
			if !slices.Equal(got, tc.reasons) || !slices.Equal(checked, tc.reasons) {
				t.Fatalf("create %v, check %v, want %v", got, checked, tc.reasons)
			}
		})
	}

	// Made busy explicitly, the exhibition clashes with the curator's lecture.
	talk := s.create(curator, lecture(nil))
	_, err := s.acts.Update(ctx, s.manager, exhibition.ID, services.ActivityPatch{Version: exhibition.Version, StaffBusy: ptr(true)}, services.ScopeThis)
	if got := conflictReasons(t, err); !slices.Equal(got, []string{"staff"}) {
		t.Fatalf("busy exhibition over the curator's lecture: %v", got)
	}
	s.must(s.acts.Delete(ctx, s.manager, talk.ID, 0))

	// Changing the kind without saying staff_busy takes the new kind's default;
	// changing something else keeps the stored value.
	b, err := s.acts.Update(ctx, s.manager, busyLecture.ID, services.ActivityPatch{Version: busyLecture.Version, Kind: ptr("exhibition")}, services.ScopeThis)
	s.must(err)
	if !b.StaffFree {
		t.Fatalf("lecture turned exhibition still occupies its staff")
	}
	b, err = s.acts.Update(ctx, s.manager, b.ID, services.ActivityPatch{Version: b.Version, StaffBusy: ptr(true)}, services.ScopeThis)
	s.must(err)
	b, err = s.acts.Update(ctx, s.manager, b.ID, services.ActivityPatch{Version: b.Version, Title: ptr("新展")}, services.ScopeThis)
	s.must(err)
	if b.StaffFree {
		t.Fatalf("a title change reset staff_busy")
	}
	var stored models.Activity
	s.must(s.db.First(&stored, b.ID).Error)
	if stored.StaffFree || stored.Kind != "exhibition" {
		t.Fatalf("stored %+v", stored)
	}
}

// A series of exhibitions leaves its curator free on every day it runs.
func TestSeriesOfExhibitionsLeavesStaffFree(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	curator := s.staff[0]
	s.create(curator, s.input(11, "10:00", "11:00", curator, s.venues[1]))
	show := s.input(10, "09:30", "16:30", curator, s.venues[0])
	show.Kind = "exhibition"
	res, err := s.series.Create(ctx, curator, services.SeriesInput{Template: show, RRule: "FREQ=DAILY;COUNT=3"})
	s.must(err)
	if len(res.Activities) != 3 {
		t.Fatalf("%d occurrences, want 3", len(res.Activities))
	}
	// Made busy, the same series a week later (03-17..03-19) clashes with
	// the curator's lecture of 03-18.
	show.StaffBusy = ptr(true)
	show.Start, show.End = show.Start.AddDate(0, 0, 7), show.End.AddDate(0, 0, 7)
	s.create(curator, s.input(18, "10:00", "11:00", curator, 0))
	before := s.counts()
	_, err = s.series.Create(ctx, curator, services.SeriesInput{Template: show, RRule: "FREQ=DAILY;COUNT=3"})
	if got := conflictReasons(t, err); !slices.Equal(got, []string{"staff"}) {
		t.Fatalf("busy series over the lecture: %v", got)
	}
	s.wantUnchanged(t, before)
}
