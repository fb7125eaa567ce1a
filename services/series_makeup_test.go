package services_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
)

// A make-up session copies the series' latest session that is not
// cancelled and is booked like any other.
func TestAddOccurrence(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	res := s.weekly(t) // six Tuesdays 10:00 from 03-03 in Hall 0, staff0
	ids := memberIDs(res)
	// The fifth moves to Hall 1 with staff1 joining; the sixth is cancelled.
	fifth, err := s.acts.Update(ctx, s.staff[0], ids[4], services.ActivityPatch{Version: 1, VenueID: services.OptionalID{Set: true, ID: &s.venues[1]},
		StaffIDs: &[]uint64{s.staff[1].UserID}, Notes: ptr("第五讲")}, services.ScopeThis)
	s.must(err)
	_, err = s.acts.Cancel(ctx, s.staff[0], ids[5], 0, services.ScopeThis)
	s.must(err)
	blocker := s.create(s.staff[2], s.input(20, "10:00", "11:00", s.staff[2], s.venues[1]))

	refusals := []struct {
		name       string
		actor      services.Actor
		series     uint64
		start, end time.Time
		want       services.ErrorKind
	}{
		{"its hall is taken then", s.staff[0], res.SeriesID, s.at(20, "10:30"), s.at(20, "11:30"), services.Conflict},
		{"staff who do not organize it", s.staff[2], res.SeriesID, s.at(21, "10:00"), s.at(21, "11:00"), services.Forbidden},
		{"a viewer", s.viewer, res.SeriesID, s.at(21, "10:00"), s.at(21, "11:00"), services.Forbidden},
		{"an unknown series", s.staff[0], 99999, s.at(21, "10:00"), s.at(21, "11:00"), services.NotFound},
		{"end before start", s.staff[0], res.SeriesID, s.at(21, "10:00"), s.at(21, "09:00"), services.Invalid},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			s.refused(t, tc.want, func() error {
				_, err := s.series.AddOccurrence(ctx, tc.actor, tc.series, tc.start, tc.end)
				return err
			})
		})
	}
	a, err := s.series.AddOccurrence(ctx, s.staff[0], res.SeriesID, s.at(21, "14:00"), s.at(21, "15:30"))
	s.must(err)
	if a.SeriesID == nil || *a.SeriesID != res.SeriesID || a.Title != "国画班" || a.Kind != "training" ||
		*a.VenueID != s.venues[1] || !slices.Equal(a.StaffIDs, fifth.StaffIDs) || a.Notes != "" ||
		a.Status != models.StatusPlanned || !a.EndAt.Equal(s.at(21, "15:30").UTC()) {
		t.Fatalf("make-up session %+v", a)
	}
	s.assertRows(t, a.ID)
	places, err := s.acts.SeriesPlaces(ctx, []*models.Activity{a, fifth, blocker})
	s.must(err)
	// By start: Tuesdays 03-03, 03-10, 03-17, then the make-up of Saturday
	// 03-21 (4th of 7), then 03-24 and the fifth Tuesday, 03-31 (6th).
	if places[a.ID] != (services.SeriesPlace{Index: 4, Count: 7}) || places[fifth.ID] != (services.SeriesPlace{Index: 6, Count: 7}) {
		t.Fatalf("places %+v", places)
	}
	if _, in := places[blocker.ID]; in {
		t.Fatalf("a lone activity has a series place")
	}
}

// skip_conflicts creates the free occurrences, lists the clashing ones and
// runs a COUNT rule on so that COUNT are created.
func TestSeriesSkipConflicts(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	s.create(s.staff[1], s.input(12, "14:30", "15:30", s.staff[1], s.venues[0]))
	closure, _, err := s.closure.Create(ctx, s.admin, services.ClosureInput{Date: "2026-03-26", Name: "消杀"})
	s.must(err)
	// Thursdays 14:00-15:00 from 03-05 in Hall 0, COUNT=4:
	// 03-05 free, 03-12 hall taken, 03-19 free, 03-26 closed, 04-02 free, 04-09 free.
	tpl := s.input(5, "14:00", "15:00", s.staff[0], s.venues[0])
	in := services.SeriesInput{Template: tpl, RRule: "FREQ=WEEKLY;COUNT=4", SkipConflicts: true}
	before := s.counts()
	dry := in
	dry.DryRun = true
	d, err := s.series.Create(ctx, s.staff[0], dry)
	s.must(err)
	var reasons []string
	for _, o := range d.Occurrences {
		reasons = append(reasons, o.Start.In(s.loc).Format("01-02")+":"+o.SkippedReason)
	}
	if want := []string{"03-05:", "03-12:conflict", "03-19:", "03-26:conflict", "04-02:", "04-09:"}; !slices.Equal(reasons, want) {
		t.Fatalf("dry run %v, want %v", reasons, want)
	}
	if after := s.counts(); after != before {
		t.Fatalf("dry run wrote: %s -> %s", before, after)
	}
	if _, err := s.series.Create(ctx, s.staff[0], services.SeriesInput{Template: tpl, RRule: in.RRule}); kindOf(err) != services.Conflict {
		t.Fatalf("without skip_conflicts: %v", err)
	}
	res, err := s.series.Create(ctx, s.staff[0], in)
	s.must(err)
	var dates []string
	for _, a := range res.Activities {
		dates = append(dates, a.LocalDate)
	}
	if want := []string{"2026-03-05", "2026-03-19", "2026-04-02", "2026-04-09"}; !slices.Equal(dates, want) {
		t.Fatalf("created %v, want %v", dates, want)
	}
	if len(res.Skipped) != 2 || res.Skipped[0].Conflicts[0].Reason != "venue" ||
		res.Skipped[1].Conflicts[0].Reason != "closure" || res.Skipped[1].Conflicts[0].ResourceID != closure.ID {
		t.Fatalf("skipped %+v", res.Skipped)
	}
	// No occurrence free (an UNTIL rule does not run on): refused as
	// without the flag, every clash listed.
	before = s.counts()
	all := services.SeriesInput{Template: tpl, RRule: "FREQ=WEEKLY;UNTIL=20260312", SkipConflicts: true}
	if _, err := s.series.Create(ctx, s.staff[2], func() services.SeriesInput {
		all.Template.OrganizerID = s.staff[2].UserID
		return all
	}()); kindOf(err) != services.Conflict {
		t.Fatalf("all clashing: %v", err)
	}
	s.wantUnchanged(t, before)
}

// A planned series can be deleted whole, saying how many first; what has
// happened or was called off stays.
func TestDeleteSeries(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	res := s.weekly(t) // six Tuesdays from 03-03
	ids := memberIDs(res)
	_, err := s.acts.Cancel(ctx, s.staff[0], ids[1], 0, services.ScopeThis)
	s.must(err)
	before := s.counts()
	got, err := s.acts.DeleteCovered(ctx, s.staff[0], ids[3], 0, services.ScopeFollowing, true)
	s.must(err)
	if want := ids[3:]; !slices.Equal(got, want) {
		t.Fatalf("dry run %v, want %v", got, want)
	}
	if after := s.counts(); after != before {
		t.Fatalf("dry run wrote: %s -> %s", before, after)
	}
	for _, tc := range []struct {
		name  string
		actor services.Actor
		id    uint64
		scope services.SeriesScope
		want  services.ErrorKind
	}{
		{"staff who do not organize it", s.staff[1], ids[0], services.ScopeAll, services.Forbidden},
		{"a viewer", s.viewer, ids[0], services.ScopeAll, services.Forbidden},
		{"from the cancelled one", s.staff[0], ids[1], services.ScopeAll, services.Rule},
	} {
		if _, err := s.acts.DeleteCovered(ctx, tc.actor, tc.id, 0, tc.scope, false); kindOf(err) != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.want)
		}
	}
	if after := s.counts(); after != before {
		t.Fatalf("refusals changed rows: %s -> %s", before, after)
	}
	got, err = s.acts.DeleteCovered(ctx, s.staff[0], ids[0], 0, services.ScopeAll, false)
	s.must(err)
	if want := []uint64{ids[0], ids[2], ids[3], ids[4], ids[5]}; !slices.Equal(got, want) {
		t.Fatalf("deleted %v, want %v", got, want)
	}
	var left []uint64
	s.must(s.db.Model(&models.Activity{}).Order("id").Pluck("id", &left).Error)
	if !slices.Equal(left, []uint64{ids[1]}) {
		t.Fatalf("left %v, want the cancelled one", left)
	}
	var staffRows int64
	s.must(s.db.Model(&models.ActivityStaff{}).Where("activity_id <> ?", ids[1]).Count(&staffRows).Error)
	if staffRows != 0 {
		t.Fatalf("%d staff rows of deleted activities remain", staffRows)
	}
	// The series keeps its cancelled member; a series with none left goes.
	other, err := s.series.Create(ctx, s.manager, services.SeriesInput{Template: s.input(9, "16:00", "17:00", s.staff[1], 0), RRule: "FREQ=DAILY;COUNT=3"})
	s.must(err)
	got, err = s.acts.DeleteCovered(ctx, s.manager, other.Activities[1].ID, 0, services.ScopeAll, false)
	s.must(err)
	if len(got) != 3 {
		t.Fatalf("deleted %d of 3", len(got))
	}
	var series []uint64
	s.must(s.db.Model(&models.Series{}).Order("id").Pluck("id", &series).Error)
	if !slices.Equal(series, []uint64{res.SeriesID}) {
		t.Fatalf("series left %v, want only %d", series, res.SeriesID)
	}
}
