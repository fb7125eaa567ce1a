package services_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
)

func TestSeriesSkipsHolidaysAndKeepsCount(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	_, _, err := s.closure.Create(ctx, s.admin, services.ClosureInput{Date: "2026-10-15", Name: "设备检修"})
	s.must(err)
	// Thursdays 19:00-21:00 from 2026-09-17, 6 occurrences, skipping holidays.
	// Rule dates: 09-17, 09-24, 10-01 (国庆节, off), 10-08, 10-15 (closure), 10-22, 10-29, 11-05.
	// 10-01 and 10-15 are skipped, so the rule runs on to 11-05 to keep 6.
	start := time.Date(2026, 9, 17, 19, 0, 0, 0, s.loc)
	tpl := services.ActivityInput{Kind: "training", Title: "书法班", Start: start, End: start.Add(2 * time.Hour),
		OrganizerID: s.staff[0].UserID, VenueID: &s.venues[0]}
	in := services.SeriesInput{Template: tpl, RRule: "FREQ=WEEKLY;BYDAY=TH;COUNT=6", SkipHolidays: true}

	before := s.counts()
	dry, err := s.series.Create(ctx, s.staff[0], services.SeriesInput{Template: tpl, RRule: in.RRule, SkipHolidays: true, DryRun: true})
	s.must(err)
	if after := s.counts(); after != before {
		t.Fatalf("dry run wrote: %s -> %s", before, after)
	}
	wantDates := []string{"2026-09-17", "2026-09-24", "2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22", "2026-10-29", "2026-11-05"}
	wantSkip := map[string]string{"2026-10-01": "holiday", "2026-10-15": "closure"}
	if len(dry.Occurrences) != len(wantDates) {
		t.Fatalf("occurrences %+v", dry.Occurrences)
	}
	for i, o := range dry.Occurrences {
		if d := o.Start.In(s.loc).Format("2006-01-02"); d != wantDates[i] || o.SkippedReason != wantSkip[d] {
			t.Errorf("occurrence %d: %s skipped=%q, want %s skipped=%q", i, d, o.SkippedReason, wantDates[i], wantSkip[wantDates[i]])
		}
	}
	if dry.Occurrences[2].SkippedName != "国庆节" || dry.Occurrences[4].SkippedName != "设备检修" {
		t.Errorf("skip names %q %q", dry.Occurrences[2].SkippedName, dry.Occurrences[4].SkippedName)
	}

	res, err := s.series.Create(ctx, s.staff[0], in)
	s.must(err)
	if len(res.Activities) != 6 || res.SeriesID == 0 {
		t.Fatalf("created %d activities in series %d", len(res.Activities), res.SeriesID)
	}
	for _, a := range res.Activities {
		if *a.SeriesID != res.SeriesID || a.StartAt.In(s.loc).Hour() != 19 {
			t.Errorf("member %+v", a)
		}
		s.assertRows(t, a.ID)
	}
	if res.Activities[2].LocalDate != "2026-10-08" || res.Activities[5].LocalDate != "2026-11-05" {
		t.Errorf("dates %s .. %s", res.Activities[2].LocalDate, res.Activities[5].LocalDate)
	}
	// Without skip_holidays the holiday is an ordinary date.
	tpl2 := tpl
	tpl2.VenueID = &s.venues[1]
	tpl2.OrganizerID = s.staff[1].UserID
	plain, err := s.series.Create(ctx, s.manager, services.SeriesInput{Template: tpl2, RRule: "FREQ=WEEKLY;UNTIL=20261001", DryRun: true})
	s.must(err)
	if n := len(plain.Occurrences); n != 3 || plain.Occurrences[2].SkippedReason != "" {
		t.Fatalf("UNTIL with a date includes that day and skips nothing: %+v", plain.Occurrences)
	}
}

func TestSeriesKeepsWallClockAcrossDST(t *testing.T) {
	t.Parallel()
	s := newSchedIn(t, "Europe/Berlin")
	ctx := context.Background()
	// Saturdays 10:00 from 2026-03-21; Berlin moves from +01:00 to +02:00 on 03-29.
	start := time.Date(2026, 3, 21, 10, 0, 0, 0, s.loc)
	tpl := services.ActivityInput{Kind: "training", Title: "Malkurs", Start: start, End: start.Add(90 * time.Minute),
		OrganizerID: s.staff[0].UserID}
	res, err := s.series.Create(ctx, s.staff[0], services.SeriesInput{Template: tpl, RRule: "FREQ=WEEKLY;COUNT=3"})
	s.must(err)
	wantUTC := []string{"2026-03-21T09:00:00Z", "2026-03-28T09:00:00Z", "2026-04-04T08:00:00Z"}
	for i, a := range res.Activities {
		if got := a.StartAt.UTC().Format(time.RFC3339); got != wantUTC[i] {
			t.Errorf("occurrence %d starts %s, want %s (10:00 local)", i, got, wantUTC[i])
		}
		if a.EndAt.Sub(a.StartAt) != 90*time.Minute {
			t.Errorf("occurrence %d lasts %v", i, a.EndAt.Sub(a.StartAt))
		}
	}

	// 02:30 does not exist on 2026-03-29 in Berlin: a daily 02:30 series is refused.
	night := time.Date(2026, 3, 27, 2, 30, 0, 0, s.loc)
	before := s.counts()
	_, err = s.series.Create(ctx, s.staff[1], services.SeriesInput{RRule: "FREQ=DAILY;COUNT=4",
		Template: services.ActivityInput{Kind: "other", Title: "Nachtwache", Start: night, End: night.Add(time.Hour),
			OrganizerID: s.staff[1].UserID}})
	var se *services.Error
	if !errors.As(err, &se) || se.Kind != services.Invalid || se.Fields["start"].Message == "" {
		t.Fatalf("got %v, want invalid start", err)
	}
	if after := s.counts(); after != before {
		t.Fatalf("refusal wrote: %s -> %s", before, after)
	}
}

func TestSeriesIsAllOrNothing(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	// Hall 0 is taken on the third Tuesday, March 17, 10:30-11:00.
	blocker := s.create(s.staff[2], s.input(17, "10:30", "11:00", s.staff[2], s.venues[0]))
	start := s.at(3, "10:00")
	tpl := services.ActivityInput{Kind: "lecture", Title: "讲座", Start: start, End: start.Add(time.Hour),
		OrganizerID: s.staff[0].UserID, VenueID: &s.venues[0]}
	before := s.counts()
	_, err := s.series.Create(ctx, s.staff[0], services.SeriesInput{Template: tpl, RRule: "FREQ=WEEKLY;COUNT=4"})
	var se *services.Error
	if !errors.As(err, &se) || se.Kind != services.Conflict {
		t.Fatalf("got %v, want conflict", err)
	}
	items := se.Details["conflicts"].([]services.ConflictItem)
	if len(items) != 1 || items[0].ActivityID != blocker.ID || items[0].Occurrence == nil ||
		!items[0].Occurrence.Equal(s.at(17, "10:00")) {
		t.Fatalf("conflicts %+v", items)
	}
	if after := s.counts(); after != before {
		t.Fatalf("refused series wrote: %s -> %s", before, after)
	}
	dry, err := s.series.Create(ctx, s.staff[0], services.SeriesInput{Template: tpl, RRule: "FREQ=WEEKLY;COUNT=4", DryRun: true})
	s.must(err)
	if len(dry.Occurrences[2].Conflicts) != 1 || len(dry.Occurrences[0].Conflicts) != 0 {
		t.Fatalf("dry run conflicts %+v", dry.Occurrences)
	}
}

func TestSeriesRuleValidation(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	start := s.at(3, "10:00")
	tpl := services.ActivityInput{Kind: "lecture", Title: "讲座", Start: start, End: start.Add(time.Hour), OrganizerID: s.staff[0].UserID}
	for _, rule := range []string{
		"", "FREQ=WEEKLY", "FREQ=WEEKLY;COUNT=201", "FREQ=DAILY;UNTIL=20270101", // over 200
		"FREQ=WEEKLY;COUNT=3;UNTIL=20260401", "FREQ=HOURLY;COUNT=3", "FREQ=WEEKLY;COUNT=3;BYHOUR=9",
		"DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY;COUNT=2", "FREQ=SOMETIMES;COUNT=2", "COUNT=2",
		"FREQ=DAILY;UNTIL=20250101", "FREQ=DAILY;INTERVAL=0;COUNT=2;BYDAY=XX",
		"FREQ=WEEKLY;INTERVAL=0;COUNT=2",               // an interval of 0 repeats nothing
		"FREQ=DAILY;INTERVAL=1001;COUNT=2",             // beyond any series a center keeps
		"FREQ=YEARLY;INTERVAL=1000;COUNT=200",          // one occurrence only: the next is in 3026
		"FREQ=YEARLY;COUNT=100",                        // 2026..2125 runs past 2100
		"FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2;COUNT=2", // no 31 February, ever
	} {
		_, err := s.series.Create(ctx, s.staff[0], services.SeriesInput{Template: tpl, RRule: rule, DryRun: true})
		var se *services.Error
		if !errors.As(err, &se) || se.Kind != services.Invalid || se.Fields["rrule"].Message == "" {
			t.Errorf("rule %q: got %v, want invalid rrule", rule, err)
		}
	}
	// Two-hour occurrences every hour-long day cannot overlap; daily 25-hour ones do.
	long := tpl
	long.End = start.Add(25 * time.Hour)
	if _, err := s.series.Create(ctx, s.staff[0], services.SeriesInput{Template: long, RRule: "FREQ=DAILY;COUNT=2"}); kindOf(err) != services.Invalid {
		t.Errorf("self-overlapping series: %v", err)
	}
	// 200 daily occurrences are fine.
	res, err := s.series.Create(ctx, s.staff[0], services.SeriesInput{Template: tpl, RRule: "FREQ=DAILY;COUNT=200"})
	s.must(err)
	var n int64
	s.must(s.db.Model(&models.Activity{}).Where("series_id = ?", res.SeriesID).Count(&n).Error)
	if n != 200 {
		t.Fatalf("stored %d members", n)
	}
}
