package services_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
)

// A dry run of a change to a series member covers the members its scope
// names, as the change itself would, and writes nothing.
func TestCheckScopedChange(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	res := s.weekly(t) // Tuesdays March 3 .. April 7, 10:00-11:00, Hall 0, staff0
	blocker := s.create(s.staff[2], s.input(31, "15:30", "16:00", s.staff[2], s.venues[0]))
	unchanged := s.counts()
	first, fifth := res.Activities[0], res.Activities[4]
	to15 := func(a *models.Activity) services.ActivityPatch {
		y, m, d := a.StartAt.In(s.loc).Date()
		at := time.Date(y, m, d, 15, 0, 0, 0, s.loc)
		return services.ActivityPatch{Start: ptr(at), End: ptr(at.Add(time.Hour))}
	}
	cases := []struct {
		name   string
		id     uint64
		patch  services.ActivityPatch
		scope  services.SeriesScope
		clash  int
		member string // local start of the member that clashes, when the scope covers several
	}{
		{"this: March 3 at 15:00 is free", first.ID, to15(first), services.ScopeThis, 0, ""},
		{"all: March 31 at 15:00 clashes", first.ID, to15(first), services.ScopeAll, 1, "2026-03-31T15:00:00+08:00"},
		{"following from March 31 clashes", fifth.ID, to15(fifth), services.ScopeFollowing, 1, "2026-03-31T15:00:00+08:00"},
		{"following from April 7 is free", res.Activities[5].ID, to15(res.Activities[5]), services.ScopeFollowing, 0, ""},
	}
	for _, c := range cases {
		got, err := s.acts.Check(ctx, s.staff[0], services.CheckInput{ActivityID: c.id, Patch: c.patch, Scope: c.scope})
		s.must(err)
		if len(got.Conflicts) != c.clash {
			t.Errorf("%s: %d conflicts %+v, want %d", c.name, len(got.Conflicts), got.Conflicts, c.clash)
			continue
		}
		for _, k := range got.Conflicts {
			occ := ""
			if k.Occurrence != nil {
				occ = k.Occurrence.Format("2006-01-02T15:04:05Z07:00")
			}
			if k.ActivityID != blocker.ID || k.Reason != services.ReasonVenue || occ != c.member {
				t.Errorf("%s: conflict %+v (occurrence %q), want activity %d by venue at %q", c.name, k, occ, blocker.ID, c.member)
			}
		}
	}
	if after := s.counts(); after != unchanged {
		t.Fatalf("dry runs wrote: %s -> %s", unchanged, after)
	}
	// The real change agrees with its dry run.
	_, err := s.acts.Update(ctx, s.staff[0], first.ID, services.ActivityPatch{Version: first.Version,
		Start: to15(first).Start, End: to15(first).End}, services.ScopeAll)
	if kindOf(err) != services.Conflict {
		t.Fatalf("update all: %v, want conflict", err)
	}
}

// A dry run refuses what the change itself would refuse, and writes nothing.
func TestCheckRefusesLikeTheChange(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	res := s.weekly(t)
	first, fifth := res.Activities[0], res.Activities[4]
	_, err := s.acts.Update(ctx, s.manager, fifth.ID, services.ActivityPatch{Version: fifth.Version, OrganizerID: &s.staff[1].UserID}, services.ScopeThis)
	s.must(err)
	before := s.counts()
	refusals := []struct {
		name  string
		actor services.Actor
		id    uint64
		scope services.SeriesScope
		want  services.ErrorKind
	}{
		{"a member organized by someone else", s.staff[0], first.ID, services.ScopeAll, services.Forbidden},
		{"another staff member's activity", s.staff[2], first.ID, services.ScopeThis, services.Forbidden},
		{"a viewer", s.viewer, first.ID, services.ScopeThis, services.Forbidden},
	}
	for _, r := range refusals {
		_, err := s.acts.Check(ctx, r.actor, services.CheckInput{ActivityID: r.id, Patch: services.ActivityPatch{Title: ptr("x")}, Scope: r.scope})
		if kindOf(err) != r.want {
			t.Errorf("%s: %v, want %s", r.name, err, r.want)
		}
	}
	if _, err := s.acts.Check(ctx, s.manager, services.CheckInput{ActivityID: first.ID, Patch: services.ActivityPatch{Title: ptr("x")}, Scope: services.ScopeAll}); err != nil {
		t.Errorf("a manager checks all: %v", err)
	}
	if after := s.counts(); after != before {
		t.Fatalf("dry runs wrote: %s -> %s", before, after)
	}
}

// The quota impact of a scoped dry run is that of every covered member
// changing together.
func TestCheckScopedQuotaImpact(t *testing.T) {
	t.Parallel()
	var targets []counting.TargetInput
	for _, k := range []string{"training", "lecture"} {
		targets = append(targets, counting.TargetInput{Year: 2026, Name: k, Metric: counting.MetricCount,
			Kinds: []string{k}, Scope: counting.ScopeCenter, Value: 10})
	}
	s := newImpactSched(t, targets...)
	ctx := context.Background()
	res := s.weekly(t) // six planned training sessions in March and April 2026
	first := res.Activities[0]
	projected := func(scope services.SeriesScope) map[string][2]int {
		got, err := s.acts.Check(ctx, s.staff[0], services.CheckInput{ActivityID: first.ID,
			Patch: services.ActivityPatch{Kind: ptr("lecture")}, Scope: scope})
		s.must(err)
		out := map[string][2]int{}
		for _, ti := range got.QuotaImpact {
			out[ti.Name] = [2]int{ti.BeforeProjected, ti.AfterProjected}
		}
		return out
	}
	// this: one session becomes a lecture. training 6 -> 5, lecture 0 -> 1.
	// all: the six sessions become lectures. training 6 -> 0, lecture 0 -> 6.
	for scope, want := range map[services.SeriesScope]map[string][2]int{
		services.ScopeThis: {"training": {6, 5}, "lecture": {0, 1}},
		services.ScopeAll:  {"training": {6, 0}, "lecture": {0, 6}},
	} {
		if got := projected(scope); got["training"] != want["training"] || got["lecture"] != want["lecture"] {
			t.Errorf("scope %s: projected before/after %v, want %v", scope, got, want)
		}
	}
}

// progressImpact wires the counting engine into the fixture's scheduler, as
// main does.
func progressImpact(db *gorm.DB, clock services.Clock, loc *time.Location) services.QuotaImpact {
	return counting.NewProgress(db, clock, loc)
}

// newImpactSched is the fixture in Asia/Shanghai with progressImpact wired
// in and the targets given created by the admin, for the dry run's quota
// impact to show.
func newImpactSched(t *testing.T, targets ...counting.TargetInput) *sched {
	t.Helper()
	s := newSchedWith(t, "Asia/Shanghai", progressImpact)
	clock := func() time.Time { return s.now }
	svc := counting.NewTargets(s.db, clock, services.NewAudit(s.db, clock))
	for _, in := range targets {
		_, err := svc.Create(context.Background(), s.admin, in)
		s.must(err)
	}
	return s
}

// A staff member's dry run shows the center's rows and their own, never a
// colleague's progress, which GET /progress refuses them too.
func TestCheckShowsStaffOnlyTheirOwnRows(t *testing.T) {
	t.Parallel()
	s := newImpactSched(t,
		counting.TargetInput{Year: 2026, Name: "每人讲座", Metric: counting.MetricCount,
			Kinds: []string{"lecture"}, Scope: counting.ScopeEachStaff, Value: 10},
		counting.TargetInput{Year: 2026, Name: "全馆讲座", Metric: counting.MetricCount,
			Kinds: []string{"lecture"}, Scope: counting.ScopeCenter, Value: 10})
	ctx := context.Background()
	start := s.at(10, "10:00")
	in := services.ActivityInput{Kind: "lecture", Title: "讲座", Start: start, End: start.Add(time.Hour),
		OrganizerID: s.staff[0].UserID, StaffIDs: []uint64{s.staff[1].UserID, s.staff[2].UserID}}
	rows := func(actor services.Actor) (center int, staff []uint64) {
		res, err := s.acts.Check(ctx, actor, services.CheckInput{Input: in})
		s.must(err)
		for _, r := range res.QuotaImpact {
			if r.StaffID == nil {
				center++
			} else {
				staff = append(staff, *r.StaffID)
			}
		}
		return center, staff
	}
	// The lecture counts for the center and for each of its three staff.
	if center, staff := rows(s.admin); center != 1 || len(staff) != 3 {
		t.Errorf("admin sees %d center rows and staff %v, want 1 and all three", center, staff)
	}
	if center, staff := rows(s.staff[0]); center != 1 || len(staff) != 1 || staff[0] != s.staff[0].UserID {
		t.Errorf("staff sees %d center rows and staff %v, want 1 and only their own", center, staff)
	}
}
