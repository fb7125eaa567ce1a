package counting_test

import (
	"context"
	"testing"

	"centerstage/models"
	"centerstage/services/counting"
)

// TestCountAndAttendance: golden numbers for count and attendance, center
// and each_staff for a subset, as of 2026-06-15.
func TestCountAndAttendance(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	s1, s2, s3 := c.user("s1", models.RoleStaff), c.user("s2", models.RoleStaff), c.user("s3", models.RoleStaff)
	m1 := c.user("m1", models.RoleManager)
	s4 := c.user("s4", models.RoleStaff)
	c.must(c.db.Model(&models.User{}).Where("id = ?", s4).Update("active", false).Error)
	done := models.StatusCompleted
	c.add(act{kind: "lecture", start: "2026-03-10 09:00", status: done, expected: 50, actual: 40, staff: []uint64{s1, s2}}) // a1
	c.add(act{kind: "lecture", start: "2026-06-15 09:00", status: done, expected: 20, actual: 30, staff: []uint64{s2}})     // a2 on D
	c.add(act{kind: "lecture", start: "2026-06-20 09:00", expected: 25, staff: []uint64{s1}})                               // a3 planned
	c.add(act{kind: "lecture", start: "2026-05-01 09:00", expected: 10, staff: []uint64{s3}})                               // a4 overdue, still planned
	c.add(act{kind: "lecture", start: "2026-04-01 09:00", status: models.StatusCancelled, expected: 100, staff: []uint64{s1}})
	a6 := c.add(act{kind: "lecture", start: "2026-02-01 09:00", status: done, expected: 60, actual: 60, staff: []uint64{s1}})
	c.setStatus(a6, models.StatusCancelled, intp(60))                                                                    // completed, then cancelled
	c.add(act{kind: "training", start: "2026-03-01 09:00", status: done, expected: 15, actual: 15, staff: []uint64{s1}}) // a7 other kind
	c.add(act{kind: "lecture", start: "2025-12-31 23:00", end: "2026-01-01 01:00", status: done, actual: 9, staff: []uint64{s1}})
	c.add(act{kind: "lecture", start: "2026-12-31 23:00", end: "2027-01-01 01:00", expected: 7, staff: []uint64{s3}}) // a9 dated 2026
	c.add(act{kind: "lecture", start: "2026-06-16 09:00", status: done, expected: 5, actual: 5, staff: []uint64{s3}}) // a10 after D

	count := c.target(counting.TargetInput{Metric: "count", Kinds: []string{"lecture"}, Scope: "center", Value: 10})
	att := c.target(counting.TargetInput{Metric: "attendance", Kinds: []string{"lecture"}, Scope: "center", Value: 200})
	all := c.target(counting.TargetInput{Metric: "count", Scope: "center", Value: 3})
	sub := c.target(counting.TargetInput{Metric: "count", Kinds: []string{"lecture"}, Scope: "each_staff", StaffIDs: []uint64{s2, s1}, Value: 2})
	every := c.target(counting.TargetInput{Metric: "count", Kinds: []string{"lecture"}, Scope: "each_staff", Value: 1})

	rows := c.rows(2026, "2026-06-15")
	// actual a1, a2 (a2 is on D) = 2; scheduled a3, a4 (overdue), a9 (dated 2026-12-31), a10 (after D) = 4.
	// The 2025-12-31 lecture is dated 2025; cancelled ones never count.
	r := c.expect(rows, rowKey(count, nil), want{2, 4})
	// plan 10/12: months 1-10 get 1. expected = 5 (Jan-May) + 1 × 15/30 = 5.5; 2 < 5.5, projected 6 < 10.
	checkRow(t, r, 5.5, 0.2, 4, counting.StatusBehind)
	// actual 40 + 30 = 70; scheduled expected 25 + 10 + 7 + 5 = 47.
	r = c.expect(rows, rowKey(att, nil), want{70, 47})
	// plan 200/12 = 16 r 8: months 1-8 get 17. expected = 85 + 17 × 15/30 = 93.5.
	checkRow(t, r, 93.5, 0.35, 83, counting.StatusBehind)
	// every kind: actual a1, a2, training a7 = 3 >= 3: met.
	r = c.expect(rows, rowKey(all, nil), want{3, 4})
	checkRow(t, r, 3, 1, 0, counting.StatusMet) // plan 3/12: Jan-Mar 1 each
	// subset {s1, s2}: s1 has a1 (actual) and a3 (scheduled); s2 a1 and a2.
	// plan 2/12: Jan and Feb 1 each, so expected 2 by June; s1 1 < 2 but projected 2: at_risk.
	r = c.expect(rows, idKey(sub, s1), want{1, 1})
	checkRow(t, r, 2, 0.5, 0, counting.StatusAtRisk)
	c.expect(rows, idKey(sub, s2), want{2, 0})
	if _, ok := rows[idKey(sub, s3)]; ok {
		t.Errorf("s3 is not in the target's subset but has a row")
	}
	// no subset: every active staff member and manager (s4 inactive, admin not staff).
	c.expect(rows, idKey(every, s3), want{0, 3})
	c.expect(rows, idKey(every, m1), want{0, 0})
	if _, ok := rows[idKey(every, s4)]; ok {
		t.Errorf("inactive s4 has a row")
	}
	if len(rows) != 3+2+4 { // 3 center rows, the subset's 2, everyone's 4 (s1, s2, s3, m1)
		t.Errorf("%d rows, want 9", len(rows))
	}
}

func checkRow(t *testing.T, r counting.ProgressRow, expected, rate float64, gap int, status string) {
	t.Helper()
	if r.ExpectedToDate != expected || r.CompletionRate != rate || r.Gap != gap || r.Status != status {
		t.Errorf("%s: expected_to_date %v rate %v gap %d status %s, want %v %v %d %s",
			r.Name, r.ExpectedToDate, r.CompletionRate, r.Gap, r.Status, expected, rate, gap, status)
	}
}

// TestPersonDays: distinct (member, date) pairs over every local date an
// outreach touches.
func TestPersonDays(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	s1, s2 := c.user("s1", models.RoleStaff), c.user("s2", models.RoleStaff)
	done := models.StatusCompleted
	o := func(start, end, status string, staff ...uint64) uint64 {
		return c.add(act{kind: "outreach", start: start, end: end, status: status, staff: staff})
	}
	o("2026-03-05 09:00", "2026-03-05 11:00", done, s1, s2)                                   // (s1, 03-05) (s2, 03-05)
	o("2026-03-05 14:00", "2026-03-05 16:00", done, s1)                                       // same pair: still one person-day
	o("2026-04-10 20:00", "2026-04-11 02:00", done, s1)                                       // crosses midnight: 04-10 and 04-11
	o("2026-06-15 23:00", "2026-06-16 01:00", done, s1)                                       // 06-15 actual, 06-16 after D: scheduled
	o("2026-07-01 09:00", "", "", s1)                                                         // 07-01 scheduled
	o("2026-07-01 14:00", "", "", s1)                                                         // same pair
	o("2026-05-20 09:00", "", models.StatusCancelled, s1)                                     // never counts
	o("2026-03-05 18:00", "2026-03-05 19:00", "", s1)                                         // pair already actual: not scheduled too
	o("2025-12-31 22:00", "2026-01-01 02:00", done, s1)                                       // only 2026-01-01 is in the year
	o("2026-12-31 23:00", "2027-01-01 00:00", "", s1)                                         // half-open: 12-31 only
	o("2026-08-01 09:00", "", "", s2)                                                         // (s2, 08-01) scheduled
	c.add(act{kind: "lecture", start: "2026-03-06 09:00", status: done, staff: []uint64{s1}}) // other kind

	each := c.target(counting.TargetInput{Metric: "person_days", Kinds: []string{"outreach"}, Scope: "each_staff", Value: 60})
	center := c.target(counting.TargetInput{Metric: "person_days", Kinds: []string{"outreach"}, Scope: "center", Value: 100})
	rows := c.rows(2026, "2026-06-15")
	// s1 actual: 01-01, 03-05, 04-10, 04-11, 06-15 = 5; scheduled 06-16, 07-01, 12-31 = 3.
	r := c.expect(rows, idKey(each, s1), want{5, 3})
	// plan 5 a month: expected 25 + 5 × 15/30 = 27.5; projected 8 < 60: behind.
	checkRow(t, r, 27.5, 0.0833, 52, counting.StatusBehind)
	c.expect(rows, idKey(each, s2), want{1, 1})
	// the center counts every member's pairs: 5 + 1 actual, 3 + 1 scheduled.
	c.expect(rows, rowKey(center, nil), want{6, 4})

	rep, err := c.progress.Monthly(context.Background(), c.admin, counting.ProgressQuery{Year: 2026, AsOf: "2026-06-15", StaffID: s1})
	c.must(err)
	var got []counting.MonthStat
	for _, it := range rep.Items {
		if it.TargetID == each {
			got = it.Months
		}
	}
	// actual Jan 1, Mar 1, Apr 2, Jun 1; plan 5 each:
	// Jan due 5 carry 4; Feb due 9 carry 9; Mar due 14 carry 13; Apr due 18 carry 16;
	// May due 21 carry 21; Jun due 26 carry 25; then +5 a month to Dec: due 55 carry 55.
	wantDue := []int{5, 9, 14, 18, 21, 26, 30, 35, 40, 45, 50, 55}
	wantAct := []int{1, 0, 1, 2, 0, 1, 0, 0, 0, 0, 0, 0}
	for i, m := range got {
		carry := max(0, wantDue[i]-wantAct[i])
		if m.Due != wantDue[i] || m.Actual != wantAct[i] || m.Carry != carry || m.Plan != 5 {
			t.Errorf("month %d: %+v, want due %d actual %d carry %d", m.Month, m, wantDue[i], wantAct[i], carry)
		}
	}
	if len(got) != 12 {
		t.Fatalf("%d months", len(got))
	}

	items, total, err := c.progress.Items(context.Background(), c.admin, counting.ItemsQuery{TargetID: each, StaffID: s1, Bucket: "actual", AsOf: "2026-06-15"})
	c.must(err)
	if total != 5 || len(items) != 5 || items[1].Date != "2026-03-05" || len(items[1].Activities) != 2 {
		t.Errorf("actual person-days of s1: %d %+v", total, items)
	}
	// 2026-01-01 is made by the activity that started on 2025-12-31.
	if len(items) > 0 && (items[0].Date != "2026-01-01" || len(items[0].Activities) != 1 || items[0].Activities[0].Start.Year() != 2025) {
		t.Errorf("the first person-day of s1: %+v", items[0])
	}
	items, total, err = c.progress.Items(context.Background(), c.admin, counting.ItemsQuery{TargetID: each, StaffID: s1, Bucket: "scheduled", AsOf: "2026-06-15"})
	c.must(err)
	if total != 3 || items[1].Date != "2026-07-01" || len(items[1].Activities) != 2 {
		t.Errorf("scheduled person-days of s1: %d %+v", total, items)
	}
}
