package counting_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
)

// head stores the department head, a manager, and returns them as an actor.
func (c *center) head() services.Actor {
	return c.actor(c.user("head", models.RoleManager), models.RoleManager)
}

func (c *center) assessments() *counting.Assessments {
	clock := func() time.Time { return c.now }
	return counting.NewAssessments(c.db, clock, c.loc, services.NewAudit(c.db, clock), c.progress)
}

// outreachDays seeds n completed outreach days for member from 5 January on,
// one a day; the first `at` of them at the given stations (one each).
func (c *center) outreachDays(member uint64, n int, at ...uint64) {
	c.t.Helper()
	d := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	for i := range n {
		a := act{kind: "outreach", start: d.AddDate(0, 0, i).Format(time.DateOnly) + " 09:00",
			status: models.StatusCompleted, staff: []uint64{member}}
		if i < len(at) {
			a.station = at[i]
		}
		c.add(a)
	}
}

func scoreOf(t *testing.T, sheet counting.ScoreSheet, staff uint64) counting.ScoreItem {
	t.Helper()
	for _, it := range sheet.Items {
		if it.StaffID == staff {
			return it
		}
	}
	t.Fatalf("no score for staff %d in %+v", staff, sheet.Items)
	return counting.ScoreItem{}
}

func fptr(x float64) *float64 { return &x }

// TestScoresOfTheDutyStatement scores the duty statement's two each_staff
// targets as of 2026-06-15 with base 100, floor 0 and ceiling 105:
// per_point 1/1 on outreach days (value 60), per_unit penalty 2 on paired
// stations (value 2).
func TestScoresOfTheDutyStatement(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	ctx := context.Background()
	a, b, cc, e := c.user("a", models.RoleStaff), c.user("b", models.RoleStaff), c.user("c", models.RoleStaff), c.user("e", models.RoleStaff)
	manager := c.head()
	sa1, _ := c.station("A1", a), c.station("A2", a)
	sb1, sb2 := c.station("B1", b), c.station("B2", b)
	sc1, _ := c.station("C1", cc), c.station("C2", cc)
	c.station("E1", e)
	c.outreachDays(a, 48, sa1)
	c.outreachDays(b, 66, sb1, sb2)
	c.outreachDays(cc, 48, sc1)
	days := c.target(counting.TargetInput{Name: "基层辅导天次", Metric: "person_days", Kinds: []string{"outreach"}, Scope: "each_staff",
		StaffIDs: []uint64{a, b, cc, e}, Value: 60})
	stations := c.target(counting.TargetInput{Name: "对口辅导文化站", Metric: "paired_stations", Scope: "each_staff",
		StaffIDs: []uint64{a, b, cc, e}, Value: 2})
	s := c.assessments()
	v, err := s.Create(ctx, manager, counting.AssessmentInput{Year: 2026, Name: "年度考核", Period: "year", Base: 100,
		Ceiling: fptr(105), Rules: []counting.AssessmentRule{
			{TargetID: days, Method: "per_point", Bonus: 1, Penalty: 1},
			{TargetID: stations, Method: "per_unit", Bonus: 0, Penalty: 2},
		}})
	c.must(err)
	// E: +2 dated in the period still leaves E below the floor; the one
	// dated after the as-of date does not count yet.
	_, err = s.AddAdjustment(ctx, manager, v.ID, counting.AdjustmentInput{StaffID: e, Points: 2, Reason: "领导交办工作", Date: "2026-03-01"})
	c.must(err)
	_, err = s.AddAdjustment(ctx, manager, v.ID, counting.AdjustmentInput{StaffID: a, Points: 5, Reason: "later", Date: "2026-06-20"})
	c.must(err)

	sheet, err := s.Scores(ctx, manager, v.ID, counting.ScoresQuery{AsOf: "2026-06-15"})
	c.must(err)
	cases := []struct {
		name          string
		staff         uint64
		total         float64
		rank          int
		daysPts, stPt float64
		rate          float64
	}{
		// 48/60 = 80%: (80 - 100) × 1 = -20; 1 of 2 stations: -2 × 1; 100 - 20 - 2 = 78.
		{"a: 48 days, 1 station", a, 78, 2, -20, -2, 0.8},
		// the same figures: the same total and the same rank.
		{"c ties with a", cc, 78, 2, -20, -2, 0.8},
		// 66/60 = 110%: +10; 2 stations: 0; 110, clamped to the ceiling 105.
		{"b: above the ceiling", b, 105, 1, 10, 0, 1.1},
		// 0%: -100; 2 short: -4; +2 adjustment: 100 - 100 - 4 + 2 = -2, clamped to the floor 0.
		{"e: below the floor", e, 0, 4, -100, -4, 0},
	}
	for _, tc := range cases {
		it := scoreOf(t, sheet, tc.staff)
		if it.Total != tc.total || it.Rank != tc.rank {
			t.Errorf("%s: total %v rank %d, want %v and %d", tc.name, it.Total, it.Rank, tc.total, tc.rank)
		}
		if len(it.Rules) != 2 || it.Rules[0].Points != tc.daysPts || it.Rules[1].Points != tc.stPt {
			t.Errorf("%s: rules %+v, want points %v and %v", tc.name, it.Rules, tc.daysPts, tc.stPt)
		}
		if it.Rules[0].Rate == nil || *it.Rules[0].Rate != tc.rate || it.Rules[0].Value != 60 {
			t.Errorf("%s: days rule %+v, want rate %v of value 60", tc.name, it.Rules[0], tc.rate)
		}
	}
	if got := scoreOf(t, sheet, e).Adjustments; got != 2 {
		t.Errorf("e's adjustments: %v, want 2 (the one of 2026-06-20 is after the as-of date)", got)
	}
	if got := scoreOf(t, sheet, a).Adjustments; got != 0 {
		t.Errorf("a's adjustments as of 2026-06-15: %v, want 0", got)
	}
	// The figures are the progress rows' own: a's row says 48 of 60.
	rows := c.rows(2026, "2026-06-15")
	if r := rows[idKey(days, a)]; r.Actual != 48 || scoreOf(t, sheet, a).Rules[0].Actual != 48 {
		t.Errorf("a's progress row %+v and score disagree", r)
	}
	// Staff see only their own item, ranked among everyone.
	own, err := s.Scores(ctx, c.actor(a, models.RoleStaff), v.ID, counting.ScoresQuery{AsOf: "2026-06-15"})
	c.must(err)
	if len(own.Items) != 1 || own.Items[0].StaffID != a || own.Items[0].Rank != 2 {
		t.Errorf("a's own sheet: %+v", own.Items)
	}
}

// TestScoresExactFractionsAndCaps: a lecture count of 16 per member, base
// 100, per_point bonus 2 (capped at 30) and penalty 1 (capped at 40).
func TestScoresExactFractionsAndCaps(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	ctx := context.Background()
	x, y, z := c.user("x", models.RoleStaff), c.user("y", models.RoleStaff), c.user("z", models.RoleStaff)
	manager := c.head()
	lectures := func(member uint64, n int) {
		for i := range n {
			c.add(act{kind: "lecture", start: fmt.Sprintf("2026-02-%02d 09:00", i+1), status: models.StatusCompleted, staff: []uint64{member}})
		}
	}
	lectures(x, 13)
	lectures(y, 20)
	lectures(z, 4)
	tid := c.target(counting.TargetInput{Metric: "count", Kinds: []string{"lecture"}, Scope: "each_staff", StaffIDs: []uint64{x, y, z}, Value: 16})
	s := c.assessments()
	v, err := s.Create(ctx, manager, counting.AssessmentInput{Year: 2026, Name: "讲座", Period: "year", Base: 100,
		Rules: []counting.AssessmentRule{{TargetID: tid, Method: "per_point", Bonus: 2, Penalty: 1, BonusCap: fptr(30), PenaltyCap: fptr(40)}}})
	c.must(err)
	sheet, err := s.Scores(ctx, manager, v.ID, counting.ScoresQuery{AsOf: "2026-06-15"})
	c.must(err)
	for _, tc := range []struct {
		name   string
		staff  uint64
		rate   float64
		points float64
		total  float64
		rank   int
	}{
		// 13/16 = 81.25%: (81.25 - 100) × 1 = -18.75 exactly; 100 - 18.75 = 81.25.
		{"x: an exact fraction", x, 0.8125, -18.75, 81.25, 2},
		// 20/16 = 125%: +25 points × 2 = 50, capped at 30: 130.
		{"y: bonus capped", y, 1.25, 30, 130, 1},
		// 4/16 = 25%: -75 × 1, capped at -40: 60.
		{"z: penalty capped", z, 0.25, -40, 60, 3},
	} {
		it := scoreOf(t, sheet, tc.staff)
		r := it.Rules[0]
		if r.Rate == nil || *r.Rate != tc.rate || r.Points != tc.points || it.Total != tc.total || it.Rank != tc.rank {
			t.Errorf("%s: rate %v points %v total %v rank %d, want %v %v %v %d", tc.name, r.Rate, r.Points, it.Total, it.Rank,
				tc.rate, tc.points, tc.total, tc.rank)
		}
	}
}

// TestMonthlyScores: a monthly scheme reads each month's actual_m / due_m
// of the monthly statistics. Lectures, 12 a year for x with the plan
// 1,1,1,0,1,1,1,1,1,1,1,2; x lectures once in January, not in February,
// three times in March. Base 100, per_point 1/1, floor 0.
func TestMonthlyScores(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	ctx := context.Background()
	x := c.user("x", models.RoleStaff)
	manager := c.head()
	for _, d := range []string{"2026-01-10", "2026-03-02", "2026-03-09", "2026-03-16"} {
		c.add(act{kind: "lecture", start: d + " 09:00", status: models.StatusCompleted, staff: []uint64{x}})
	}
	tid := c.target(counting.TargetInput{Metric: "count", Kinds: []string{"lecture"}, Scope: "each_staff", StaffIDs: []uint64{x},
		Value: 12, MonthlyPlan: []int{1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 2}})
	s := c.assessments()
	v, err := s.Create(ctx, manager, counting.AssessmentInput{Year: 2026, Name: "月度", Period: "month", Base: 100,
		Rules: []counting.AssessmentRule{{TargetID: tid, Method: "per_point", Bonus: 1, Penalty: 1}}})
	c.must(err)
	trend, err := s.ScoresByMonth(ctx, manager, v.ID, "2026-04-30")
	c.must(err)
	want := []struct {
		due, actual int
		total       float64
	}{
		{1, 1, 100}, // January: due 1, actual 1: 100%, 0 points.
		{1, 0, 0},   // February: due 1, actual 0: 0%, -100 points: 0 (the floor).
		{2, 3, 150}, // March: due 1 + carry 1 = 2, actual 3: 150%, +50.
		{0, 0, 100}, // April: plan 0, carry 0: nothing due, no points.
	}
	if len(trend) != 4 {
		t.Fatalf("trend has %d months, want 4", len(trend))
	}
	for i, w := range want {
		it := trend[i].Items[0]
		r := it.Rules[0]
		if r.Value != w.due || r.Actual != w.actual || it.Total != w.total {
			t.Errorf("month %d: due %d actual %d total %v, want %d %d %v", i+1, r.Value, r.Actual, it.Total, w.due, w.actual, w.total)
		}
	}
	if r := trend[3].Items[0].Rules[0]; r.Rate != nil {
		t.Errorf("April: rate %v, want none (nothing due)", *r.Rate)
	}
	one, err := s.Scores(ctx, manager, v.ID, counting.ScoresQuery{AsOf: "2026-06-15", Month: 3})
	c.must(err)
	if it := one.Items[0]; it.Total != 150 || one.Month != 3 {
		t.Errorf("March alone: %+v", one)
	}
}

// TestAssessmentRefusals: bad schemes and adjustments name the field and
// store nothing.
func TestAssessmentRefusals(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	ctx := context.Background()
	x := c.user("x", models.RoleStaff)
	outsider := c.user("outsider", models.RoleStaff)
	manager := c.head()
	days := c.target(counting.TargetInput{Metric: "person_days", Kinds: []string{"outreach"}, Scope: "each_staff", StaffIDs: []uint64{x}, Value: 60})
	stations := c.target(counting.TargetInput{Metric: "paired_stations", Scope: "each_staff", StaffIDs: []uint64{x}, Value: 2})
	lastYear := c.target(counting.TargetInput{Year: 2025, Metric: "person_days", Scope: "each_staff", Value: 60})
	center := c.target(counting.TargetInput{Metric: "count", Scope: "center", Value: 10})
	s := c.assessments()
	good := func() counting.AssessmentInput {
		return counting.AssessmentInput{Year: 2026, Name: "ok", Period: "year", Base: 100,
			Rules: []counting.AssessmentRule{{TargetID: days, Method: "per_point", Bonus: 1, Penalty: 1}}}
	}
	for _, tc := range []struct {
		name, field string
		change      func(*counting.AssessmentInput)
	}{
		{"a target of another year", "rules[0].target_id", func(in *counting.AssessmentInput) { in.Rules[0].TargetID = lastYear }},
		{"a center target", "rules[0].target_id", func(in *counting.AssessmentInput) { in.Rules[0].TargetID = center }},
		{"no such target", "rules[0].target_id", func(in *counting.AssessmentInput) { in.Rules[0].TargetID = 9999 }},
		{"monthly with a rule of no monthly meaning", "rules[1].target_id", func(in *counting.AssessmentInput) {
			in.Period = "month"
			in.Rules = append(in.Rules, counting.AssessmentRule{TargetID: stations, Method: "per_unit", Penalty: 2})
		}},
		{"a negative cap", "rules[0].bonus_cap", func(in *counting.AssessmentInput) { in.Rules[0].BonusCap = fptr(-1) }},
		{"a negative penalty cap", "rules[0].penalty_cap", func(in *counting.AssessmentInput) { in.Rules[0].PenaltyCap = fptr(-0.5) }},
		{"a negative penalty", "rules[0].penalty", func(in *counting.AssessmentInput) { in.Rules[0].Penalty = -1 }},
		{"an unknown method", "rules[0].method", func(in *counting.AssessmentInput) { in.Rules[0].Method = "per_day" }},
		{"a ceiling below the floor", "ceiling", func(in *counting.AssessmentInput) { in.Floor = fptr(60); in.Ceiling = fptr(50) }},
		{"an unknown period", "period", func(in *counting.AssessmentInput) { in.Period = "week" }},
		{"no rules", "rules", func(in *counting.AssessmentInput) { in.Rules = nil }},
	} {
		in := good()
		tc.change(&in)
		_, err := s.Create(ctx, manager, in)
		if !namesField(err, tc.field) {
			t.Errorf("%s: %v, want invalid naming %s", tc.name, err, tc.field)
		}
	}
	var n int64
	c.must(c.db.Model(&models.Assessment{}).Count(&n).Error)
	if n != 0 {
		t.Fatalf("%d schemes stored by refused requests", n)
	}
	v, err := s.Create(ctx, manager, good())
	c.must(err)
	for _, tc := range []struct {
		name, field string
		in          counting.AdjustmentInput
	}{
		{"a non-member", "staff_id", counting.AdjustmentInput{StaffID: outsider, Points: 1, Reason: "r", Date: "2026-03-01"}},
		{"a date of another year", "date", counting.AdjustmentInput{StaffID: x, Points: 1, Reason: "r", Date: "2025-03-01"}},
		{"no reason", "reason", counting.AdjustmentInput{StaffID: x, Points: 1, Reason: " ", Date: "2026-03-01"}},
		{"zero points", "points", counting.AdjustmentInput{StaffID: x, Points: 0, Reason: "r", Date: "2026-03-01"}},
		{"three decimals", "points", counting.AdjustmentInput{StaffID: x, Points: 1.125, Reason: "r", Date: "2026-03-01"}},
	} {
		_, err := s.AddAdjustment(ctx, manager, v.ID, tc.in)
		if !namesField(err, tc.field) {
			t.Errorf("%s: %v, want invalid naming %s", tc.name, err, tc.field)
		}
	}
	c.must(c.db.Model(&models.AssessmentAdjustment{}).Count(&n).Error)
	if n != 0 {
		t.Fatalf("%d adjustments stored by refused requests", n)
	}
	if _, err := s.Create(ctx, c.actor(x, models.RoleStaff), good()); !services.IsKind(err, services.Forbidden) {
		t.Errorf("staff creating a scheme: %v, want forbidden", err)
	}
}

// namesField reports whether err is an invalid-input error naming field
// (the error's text lists the bad fields).
func namesField(err error, field string) bool {
	var se *services.Error
	if !errors.As(err, &se) || se.Kind != services.Invalid {
		return false
	}
	_, list, _ := strings.Cut(se.Error(), " (")
	return slices.Contains(strings.Split(strings.TrimSuffix(list, ")"), ", "), field)
}

// TestScoresOfAPartYearMember: a member who joined on 1 April 2026 is scored
// against their own value, ceil(60 × 275 / 365) = ceil(45.2) = 46 days (275
// days of membership from 1 April to 31 December), not the target's 60.
func TestScoresOfAPartYearMember(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	ctx := context.Background()
	late := c.user("late", models.RoleStaff)
	joined := "2026-04-01"
	c.must(c.db.Model(&models.User{}).Where("id = ?", late).Update("joined_on", joined).Error)
	manager := c.head()
	c.outreachDays(late, 46)
	days := c.target(counting.TargetInput{Metric: "person_days", Kinds: []string{"outreach"}, Scope: "each_staff",
		StaffIDs: []uint64{late}, Value: 60})
	s := c.assessments()
	v, err := s.Create(ctx, manager, counting.AssessmentInput{Year: 2026, Name: "年度", Period: "year", Base: 100,
		Rules: []counting.AssessmentRule{{TargetID: days, Method: "per_point", Bonus: 1, Penalty: 1}}})
	c.must(err)
	sheet, err := s.Scores(ctx, manager, v.ID, counting.ScoresQuery{AsOf: "2026-12-31"})
	c.must(err)
	it := scoreOf(t, sheet, late)
	// 46 of their own 46: 100%, no points; against 60 it would be 76.67% and -23.33.
	if r := it.Rules[0]; r.Value != 46 || r.Actual != 46 || r.Points != 0 || it.Total != 100 {
		t.Errorf("part-year member: %+v total %v, want 46 of 46, 0 points, 100", r, it.Total)
	}
}
