package services_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"centerstage/services"
)

// The series write path refuses staff and team clashes too, writing nothing,
// and names the clashing occurrence only when there is more than one.
func TestSeriesRefusesStaffAndTeamClashes(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	blockIn := s.input(10, "10:30", "11:30", s.staff[1], 0)
	blockIn.TeamIDs = []uint64{s.teams[0]}
	blocker := s.create(s.staff[1], blockIn)
	tpl := func(day int) services.ActivityInput {
		start := s.at(day, "10:00")
		return services.ActivityInput{Kind: "lecture", Title: "合唱排练", Start: start, End: start.Add(time.Hour),
			OrganizerID: s.staff[0].UserID, StaffIDs: []uint64{s.staff[1].UserID}, TeamIDs: []uint64{s.teams[0]}}
	}
	for _, c := range []struct {
		name    string
		in      services.SeriesInput
		wantOcc *time.Time
	}{
		{"second of two", services.SeriesInput{Template: tpl(3), RRule: "FREQ=WEEKLY;COUNT=2"}, ptr(s.at(10, "10:00"))},
		{"single", services.SeriesInput{Template: tpl(10), RRule: "FREQ=WEEKLY;COUNT=1"}, nil},
	} {
		before := s.counts()
		_, err := s.series.Create(ctx, s.staff[0], c.in)
		var se *services.Error
		if !errors.As(err, &se) || se.Kind != services.Conflict {
			t.Fatalf("%s: got %v, want conflict", c.name, err)
		}
		items := se.Details["conflicts"].([]services.ConflictItem)
		reasons := map[string]bool{}
		for _, it := range items {
			reasons[it.Reason] = true
			if it.ActivityID != blocker.ID || it.Start.Location() != s.loc || !it.Start.Equal(blocker.StartAt) {
				t.Errorf("%s: item %+v", c.name, it)
			}
			if (it.Occurrence == nil) != (c.wantOcc == nil) || (c.wantOcc != nil && !it.Occurrence.Equal(*c.wantOcc)) {
				t.Errorf("%s: occurrence %v, want %v", c.name, it.Occurrence, c.wantOcc)
			}
		}
		if len(items) != 2 || !reasons[services.ReasonStaff] || !reasons[services.ReasonTeam] {
			t.Errorf("%s: conflicts %+v, want one staff and one team clash", c.name, items)
		}
		if after := s.counts(); after != before {
			t.Errorf("%s: refused series wrote: %s -> %s", c.name, before, after)
		}
	}
}
