package counting_test

import (
	"context"
	"testing"

	"centerstage/models"
	"centerstage/services/counting"
)

// TestEditions: a series or a lone activity is one edition, belonging to the
// year of its first non-cancelled occurrence.
func TestEditions(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	s1 := c.user("s1", models.RoleStaff)
	done, off := models.StatusCompleted, models.StatusCancelled
	occ := func(kind string, series uint64, start, status string) uint64 {
		return c.add(act{kind: kind, start: start, status: status, series: series, staff: []uint64{s1}})
	}
	a := c.series() // A: 03-01 and 03-08 completed, 03-15 planned: actual in March
	occ("training", a, "2026-03-01 09:00", done)
	occ("training", a, "2026-03-08 09:00", done)
	occ("training", a, "2026-03-15 09:00", "")
	b := c.series() // B: first occurrence (2025-12-27) cancelled, so it belongs to 2026: actual in January
	occ("training", b, "2025-12-27 09:00", off)
	occ("training", b, "2026-01-03 09:00", done)
	occ("training", b, "2026-01-10 09:00", done)
	cs := c.series() // C: straddles New Year from 2025: belongs to 2025
	occ("lecture", cs, "2025-12-20 09:00", done)
	occ("lecture", cs, "2025-12-27 09:00", done)
	occ("lecture", cs, "2026-01-03 09:00", done)
	occ("lecture", cs, "2026-01-10 09:00", "")
	d := c.series() // D: straddles into 2027 from 2026-12: belongs to 2026, scheduled
	occ("training", d, "2026-12-19 09:00", "")
	occ("training", d, "2026-12-26 09:00", "")
	occ("training", d, "2027-01-02 09:00", "")
	occ("lecture", 0, "2026-02-02 09:00", done) // lone: actual in February
	occ("lecture", 0, "2026-09-01 09:00", "")   // lone: scheduled
	occ("lecture", 0, "2026-04-01 09:00", off)  // cancelled: nothing
	e := c.series()                             // E: every occurrence cancelled: nothing
	occ("lecture", e, "2026-05-01 09:00", off)
	occ("lecture", e, "2026-05-08 09:00", off)
	f := c.series() // F: overdue planned, and completed after D: scheduled
	occ("lecture", f, "2026-05-01 09:00", "")
	occ("lecture", f, "2026-06-20 09:00", done)
	g := c.series() // G: another kind: nothing
	occ("performance", g, "2026-03-01 09:00", done)

	in := counting.TargetInput{Metric: "editions", Kinds: []string{"training", "lecture"}, Scope: "center", Value: 20}
	t26 := c.target(in)
	in.Year = 2025
	t25 := c.target(in)
	rows := c.rows(2026, "2026-06-15")
	// actual A, B, lone 02-02 = 3; scheduled D, lone 09-01, F = 3.
	c.expect(rows, rowKey(t26, nil), want{3, 3})
	// 2025 as of its last day: C only (B's 2025 occurrence is cancelled).
	c.expect(c.rows(2025, "2025-12-31"), rowKey(t25, nil), want{1, 0})

	rep, err := c.progress.Monthly(context.Background(), c.admin, counting.ProgressQuery{Year: 2026, AsOf: "2026-06-15"})
	c.must(err)
	// an edition becomes actual in the month of its first completed occurrence: B Jan, lone Feb, A Mar.
	m := rep.Items[0].Months
	if m[0].Actual != 1 || m[1].Actual != 1 || m[2].Actual != 1 || rep.Items[0].Actual != 3 {
		t.Errorf("monthly editions: %+v", m[:4])
	}
	items, total, err := c.progress.Items(context.Background(), c.admin, counting.ItemsQuery{TargetID: t26, Month: 3, AsOf: "2026-06-15"})
	c.must(err)
	// March's edition is A, through its two completed occurrences.
	if total != 1 || items[0].Unit != "edition" || len(items[0].Activities) != 2 || items[0].Date != "2026-03-01" {
		t.Errorf("March editions: %d %+v", total, items)
	}
}

// TestActiveTeamsAndStations covers teams (only planned, inactive, last
// year's) and paired stations (never visited, not paired).
func TestActiveTeamsAndStations(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	s1, s2 := c.user("s1", models.RoleStaff), c.user("s2", models.RoleStaff)
	done := models.StatusCompleted
	t1, t2, t3 := c.team("t1", true), c.team("t2", true), c.team("t3", true)
	t4, t5, t6 := c.team("t4", false), c.team("t5", true), c.team("t6", true)
	ta := func(team uint64, start, status string) {
		c.add(act{kind: "team_activity", start: start, status: status, teams: []uint64{team}, staff: []uint64{s1}})
	}
	ta(t1, "2026-03-01 09:00", done) // t1 actual (March)
	ta(t1, "2026-09-01 09:00", "")
	ta(t2, "2026-07-01 09:00", "") // t2 only planned: scheduled
	ta(t2, "2026-08-01 09:00", "")
	ta(t3, "2025-12-30 09:00", done)                   // t3 last year only: nothing
	ta(t4, "2026-04-01 09:00", done)                   // t4 inactive: nothing
	ta(t5, "2026-04-01 09:00", models.StatusCancelled) // t5 cancelled only: nothing
	ta(t6, "2026-05-01 09:00", done)                   // t6 actual, first completed in February
	ta(t6, "2026-02-01 09:00", done)

	st1, st2 := c.station("st1", s1), c.station("st2", s1, s2)
	c.station("st3", s2) // paired to s2, never visited
	st4 := c.station("st4")
	visit := func(station uint64, start, status string, who uint64) {
		c.add(act{kind: "outreach", start: start, status: status, station: station, staff: []uint64{who}})
	}
	visit(st1, "2026-03-01 14:00", done, s1) // s1 actual
	visit(st2, "2026-07-01 14:00", "", s1)   // s1 scheduled
	visit(st2, "2026-02-01 14:00", done, s2) // s2 actual
	visit(st4, "2026-03-02 14:00", done, s1) // st4 is not paired to s1
	visit(st1, "2026-03-03 14:00", done, s2) // st1 is not paired to s2

	teams := c.target(counting.TargetInput{Metric: "active_teams", Scope: "center", Value: 8})
	stations := c.target(counting.TargetInput{Metric: "paired_stations", Scope: "each_staff", Value: 2})
	rows := c.rows(2026, "2026-06-15")
	c.expect(rows, rowKey(teams, nil), want{2, 1}) // t1, t6; t2
	// s1: st1 actual, st2 scheduled: projected 2 = value. plan 2: Jan, Feb 1 each,
	// expected 2 by June; 1 < 2 but projected reaches the value: at_risk.
	checkRow(t, c.expect(rows, idKey(stations, s1), want{1, 1}), 2, 0.5, 0, counting.StatusAtRisk)
	// s2: st2 actual; st3 never visited: gap 1, behind.
	checkRow(t, c.expect(rows, idKey(stations, s2), want{1, 0}), 2, 0.5, 1, counting.StatusBehind)

	items, _, err := c.progress.Items(context.Background(), c.admin, counting.ItemsQuery{TargetID: teams, AsOf: "2026-06-15"})
	c.must(err)
	// t6 became active in February (its first completed activity), t1 in March.
	if len(items) != 2 || items[0].Name != "t6" || items[0].Date != "2026-02-01" || len(items[0].Activities) != 2 || items[1].Name != "t1" {
		t.Errorf("team items: %+v", items)
	}
	items, _, err = c.progress.Items(context.Background(), c.admin, counting.ItemsQuery{TargetID: stations, StaffID: s1, Bucket: "scheduled", AsOf: "2026-06-15"})
	c.must(err)
	if len(items) != 1 || items[0].Name != "st2" || *items[0].StaffID != s1 {
		t.Errorf("s1's scheduled stations: %+v", items)
	}
}

// TestPaceAndRollover: expected_to_date on the first and last days of months
// (February's 28 days included), and rollover through months short of plan:
// February and March, then May, June and July with nothing done.
func TestPaceAndRollover(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	s1 := c.user("s1", models.RoleStaff)
	done := models.StatusCompleted
	for _, start := range []string{"2026-01-10", "2026-01-20", "2026-02-01", "2026-03-15"} {
		c.add(act{kind: "lecture", start: start + " 09:00", status: done, staff: []uint64{s1}})
	}
	for i := 0; i < 8; i++ { // April beats its due by 2
		c.add(act{kind: "lecture", start: "2026-04-0" + string(rune('1'+i)) + " 09:00", status: done, staff: []uint64{s1}})
	}
	plan := []int{2, 4, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0}
	id := c.target(counting.TargetInput{Metric: "count", Scope: "center", Value: 12, MonthlyPlan: plan})
	cases := []struct {
		asOf     string
		actual   int
		expected float64
		status   string
	}{
		{"2026-01-01", 0, 0.06, counting.StatusAtRisk},  // 2 × 1/31; nothing done, but all 12 are on the calendar
		{"2026-02-01", 3, 2.14, counting.StatusOnTrack}, // 2 + 4 × 1/28 = 2.142857; 3 >= it
		{"2026-02-28", 3, 6, counting.StatusAtRisk},     // 2 + 4 × 28/28 = 6; 3 < 6; projected 12 >= 12
		{"2026-03-31", 4, 8, counting.StatusAtRisk},     // 2 + 4 + 2
		{"2026-04-30", 12, 9, counting.StatusMet},       // 12 >= 12
		{"2026-12-31", 12, 12, counting.StatusMet},      // the whole plan
		{"2026-06-01", 12, 10.03, counting.StatusMet},   // 10 + 1 × 1/30
		{"2026-01-31", 2, 2, counting.StatusOnTrack},    // last day of January: the whole month
		{"2026-02-14", 3, 4, counting.StatusAtRisk},     // 2 + 4 × 14/28 = 4
		{"2026-03-01", 3, 6.06, counting.StatusAtRisk},  // 6 + 2 × 1/31
		{"2026-11-30", 12, 12, counting.StatusMet},      // months 8-12 plan nothing
		{"2026-07-31", 12, 12, counting.StatusMet},      // through July
		{"2026-01-15", 1, 0.97, counting.StatusOnTrack}, // 2 × 15/31 = 0.967; 1 >= it
		{"2026-01-09", 0, 0.58, counting.StatusAtRisk},  // 2 × 9/31; 0 done yet, 12 projected
		{"2026-01-10", 1, 0.65, counting.StatusOnTrack}, // the lecture of 01-10 counts on its day
		{"2026-04-01", 5, 8.03, counting.StatusAtRisk},  // one April lecture done by 04-01
		{"2026-04-08", 12, 8.27, counting.StatusMet},    // all April lectures done
		{"2026-02-27", 3, 5.86, counting.StatusAtRisk},  // 2 + 4 × 27/28
		{"2026-12-01", 12, 12, counting.StatusMet},      // December
		{"2026-05-31", 12, 10, counting.StatusMet},      // end of May
		{"2026-03-14", 3, 6.9, counting.StatusAtRisk},   // 6 + 2 × 14/31 = 6.903
		{"2026-03-15", 4, 6.97, counting.StatusAtRisk},  // 6 + 2 × 15/31 = 6.968
		{"2026-01-20", 2, 1.29, counting.StatusOnTrack}, // 2 × 20/31
		{"2026-01-02", 0, 0.13, counting.StatusAtRisk},  // 2 × 2/31
	}
	for _, tc := range cases {
		r := c.rows(2026, tc.asOf)[rowKey(id, nil)]
		if r.Actual != tc.actual || r.ExpectedToDate != tc.expected || r.Status != tc.status {
			t.Errorf("as of %s: actual %d expected %v status %s, want %d %v %s", tc.asOf, r.Actual, r.ExpectedToDate, r.Status, tc.actual, tc.expected, tc.status)
		}
	}

	rep, err := c.progress.Monthly(context.Background(), c.admin, counting.ProgressQuery{Year: 2026, AsOf: "2026-12-31"})
	c.must(err)
	// actual Jan 2, Feb 1, Mar 1, Apr 8 (value 12; plan 2, 4, 2, 1, 1, 1, 1, 0...).
	// due_m = min(plan_m + carry_{m-1}, left_{m-1}), left = 12 - done so far:
	// Jan min(2, 12) = 2, done 2, carry 0; Feb min(4, 10) = 4, done 1, carry 3;
	// Mar min(2+3, 9) = 5, done 1, carry 4; Apr min(1+4, 8) = 5, done 8, carry 0
	// (the year is met); May-Dec left 0: due 0, carry 0, no rate (it was May
	// due 1 carry 1 ... Dec due 3 carry 3, asking for more than the year needs).
	wantDue := []int{2, 4, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0}
	wantCarry := []int{0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	for i, m := range rep.Items[0].Months {
		if m.Due != wantDue[i] || m.Carry != wantCarry[i] {
			t.Errorf("month %d: due %d carry %d, want %d %d", m.Month, m.Due, m.Carry, wantDue[i], wantCarry[i])
		}
		if i >= 4 && m.CompletionRate != nil {
			t.Errorf("month %d: rate %v, want none (nothing due after the year is met)", m.Month, *m.CompletionRate)
		}
	}
	if y := rep.Items[0].Year; y != (counting.YearStat{Value: 12, Actual: 12, Carry: 0}) {
		t.Errorf("year row %+v, want value 12, actual 12, December's carry 0", y)
	}
	if r := rep.Items[0].Months[1].CompletionRate; r == nil || *r != 0.25 { // Feb: 1 / 4
		t.Errorf("February completion rate %v, want 0.25", r)
	}
}
