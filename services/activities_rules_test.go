package services_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
)

func TestPermissionsAndStates(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	mine := func() *models.Activity { // staff0's planned lecture, a fresh one per case
		day := 10
		for {
			a, err := s.acts.Create(ctx, s.staff[0], s.input(day, "10:00", "11:00", s.staff[0], 0))
			if err == nil {
				return a
			}
			day++
		}
	}
	past := s.create(s.staff[0], services.ActivityInput{Kind: "outreach", Title: "社区辅导",
		Start: s.now.Add(-3 * time.Hour), End: s.now.Add(-1 * time.Hour), OrganizerID: s.staff[0].UserID})
	done, err := s.acts.Complete(ctx, s.staff[0], past.ID, services.Completion{ActualAttendance: 12})
	s.must(err)

	cases := []struct {
		name string
		do   func() error
		want services.ErrorKind
	}{
		{"viewer cannot create", func() error {
			_, err := s.acts.Create(ctx, s.viewer, s.input(20, "10:00", "11:00", s.viewer, 0))
			return err
		}, services.Forbidden},
		{"staff cannot organize for someone else", func() error {
			_, err := s.acts.Create(ctx, s.staff[1], s.input(20, "10:00", "11:00", s.staff[0], 0))
			return err
		}, services.Forbidden},
		{"staff cannot change another's activity", func() error {
			a := mine()
			_, err := s.acts.Update(ctx, s.staff[1], a.ID, services.ActivityPatch{Version: a.Version, Title: ptr("x")}, services.ScopeThis)
			return err
		}, services.Forbidden},
		{"staff cannot hand their activity to someone else", func() error {
			a := mine()
			_, err := s.acts.Update(ctx, s.staff[0], a.ID, services.ActivityPatch{Version: a.Version, OrganizerID: &s.staff[1].UserID}, services.ScopeThis)
			return err
		}, services.Forbidden},
		{"viewer cannot cancel", func() error {
			_, err := s.acts.Cancel(ctx, s.viewer, mine().ID, 0, services.ScopeThis)
			return err
		}, services.Forbidden},
		{"staff cannot complete another's activity", func() error {
			_, err := s.acts.Complete(ctx, s.staff[1], past.ID, services.Completion{})
			return err
		}, services.Forbidden},
		{"staff cannot reopen", func() error {
			_, err := s.acts.Reopen(ctx, s.staff[0], done.ID, 0)
			return err
		}, services.Forbidden},
		{"staff cannot delete another's activity", func() error {
			return s.acts.Delete(ctx, s.staff[1], mine().ID, 0)
		}, services.Forbidden},
		{"viewer cannot delete", func() error { return s.acts.Delete(ctx, s.viewer, mine().ID, 0) }, services.Forbidden},
		{"a completed activity cannot be deleted", func() error { return s.acts.Delete(ctx, s.manager, done.ID, 0) }, services.Rule},
		{"completing before the start", func() error {
			_, err := s.acts.Complete(ctx, s.staff[0], mine().ID, services.Completion{ActualAttendance: 3})
			return err
		}, services.Rule},
		{"completing twice", func() error {
			_, err := s.acts.Complete(ctx, s.staff[0], done.ID, services.Completion{ActualAttendance: 3})
			return err
		}, services.Rule},
		{"negative attendance", func() error {
			_, err := s.acts.Complete(ctx, s.staff[0], past.ID, services.Completion{ActualAttendance: -1})
			return err
		}, services.Invalid},
		{"a completed activity cannot be edited", func() error {
			_, err := s.acts.Update(ctx, s.manager, done.ID, services.ActivityPatch{Version: done.Version, Title: ptr("x")}, services.ScopeThis)
			return err
		}, services.Rule},
		{"stale version", func() error {
			a := mine()
			_, err := s.acts.Update(ctx, s.staff[0], a.ID, services.ActivityPatch{Version: a.Version + 1, Title: ptr("x")}, services.ScopeThis)
			return err
		}, services.Stale},
		{"missing version", func() error {
			_, err := s.acts.Update(ctx, s.staff[0], mine().ID, services.ActivityPatch{Title: ptr("x")}, services.ScopeThis)
			return err
		}, services.Invalid},
		{"unknown activity", func() error {
			_, err := s.acts.Update(ctx, s.manager, 99999, services.ActivityPatch{Version: 1}, services.ScopeThis)
			return err
		}, services.NotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if got := kindOf(err); got != tc.want {
				t.Fatalf("got %q (%v), want %q", got, err, tc.want)
			}
		})
	}
}

// A refused change must leave the row exactly as it was.
func TestRefusedChangesWriteNothing(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	a := s.create(s.staff[0], s.input(10, "10:00", "11:00", s.staff[0], s.venues[0]))
	s.create(s.staff[1], s.input(10, "14:00", "15:00", s.staff[1], s.venues[1]))
	before := s.counts()
	for _, p := range []services.ActivityPatch{
		{Version: a.Version, Start: ptr(s.at(10, "14:30")), End: ptr(s.at(10, "15:30")), VenueID: services.OptionalID{Set: true, ID: &s.venues[1]}},
		{Version: a.Version + 5, Title: ptr("stale")},
		{Version: a.Version, End: ptr(s.at(10, "09:00"))},
	} {
		if _, err := s.acts.Update(ctx, s.staff[0], a.ID, p, services.ScopeThis); err == nil {
			t.Fatalf("patch %+v was accepted", p)
		}
		s.wantUnchanged(t, before)
	}
}

func TestRescheduleKeepsRowsInSync(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	in := s.input(10, "10:00", "11:00", s.staff[0], s.venues[0])
	in.TeamIDs = []uint64{s.teams[0]}
	a := s.create(s.staff[0], in)
	// Moved to an overnight slot, staff1 added, team swapped, venue cleared.
	got, err := s.acts.Update(ctx, s.manager, a.ID, services.ActivityPatch{
		Version: a.Version, Start: ptr(s.at(11, "21:00")), End: ptr(s.at(12, "01:00")),
		StaffIDs: &[]uint64{s.staff[1].UserID}, TeamIDs: &[]uint64{s.teams[1]},
		VenueID: services.OptionalID{Set: true},
	}, services.ScopeThis)
	s.must(err)
	if got.Version != a.Version+1 || got.VenueID != nil || got.LocalDate != "2026-03-11" {
		t.Fatalf("updated activity %+v", got)
	}
	s.assertRows(t, a.ID)
	if d := s.days(a.ID); len(d) != 2 || d[0] != "2026-03-11" || d[1] != "2026-03-12" {
		t.Fatalf("days %v", d)
	}
	reread, err := s.acts.Get(ctx, s.viewer, a.ID)
	s.must(err)
	if len(reread.StaffIDs) != 2 || len(reread.TeamIDs) != 1 || reread.TeamIDs[0] != s.teams[1] {
		t.Fatalf("participants %v %v", reread.StaffIDs, reread.TeamIDs)
	}
	// The old slot is free again, the new one is taken.
	s.create(s.staff[0], s.input(10, "10:00", "11:00", s.staff[0], s.venues[0]))
	if _, err := s.acts.Create(ctx, s.staff[1], s.input(11, "23:00", "23:30", s.staff[1], 0)); kindOf(err) != services.Conflict {
		t.Fatalf("new slot not held: %v", err)
	}
}

func TestLifecycleIsAudited(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	a := s.create(s.staff[0], services.ActivityInput{Kind: "training", Title: "合唱培训",
		Start: s.now.Add(-2 * time.Hour), End: s.now.Add(-1 * time.Hour), OrganizerID: s.staff[0].UserID})
	a, err := s.acts.Update(ctx, s.staff[0], a.ID, services.ActivityPatch{Version: a.Version, Title: ptr("合唱培训 𠮷")}, "")
	s.must(err)
	_, err = s.acts.Complete(ctx, s.staff[0], a.ID, services.Completion{Version: a.Version, ActualAttendance: 25, Notes: ptr("顺利")})
	s.must(err)
	reopened, err := s.acts.Reopen(ctx, s.manager, a.ID, 0)
	s.must(err)
	if reopened.Status != models.StatusPlanned || reopened.ActualAttendance != nil {
		t.Fatalf("reopened %+v", reopened)
	}
	_, err = s.acts.Cancel(ctx, s.staff[0], a.ID, reopened.Version, "")
	s.must(err)
	_, err = s.acts.Reopen(ctx, s.admin, a.ID, 0)
	s.must(err)
	entries, _, err := services.NewAudit(s.db, func() time.Time { return s.now }).List(ctx, s.manager,
		services.AuditFilter{Entity: "activity", EntityID: a.ID})
	s.must(err)
	var actions []string
	for i := len(entries) - 1; i >= 0; i-- {
		actions = append(actions, entries[i].Action)
	}
	want := []string{"create", "update", "complete", "reopen", "cancel", "reopen"}
	if len(actions) != len(want) {
		t.Fatalf("actions %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("actions %v, want %v", actions, want)
		}
	}
	var after struct {
		Title  string `json:"title"`
		Status string `json:"status"`
	}
	s.must(json.Unmarshal(entries[len(entries)-3].After, &after))
	if after.Status != "completed" || after.Title != "合唱培训 𠮷" {
		t.Fatalf("audit after %+v", after)
	}
	if string(entries[len(entries)-1].Before) != "null" {
		t.Fatalf("create has a before: %s", entries[len(entries)-1].Before)
	}
}
