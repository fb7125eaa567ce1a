package counting_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/servicestest"
)

// center is a counting test's world: a real migrated database seeded row by
// row, so the counting tests do not depend on the scheduling service. Rows
// keep the data rules: LocalDate is the local date of the start, every
// participant (organizer included) has an activity_staff row and every local
// date the activity touches has an activity_days row.
type center struct {
	t        testing.TB
	db       *gorm.DB
	loc      *time.Location
	now      time.Time
	admin    services.Actor
	progress *counting.Progress
	targets  *counting.Targets
	reports  *counting.Reports
	seq      int
}

func newCenter(t testing.TB) *center {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	c := &center{t: t, db: dbtest.Open(t), loc: loc, now: time.Date(2026, 6, 15, 12, 0, 0, 0, loc)}
	clock := func() time.Time { return c.now }
	c.progress = counting.NewProgress(c.db, clock, loc)
	c.targets = counting.NewTargets(c.db, clock, services.NewAudit(c.db, clock))
	c.reports = counting.NewReports(c.db, clock, loc, c.progress, appGlossary(t))
	c.admin = services.Actor{UserID: c.user("admin", models.RoleAdmin), Username: "admin", Role: models.RoleAdmin}
	return c
}

func (c *center) must(err error) {
	c.t.Helper()
	if err != nil {
		c.t.Fatal(err)
	}
}

func (c *center) user(name, role string) uint64 { return servicestest.User(c.t, c.db, name, role) }

func (c *center) actor(id uint64, role string) services.Actor {
	return services.Actor{UserID: id, Username: fmt.Sprint(id), Role: role}
}

func (c *center) team(name string, active bool) uint64 {
	return servicestest.Team(c.t, c.db, name, active)
}

func (c *center) station(name string, staff ...uint64) uint64 {
	return servicestest.Station(c.t, c.db, name, staff...)
}

// series creates a series, its own edition.
func (c *center) series() uint64 {
	s := models.Series{RRule: "FREQ=WEEKLY", TimeZone: "Asia/Shanghai", CreatedBy: 1}
	c.must(c.db.Create(&s).Error)
	c.must(c.db.Model(&s).Update("edition_id", s.ID).Error)
	return s.ID
}

// splitOf creates a series split from parent by a following-scope edit: it
// keeps parent's edition.
func (c *center) splitOf(parent uint64) uint64 {
	var p models.Series
	c.must(c.db.First(&p, parent).Error)
	s := models.Series{RRule: "FREQ=WEEKLY", TimeZone: "Asia/Shanghai", CreatedBy: 1, EditionID: p.EditionID}
	c.must(c.db.Create(&s).Error)
	return s.ID
}

// act describes one activity to seed. Times are local "2006-01-02 15:04";
// end defaults to two hours after start; staff[0] is the organizer.
type act struct {
	kind, start, end string
	status           string
	staff, teams     []uint64
	station, series  uint64
	expected, actual int
	title            string
}

func (c *center) at(s string) time.Time {
	c.t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, c.loc)
	c.must(err)
	return tm
}

func (c *center) add(a act) uint64 {
	c.t.Helper()
	start := c.at(a.start)
	end := start.Add(2 * time.Hour)
	if a.end != "" {
		end = c.at(a.end)
	}
	if a.status == "" {
		a.status = models.StatusPlanned
	}
	c.seq++
	if a.title == "" {
		a.title = fmt.Sprintf("%s %d", a.kind, c.seq)
	}
	m := models.Activity{Kind: a.kind, Title: a.title, StartAt: start.UTC(), EndAt: end.UTC(),
		LocalDate: services.LocalDate(start, c.loc), OrganizerID: a.staff[0], ExpectedAttendance: a.expected,
		Status: a.status, Version: 1, CreatedBy: a.staff[0]}
	if a.status == models.StatusCompleted {
		n := a.actual
		m.ActualAttendance = &n
	}
	if a.station != 0 {
		m.StationID = &a.station
	}
	if a.series != 0 {
		var sr models.Series
		c.must(c.db.First(&sr, a.series).Error)
		m.SeriesID, m.EditionID = &a.series, &sr.EditionID
	}
	m.StaffIDs, m.TeamIDs = a.staff, a.teams
	servicestest.SeedActivities(c.t, c.db, c.loc, &m)
	return m.ID
}

// setStatus changes an activity's status the way the scheduler would.
func (c *center) setStatus(id uint64, status string, actual *int) {
	c.must(c.db.Model(&models.Activity{}).Where("id = ?", id).
		Updates(map[string]any{"status": status, "actual_attendance": actual}).Error)
}

func (c *center) target(in counting.TargetInput) uint64 {
	c.t.Helper()
	if in.Year == 0 {
		in.Year = 2026
	}
	if in.Name == "" {
		c.seq++
		in.Name = fmt.Sprintf("target %d", c.seq)
	}
	v, err := c.targets.Create(context.Background(), c.admin, in)
	c.must(err)
	return v.ID
}

// rows returns the progress rows as of asOf keyed "target/staff".
func (c *center) rows(year int, asOf string) map[string]counting.ProgressRow {
	c.t.Helper()
	rep, err := c.progress.Rows(context.Background(), c.admin, counting.ProgressQuery{Year: year, AsOf: asOf})
	c.must(err)
	out := map[string]counting.ProgressRow{}
	for _, r := range rep.Rows {
		out[rowKey(r.TargetID, r.StaffID)] = r
	}
	return out
}

func rowKey(target uint64, staff *uint64) string {
	if staff == nil {
		return fmt.Sprint(target)
	}
	return fmt.Sprintf("%d/%d", target, *staff)
}

// want is the expected part of a progress row.
type want struct{ actual, scheduled int }

func (c *center) expect(rows map[string]counting.ProgressRow, key string, w want) counting.ProgressRow {
	c.t.Helper()
	r, ok := rows[key]
	if !ok {
		c.t.Fatalf("no progress row %s", key)
	}
	if r.Actual != w.actual || r.Scheduled != w.scheduled {
		c.t.Errorf("row %s (%s): actual %d scheduled %d, want %d and %d", key, r.Name, r.Actual, r.Scheduled, w.actual, w.scheduled)
	}
	if r.Projected != r.Actual+r.Scheduled {
		c.t.Errorf("row %s: projected %d is not actual + scheduled", key, r.Projected)
	}
	return r
}

func idKey(target, staff uint64) string { return fmt.Sprintf("%d/%d", target, staff) }

func intp(n int) *int { return &n }
