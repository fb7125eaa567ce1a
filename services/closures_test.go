package services_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
)

// A closure closes the center's venues: every write and the dry run report
// it for an activity with a venue touching its date; work elsewhere goes on.
func TestClosureConflicts(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	closure, hit, err := s.closure.Create(ctx, s.admin, services.ClosureInput{Date: "2026-03-12", Name: "设备检修"})
	s.must(err)
	if len(hit) != 0 {
		t.Fatalf("an empty day hits %d activities", len(hit))
	}
	org := s.staff[0]
	overnight := s.input(11, "20:00", "23:00", org, s.venues[0])
	overnight.End = s.at(12, "02:00")
	untilMidnight := s.input(11, "22:00", "23:00", org, s.venues[0])
	untilMidnight.End = s.at(12, "00:00")
	outreach := s.input(12, "09:00", "11:00", org, 0)
	outreach.Kind, outreach.StationID = "outreach", &s.station
	cases := []struct {
		name    string
		in      services.ActivityInput
		reasons []string
	}{
		{"a lecture in a hall that day", s.input(12, "10:00", "11:00", org, s.venues[0]), []string{"closure"}},
		{"any hall", s.input(12, "18:00", "19:00", org, s.venues[1]), []string{"closure"}},
		{"an evening running past midnight into it", overnight, []string{"closure"}},
		{"ending at its midnight does not touch it", untilMidnight, nil},
		{"outreach at a station goes on", outreach, nil},
		{"the day after is open", s.input(13, "10:00", "11:00", org, s.venues[0]), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := s.acts.Check(ctx, s.manager, services.CheckInput{Input: tc.in})
			s.must(err)
			err = s.tryCreate(t, tc.in)
			got := conflictReasons(t, err)
			if !slices.Equal(got, tc.reasons) || len(res.Conflicts) != len(tc.reasons) {
				t.Fatalf("create %v, check %d conflicts, want %v", got, len(res.Conflicts), tc.reasons)
			}
			if err == nil {
				return
			}
			var se *services.Error
			errors.As(err, &se)
			c := se.Details["conflicts"].([]services.ConflictItem)[0]
			wantStart := time.Date(2026, 3, 12, 0, 0, 0, 0, s.loc)
			if c.ActivityID != 0 || c.ResourceID != closure.ID || c.Title != "设备检修" ||
				!c.Start.Equal(wantStart) || !c.End.Equal(wantStart.AddDate(0, 0, 1)) {
				t.Fatalf("closure conflict %+v", c)
			}
			if res.Conflicts[0] != c {
				t.Fatalf("check %+v, create %+v", res.Conflicts[0], c)
			}
		})
	}

	// Moving an activity onto the closed day is refused; a series crossing it too.
	a := s.create(org, s.input(13, "10:00", "11:00", org, s.venues[0]))
	before := s.counts()
	_, err = s.acts.Update(ctx, org, a.ID, services.ActivityPatch{Version: a.Version, Start: ptr(s.at(12, "10:00")), End: ptr(s.at(12, "11:00"))}, services.ScopeThis)
	if got := conflictReasons(t, err); !slices.Equal(got, []string{"closure"}) {
		t.Fatalf("move onto the closure: %v", got)
	}
	// Weekly from Thursday 03-05: 03-05, 03-12 (closed), 03-19.
	_, err = s.series.Create(ctx, org, services.SeriesInput{Template: s.input(5, "14:00", "15:00", org, s.venues[1]), RRule: "FREQ=WEEKLY;COUNT=3"})
	if got := conflictReasons(t, err); !slices.Equal(got, []string{"closure"}) {
		t.Fatalf("series over the closure: %v", got)
	}
	var se *services.Error
	errors.As(err, &se)
	if occ := se.Details["conflicts"].([]services.ConflictItem)[0].Occurrence; occ == nil || !occ.Equal(s.at(12, "14:00")) {
		t.Fatalf("the clash names occurrence %v, want 03-12 14:00", occ)
	}
	if after := s.counts(); after != before {
		t.Fatalf("refusals changed rows: %s -> %s", before, after)
	}
}

// Adding a closure leaves the activities of that day alone and lists the
// planned ones with a venue, so that they can be moved.
func TestClosureListsThePlannedActivitiesItHits(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	org := s.staff[0]
	lecture := s.create(org, s.input(20, "10:00", "11:00", org, s.venues[0]))
	evening := s.input(19, "20:00", "23:00", s.staff[1], s.venues[1])
	evening.End = s.at(20, "01:00") // runs into the 20th
	late := s.create(s.staff[1], evening)
	outreach := s.input(20, "12:00", "13:00", org, 0)
	outreach.Kind = "outreach"
	s.create(org, outreach)
	dropped := s.create(s.staff[2], s.input(20, "14:00", "15:00", s.staff[2], s.venues[0]))
	_, err := s.acts.Cancel(ctx, s.staff[2], dropped.ID, 0, services.ScopeThis)
	s.must(err)
	s.create(org, s.input(21, "10:00", "11:00", org, s.venues[0]))
	before := s.counts()

	c, hit, err := s.closure.Create(ctx, s.admin, services.ClosureInput{Date: "2026-03-20", Name: "消杀"})
	s.must(err)
	var ids []uint64
	for _, a := range hit {
		ids = append(ids, a.ID)
	}
	// By start: the evening of the 19th (20:00) before the lecture of the 20th.
	if want := []uint64{late.ID, lecture.ID}; !slices.Equal(ids, want) {
		t.Fatalf("closure hits %v, want %v", ids, want)
	}
	if len(hit[1].StaffIDs) != 1 || hit[1].StaffIDs[0] != org.UserID {
		t.Fatalf("hit activities come without their staff: %+v", hit[1])
	}
	// Nothing but the closure and its audit entry was written.
	if after := s.counts(); after == before {
		t.Fatalf("no audit entry written")
	}
	var n int64
	s.must(s.db.Table("activities").Where("status = ?", "planned").Count(&n).Error)
	if n != 4 {
		t.Fatalf("%d planned activities after the closure, want 4 untouched", n)
	}
	// Moved to the 21st, it lists that day's instead.
	_, hit, err = s.closure.Update(ctx, s.admin, c.ID, services.ClosureInput{Date: "2026-03-21", Name: "消杀"})
	s.must(err)
	if len(hit) != 1 || hit[0].LocalDate != "2026-03-21" {
		t.Fatalf("moved closure hits %+v", hit)
	}
}

// A closure racing bookings of its day: each booking is either refused
// with the closure or listed in the closure's answer, never neither.
func TestRaceClosureAgainstBookings(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	const n = 12
	people := racers(s, n)
	for round := 0; round < 3; round++ {
		day := 10 + round
		var hit []*models.Activity
		booked := make([]uint64, n)
		got := raceResults(n, func(i int) error {
			if i == 0 {
				var err error
				_, hit, err = s.closure.Create(ctx, s.admin, services.ClosureInput{Date: fmt.Sprintf("2026-03-%02d", day), Name: "检修"})
				return err
			}
			// Hour slots 08:00 ... 18:00 alternating halls: they clash with nothing but the closure.
			in := s.input(day, fmt.Sprintf("%02d:00", 7+i), fmt.Sprintf("%02d:30", 7+i), people[i], s.venues[i%2])
			a, err := s.acts.Create(ctx, people[i], in)
			if err == nil {
				booked[i] = a.ID
			}
			return err
		})
		if got[""]+got[services.Conflict] != n {
			t.Fatalf("round %d: results %v", round, got)
		}
		listed := map[uint64]bool{}
		for _, a := range hit {
			listed[a.ID] = true
		}
		for i, id := range booked {
			if id != 0 && !listed[id] {
				t.Fatalf("round %d: booking %d (activity %d) was neither refused nor listed by the closure", round, i, id)
			}
		}
		if len(hit) != got[""]-1 {
			t.Fatalf("round %d: closure lists %d, %d bookings succeeded", round, len(hit), got[""]-1)
		}
	}
}
