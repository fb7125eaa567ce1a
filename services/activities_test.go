package services_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"centerstage/models"
	"centerstage/services"
)

func TestCreateConflicts(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	// The existing lecture: 10:00-11:00 on March 10, Hall 0, staff0 organizing, staff1 and Choir 0 taking part.
	lecture := s.input(10, "10:00", "11:00", s.staff[0], s.venues[0])
	lecture.StaffIDs = []uint64{s.staff[1].UserID}
	lecture.TeamIDs = []uint64{s.teams[0]}
	existing := s.create(s.staff[0], lecture)
	dropped := s.create(s.staff[2], s.input(10, "12:00", "13:00", s.staff[2], s.venues[1]))
	_, err := s.acts.Cancel(ctx, s.staff[2], dropped.ID, 0, services.ScopeThis)
	s.must(err)

	cases := []struct {
		name     string
		from, to string
		venue    uint64
		org      services.Actor
		staff    []uint64
		teams    []uint64
		want     services.ErrorKind
		reasons  []string // expected conflict reasons, in order
	}{
		{"touching the lecture's end is not an overlap", "11:00", "12:00", s.venues[0], s.staff[0], nil, nil, "", nil},
		{"touching its start is not an overlap", "09:00", "10:00", s.venues[0], s.staff[0], nil, nil, "", nil},
		{"same venue, overlapping", "10:30", "11:30", s.venues[0], s.staff[2], nil, nil, services.Conflict, []string{"venue"}},
		{"organizer busy elsewhere", "10:59", "11:30", s.venues[1], s.staff[0], nil, nil, services.Conflict, []string{"staff"}},
		{"participant busy", "09:00", "10:01", 0, s.staff[2], []uint64{s.staff[1].UserID}, nil, services.Conflict, []string{"staff"}},
		{"team busy", "09:30", "12:00", 0, s.staff[2], nil, []uint64{s.teams[0]}, services.Conflict, []string{"team"}},
		{"inside it, every clash listed", "10:15", "10:45", s.venues[0], s.staff[0], []uint64{s.staff[1].UserID},
			[]uint64{s.teams[0]}, services.Conflict, []string{"venue", "staff", "staff", "team"}},
		{"a cancelled activity never conflicts", "12:00", "13:00", s.venues[1], s.staff[2], nil, nil, "", nil},
		{"another venue and people are free", "10:00", "11:00", s.venues[1], s.staff[2], nil, []uint64{s.teams[1]}, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := s.input(10, tc.from, tc.to, tc.org, tc.venue)
			in.StaffIDs, in.TeamIDs = tc.staff, tc.teams
			err := s.tryCreate(t, in)
			if got := kindOf(err); got != tc.want {
				t.Fatalf("got %q (%v), want %q", got, err, tc.want)
			}
			if err == nil {
				return
			}
			var se *services.Error
			errors.As(err, &se)
			items := se.Details["conflicts"].([]services.ConflictItem)
			var reasons []string
			for _, c := range items {
				reasons = append(reasons, c.Reason)
				if c.ActivityID != existing.ID || c.Title != existing.Title || !c.Start.Equal(existing.StartAt) {
					t.Errorf("conflict %+v does not describe the lecture", c)
				}
				if c.Start.Location() != s.loc {
					t.Errorf("conflict start %v not in the center's zone", c.Start)
				}
			}
			if !slices.Equal(reasons, tc.reasons) {
				t.Fatalf("reasons %v, want %v", reasons, tc.reasons)
			}
		})
	}
}

func TestCreateKeepsDataRules(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	cases := []struct {
		name      string
		day       int
		from, to  string // local; a "to" not after "from" ends the next day
		localDate string
		days      []string
	}{
		{"evening into the night touches two dates", 10, "20:00", "02:00", "2026-03-10", []string{"2026-03-10", "2026-03-11"}},
		{"ending at midnight touches one", 12, "23:00", "00:00", "2026-03-12", []string{"2026-03-12"}},
		// 07:00 in Shanghai is 23:00 UTC the day before: the local date counts.
		{"early morning is dated locally", 14, "07:00", "09:00", "2026-03-14", []string{"2026-03-14"}},
		{"twenty-four hours touch two dates", 16, "09:00", "09:00", "2026-03-16", []string{"2026-03-16", "2026-03-17"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := s.input(tc.day, tc.from, tc.to, s.staff[0], 0)
			if !in.End.After(in.Start) {
				in.End = in.End.AddDate(0, 0, 1)
			}
			in.StaffIDs = []uint64{s.staff[1].UserID}
			in.TeamIDs = []uint64{s.teams[1]}
			in.Start = in.Start.Add(123456789) // a fraction of a second, to be truncated
			a := s.create(s.staff[0], in)
			s.assertRows(t, a.ID)
			if a.LocalDate != tc.localDate {
				t.Errorf("local date %s, want %s", a.LocalDate, tc.localDate)
			}
			if got := s.days(a.ID); !slices.Equal(got, tc.days) {
				t.Errorf("days %v, want %v", got, tc.days)
			}
			if !slices.Equal(a.StaffIDs, []uint64{s.staff[0].UserID, s.staff[1].UserID}) {
				t.Errorf("staff %v: the organizer must be a participant", a.StaffIDs)
			}
		})
	}
}

func (s *sched) days(id uint64) []string {
	var days []string
	s.must(s.db.Model(&models.ActivityDay{}).Where("activity_id = ?", id).Order("day").Pluck("day", &days).Error)
	return days
}

// assertRows checks the stored form of an activity: UTC whole seconds, and
// staff (organizer included) and team rows carrying its times.
func (s *sched) assertRows(t *testing.T, id uint64) {
	t.Helper()
	var a models.Activity
	s.must(s.db.First(&a, id).Error)
	if a.StartAt.Nanosecond() != 0 || a.EndAt.Nanosecond() != 0 {
		t.Errorf("times not truncated to the second: %v %v", a.StartAt, a.EndAt)
	}
	if a.LocalDate != a.StartAt.In(s.loc).Format("2006-01-02") {
		t.Errorf("local date %s does not match start %v", a.LocalDate, a.StartAt)
	}
	var staff []models.ActivityStaff
	s.must(s.db.Where("activity_id = ?", id).Find(&staff).Error)
	hasOrganizer := false
	for _, r := range staff {
		hasOrganizer = hasOrganizer || r.UserID == a.OrganizerID
		if !r.StartAt.Equal(a.StartAt) || !r.EndAt.Equal(a.EndAt) {
			t.Errorf("staff row %+v does not carry the activity's times", r)
		}
	}
	if !hasOrganizer {
		t.Errorf("organizer %d has no staff row", a.OrganizerID)
	}
	var teams []models.ActivityTeam
	s.must(s.db.Where("activity_id = ?", id).Find(&teams).Error)
	for _, r := range teams {
		if !r.StartAt.Equal(a.StartAt) || !r.EndAt.Equal(a.EndAt) {
			t.Errorf("team row %+v does not carry the activity's times", r)
		}
	}
}

func TestValidationNamesEachField(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	inactive := models.Venue{Name: "Closed hall", Capacity: 1, Active: false, Version: 1}
	s.must(s.db.Create(&inactive).Error)
	good := s.input(10, "10:00", "11:00", s.staff[0], s.venues[0])
	cases := []struct {
		name   string
		edit   func(in *services.ActivityInput)
		fields []string
	}{
		{"unknown kind", func(in *services.ActivityInput) { in.Kind = "party" }, []string{"kind"}},
		{"end before start", func(in *services.ActivityInput) { in.End = in.Start.Add(-1) }, []string{"end"}},
		{"empty interval", func(in *services.ActivityInput) { in.End = in.Start }, []string{"end"}},
		{"longer than 92 days", func(in *services.ActivityInput) { in.End = in.Start.AddDate(0, 0, 93) }, []string{"end"}},
		{"blank title and negative attendance", func(in *services.ActivityInput) {
			in.Title, in.ExpectedAttendance = "  ", -1
		}, []string{"expected_attendance", "title"}},
		{"missing venue", func(in *services.ActivityInput) { in.VenueID = ptr(uint64(999)) }, []string{"venue_id"}},
		{"inactive venue", func(in *services.ActivityInput) { in.VenueID = &inactive.ID }, []string{"venue_id"}},
		{"missing team, station and staff", func(in *services.ActivityInput) {
			in.TeamIDs, in.StationID, in.StaffIDs = []uint64{998}, ptr(uint64(997)), []uint64{996}
		}, []string{"staff_ids", "station_id", "team_ids"}},
		{"viewer cannot take part", func(in *services.ActivityInput) { in.StaffIDs = []uint64{s.viewer.UserID} }, []string{"staff_ids"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := good
			tc.edit(&in)
			before := s.counts()
			_, err := s.acts.Create(ctx, s.staff[0], in)
			var se *services.Error
			if !errors.As(err, &se) || se.Kind != services.Invalid {
				t.Fatalf("got %v, want invalid", err)
			}
			var fields []string
			for f := range se.Fields {
				fields = append(fields, f)
			}
			slices.Sort(fields)
			if !slices.Equal(fields, tc.fields) {
				t.Fatalf("fields %v (%v), want %v", fields, se.Fields, tc.fields)
			}
			s.wantUnchanged(t, before)
		})
	}
}
