package demo_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/demo"
)

// center is a demo center on a real, migrated database whose clock reads
// 2026-06-15 12:00 in Asia/Shanghai.
type center struct {
	t        *testing.T
	db       *gorm.DB
	loc      *time.Location
	now      time.Time
	progress *counting.Progress
}

func demoCenter(t *testing.T, seed uint64) (*center, demo.Result) {
	c := &center{t: t, db: dbtest.Open(t)}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	c.loc, c.now = loc, time.Date(2026, 6, 15, 12, 0, 0, 0, loc)
	clock := func() time.Time { return c.now }
	c.progress = counting.NewProgress(c.db, clock, loc)
	res, err := demo.Fill(context.Background(), c.db, clock, loc, demo.Options{Seed: seed, Password: "demo-password",
		HashPassword: func(p string) (string, error) { return "hash:" + p, nil }})
	c.must(err)
	return c, res
}

func (c *center) must(err error) {
	c.t.Helper()
	if err != nil {
		c.t.Fatal(err)
	}
}

// rows returns the progress rows of year as of asOf, seen by the system.
func (c *center) rows(year int, asOf string) []counting.ProgressRow {
	c.t.Helper()
	rep, err := c.progress.Rows(context.Background(), services.System, counting.ProgressQuery{Year: year, AsOf: asOf})
	c.must(err)
	return rep.Rows
}

func TestDemoCenter(t *testing.T) {
	t.Parallel()
	c, res := demoCenter(t, 7)
	if !res.Created || res.Staff != 25 || res.Activities < 1000 {
		t.Fatalf("demo: %+v", res)
	}
	count := func(q string) int64 {
		var n int64
		c.must(c.db.Raw(q).Scan(&n).Error)
		return n
	}
	for what, q := range map[string]string{
		"venue clashes": `SELECT COUNT(*) FROM activities a JOIN activities b ON a.id < b.id AND a.venue_id = b.venue_id
			AND a.start_at < b.end_at AND b.start_at < a.end_at`,
		"staff clashes": `SELECT COUNT(*) FROM activity_staff a JOIN activity_staff b ON a.activity_id < b.activity_id
			AND a.user_id = b.user_id AND a.start_at < b.end_at AND b.start_at < a.end_at`,
		"team clashes": `SELECT COUNT(*) FROM activity_teams a JOIN activity_teams b ON a.activity_id < b.activity_id
			AND a.team_id = b.team_id AND a.start_at < b.end_at AND b.start_at < a.end_at`,
		"activities without their start date": `SELECT COUNT(*) FROM activities a WHERE NOT EXISTS
			(SELECT 1 FROM activity_days d WHERE d.activity_id = a.id AND d.day = a.local_date)`,
		"organizers without a staff row": `SELECT COUNT(*) FROM activities a WHERE NOT EXISTS
			(SELECT 1 FROM activity_staff s WHERE s.activity_id = a.id AND s.user_id = a.organizer_id)`,
	} {
		if n := count(q); n != 0 {
			t.Errorf("%s: %d", what, n)
		}
	}
	// The photography class moved rooms from its fifth session on: two
	// series, one edition; and a member joined on 1 April.
	if n := count(`SELECT COUNT(*) FROM (SELECT edition_id FROM series GROUP BY edition_id HAVING COUNT(*) = 2) e`); n != 1 {
		t.Errorf("%d editions made of two series, want 1 (the split class)", n)
	}
	if n := count(`SELECT COUNT(*) FROM activities a JOIN series s ON s.id = a.series_id WHERE a.edition_id <> s.edition_id`); n != 0 {
		t.Errorf("%d series members without their series' edition", n)
	}
	if n := count(`SELECT COUNT(*) FROM users WHERE joined_on = '2026-04-01'`); n != 1 {
		t.Errorf("%d members joined on 1 April, want 1", n)
	}
	if n := count(`SELECT COUNT(*) FROM activity_staff s JOIN users u ON u.id = s.user_id JOIN activities a ON a.id = s.activity_id
		WHERE u.joined_on IS NOT NULL AND a.local_date < u.joined_on`); n != 0 {
		t.Errorf("%d activities of a member before they joined", n)
	}
	if name, err := services.CenterName(c.db); err != nil || name != demo.CenterName {
		t.Errorf("center name %q %v", name, err)
	}
	var n int64
	c.must(c.db.Model(&models.Activity{}).Where("status = ? AND end_at > ?", models.StatusCompleted, c.now.UTC()).Count(&n).Error)
	if n != 0 {
		t.Errorf("%d completed in the future", n)
	}
	c.must(c.db.Model(&models.Activity{}).Where("status = ? AND end_at <= ?", models.StatusPlanned, c.now.UTC()).Count(&n).Error)
	if n != 0 {
		t.Errorf("%d planned in the past", n)
	}
	if n := count(`SELECT COUNT(*) FROM activity_days d JOIN activities a ON a.id = d.activity_id WHERE d.day <> a.local_date`); n == 0 {
		t.Errorf("no activity crosses midnight")
	}
	rows := c.rows(2026, "")
	statuses := map[string]int{}
	newcomer := 0
	for _, r := range rows {
		if r.Metric == counting.MetricPersonDays {
			statuses[r.Status]++
			// The member who joined on 1 April owes ceil(60 * 275 / 365) = 46.
			if r.JoinedOn != nil && *r.JoinedOn == "2026-04-01" {
				newcomer++
				if r.Value != 46 || r.TargetValue != 60 {
					t.Errorf("newcomer's outreach: %d of %d, want 46 of 60", r.Value, r.TargetValue)
				}
			}
		}
	}
	if newcomer != 1 {
		t.Errorf("%d outreach rows of the newcomer, want 1", newcomer)
	}
	if statuses[counting.StatusOnTrack]+statuses[counting.StatusMet] == 0 || statuses[counting.StatusBehind]+statuses[counting.StatusAtRisk] == 0 {
		t.Errorf("want staff ahead and behind: %v", statuses)
	}
	again, _ := demoCenter(t, 7)
	var a, b []models.Activity
	c.must(c.db.Order("id").Find(&a).Error)
	again.must(again.db.Order("id").Find(&b).Error)
	if len(a) != len(b) || a[len(a)/2].Title != b[len(b)/2].Title || !a[len(a)/2].StartAt.Equal(b[len(b)/2].StartAt) {
		t.Errorf("same seed and clock, different center")
	}
	if res, err := demo.Fill(context.Background(), c.db, func() time.Time { return c.now }, c.loc,
		demo.Options{Seed: 1, Password: "x", HashPassword: func(p string) (string, error) { return p, nil }}); err != nil || res.Created {
		t.Errorf("second demo on a filled database: %+v %v", res, err)
	}
}
