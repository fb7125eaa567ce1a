package counting_test

import (
	"context"
	"testing"

	"centerstage/models"
	"centerstage/services/counting"
)

func (c *center) monthlyOf(year int, asOf string) counting.MonthlyReport {
	c.t.Helper()
	rep, err := c.progress.Monthly(context.Background(), c.admin, counting.ProgressQuery{Year: year, AsOf: asOf})
	c.must(err)
	return rep
}

func (c *center) joined(user uint64, joined, left string) {
	c.t.Helper()
	up := map[string]any{}
	if joined != "" {
		up["joined_on"] = joined
	}
	if left != "" {
		up["left_on"] = left
	}
	c.must(c.db.Model(&models.User{}).Where("id = ?", user).Updates(up).Error)
}

// A met target asks for nothing more: 8 active teams, plan 1 a month
// (8 over 12 months: 1 in January to August), 9 teams active in January.
func TestMetTargetIsDueNothingLater(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	s1 := c.user("s1", models.RoleStaff)
	for i := range 9 {
		team := c.team(string(rune('A'+i)), true)
		c.add(act{kind: "team_activity", start: "2026-01-10 14:00", status: models.StatusCompleted, staff: []uint64{s1}, teams: []uint64{team}})
	}
	id := c.target(counting.TargetInput{Metric: "active_teams", Scope: "center", Value: 8})
	rep := c.monthlyOf(2026, "2026-12-31")
	// January: due min(1 + 0, 8) = 1, actual 9, carry 0. February on: the
	// year needs max(0, 8 - 9) = 0, so due 0, carry 0 and no rate (it was
	// due 1, 0% and "carry 1" every month when the rule ignored the year).
	m := rep.Items[0].Months
	if m[0].Due != 1 || m[0].Actual != 9 || m[0].Carry != 0 || m[0].CompletionRate == nil || *m[0].CompletionRate != 9 {
		t.Errorf("January %+v, want due 1, actual 9, carry 0, rate 9", m[0])
	}
	for _, x := range m[1:] {
		if x.Due != 0 || x.Carry != 0 || x.CompletionRate != nil {
			t.Errorf("month %d: due %d carry %d rate %v, want 0, 0, none", x.Month, x.Due, x.Carry, x.CompletionRate)
		}
	}
	if y := rep.Items[0].Year; y != (counting.YearStat{Value: 8, Actual: 9, Carry: 0}) {
		t.Errorf("year row %+v", y)
	}
	if r := c.rows(2026, "2026-12-31")[rowKey(id, nil)]; r.Status != counting.StatusMet || r.Actual != 9 {
		t.Errorf("row %+v", r)
	}
}

// The year row carries December's carry; a month never asks for more than
// the year still needs. Lectures, value 4 (plan 1 in January to April),
// done: 1 in January, 2 in March.
func TestRolloverStopsAtWhatTheYearNeeds(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	s1 := c.user("s1", models.RoleStaff)
	for _, d := range []string{"2026-01-10", "2026-03-10", "2026-03-17"} {
		c.add(act{kind: "lecture", start: d + " 14:00", status: models.StatusCompleted, staff: []uint64{s1}})
	}
	c.target(counting.TargetInput{Metric: "count", Kinds: []string{"lecture"}, Scope: "center", Value: 4})
	m := c.monthlyOf(2026, "2026-12-31").Items[0]
	// Jan due min(1, 4) = 1, done 1, carry 0; Feb min(1, 3) = 1, carry 1;
	// Mar min(1+1, 3) = 2, done 2, carry 0; Apr min(1, 1) = 1, carry 1;
	// May-Dec plan 0: due min(0+1, 1) = 1, carry 1. Year: 4, 3, carry 1.
	wantDue := [12]int{1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	wantCarry := [12]int{0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	for i, x := range m.Months {
		if x.Due != wantDue[i] || x.Carry != wantCarry[i] {
			t.Errorf("month %d: due %d carry %d, want %d %d", x.Month, x.Due, x.Carry, wantDue[i], wantCarry[i])
		}
	}
	if m.Year != (counting.YearStat{Value: 4, Actual: 3, Carry: 1}) {
		t.Errorf("year row %+v, want 4, 3, carry 1", m.Year)
	}
}

// A member's own value is pro-rated by the days of the year they were a
// member; their plan is spread over their months; pace and status use it.
func TestPartYearMembers(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	full, april, december, left, future := c.user("full", models.RoleStaff), c.user("april", models.RoleStaff),
		c.user("december", models.RoleStaff), c.user("left", models.RoleStaff), c.user("future", models.RoleStaff)
	c.joined(april, "2026-04-01", "")
	c.joined(december, "2026-12-01", "")
	c.joined(left, "", "2026-06-30")
	c.joined(future, "2027-01-04", "")
	for _, d := range []string{"2026-04-02", "2026-04-03", "2026-04-07", "2026-04-08", "2026-04-09", "2026-04-10"} {
		c.add(act{kind: "outreach", start: d + " 09:00", status: models.StatusCompleted, staff: []uint64{april}})
	}
	c.add(act{kind: "outreach", start: "2026-02-02 09:00", status: models.StatusCompleted, staff: []uint64{left}})
	id := c.target(counting.TargetInput{Metric: "person_days", Kinds: []string{"outreach"}, Scope: "each_staff", Value: 60})
	rows := c.rows(2026, "2026-04-30")
	// april: member from 04-01, d = 365 - (31+28+31) = 275 days:
	// ceil(60 * 275 / 365) = ceil(45.2) = 46; plan over April-December:
	// 46 / 9 = 5 rem 1, so April 6 and 5 after. As of 04-30 expected 6,
	// actual 6: on track (against the target's plan, 5+5+5+5 = 20 were expected).
	r := rows[rowKey(id, &april)]
	if r.Value != 46 || r.TargetValue != 60 || r.JoinedOn == nil || *r.JoinedOn != "2026-04-01" ||
		r.ExpectedToDate != 6 || r.Status != counting.StatusOnTrack || r.Gap != 40 {
		t.Errorf("april: %+v, want value 46 of 60, expected 6, on track, gap 46-6 = 40", r)
	}
	// december: d = 31: ceil(60 * 31 / 365) = ceil(5.096) = 6, all in December.
	if r := rows[rowKey(id, &december)]; r.Value != 6 || r.ExpectedToDate != 0 || r.Status != counting.StatusOnTrack {
		t.Errorf("december: %+v, want value 6, nothing expected by April, on track", r)
	}
	// left on 06-30: d = 181: ceil(60 * 181 / 365) = ceil(29.75) = 30 over
	// January-June, 5 a month; expected by 04-30: 20, actual 1, behind.
	if r := rows[rowKey(id, &left)]; r.Value != 30 || r.LeftOn == nil || r.ExpectedToDate != 20 || r.Status != counting.StatusBehind {
		t.Errorf("left: %+v, want value 30, expected 20, behind", r)
	}
	// A member for the whole year keeps the target's value; someone who
	// joins next year is not a member of this year's target at all.
	if r := rows[rowKey(id, &full)]; r.Value != 60 || r.TargetValue != 60 || r.ExpectedToDate != 20 {
		t.Errorf("full: %+v", r)
	}
	if _, ok := rows[rowKey(id, &future)]; ok {
		t.Errorf("a member joining in 2027 has a 2026 row")
	}
	for _, it := range c.monthlyOf(2026, "2026-12-31").Items {
		if it.StaffID == nil || *it.StaffID != april {
			continue
		}
		// plan Apr 6, May-Dec 5; not a member in January to March.
		if it.Months[2].Plan != 0 || it.Months[2].Member || it.Months[3].Plan != 6 || !it.Months[3].Member || it.Months[4].Plan != 5 || it.Value != 46 {
			t.Errorf("april's months: %+v", it.Months)
		}
		// Jan-Mar due 0; Apr due 6 done 6; May-Dec due 5 + carry: carry 5, 10, ..., 40 in December.
		if it.Year != (counting.YearStat{Value: 46, Actual: 6, Carry: 40}) {
			t.Errorf("april's year row %+v, want 46, 6, carry 40", it.Year)
		}
	}
}

// A class split by a following-scope edit is one edition: in progress,
// in the drill-down (its activities of the year, from both series), and in
// the tally's official return.
func TestSplitClassIsOneEdition(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	s1 := c.user("s1", models.RoleStaff)
	first := c.series()
	for _, d := range []string{"2026-03-07", "2026-03-14", "2026-03-21", "2026-03-28"} {
		c.add(act{kind: "training", start: d + " 09:00", status: models.StatusCompleted, staff: []uint64{s1}, series: first})
	}
	moved := c.splitOf(first) // from the fifth session on, in another room
	for _, d := range []string{"2026-04-04", "2026-04-11"} {
		c.add(act{kind: "training", start: d + " 09:00", status: models.StatusCompleted, staff: []uint64{s1}, series: moved})
	}
	for _, d := range []string{"2026-04-18", "2026-12-26", "2027-01-02"} {
		c.add(act{kind: "training", start: d + " 09:00", staff: []uint64{s1}, series: moved})
	}
	other := c.series() // a second class: two editions in all
	c.add(act{kind: "training", start: "2026-05-09 09:00", staff: []uint64{s1}, series: other})
	id := c.target(counting.TargetInput{Metric: "editions", Kinds: []string{"training"}, Scope: "center", Value: 2})
	// actual: the class (completed in March) = 1; scheduled: the other class = 1.
	// (Counting series, the split made it actual 2.)
	c.expect(c.rows(2026, "2026-06-15"), rowKey(id, nil), want{1, 1})
	items, total, err := c.progress.Items(context.Background(), c.admin, counting.ItemsQuery{TargetID: id, AsOf: "2026-12-31"})
	c.must(err)
	// One actual edition, listing its completed 2026 sessions from both
	// series: 4 in March, 2 in April (not the planned ones, not 2027's).
	if total != 1 || len(items) != 1 || len(items[0].Activities) != 6 {
		t.Fatalf("actual editions: %d %+v", total, items)
	}
	sched, _, err := c.progress.Items(context.Background(), c.admin, counting.ItemsQuery{TargetID: id, Bucket: "scheduled", AsOf: "2026-12-31"})
	c.must(err)
	if len(sched) != 1 || len(sched[0].Activities) != 1 {
		t.Errorf("scheduled editions: %+v", sched)
	}
	tally, err := c.reports.Tally(context.Background(), c.admin, 2026, "2026-06-15")
	c.must(err)
	for _, l := range tally.Official {
		// 举办训练班 = editions of training with a completed session by 06-15: the class, once.
		if l.Code == "training_classes" && l.Value != 1 {
			t.Errorf("举办训练班 = %d, want 1", l.Value)
		}
	}
}

// A station gap names the paired stations not visited yet.
func TestOpenStations(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	s1 := c.user("s1", models.RoleStaff)
	east, west, north := c.station("东城站", s1), c.station("西城站", s1), c.station("北苑站", s1)
	c.add(act{kind: "outreach", start: "2026-02-02 09:00", status: models.StatusCompleted, staff: []uint64{s1}, station: east})
	c.add(act{kind: "outreach", start: "2026-09-02 09:00", staff: []uint64{s1}, station: west})
	id := c.target(counting.TargetInput{Metric: "paired_stations", Scope: "each_staff", Value: 3})
	r := c.rows(2026, "2026-06-15")[rowKey(id, &s1)]
	// visited: 东城站; open: 北苑站 (nothing planned), 西城站 (planned in September), by name.
	want := []counting.OpenStation{{ID: north, Name: "北苑站"}, {ID: west, Name: "西城站", Scheduled: true}}
	if len(r.OpenStations) != 2 || r.OpenStations[0] != want[0] || r.OpenStations[1] != want[1] {
		t.Errorf("open stations %+v, want %+v", r.OpenStations, want)
	}
}
