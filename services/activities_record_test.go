package services_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"centerstage/models"
	"centerstage/services"
)

// The reason of a cancellation stays with every member it cancelled and
// goes when a manager reopens one; a too long reason changes nothing.
func TestCancelKeepsItsReason(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	res := s.weekly(t) // six Tuesdays from 03-03
	ids := memberIDs(res)
	before := s.counts()
	_, err := s.acts.CancelBecause(ctx, s.staff[0], ids[3], 0, services.ScopeFollowing, strings.Repeat("因", 501))
	if kindOf(err) != services.Invalid || !hasField(err, "reason") {
		t.Fatalf("too long reason: %v", err)
	}
	s.wantUnchanged(t, before)
	got, err := s.acts.CancelBecause(ctx, s.staff[0], ids[3], 0, services.ScopeFollowing, "  老师病假  ")
	s.must(err)
	if len(got) != 3 {
		t.Fatalf("cancelled %d, want the 4th to 6th", len(got))
	}
	for i, a := range s.reload(t, ids...) {
		want := ""
		if i >= 3 {
			want = "老师病假"
		}
		if a.CancelReason != want {
			t.Errorf("member %d: reason %q, want %q", i+1, a.CancelReason, want)
		}
	}
	a, err := s.acts.Reopen(ctx, s.manager, ids[4], 0)
	s.must(err)
	if a.Status != models.StatusPlanned || a.CancelReason != "" {
		t.Fatalf("reopened: %s %q", a.Status, a.CancelReason)
	}
}

// Staff correct the attendance and notes of their own completed activity;
// it stays completed and the change is audited. Nothing else changes
// without a manager reopening it.
func TestMendCompleted(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	org, guest, colleague := s.staff[0], s.staff[1], s.staff[2]
	in := s.input(2, "10:00", "11:00", org, s.venues[0])
	in.StaffIDs = []uint64{guest.UserID}
	a := s.create(org, in)
	s.now = s.at(2, "12:00")
	a, err := s.acts.Complete(ctx, s.staff[0], a.ID, services.Completion{ActualAttendance: 300, Notes: ptr("反响好")})
	s.must(err)
	planned := s.create(org, s.input(9, "10:00", "11:00", org, 0))

	refusals := []struct {
		name  string
		actor services.Actor
		id    uint64
		p     services.ActivityPatch
		scope services.SeriesScope
		want  services.ErrorKind
	}{
		{"a colleague", colleague, a.ID, services.ActivityPatch{Version: a.Version, ActualAttendance: ptr(30)}, services.ScopeThis, services.Forbidden},
		{"a viewer", s.viewer, a.ID, services.ActivityPatch{Version: a.Version, ActualAttendance: ptr(30)}, services.ScopeThis, services.Forbidden},
		{"another field too", org, a.ID, services.ActivityPatch{Version: a.Version, ActualAttendance: ptr(30), Title: ptr("x")}, services.ScopeThis, services.Rule},
		{"a stale version", org, a.ID, services.ActivityPatch{Version: a.Version - 1, ActualAttendance: ptr(30)}, services.ScopeThis, services.Stale},
		{"negative attendance", org, a.ID, services.ActivityPatch{Version: a.Version, ActualAttendance: ptr(-1)}, services.ScopeThis, services.Invalid},
		{"a scope", org, a.ID, services.ActivityPatch{Version: a.Version, ActualAttendance: ptr(30)}, services.ScopeAll, services.Invalid},
		{"attendance on a planned one", org, planned.ID, services.ActivityPatch{Version: planned.Version, ActualAttendance: ptr(30)}, services.ScopeThis, services.Rule},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			s.refused(t, tc.want, func() error {
				_, err := s.acts.Update(ctx, tc.actor, tc.id, tc.p, tc.scope)
				return err
			})
		})
	}

	// The organizer fixes the typo 300 -> 30; a participant adds to the notes.
	m, err := s.acts.Update(ctx, org, a.ID, services.ActivityPatch{Version: a.Version, ActualAttendance: ptr(30)}, services.ScopeThis)
	s.must(err)
	if m.Status != models.StatusCompleted || *m.ActualAttendance != 30 || m.Notes != "反响好" || m.Version != a.Version+1 {
		t.Fatalf("mended: %s %d %q v%d", m.Status, *m.ActualAttendance, m.Notes, m.Version)
	}
	m, err = s.acts.Update(ctx, guest, a.ID, services.ActivityPatch{Version: m.Version, Notes: ptr("反响好，下期加开")}, services.ScopeThis)
	s.must(err)
	if *m.ActualAttendance != 30 || m.Notes != "反响好，下期加开" {
		t.Fatalf("participant's mend: %d %q", *m.ActualAttendance, m.Notes)
	}
	var actions []string
	s.must(s.db.Model(&models.AuditEntry{}).Where("entity = ? AND entity_id = ?", "activity", a.ID).Order("id").Pluck("action", &actions).Error)
	if want := []string{"create", "complete", "mend", "mend"}; !slices.Equal(actions, want) {
		t.Fatalf("audit %v, want %v", actions, want)
	}
	// A notes-only change of a planned activity is an ordinary change.
	p, err := s.acts.Update(ctx, org, planned.ID, services.ActivityPatch{Version: planned.Version, Notes: ptr("带教材")}, services.ScopeThis)
	s.must(err)
	if p.Status != models.StatusPlanned || p.Notes != "带教材" {
		t.Fatalf("planned notes: %+v", p)
	}
	// Staff still cannot reopen it.
	if _, err := s.acts.Reopen(ctx, org, a.ID, 0); kindOf(err) != services.Forbidden {
		t.Fatalf("staff reopen: %v", err)
	}
}

// The to-record list holds my ended planned activities, and one save
// records them all or none.
func TestToRecordAndCompleteMany(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	me, other := s.staff[0], s.staff[1]
	mine := s.create(me, s.input(2, "09:00", "10:00", me, 0))
	withMe := s.input(3, "09:00", "10:00", other, 0)
	withMe.StaffIDs = []uint64{me.UserID}
	joined := s.create(other, withMe)
	notMine := s.create(other, s.input(3, "14:00", "15:00", other, 0))
	running := s.create(me, s.input(4, "09:00", "12:00", me, 0)) // started, not ended at 11:00 on 03-04
	dropped := s.create(me, s.input(3, "14:00", "15:00", me, 0))
	_, err := s.acts.Cancel(ctx, me, dropped.ID, 0, services.ScopeThis)
	s.must(err)
	done := s.create(me, s.input(2, "14:00", "15:00", me, 0))
	s.now = s.at(4, "11:00")
	_, err = s.acts.Complete(ctx, me, done.ID, services.Completion{ActualAttendance: 5})
	s.must(err)
	later := s.create(me, s.input(5, "09:00", "10:00", me, 0))

	list, total, err := s.acts.ToRecord(ctx, me, services.Page{})
	s.must(err)
	if ids := idsOfActs(list); !slices.Equal(ids, []uint64{mine.ID, joined.ID}) || total != 2 {
		t.Fatalf("to record %v (total %d), want %v", ids, total, []uint64{mine.ID, joined.ID})
	}
	if _, total, _ := s.acts.ToRecord(ctx, other, services.Page{PerPage: 1}); total != 2 { // joined and notMine
		t.Fatalf("other's total %d, want 2", total)
	}

	item := func(a *models.Activity, att int) services.BatchItem {
		return services.BatchItem{ID: a.ID, Completion: services.Completion{Version: a.Version, ActualAttendance: att}}
	}
	refusals := []struct {
		name  string
		items []services.BatchItem
		want  services.ErrorKind
		field string
	}{
		{"an item not started", []services.BatchItem{item(mine, 20), item(later, 3)}, services.Rule, ""},
		{"a colleague's own", []services.BatchItem{item(mine, 20), item(notMine, 3)}, services.Forbidden, ""},
		{"a stale item", []services.BatchItem{item(mine, 20), {ID: joined.ID, Completion: services.Completion{Version: 9, ActualAttendance: 1}}}, services.Stale, ""},
		{"an unknown id", []services.BatchItem{item(mine, 20), {ID: 99999, Completion: services.Completion{Version: 1}}}, services.NotFound, ""},
		{"a completed one", []services.BatchItem{item(mine, 20), {ID: done.ID, Completion: services.Completion{Version: done.Version + 1, ActualAttendance: 1}}}, services.Rule, ""},
		{"the same twice", []services.BatchItem{item(mine, 20), item(mine, 21)}, services.Invalid, "items[1].id"},
		{"negative attendance", []services.BatchItem{item(mine, -2)}, services.Invalid, "items[0].actual_attendance"},
		{"no version", []services.BatchItem{{ID: mine.ID}}, services.Invalid, "items[0].version"},
		{"nothing", nil, services.Invalid, "items"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			before := s.counts()
			_, err := s.acts.CompleteMany(ctx, me, tc.items)
			if got := kindOf(err); got != tc.want || (tc.field != "" && !hasField(err, tc.field)) {
				t.Fatalf("got %q (%v), want %q %s", got, err, tc.want, tc.field)
			}
			s.wantUnchanged(t, before)
		})
	}
	// The running one has started, so it may be recorded too.
	got, err := s.acts.CompleteMany(ctx, me, []services.BatchItem{item(joined, 12), item(mine, 20), item(running, 8)})
	s.must(err)
	if ids := idsOfActs(got); !slices.Equal(ids, []uint64{joined.ID, mine.ID, running.ID}) {
		t.Fatalf("answer order %v", ids)
	}
	for i, att := range []int{12, 20, 8} {
		if got[i].Status != models.StatusCompleted || *got[i].ActualAttendance != att {
			t.Errorf("item %d: %s %v", i, got[i].Status, got[i].ActualAttendance)
		}
	}
	if list, total, _ := s.acts.ToRecord(ctx, me, services.Page{}); len(list) != 0 || total != 0 {
		t.Fatalf("still to record: %d", total)
	}
}

func idsOfActs(as []*models.Activity) []uint64 {
	out := []uint64{}
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}
