package server

import (
	"fmt"
	"slices"
	"testing"

	"centerstage/models"
)

// lecture creates a lecture organized by the seeded staff member.
func (e *testEnv) lecture(t *testing.T, date string) uint64 {
	t.Helper()
	body := e.mustDo(t, "manager", "POST", "/activities", map[string]any{"kind": "lecture", "title": "讲座 " + date,
		"start": accAt(date, "09:00"), "end": accAt(date, "11:00"), "location": "馆内",
		"organizer_id": e.users["staff"].ID, "expected_attendance": 30}, 201)
	return num(body["id"])
}

// TestMonthlySubmissionStaysFrozen: lectures are counted for the center
// (12 a year, plan 1 a month). February has a1 completed and a2 planned;
// the clock is 2 March 2026.
func TestMonthlySubmissionStaysFrozen(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	env.mustDo(t, "manager", "POST", "/targets", map[string]any{"year": 2026, "name": "讲座", "metric": "count",
		"kinds": []string{"lecture"}, "scope": "center", "value": 12}, 201)
	a1, a2 := env.lecture(t, "2026-02-10"), env.lecture(t, "2026-02-20")
	env.mustDo(t, "manager", "POST", fmt.Sprintf("/activities/%d/complete", a1), map[string]any{"actual_attendance": 25}, 200)
	var id uint64
	env.run(t, []scenario{
		{name: "March has not ended", role: "manager", method: "POST", path: "/reports/monthly/submissions",
			body: map[string]any{"year": 2026, "month": 3}, status: 422, want: []string{`"code":"rule"`}},
		{name: "staff may not submit", role: "staff", method: "POST", path: "/reports/monthly/submissions",
			body: map[string]any{"year": 2026, "month": 2}, status: 403},
		{name: "month 13", role: "manager", method: "POST", path: "/reports/monthly/submissions",
			body: map[string]any{"year": 2026, "month": 13}, status: 400, want: []string{`"month"`}},
		// February: plan 1, due 1 (January's 0 actual carries 1: due 1 + 1 = 2), actual 1 (a1).
		{name: "February is submitted", role: "manager", method: "POST", path: "/reports/monthly/submissions",
			body: map[string]any{"year": 2026, "month": 2}, status: 201,
			want:  []string{`"month":2`, `"actual":1`, `"due":2`, `"changed_activity_ids":[]`},
			check: func(t *testing.T, body map[string]any) { id = num(body["id"]) }},
	})
	// a2, dated in February, is completed after the submission.
	env.clock.Advance(60 * 1e9)
	env.loginAll(t)
	env.mustDo(t, "manager", "POST", fmt.Sprintf("/activities/%d/complete", a2), map[string]any{"actual_attendance": 40}, 200)
	var got struct {
		Items, Live []struct {
			TargetID uint64 `json:"target_id"`
			StaffID  uint64 `json:"staff_id"`
			Due      int    `json:"due"`
			Actual   int    `json:"actual"`
			Carry    int    `json:"carry"`
		}
		Changed []uint64 `json:"changed_activity_ids"`
	}
	accGet(t, env, "viewer", fmt.Sprintf("/reports/monthly/submissions/%d", id), &got)
	// frozen: actual 1, carry 2 - 1 = 1; live: actual 2, carry 0.
	if len(got.Items) != 1 || got.Items[0].Actual != 1 || got.Items[0].Carry != 1 || got.Items[0].StaffID != 0 {
		t.Errorf("frozen rows changed: %+v", got.Items)
	}
	if len(got.Live) != 1 || got.Live[0].Actual != 2 || got.Live[0].Carry != 0 {
		t.Errorf("live rows: %+v, want actual 2 carry 0", got.Live)
	}
	if !slices.Equal(got.Changed, []uint64{a2}) {
		t.Errorf("changed since: %v, want [%d]", got.Changed, a2)
	}
	// A second submission is kept beside the first, with the new figures.
	second := env.mustDo(t, "manager", "POST", "/reports/monthly/submissions", map[string]any{"year": 2026, "month": 2}, 201)
	if items := second["items"].([]any); field(items[0], "actual") != 2.0 {
		t.Errorf("second submission: %v", items)
	}
	var all struct {
		Items []struct {
			ID           uint64 `json:"id"`
			ChangedCount int    `json:"changed_count"`
		} `json:"items"`
	}
	accGet(t, env, "manager", "/reports/monthly/submissions?year=2026", &all)
	if len(all.Items) != 2 || all.Items[1].ID != id || all.Items[1].ChangedCount != 1 || all.Items[0].ChangedCount != 0 {
		t.Errorf("submissions: %+v", all.Items)
	}
	env.run(t, []scenario{
		{name: "staff do not read submissions", role: "staff", method: "GET", path: "/reports/monthly/submissions", status: 403},
	})
}

// accGet reads path as role into out.
func accGet(t *testing.T, env *testEnv, role, path string, out any) {
	t.Helper()
	(&accCenter{env: env}).get(t, role, path, out)
}

type noticeList struct {
	Items []struct {
		ID         string  `json:"id"`
		Kind       string  `json:"kind"`
		Status     string  `json:"status"`
		ActivityID *uint64 `json:"activity_id"`
		TargetID   *uint64 `json:"target_id"`
		Month      int     `json:"month"`
		Read       bool    `json:"read"`
	} `json:"items"`
	Unread int `json:"unread"`
}

func (l noticeList) kinds() []string {
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Kind)
	}
	return out
}

// TestNotificationsComeAndGo: each reminder is there while its cause is and
// gone once it is not; read state is the caller's own. Clock: 2 March 2026.
func TestNotificationsComeAndGo(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	staff := env.users["staff"].ID
	target := env.mustDo(t, "manager", "POST", "/targets", map[string]any{"year": 2026, "name": "讲座每人", "metric": "count",
		"kinds": []string{"lecture"}, "scope": "each_staff", "staff_ids": []uint64{staff}, "value": 12}, 201)
	tid := num(target["id"])
	a1 := env.lecture(t, "2026-02-20")
	var l noticeList
	accGet(t, env, "staff", "/notifications", &l)
	// staff: a1 has ended and is not recorded; 0 of 12 with 2 expected by
	// 2 March and 1 projected: behind.
	if !slices.Equal(l.kinds(), []string{"to_record", "behind"}) || *l.Items[0].ActivityID != a1 || *l.Items[1].TargetID != tid ||
		l.Items[1].Status != "behind" || l.Unread != 2 {
		t.Fatalf("staff's reminders: %+v", l)
	}
	toRecord := l.Items[0].ID
	accGet(t, env, "manager", "/notifications", &l)
	// manager: February is not submitted; the staff member is behind.
	if !slices.Equal(l.kinds(), []string{"behind", "submit_month"}) || l.Items[1].Month != 2 {
		t.Fatalf("manager's reminders: %+v", l)
	}
	env.run(t, []scenario{
		{name: "read one", role: "staff", method: "POST", path: "/notifications/" + toRecord + "/read", status: 204},
		{name: "read it again", role: "staff", method: "POST", path: "/notifications/" + toRecord + "/read", status: 204},
		{name: "not the manager's reminder", role: "manager", method: "POST", path: "/notifications/" + toRecord + "/read", status: 404},
	})
	accGet(t, env, "staff", "/notifications", &l)
	if !l.Items[0].Read || l.Items[1].Read || l.Unread != 1 {
		t.Errorf("after reading: %+v", l)
	}
	// Recording a1 and submitting February take both causes away; a value of
	// 1 (met by a1) takes the behind one away.
	env.mustDo(t, "manager", "POST", fmt.Sprintf("/activities/%d/complete", a1), map[string]any{"actual_attendance": 10}, 200)
	env.mustDo(t, "manager", "POST", "/reports/monthly/submissions", map[string]any{"year": 2026, "month": 2}, 201)
	accGet(t, env, "staff", "/notifications", &l)
	if !slices.Equal(l.kinds(), []string{"behind"}) {
		t.Errorf("staff after recording: %v", l.kinds())
	}
	env.mustDo(t, "manager", "PATCH", fmt.Sprintf("/targets/%d", tid), map[string]any{"value": 1, "version": 1}, 200)
	accGet(t, env, "staff", "/notifications", &l)
	if len(l.Items) != 0 {
		t.Errorf("staff after the target is met: %+v", l.Items)
	}
	accGet(t, env, "manager", "/notifications", &l)
	if len(l.Items) != 0 {
		t.Errorf("manager after submitting and the target met: %+v", l.Items)
	}
	if n := env.count(t, &models.NotificationRead{}, "user_id = ?", staff); n != 1 {
		t.Errorf("%d read marks stored, want 1", n)
	}
}

// TestAssessmentRoutes: who may write and read schemes, and bad input
// named by field with nothing changed.
func TestAssessmentRoutes(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	staff := env.users["staff"].ID
	days := num(env.mustDo(t, "manager", "POST", "/targets", map[string]any{"year": 2026, "name": "基层辅导天次",
		"metric": "person_days", "kinds": []string{"outreach"}, "scope": "each_staff", "staff_ids": []uint64{staff}, "value": 60}, 201)["id"])
	stations := num(env.mustDo(t, "manager", "POST", "/targets", map[string]any{"year": 2026, "name": "对口辅导文化站",
		"metric": "paired_stations", "scope": "each_staff", "staff_ids": []uint64{staff}, "value": 2}, 201)["id"])
	old := num(env.mustDo(t, "manager", "POST", "/targets", map[string]any{"year": 2025, "name": "旧",
		"metric": "person_days", "scope": "each_staff", "value": 60}, 201)["id"])
	rule := func(target uint64, extra map[string]any) map[string]any {
		r := map[string]any{"target_id": target, "method": "per_point", "bonus": 1, "penalty": 1}
		for k, v := range extra {
			r[k] = v
		}
		return r
	}
	scheme := func(period string, rules ...map[string]any) map[string]any {
		return map[string]any{"year": 2026, "name": "考核", "period": period, "base": 100, "rules": rules}
	}
	var id uint64
	env.run(t, []scenario{
		{name: "a target of another year", role: "manager", method: "POST", path: "/assessments",
			body: scheme("year", rule(old, nil)), status: 400, want: []string{`"rules[0].target_id"`}},
		{name: "monthly with paired stations", role: "manager", method: "POST", path: "/assessments",
			body: scheme("month", rule(days, nil), rule(stations, map[string]any{"method": "per_unit"})), status: 400,
			want: []string{`"rules[1].target_id"`}},
		{name: "a negative cap", role: "manager", method: "POST", path: "/assessments",
			body: scheme("year", rule(days, map[string]any{"penalty_cap": -5})), status: 400, want: []string{`"rules[0].penalty_cap"`}},
		{name: "staff may not create", role: "staff", method: "POST", path: "/assessments",
			body: scheme("year", rule(days, nil)), status: 403},
		{name: "the duty statement's scheme", role: "manager", method: "POST", path: "/assessments/from-template",
			body: map[string]any{"template": "duty-statement", "year": 2026}, status: 201,
			want:  []string{`"base":100`, `"method":"per_unit"`, `"penalty":2`},
			check: func(t *testing.T, body map[string]any) { id = num(body["id"]) }},
	})
	path := fmt.Sprintf("/assessments/%d", id)
	env.run(t, []scenario{
		{name: "an adjustment for a non-member", role: "manager", method: "POST", path: path + "/adjustments",
			body:   map[string]any{"staff_id": env.users["viewer"].ID, "points": 2, "reason": "x", "date": "2026-02-01"},
			status: 400, want: []string{`"staff_id"`}},
		{name: "an adjustment", role: "manager", method: "POST", path: path + "/adjustments",
			body: map[string]any{"staff_id": staff, "points": -1.5, "reason": "组织纪律", "date": "2026-02-01"}, status: 201},
		// 0 of 60 days: -100; 0 of 2 stations: -4; -1.5: 100 - 100 - 4 - 1.5 = -5.5, the floor 0.
		{name: "staff read their own score", role: "staff", method: "GET", path: path + "/scores?as_of=2026-03-01", status: 200,
			want: []string{`"total":0`, `"adjustments":-1.5`, `"rank":1`, `"points":-100`, `"points":-4`}},
		{name: "a year scheme has no month", role: "viewer", method: "GET", path: path + "/scores?month=2", status: 400,
			want: []string{`"month"`}},
		{name: "the workbook", role: "viewer", method: "GET", path: path + "/scores.xlsx", status: 200},
		{name: "the trend", role: "manager", method: "GET", path: path + "/scores/months?as_of=2026-02-10", status: 200,
			want: []string{`"month":1`, `"month":2`, `"total":2`}},
		{name: "staff may not delete", role: "staff", method: "DELETE", path: path, status: 403},
		{name: "the audit has the adjustment", role: "manager", method: "GET", path: "/audit?entity=assessment_adjustment",
			status: 200, want: []string{`"total":1`}},
	})
}

// TestSubmissionListsAnActivityMovedOut: an activity moved out of a
// submitted month is no longer dated in it, yet it changed that month's
// figures (its audit entry's "before" is in the month), so it is listed.
func TestSubmissionListsAnActivityMovedOut(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	moved := env.lecture(t, "2026-02-25")
	other := env.lecture(t, "2026-01-15")
	sub := env.mustDo(t, "manager", "POST", "/reports/monthly/submissions", map[string]any{"year": 2026, "month": 2}, 201)
	env.clock.Advance(60 * 1e9)
	env.loginAll(t)
	env.mustDo(t, "manager", "PATCH", fmt.Sprintf("/activities/%d", moved), map[string]any{"start": accAt("2026-03-05", "09:00"),
		"end": accAt("2026-03-05", "11:00"), "version": 1}, 200)
	env.mustDo(t, "manager", "PATCH", fmt.Sprintf("/activities/%d", other), map[string]any{"title": "January only", "version": 1}, 200)
	var got struct {
		Changed []uint64 `json:"changed_activity_ids"`
	}
	accGet(t, env, "manager", fmt.Sprintf("/reports/monthly/submissions/%d", num(sub["id"])), &got)
	if !slices.Equal(got.Changed, []uint64{moved}) {
		t.Errorf("changed since: %v, want only the moved activity %d (not %d of January)", got.Changed, moved, other)
	}
}
