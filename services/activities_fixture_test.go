package services_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/servicestest"
)

// sched is a scheduling fixture on a real, migrated database: a center in
// Asia/Shanghai whose clock reads 2026-03-01 08:00 local.
type sched struct {
	t       testing.TB
	db      *gorm.DB
	loc     *time.Location
	now     time.Time
	acts    *services.Activities
	series  *services.Series
	cal     *services.Calendar
	closure *services.Closures

	admin, manager, viewer services.Actor
	staff                  []services.Actor // staff[0], staff[1], staff[2]
	venues, teams          []uint64
	station                uint64
}

func newSched(t testing.TB) *sched {
	return newSchedIn(t, "Asia/Shanghai")
}

func newSchedIn(t testing.TB, zone string) *sched {
	t.Helper()
	return newSchedWith(t, zone, nil)
}

// impactOf builds the dry run's counting engine on the fixture's database;
// nil schedules without one.
type impactOf func(db *gorm.DB, clock services.Clock, loc *time.Location) services.QuotaImpact

func newSchedWith(t testing.TB, zone string, impact impactOf) *sched {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	s := &sched{t: t, db: dbtest.Open(t), loc: loc}
	s.now = time.Date(2026, 3, 1, 8, 0, 0, 0, loc)
	clock := func() time.Time { return s.now }
	audit := services.NewAudit(s.db, clock)
	var qi services.QuotaImpact
	if impact != nil {
		qi = impact(s.db, clock, loc)
	}
	s.acts = services.NewActivities(s.db, clock, loc, audit, qi)
	s.series = services.NewSeries(s.acts)
	s.cal = services.NewCalendar(s.db)
	s.closure = services.NewClosures(s.db, audit)
	s.admin = s.user("admin", models.RoleAdmin)
	s.manager = s.user("head", models.RoleManager)
	s.viewer = s.user("boss", models.RoleViewer)
	for i := 0; i < 3; i++ {
		s.staff = append(s.staff, s.user(fmt.Sprintf("staff%d", i), models.RoleStaff))
	}
	for i := 0; i < 2; i++ {
		v := models.Venue{Name: fmt.Sprintf("Hall %d", i), Capacity: 100, Active: true, Version: 1}
		s.must(s.db.Create(&v).Error)
		s.venues = append(s.venues, v.ID)
		tm := models.Team{Name: fmt.Sprintf("Choir %d", i), ArtForm: "choir", MemberCount: 20, Active: true, Version: 1}
		s.must(s.db.Create(&tm).Error)
		s.teams = append(s.teams, tm.ID)
	}
	st := models.Station{Name: "东街文化站", Address: "东街1号", Active: true, Version: 1}
	s.must(s.db.Create(&st).Error)
	s.station = st.ID
	return s
}

func (s *sched) user(name, role string) services.Actor {
	u := models.User{Username: name, Name: name, Role: role, Active: true, PasswordHash: "x", Version: 1}
	s.must(s.db.Create(&u).Error)
	return services.Actor{UserID: u.ID, Username: name, Role: role, RequestID: "test"}
}

func (s *sched) must(err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
}

// at is a local time on 2026-03-<day> given as "15:04".
func (s *sched) at(day int, hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", fmt.Sprintf("2026-03-%02d %s", day, hm), s.loc)
	s.must(err)
	return t
}

// input is a lecture on 2026-03-<day> from..to, organized by org, in venue v (0 = none).
func (s *sched) input(day int, from, to string, org services.Actor, venue uint64) services.ActivityInput {
	in := services.ActivityInput{Kind: "lecture", Title: "书法讲座", Start: s.at(day, from), End: s.at(day, to),
		OrganizerID: org.UserID, ExpectedAttendance: 30}
	if venue != 0 {
		in.VenueID = &venue
	}
	return in
}

func (s *sched) create(actor services.Actor, in services.ActivityInput) *models.Activity {
	s.t.Helper()
	a, err := s.acts.Create(context.Background(), actor, in)
	s.must(err)
	return a
}

// counts is a fingerprint of every scheduling table, to prove a refusal changed nothing.
func (s *sched) counts() string {
	out := ""
	for _, tbl := range []string{"activities", "activity_staff", "activity_teams", "activity_days", "series", "audit_entries"} {
		var n int64
		s.must(s.db.Table(tbl).Count(&n).Error)
		out += fmt.Sprintf("%s=%d ", tbl, n)
	}
	var sum struct{ V int64 }
	s.must(s.db.Raw("SELECT COALESCE(SUM(version),0) AS v FROM activities").Scan(&sum).Error)
	return out + fmt.Sprintf("versions=%d", sum.V)
}

// wantUnchanged fails t unless every scheduling table is as counts found it
// before a refused call.
func (s *sched) wantUnchanged(t *testing.T, before string) {
	t.Helper()
	if after := s.counts(); after != before {
		t.Fatalf("refusal changed rows: %s -> %s", before, after)
	}
}

// refused checks that call fails with an error of kind want and writes nothing.
func (s *sched) refused(t *testing.T, want services.ErrorKind, call func() error) {
	t.Helper()
	before := s.counts()
	err := call()
	if got := kindOf(err); got != want {
		t.Fatalf("got %q (%v), want %q", got, err, want)
	}
	s.wantUnchanged(t, before)
}

// tryCreate creates in as the manager and returns the refusal, if any. What
// it creates it deletes again, so that table cases stay independent; a
// refusal must have written nothing.
func (s *sched) tryCreate(t *testing.T, in services.ActivityInput) error {
	t.Helper()
	ctx := context.Background()
	before := s.counts()
	a, err := s.acts.Create(ctx, s.manager, in)
	if err == nil {
		s.must(s.acts.Delete(ctx, s.manager, a.ID, 0))
		return nil
	}
	s.wantUnchanged(t, before)
	return err
}

// kindOf is servicestest.KindOf under the name these tests use.
func kindOf(err error) services.ErrorKind { return servicestest.KindOf(err) }

func ptr[T any](v T) *T { return &v }
