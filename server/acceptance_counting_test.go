package server

// An independent acceptance suite for the counting rules of DESIGN.md ("What
// counts toward a target"). Unlike services/counting/progress*_test.go it inserts no
// rows: a small center is built entirely through the HTTP API (users, venues,
// stations with paired staff, teams, activities, series with skip_holidays,
// completions, cancellations, a reschedule) and every report is checked
// against numbers worked out BY HAND, the working written beside each number.
//
// The center (year 2026 unless said otherwise; times are Asia/Shanghai):
//
//	users     alice, bob, carol (staff, created over the API); the seeded
//	          manager and staff; admin and viewer do not count as staff
//	stations  S1 paired with alice and bob, S2 with alice, S3 with bob (never visited)
//	teams     T1 choir, T2 dance, T3 calligraphy (only planned activities),
//	          T4 drums (a completed activity, then deactivated)
//
//	outreach (kind outreach)
//	  O1  alice at S1   01-15 09:00-11:00  completed
//	  O2  alice         01-15 14:00-16:00  completed   (same member, same date as O1)
//	  O3  alice+bob S1  02-10 20:00-02-11 02:00 completed (crosses midnight)
//	  O4  alice at S2   03-05 09:00-12:00  planned
//	  O5  bob           04-08 09:00-11:00  completed, reopened, cancelled
//	  O6  bob at S2     05-06 09:00-11:00  completed   (bob is not paired to S2)
//	  O7  alice         06-30 09:00-11:00  completed
//	  O8  carol         03-10 09:00-11:00  completed
//	  O9  bob           07-01 -> PATCHed to 08-03 09:00-11:00, completed
//	lectures (organizer staff)
//	  L1 02-05 exp 50 att 40 completed; L2 02-20 exp 30 att 35 completed;
//	  L3 04-10 exp 60 planned; L4 03-12 exp 20 cancelled
//	  TS3 series, Wednesdays from 03-04, COUNT=5, exp 25: 03-04 att 30 and
//	      03-11 att 28 completed, 03-18 planned, 03-25 cancelled with
//	      ?scope=following (so 04-01 too)
//	training
//	  TS1 Thursdays from 09-17, COUNT=4, skip_holidays: 09-17, 09-24,
//	      (10-01 国庆 skipped), 10-08, 10-15; exp 20; att 18, 22, 19, last planned
//	  TS2 Tuesdays from 2025-12-23, COUNT=3, exp 10: 2025-12-23 and 2025-12-30
//	      cancelled, 2026-01-06 completed att 12 (first occurrences cancelled)
//	  NY  Saturdays from 12-19, COUNT=4, exp 15: 12-19, 12-26, 2027-01-02,
//	      2027-01-09; only 2027-01-09 completed (att 14) (straddles New Year)
//	teams and events
//	  TA1 team_activity T1 03-20 completed; TA2 team_activity T2 05-15 completed;
//	  TA3 team_activity T3 11-20 planned; TA4 team_activity T4 04-01 completed;
//	  TA5 performance T1+T2 07-10 completed
//	  EX  exhibition series, daily 07-20..07-22, all completed
//
// Targets of 2026 (and two of 2027), each named T.<name> below:
//
//	lectures   count        [lecture]            center          5   plan default
//	editions   editions     [training, lecture]  center          5   plan default
//	days_ab    person_days  [outreach]           each_staff a,b  12  plan default
//	days_all   person_days  [outreach]           each_staff      60  plan default
//	days_ctr   person_days  [outreach]           center          20  plan default
//	attend     attendance   [training, lecture]  center          300 plan given
//	teams      active_teams (every kind)         center          4   plan default
//	stations   paired_stations [outreach]        each_staff a,b  2   plan default

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestAcceptanceCounting(t *testing.T) {
	c := &accCenter{env: newTestServer(t), id: map[string]uint64{}}
	c.id["u.manager"] = c.env.users["manager"].ID
	c.id["u.staff"] = c.env.users["staff"].ID
	buildAcceptanceCenter(t, c)

	t.Run("progress as of 31 December", func(t *testing.T) { acceptanceYearEnd(t, c) })
	t.Run("progress as of a month's first and last day", func(t *testing.T) { acceptanceMonthEdges(t, c) })
	t.Run("monthly report", func(t *testing.T) { acceptanceMonthly(t, c) })
	t.Run("drill-down", func(t *testing.T) { acceptanceItems(t, c) })
	t.Run("tally and workbook", func(t *testing.T) { acceptanceTally(t, c) })
	t.Run("next year", func(t *testing.T) { acceptanceNextYear(t, c) })
	t.Run("dry run quota impact", func(t *testing.T) { acceptanceImpact(t, c) })
	t.Run("a split class stays one edition", func(t *testing.T) { acceptanceSplitKeepsTheEdition(t, c) })
	// Last, as it adds a target the checks above do not expect.
	t.Run("tally summary status on the exact pace", func(t *testing.T) { acceptanceSummaryPace(t, c) })
}

// buildAcceptanceCenter creates the center of the file comment over the API.
func buildAcceptanceCenter(t *testing.T, c *accCenter) {
	// The clock stands at 2026-03-02 10:00 while everything is scheduled.
	for _, name := range []string{"alice", "bob", "carol"} {
		c.create(t, "admin", "/users", "u."+name, map[string]any{"username": name, "password": testPassword,
			"name": name, "role": "staff"})
	}
	alice, bob, carol, staff := c.must(t, "u.alice"), c.must(t, "u.bob"), c.must(t, "u.carol"), c.must(t, "u.staff")
	hall := c.create(t, "admin", "/venues", "v.hall", map[string]any{"name": "多功能厅", "capacity": 200})
	room := c.create(t, "admin", "/venues", "v.room", map[string]any{"name": "培训教室", "capacity": 40})
	s1 := c.create(t, "admin", "/stations", "s.S1", map[string]any{"name": "东街文化站", "staff_ids": []uint64{alice, bob}})
	s2 := c.create(t, "admin", "/stations", "s.S2", map[string]any{"name": "西街文化站", "staff_ids": []uint64{alice}})
	c.create(t, "admin", "/stations", "s.S3", map[string]any{"name": "南街文化站", "staff_ids": []uint64{bob}})
	team := func(name, art string, leader uint64) uint64 {
		return c.create(t, "admin", "/teams", "t."+name, map[string]any{"name": name, "art_form": art,
			"founded_on": "2020-05-01", "leader_id": leader, "member_count": 20})
	}
	t1, t2, t3, t4 := team("T1", "合唱", alice), team("T2", "广场舞", bob), team("T3", "书法", carol), team("T4", "锣鼓", staff)

	act := func(kind, title, date, from, toDate, to string, organizer uint64, more map[string]any) map[string]any {
		b := map[string]any{"kind": kind, "title": title, "start": accAt(date, from), "end": accAt(toDate, to),
			"organizer_id": organizer}
		for k, v := range more {
			b[k] = v
		}
		return b
	}
	// Outreach.
	c.activity(t, "O1", act("outreach", "O1 东街辅导", "2026-01-15", "09:00", "2026-01-15", "11:00", alice, map[string]any{"station_id": s1}))
	c.activity(t, "O2", act("outreach", "O2 社区辅导", "2026-01-15", "14:00", "2026-01-15", "16:00", alice, map[string]any{"location": "幸福社区"}))
	c.activity(t, "O3", act("outreach", "O3 夜场辅导", "2026-02-10", "20:00", "2026-02-11", "02:00", alice,
		map[string]any{"station_id": s1, "staff_ids": []uint64{bob}}))
	c.activity(t, "O4", act("outreach", "O4 西街辅导", "2026-03-05", "09:00", "2026-03-05", "12:00", alice, map[string]any{"station_id": s2}))
	c.activity(t, "O5", act("outreach", "O5 取消的辅导", "2026-04-08", "09:00", "2026-04-08", "11:00", bob, nil))
	c.activity(t, "O6", act("outreach", "O6 西街辅导", "2026-05-06", "09:00", "2026-05-06", "11:00", bob, map[string]any{"station_id": s2}))
	c.activity(t, "O7", act("outreach", "O7 月末辅导", "2026-06-30", "09:00", "2026-06-30", "11:00", alice, nil))
	c.activity(t, "O8", act("outreach", "O8 辅导", "2026-03-10", "09:00", "2026-03-10", "11:00", carol, nil))
	c.activity(t, "O9", act("outreach", "O9 改期的辅导", "2026-07-01", "09:00", "2026-07-01", "11:00", bob, nil))
	// Lectures.
	lec := func(name, date string, expected int) {
		c.activity(t, name, act("lecture", name+" 讲座", date, "14:00", date, "16:00", staff,
			map[string]any{"venue_id": hall, "expected_attendance": expected}))
	}
	lec("L1", "2026-02-05", 50)
	lec("L2", "2026-02-20", 30)
	lec("L3", "2026-04-10", 60)
	lec("L4", "2026-03-12", 20)
	dates := c.series(t, "TS3", accWith(act("lecture", "TS3 艺术史讲座", "2026-03-04", "19:00", "2026-03-04", "21:00", staff,
		map[string]any{"venue_id": hall, "expected_attendance": 25}), "rrule", "FREQ=WEEKLY;BYDAY=WE;COUNT=5"))
	accWantDates(t, "TS3", dates, "2026-03-04", "2026-03-11", "2026-03-18", "2026-03-25", "2026-04-01")
	// Training. TS1 skips 国庆: 2026-10-01 is a Thursday off, so COUNT=4 runs on to 10-15.
	dates = c.series(t, "TS1", accWith(act("training", "TS1 书法班", "2026-09-17", "18:30", "2026-09-17", "20:30", carol,
		map[string]any{"venue_id": room, "expected_attendance": 20}), "rrule", "FREQ=WEEKLY;BYDAY=TH;COUNT=4", "skip_holidays", true))
	accWantDates(t, "TS1", dates, "2026-09-17", "2026-09-24", "2026-10-08", "2026-10-15")
	dates = c.series(t, "TS2", accWith(act("training", "TS2 冬季舞蹈班", "2025-12-23", "18:30", "2025-12-23", "20:30", staff,
		map[string]any{"venue_id": room, "expected_attendance": 10}), "rrule", "FREQ=WEEKLY;BYDAY=TU;COUNT=3"))
	accWantDates(t, "TS2", dates, "2025-12-23", "2025-12-30", "2026-01-06")
	dates = c.series(t, "NY", accWith(act("training", "NY 跨年合唱班", "2026-12-19", "14:00", "2026-12-19", "16:00", bob,
		map[string]any{"venue_id": room, "expected_attendance": 15}), "rrule", "FREQ=WEEKLY;BYDAY=SA;COUNT=4"))
	accWantDates(t, "NY", dates, "2026-12-19", "2026-12-26", "2027-01-02", "2027-01-09")
	// Teams and events.
	c.activity(t, "TA1", act("team_activity", "TA1 合唱排练", "2026-03-20", "19:00", "2026-03-20", "21:00", staff,
		map[string]any{"venue_id": hall, "team_ids": []uint64{t1}}))
	c.activity(t, "TA2", act("team_activity", "TA2 舞蹈排练", "2026-05-15", "19:00", "2026-05-15", "21:00", staff,
		map[string]any{"venue_id": room, "team_ids": []uint64{t2}}))
	c.activity(t, "TA3", act("team_activity", "TA3 书法雅集", "2026-11-20", "19:00", "2026-11-20", "21:00", staff,
		map[string]any{"venue_id": room, "team_ids": []uint64{t3}}))
	c.activity(t, "TA4", act("team_activity", "TA4 锣鼓排练", "2026-04-01", "09:00", "2026-04-01", "11:00", staff,
		map[string]any{"venue_id": room, "team_ids": []uint64{t4}}))
	c.activity(t, "TA5", act("performance", "TA5 夏季晚会", "2026-07-10", "19:00", "2026-07-10", "21:00", c.must(t, "u.manager"),
		map[string]any{"venue_id": hall, "team_ids": []uint64{t1, t2}, "expected_attendance": 180}))
	dates = c.series(t, "EX", accWith(act("exhibition", "EX 书画展", "2026-07-20", "09:00", "2026-07-20", "17:00", carol,
		map[string]any{"venue_id": room}), "rrule", "FREQ=DAILY;COUNT=3"))
	accWantDates(t, "EX", dates, "2026-07-20", "2026-07-21", "2026-07-22")

	// Targets.
	target := func(name string, year int, metric string, kinds []string, scope string, staffIDs []uint64, value int, plan []int, wantPlan [12]int) {
		b := map[string]any{"year": year, "name": name, "metric": metric, "kinds": kinds, "scope": scope, "value": value}
		if staffIDs != nil {
			b["staff_ids"] = staffIDs
		}
		if plan != nil {
			b["monthly_plan"] = plan
		}
		var out struct {
			ID   uint64  `json:"id"`
			Plan [12]int `json:"effective_plan"`
		}
		c.post(t, "admin", "/targets", b, 201, &out)
		c.id["T."+name] = out.ID
		if out.Plan != wantPlan {
			t.Errorf("target %s: effective plan %v, want %v", name, out.Plan, wantPlan)
		}
	}
	ab := []uint64{alice, bob}
	// Even split, remainder one by one to the earliest months:
	// 5 = 12×0 + 5 -> the first five months get 1.
	target("lectures", 2026, "count", []string{"lecture"}, "center", nil, 5, nil, [12]int{1, 1, 1, 1, 1})
	target("editions", 2026, "editions", []string{"training", "lecture"}, "center", nil, 5, nil, [12]int{1, 1, 1, 1, 1})
	// 12 = 12×1.
	target("days_ab", 2026, "person_days", []string{"outreach"}, "each_staff", ab, 12, nil, [12]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	// 60 = 12×5.
	target("days_all", 2026, "person_days", []string{"outreach"}, "each_staff", nil, 60, nil, [12]int{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5})
	// 20 = 12×1 + 8 -> the first eight months get 2.
	target("days_ctr", 2026, "person_days", []string{"outreach"}, "center", nil, 20, nil, [12]int{2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1})
	attendPlan := [12]int{0, 20, 60, 20, 20, 20, 20, 20, 40, 40, 20, 20} // sums to 300
	target("attend", 2026, "attendance", []string{"training", "lecture"}, "center", nil, 300, attendPlan[:], attendPlan)
	// 4 = 12×0 + 4.
	target("teams", 2026, "active_teams", nil, "center", nil, 4, nil, [12]int{1, 1, 1, 1})
	// 2 = 12×0 + 2.
	target("stations", 2026, "paired_stations", []string{"outreach"}, "each_staff", ab, 2, nil, [12]int{1, 1})
	target("ny_editions", 2027, "editions", []string{"training"}, "center", nil, 2, nil, [12]int{1, 1})
	target("ny_count", 2027, "count", []string{"training"}, "center", nil, 2, nil, [12]int{1, 1})

	// A reschedule: O9 moves from 07-01 to 08-03 with the version read; the
	// same change with the version that is now stale is refused.
	o9 := fmt.Sprintf("/activities/%d", c.must(t, "O9"))
	oldVersion := c.env.version(t, o9)
	move := map[string]any{"start": accAt("2026-08-03", "09:00"), "end": accAt("2026-08-03", "11:00")}
	out := c.env.mustDo(t, "manager", "PATCH", o9, c.env.withVersion(o9, move), 200)
	if out["local_date"] != "2026-08-03" {
		t.Fatalf("O9 after the PATCH: %v", out)
	}
	stale := map[string]any{"version": oldVersion, "start": accAt("2026-09-03", "09:00"), "end": accAt("2026-09-03", "11:00")}
	if body := c.env.mustDo(t, "manager", "PATCH", o9, stale, 409); field(body, "error", "code") != "stale" {
		t.Fatalf("stale PATCH: %v", body)
	}

	// Cancellations of planned activities: L4; TS2's first two occurrences
	// (so the series' first non-cancelled occurrence is 2026-01-06); TS3
	// from its fourth occurrence on.
	c.cancel(t, "L4", "")
	c.cancel(t, "TS2#1", "")
	c.cancel(t, "TS2#2", "")
	var ts3 struct {
		Items []struct {
			ID     uint64 `json:"id"`
			Status string `json:"status"`
		} `json:"items"`
	}
	c.post(t, "manager", fmt.Sprintf("/activities/%d/cancel?scope=following", c.must(t, "TS3#4")), nil, 200, nil)
	c.get(t, "viewer", fmt.Sprintf("/activities?series_id=%d", c.must(t, "TS3")), &ts3)
	var cancelled []uint64
	for _, a := range ts3.Items {
		if a.Status == "cancelled" {
			cancelled = append(cancelled, a.ID)
		}
	}
	if !slices.Equal(cancelled, c.ids(t, "TS3#4", "TS3#5")) {
		t.Fatalf("scope=following cancelled %v, want TS3#4 and TS3#5", cancelled)
	}

	// Completing needs the activity to have started: too early is refused.
	if body := c.env.mustDo(t, "manager", "POST", fmt.Sprintf("/activities/%d/complete", c.must(t, "TS1#1")),
		map[string]any{"actual_attendance": 1}, 422); field(body, "error", "code") != "rule" {
		t.Fatalf("early completion: %v", body)
	}
	// Move the clock past everything, then record what happened.
	c.setClock(t, "2027-01-10", "12:00")
	for name, att := range map[string]int{
		"O1": 20, "O2": 15, "O3": 30, "O5": 10, "O6": 12, "O7": 8, "O8": 5, "O9": 9,
		"L1": 40, "L2": 35, "TS3#1": 30, "TS3#2": 28,
		"TS1#1": 18, "TS1#2": 22, "TS1#3": 19, "TS2#3": 12, "NY#4": 14,
		"TA1": 30, "TA2": 25, "TA4": 20, "TA5": 150, "EX#1": 100, "EX#2": 100, "EX#3": 100,
	} {
		c.complete(t, name, att)
	}
	// O5 was completed, then reopened by the manager and cancelled: it never counts.
	c.post(t, "manager", fmt.Sprintf("/activities/%d/reopen", c.must(t, "O5")), nil, 200, nil)
	c.cancel(t, "O5", "")
	// T4 had a completed activity, then stopped: only active teams count.
	t4Path := fmt.Sprintf("/teams/%d", t4)
	c.env.mustDo(t, "admin", "PATCH", t4Path, c.env.withVersion(t4Path, map[string]any{"active": false}), 200)
}

func accWith(b map[string]any, kv ...any) map[string]any {
	for i := 0; i+1 < len(kv); i += 2 {
		b[kv[i].(string)] = kv[i+1]
	}
	return b
}

func accWantDates(t *testing.T, name string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("series %s occurs on %v, want %v", name, got, want)
	}
}

// acceptanceYearEnd checks every row as of 2026-12-31, when expected_to_date
// is the whole year's plan (the months before December plus all of it, 31/31).
func acceptanceYearEnd(t *testing.T, c *accCenter) {
	rows := c.progress(t, 2026, "2026-12-31")
	// 2026 targets: 8 targets, rows: 1+1+2+5+1+1+1+2 = 14.
	if len(rows) != 14 {
		t.Errorf("%d progress rows, want 14: %v", len(rows), slices.Sorted(maps.Keys(rows)))
	}
	const d = "2026-12-31"
	accCheckRows(t, d, rows, map[string]accWant{
		// lectures (count, [lecture], value 5): actual = completed lectures
		// dated in 2026: L1, L2, TS3#1, TS3#2 = 4. scheduled = the other
		// non-cancelled ones: L3, TS3#3 = 2 (L4, TS3#4, TS3#5 cancelled).
		// expected 5; 4 < 5, projected 6 >= 5 -> at_risk; gap 0.
		"T.lectures": {4, 2, 5, "at_risk"},
		// editions ([training, lecture], value 5): actual = editions with a
		// completed occurrence: TS2 (first non-cancelled occurrence 2026-01-06,
		// completed), L1, L2, TS3, TS1 = 5. scheduled: L3 (planned) and NY
		// (belongs to 2026 by its 12-19 start; its only completed occurrence is
		// in 2027) = 2. actual 5 >= 5 -> met.
		"T.editions": {5, 2, 5, "met"},
		// days_ab (person_days, each_staff alice and bob, value 12 each):
		// alice actual: 01-15 (O1 and O2: one pair), 02-10 and 02-11 (O3
		// crosses midnight: two pairs), 06-30 (O7) = 4; scheduled: 03-05 (O4) = 1.
		// expected 12 -> projected 5 < 12 -> behind; gap 7; rate 4/12 = 0.3333.
		"T.days_ab/u.alice": {4, 1, 12, "behind"},
		// bob actual: 02-10, 02-11 (O3 participant), 05-06 (O6), 08-03 (O9,
		// rescheduled from 07-01) = 4; O5 cancelled -> scheduled 0; gap 8.
		"T.days_ab/u.bob": {4, 0, 12, "behind"},
		// days_all: no staff_ids -> every active staff member and manager:
		// manager, staff, alice, bob, carol (not admin, not viewer); value 60,
		// expected 60. carol: O8 on 03-10 = 1 (rate 1/60 = 0.0167).
		"T.days_all/u.manager": {0, 0, 60, "behind"},
		"T.days_all/u.staff":   {0, 0, 60, "behind"},
		"T.days_all/u.alice":   {4, 1, 60, "behind"},
		"T.days_all/u.bob":     {4, 0, 60, "behind"},
		"T.days_all/u.carol":   {1, 0, 60, "behind"},
		// days_ctr (center, value 20): the pairs of all staff: alice 4 + bob 4 +
		// carol 1 = 9 actual ((alice, 02-10) and (bob, 02-10) are two pairs);
		// scheduled (alice, 03-05) = 1; projected 10 < 20 -> behind; gap 10.
		"T.days_ctr": {9, 1, 20, "behind"},
		// attend ([training, lecture], value 300): actual attendance of the
		// activities counted by count: lectures 40+35+30+28 = 133, training
		// TS1 18+22+19 = 59, TS2#3 12 -> 133+59+12 = 204. scheduled: expected
		// attendance of L3 60, TS3#3 25, TS1#4 20, NY#1 15, NY#2 15 = 135
		// (NY#3, NY#4 are 2027). projected 339 >= 300, 204 < 300 -> at_risk;
		// rate 204/300 = 0.68.
		"T.attend": {204, 135, 300, "at_risk"},
		// teams (every kind, value 4): actual T1 (TA1, TA5), T2 (TA2, TA5) = 2;
		// scheduled T3 (TA3 planned) = 1; T4 inactive -> nothing. projected 3 < 4
		// -> behind; gap 1.
		"T.teams": {2, 1, 4, "behind"},
		// stations ([outreach], value 2, plan Jan 1 Feb 1 -> expected 2):
		// alice (paired S1, S2): S1 actual (O1, O3), S2 scheduled (O4 planned)
		// -> 1 + 1, projected 2 >= 2 -> at_risk.
		"T.stations/u.alice": {1, 1, 2, "at_risk"},
		// bob (paired S1, S3): S1 actual (O3); S3 never visited: neither
		// actual nor scheduled; O6 at S2 does not count (not paired) -> 1 + 0,
		// projected 1 < 2 -> behind; gap 1.
		"T.stations/u.bob": {1, 0, 2, "behind"},
	})

	// A staff subset: staff_id narrows each_staff rows to bob; center rows stay.
	var sub struct {
		Items []accRow `json:"items"`
	}
	c.get(t, "manager", fmt.Sprintf("/progress?year=2026&as_of=%s&staff_id=%d", d, c.must(t, "u.bob")), &sub)
	var got []string
	for _, r := range sub.Items {
		got = append(got, c.key(r.TargetID, r.StaffID))
	}
	want := []string{"T.lectures", "T.editions", "T.days_ab/u.bob", "T.days_all/u.bob", "T.days_ctr", "T.attend", "T.teams", "T.stations/u.bob"}
	if !slices.Equal(got, want) {
		t.Errorf("rows for staff_id=bob: %v, want %v", got, want)
	}
}

// acceptanceMonthEdges checks as_of on the first and the last day of March.
// expected_to_date = plan of the months before + the month's plan × day/31.
func acceptanceMonthEdges(t *testing.T, c *accCenter) {
	const first = "2026-03-01"
	accCheckRows(t, first, c.progress(t, 2026, first), map[string]accWant{
		// lectures: actual L1, L2 = 2; TS3#1 and TS3#2 are completed but dated
		// after D, so with TS3#3 and L3 they are scheduled = 4. expected =
		// Jan 1 + Feb 1 + Mar 1 × 1/31 = 2.0323 -> 2.03; 2 < 2.0323 (compared
		// exactly) -> not on track; projected 6 >= 5 -> at_risk.
		"T.lectures": {2, 4, 2.03, "at_risk"},
		// editions: actual TS2 (01-06), L1, L2 = 3; scheduled TS3 (first
		// completed 03-04 > D), L3, TS1, NY = 4. 3 >= 2.03 -> on_track.
		"T.editions": {3, 4, 2.03, "on_track"},
		// days_ab alice: actual 01-15, 02-10, 02-11 = 3; scheduled 03-05 (O4)
		// and 06-30 (O7 completed after D) = 2. expected 1+1+1×1/31 = 2.03 ->
		// 3 >= 2.03 -> on_track.
		"T.days_ab/u.alice": {3, 2, 2.03, "on_track"},
		// bob: actual 02-10, 02-11 = 2 < 2.0323 -> not on track; scheduled
		// 05-06, 08-03 = 2; projected 4 < 12 -> behind.
		"T.days_ab/u.bob": {2, 2, 2.03, "behind"},
		// teams: nothing completed by 03-01; T1, T2 (completed later) and T3
		// scheduled = 3 < 4 -> behind; expected 1+1+1/31 = 2.03.
		"T.teams": {0, 3, 2.03, "behind"},
		// stations, plan Jan 1 Feb 1 Mar 0 -> expected 2 + 0×1/31 = 2.
		// alice: S1 actual (O1 on 01-15), S2 scheduled -> 1 < 2, projected 2 -> at_risk.
		"T.stations/u.alice": {1, 1, 2, "at_risk"},
		// bob: S1 actual (O3 on 02-10); projected 1 -> behind.
		"T.stations/u.bob": {1, 0, 2, "behind"},
	})

	const last = "2026-03-31"
	accCheckRows(t, last, c.progress(t, 2026, last), map[string]accWant{
		// lectures: actual L1, L2, TS3#1, TS3#2 = 4; scheduled L3, TS3#3 = 2.
		// expected 1+1+1×31/31 = 3; 4 >= 3 -> on_track.
		"T.lectures": {4, 2, 3, "on_track"},
		// editions: TS2, L1, L2, TS3 = 4 >= 3 -> on_track; scheduled L3, TS1, NY = 3.
		"T.editions": {4, 3, 3, "on_track"},
		// alice: 3 actual (O4 on 03-05 is still planned), 3 >= 3 -> on_track.
		"T.days_ab/u.alice": {3, 2, 3, "on_track"},
		"T.days_ab/u.bob":   {2, 2, 3, "behind"},
		// teams: T1 actual (TA1 on 03-20); T2, T3 scheduled; 1 < 3, projected 3 < 4 -> behind.
		"T.teams": {1, 2, 3, "behind"},
		// attendance, plan Jan 0 Feb 20 Mar 60 -> expected 80. actual: TS2#3 12
		// + L1 40 + L2 35 + TS3#1 30 + TS3#2 28 = 145 >= 80 -> on_track;
		// scheduled: L3 60 + TS3#3 25 + TS1 4×20 + NY#1 15 + NY#2 15 = 195.
		"T.attend": {145, 195, 80, "on_track"},
		// carol (days_all, plan 5 a month): O8 on 03-10 = 1; expected 15 -> behind.
		"T.days_all/u.carol": {1, 0, 15, "behind"},
	})
}

// acceptanceMonthly checks the monthly report as of 2026-12-31:
// left_{m-1} = max(0, value - actual_1 - ... - actual_{m-1}),
// due_m = min(plan_m + carry_{m-1}, left_{m-1}), carry_m = max(0, due_m - actual_m).
func acceptanceMonthly(t *testing.T, c *accCenter) {
	m := c.monthly(t, 2026, "2026-12-31")
	if len(m) != 14 {
		t.Errorf("%d monthly items, want 14", len(m))
	}
	accCheckMonths(t, "as of 2026-12-31", m, map[string]accMonths{
		// lectures (value 5): actual Feb 2 (L1, L2), Mar 2 (TS3#1, TS3#2).
		// Jan due 1 act 0 carry 1; Feb due 1+1 = 2, act 2, carry 0; Mar due 1,
		// act 2, carry 0 (the surplus is not carried); Apr due 1 (not 0), carry 1;
		// May min(1+1, 5-4) = 1, carry 1; Jun-Dec plan 0, due min(0+1, 1) = 1, carry 1.
		"T.lectures": {
			plan:   [12]int{1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
			due:    [12]int{1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
			actual: [12]int{0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0},
			carry:  [12]int{1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1},
		},
		// editions: an edition is actual in the month of its first completed
		// occurrence: TS2 Jan, L1 and L2 Feb, TS3 Mar, TS1 Sep.
		// Value 5: Jan 1/1 c0; Feb 1/2 c0; Mar 1/1 c0 (4 done, 1 left); Apr due 1
		// c1; May min(1+1, 1) = 1 c1; Jun-Aug due 1 c1; Sep due 1 act 1 c0: the
		// year is met, so Oct-Dec due 0 c0.
		"T.editions": {
			plan:   [12]int{1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
			due:    [12]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0},
			actual: [12]int{1, 2, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0},
			carry:  [12]int{0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0},
		},
		// days_ab alice, plan 1 a month: actual Jan 1 (01-15), Feb 2 (02-10,
		// 02-11: a person-day in its own month), Jun 1 (06-30).
		// Jan 1/1 c0; Feb 1/2 c0 (surplus lost); Mar due 1 c1; Apr 2 c2; May 3 c3;
		// Jun due 4 act 1 c3; Jul 4; Aug 5; Sep 6; Oct 7; Nov 8; Dec min(1+8,
		// 12-4) = 8 c8: plan plus carry would be 9 (the Feb surplus does not
		// reduce later months), but the year needs only 8 more.
		"T.days_ab/u.alice": {
			plan:   [12]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
			due:    [12]int{1, 1, 1, 2, 3, 4, 4, 5, 6, 7, 8, 8},
			actual: [12]int{1, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0},
			carry:  [12]int{0, 0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 8},
		},
		// bob: Feb 2, May 1 (O6), Aug 1 (O9 after its move; nothing in Apr: O5 cancelled, nothing in Jul).
		// Jan due 1 c1; Feb due 2 act 2 c0; Mar 1 c1; Apr 2 c2; May due 3 act 1 c2;
		// Jun 3; Jul 4; Aug due 5 act 1 c4; Sep 5; Oct 6; Nov 7; Dec 8.
		"T.days_ab/u.bob": {
			plan:   [12]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
			due:    [12]int{1, 2, 1, 2, 3, 3, 4, 5, 5, 6, 7, 8},
			actual: [12]int{0, 2, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0},
			carry:  [12]int{1, 0, 1, 2, 2, 3, 4, 4, 5, 6, 7, 8},
		},
		// attend, plan given: actual Jan 12 (TS2#3), Feb 75 (40+35), Mar 58
		// (30+28), Sep 40 (18+22), Oct 19.
		// Value 300: Jan due 0 act 12 c0; Feb due 20 act 75 c0; Mar due 60 act
		// 58 c2 (145 done, 155 left); Apr due 22 c22; May 42; Jun 62; Jul 82;
		// Aug 102; Sep due min(142, 155) = 142 act 40 c102 (115 left); Oct due
		// min(142, 115) = 115 act 19 c96 (96 left); Nov min(116, 96) = 96 c96;
		// Dec 96 c96 (it was 143 and 163: more than the year needed).
		"T.attend": {
			plan:   [12]int{0, 20, 60, 20, 20, 20, 20, 20, 40, 40, 20, 20},
			due:    [12]int{0, 20, 60, 22, 42, 62, 82, 102, 142, 115, 96, 96},
			actual: [12]int{12, 75, 58, 0, 0, 0, 0, 0, 40, 19, 0, 0},
			carry:  [12]int{0, 0, 2, 22, 42, 62, 82, 102, 102, 96, 96, 96},
		},
		// teams: a team becomes actual in the month of its first completed
		// activity: T1 Mar (TA1), T2 May (TA2).
		// Jan due 1 c1; Feb 2 c2; Mar due 3 act 1 c2; Apr due 3 c3; May due 3
		// act 1 c2; Jun-Dec plan 0 due 2 c2.
		"T.teams": {
			plan:   [12]int{1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0},
			due:    [12]int{1, 2, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2},
			actual: [12]int{0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0},
			carry:  [12]int{1, 2, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2},
		},
		// stations alice: S1 first completed in Jan (O1): Jan 1/1 c0, Feb 1/0 c1, then due 1 c1.
		"T.stations/u.alice": {
			plan:   [12]int{1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
			due:    [12]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
			actual: [12]int{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
			carry:  [12]int{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
		},
		// days_ctr, plan 2×8 then 1×4: actual Jan 1 (alice 01-15), Feb 4 (alice
		// and bob on 02-10 and 02-11), Mar 1 (carol 03-10), May 1 (bob), Jun 1
		// (alice), Aug 1 (bob) = 9.
		// Jan due 2 c1; Feb due 3 act 4 c0; Mar due 2 act 1 c1; Apr 3; May due 5
		// act 1 c4; Jun due 6 act 1 c5; Jul 7; Aug due 9 act 1 c8; Sep 9; Oct 10;
		// Nov 11; Dec min(1+11, 20-9) = 11.
		"T.days_ctr": {
			plan:   [12]int{2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1},
			due:    [12]int{2, 3, 2, 3, 5, 6, 7, 9, 9, 10, 11, 11},
			actual: [12]int{1, 4, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0},
			carry:  [12]int{1, 0, 1, 3, 4, 5, 7, 8, 9, 10, 11, 11},
		},
	})

	// As of a mid-year date the months after it have no actual yet: as of
	// 2026-03-01, lectures' Feb actual is 2 and Mar 0 (TS3#1 on 03-04 is after D).
	accCheckMonths(t, "as of 2026-03-01", c.monthly(t, 2026, "2026-03-01"), map[string]accMonths{
		"T.lectures": {
			plan:   [12]int{1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
			due:    [12]int{1, 2, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3},
			actual: [12]int{0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
			carry:  [12]int{1, 0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3},
		},
	})
}

// acceptanceItems checks that the drill-down lists the units behind each
// number and that their values add up to it.
func acceptanceItems(t *testing.T, c *accCenter) {
	const d = "2026-12-31"
	alice, bob := c.must(t, "u.alice"), c.must(t, "u.bob")

	// alice's person-days are (alice, date) pairs: 01-15 made by O1 and O2
	// together, 02-10 and 02-11 both by O3, 06-30 by O7: 4 = her actual.
	its := c.items(t, "T.days_ab", d, fmt.Sprintf("&staff_id=%d", alice))
	type pd struct {
		date string
		acts []uint64
	}
	want := []pd{{"2026-01-15", c.ids(t, "O1", "O2")}, {"2026-02-10", c.ids(t, "O3")},
		{"2026-02-11", c.ids(t, "O3")}, {"2026-06-30", c.ids(t, "O7")}}
	if len(its) != len(want) || accSum(its) != 4 {
		t.Fatalf("alice's person-days: %+v", its)
	}
	for i, w := range want {
		it := its[i]
		if it.Unit != "person_day" || it.StaffID == nil || *it.StaffID != alice || it.Date != w.date ||
			it.Value != 1 || !slices.Equal(it.activityIDs(), w.acts) {
			t.Errorf("alice's person-day %d: %+v, want %s by %v", i, it, w.date, w.acts)
		}
	}
	sched := c.items(t, "T.days_ab", d, fmt.Sprintf("&staff_id=%d&bucket=scheduled", alice))
	if len(sched) != 1 || sched[0].Date != "2026-03-05" || sched[0].Value != 1 || !slices.Equal(sched[0].activityIDs(), c.ids(t, "O4")) {
		t.Errorf("alice's scheduled person-days: %+v, want 03-05 by O4", sched)
	}
	// bob: 02-10, 02-11 (O3), 05-06 (O6), 08-03 (O9 after its move); never 04-08 (O5) or 07-01.
	its = c.items(t, "T.days_ab", d, fmt.Sprintf("&staff_id=%d", bob))
	var dates []string
	for _, it := range its {
		dates = append(dates, it.Date)
	}
	if !slices.Equal(dates, []string{"2026-02-10", "2026-02-11", "2026-05-06", "2026-08-03"}) || accSum(its) != 4 {
		t.Errorf("bob's person-days: %v", dates)
	}
	if n := len(c.items(t, "T.days_ab", d, fmt.Sprintf("&staff_id=%d&bucket=scheduled", bob))); n != 0 {
		t.Errorf("bob has %d scheduled person-days, want 0", n)
	}
	// Both members at once: 4 + 4 = 8 items.
	if its := c.items(t, "T.days_ab", d, ""); len(its) != 8 || accSum(its) != 8 {
		t.Errorf("days_ab items: %d worth %d, want 8", len(its), accSum(its))
	}
	// The center's person-days: 9 distinct (staff, date) pairs.
	its = c.items(t, "T.days_ctr", d, "")
	seen := map[string]bool{}
	for _, it := range its {
		if it.StaffID == nil {
			t.Errorf("a center person-day without its member: %+v", it)
			continue
		}
		seen[fmt.Sprintf("%d/%s", *it.StaffID, it.Date)] = true
	}
	if len(its) != 9 || len(seen) != 9 || accSum(its) != 9 {
		t.Errorf("center person-days: %d items, %d distinct pairs, worth %d; want 9", len(its), len(seen), accSum(its))
	}

	// count: the four completed lectures; month=2 is February's cell of
	// the monthly report (L1, L2); scheduled L3 and TS3#3.
	unitIDs := func(its []accItem) []uint64 {
		var ids []uint64
		for _, it := range its {
			ids = append(ids, it.UnitID)
		}
		slices.Sort(ids)
		return ids
	}
	if its := c.items(t, "T.lectures", d, ""); !slices.Equal(unitIDs(its), c.ids(t, "L1", "L2", "TS3#1", "TS3#2")) || accSum(its) != 4 {
		t.Errorf("lectures actual items: %v", unitIDs(its))
	}
	if its := c.items(t, "T.lectures", d, "&month=2"); !slices.Equal(unitIDs(its), c.ids(t, "L1", "L2")) || accSum(its) != 2 {
		t.Errorf("lectures of February: %v", unitIDs(its))
	}
	if its := c.items(t, "T.lectures", d, "&bucket=scheduled"); !slices.Equal(unitIDs(its), c.ids(t, "L3", "TS3#3")) {
		t.Errorf("lectures scheduled: %v", unitIDs(its))
	}
	// attendance: the actual attendances add up to 204, the expected ones to 135.
	if n := accSum(c.items(t, "T.attend", d, "")); n != 204 {
		t.Errorf("attendance items add up to %d, want 204", n)
	}
	if n := accSum(c.items(t, "T.attend", d, "&bucket=scheduled")); n != 135 {
		t.Errorf("scheduled attendance items add up to %d, want 135", n)
	}
	// editions: 5 actual; TS2's item shows only its completed occurrence of
	// 2026-01-06 (the cancelled 2025 ones never count); scheduled: L3 and NY.
	its = c.items(t, "T.editions", d, "")
	if len(its) != 5 || accSum(its) != 5 {
		t.Errorf("editions: %d items worth %d, want 5", len(its), accSum(its))
	}
	for _, it := range its {
		if it.Unit != "edition" {
			t.Errorf("edition item of unit %s", it.Unit)
		}
		if slices.Contains(it.activityIDs(), c.must(t, "TS2#3")) &&
			(it.Date != "2026-01-06" || !slices.Equal(it.activityIDs(), c.ids(t, "TS2#3"))) {
			t.Errorf("TS2's edition: %+v", it)
		}
	}
	sched = c.items(t, "T.editions", d, "&bucket=scheduled")
	var schedActs []uint64
	for _, it := range sched {
		schedActs = append(schedActs, it.activityIDs()...)
	}
	slices.Sort(schedActs)
	// NY's 2026 occurrences are listed; L3 is its own edition.
	if len(sched) != 2 || !slices.Contains(schedActs, c.must(t, "L3")) || !slices.Contains(schedActs, c.must(t, "NY#1")) {
		t.Errorf("scheduled editions: %+v", sched)
	}
	// teams: T1 and T2 actual, T3 scheduled with its planned TA3.
	if its := c.items(t, "T.teams", d, ""); !slices.Equal(unitIDs(its), c.ids(t, "t.T1", "t.T2")) {
		t.Errorf("teams actual: %v", unitIDs(its))
	}
	if its := c.items(t, "T.teams", d, "&bucket=scheduled"); len(its) != 1 || its[0].UnitID != c.must(t, "t.T3") ||
		!slices.Equal(its[0].activityIDs(), c.ids(t, "TA3")) {
		t.Errorf("teams scheduled: %+v", its)
	}
	// stations: bob has S1 only; S3 (never visited) is in neither bucket.
	if its := c.items(t, "T.stations", d, fmt.Sprintf("&staff_id=%d", bob)); len(its) != 1 || its[0].UnitID != c.must(t, "s.S1") {
		t.Errorf("bob's stations: %+v", its)
	}
	if its := c.items(t, "T.stations", d, fmt.Sprintf("&staff_id=%d&bucket=scheduled", bob)); len(its) != 0 {
		t.Errorf("bob's scheduled stations: %+v", its)
	}
	if its := c.items(t, "T.stations", d, fmt.Sprintf("&staff_id=%d&bucket=scheduled", alice)); len(its) != 1 ||
		its[0].UnitID != c.must(t, "s.S2") || !slices.Equal(its[0].activityIDs(), c.ids(t, "O4")) {
		t.Errorf("alice's scheduled stations: %+v", its)
	}
}

// acceptanceTally checks the tally JSON by hand and the workbook against it.
func acceptanceTally(t *testing.T, c *accCenter) {
	tally := c.tally(t, "viewer", "2026-12-31")
	type sum struct{ members, value, actual, scheduled int }
	// Summary rows sum a target over its members (see acceptanceYearEnd).
	want := map[string]sum{
		"T.lectures": {1, 5, 4, 2},
		"T.editions": {1, 5, 5, 2},
		"T.days_ab":  {2, 24, 8, 1},  // alice 4/1 + bob 4/0
		"T.days_all": {5, 300, 9, 1}, // 0 + 0 + 4 + 4 + 1 actual, alice's 1 scheduled
		"T.days_ctr": {1, 20, 9, 1},
		"T.attend":   {1, 300, 204, 135},
		"T.teams":    {1, 4, 2, 1},
		"T.stations": {2, 4, 2, 1}, // alice 1/1 + bob 1/0
	}
	if len(tally.Summary) != len(want) {
		t.Errorf("%d summary rows, want %d", len(tally.Summary), len(want))
	}
	for _, s := range tally.Summary {
		k := c.key(s.TargetID, nil)
		w, ok := want[k]
		if !ok || s.Members != w.members || s.Value != w.value || s.Actual != w.actual || s.Scheduled != w.scheduled ||
			s.Projected != w.actual+w.scheduled {
			t.Errorf("summary %s: %+v, want %+v", k, s, w)
		}
	}
	// stations summed: 2 < 4, projected 3 < 4 -> behind; one member at
	// risk (alice), one behind (bob).
	for _, s := range tally.Summary {
		if c.key(s.TargetID, nil) == "T.stations" && (s.Status != "behind" || s.AtRisk != 1 || s.Behind != 1) {
			t.Errorf("stations summary status %s, at_risk %d, behind %d", s.Status, s.AtRisk, s.Behind)
		}
	}
	// The official return as of 2026-12-31:
	official := map[string]int{
		"exhibitions":         1,  // EX: a three-day exhibition entered as a series is one edition
		"art_activities":      4,  // completed performance + team_activity: TA1, TA2, TA4, TA5 (TA3 planned)
		"training_classes":    2,  // training editions actual: TS1, TS2 (NY not completed in 2026)
		"training_attendance": 71, // TS1 18+22+19 + TS2#3 12
		"lectures":            4,  // L1, L2, TS3#1, TS3#2
		"teams_guided":        2,  // T1, T2 (T3 only planned, T4 inactive)
		// attendance of every kind, completed in 2026 (by kind below):
		// 133 + 71 + 99 + 75 + 150 + 300 = 828
		"participants": 828,
	}
	for _, l := range tally.Official {
		if w, ok := official[l.Code]; !ok || l.Value != w {
			t.Errorf("official return %s = %d, want %d", l.Code, l.Value, w)
		}
	}
	if len(tally.Official) != len(official) {
		t.Errorf("%d official lines", len(tally.Official))
	}
	// Activities of 2026 by kind and status (by local date of start).
	type kl struct{ planned, completed, cancelled, attendance int }
	byKind := map[string]kl{
		"lecture":       {2, 4, 3, 133}, // L3, TS3#3 | L1, L2, TS3#1, TS3#2 | L4, TS3#4, TS3#5; 40+35+30+28
		"training":      {3, 4, 0, 71},  // TS1#4, NY#1, NY#2 | TS1×3, TS2#3 | TS2's cancelled are 2025
		"outreach":      {1, 7, 1, 99},  // O4 | O1 O2 O3 O6 O7 O8 O9 | O5; 20+15+30+12+8+5+9
		"team_activity": {1, 3, 0, 75},  // TA3 | TA1, TA2, TA4; 30+25+20
		"performance":   {0, 1, 0, 150}, // TA5
		"exhibition":    {0, 3, 0, 300}, // EX#1-3
		"study":         {}, "other": {},
	}
	for _, k := range tally.ByKind {
		w := byKind[k.Kind]
		if k.Planned != w.planned || k.Completed != w.completed || k.Cancelled != w.cancelled || k.Attendance != w.attendance {
			t.Errorf("by kind %s: %+v, want %+v", k.Kind, k, w)
		}
	}

	// The workbook: Summary and Official return carry the same numbers.
	w := c.env.request(t, c.env.tokens["viewer"], "GET", apiPath("/reports/tally.xlsx?year=2026&as_of=2026-12-31&lang=en"), nil)
	if w.Code != 200 {
		t.Fatalf("tally.xlsx: %d %s", w.Code, w.Body.String())
	}
	f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	defer f.Close()
	// Each sheet: a title row, the as-of line, the header, then the rows.
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("Summary sheet: %v", err)
	}
	if len(rows) < 3+len(tally.Summary) || len(rows[1]) < 1 || !strings.Contains(rows[1][0], tally.AsOf) {
		t.Fatalf("Summary sheet: %v", rows)
	}
	atoi := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Errorf("not a whole number: %q", s)
		}
		return n
	}
	atof := func(s string) float64 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Errorf("not a number: %q", s)
		}
		return x
	}
	for i, s := range tally.Summary {
		r := rows[3+i]
		// Columns: name, metric, scope, members, value, actual, scheduled,
		// projected, expected to date, completion rate, status, ...
		if len(r) < 11 || atoi(r[3]) != s.Members || atoi(r[4]) != s.Value || atoi(r[5]) != s.Actual ||
			atoi(r[6]) != s.Scheduled || atoi(r[7]) != s.Projected || atof(r[8]) != s.ExpectedToDate ||
			atof(r[9]) != s.CompletionRate {
			t.Errorf("Summary row %d %v differs from the JSON %+v", i, r, s)
		}
	}
	off, err := f.GetRows("Official return", excelize.Options{RawCellValue: true})
	if err != nil || len(off) < 3+len(tally.Official) {
		t.Fatalf("Official return sheet: %v %v", off, err)
	}
	for i, l := range tally.Official {
		// Columns: line, unit, value, metric, kinds counted, code.
		r := off[3+i]
		if len(r) < 6 || r[5] != l.Code || atoi(r[2]) != l.Value {
			t.Errorf("Official return row %v, JSON %+v", r, l)
		}
	}
}

// acceptanceNextYear checks that the New Year series belongs to 2026 only.
func acceptanceNextYear(t *testing.T, c *accCenter) {
	rows := c.progress(t, 2027, "2027-01-31")
	accCheckRows(t, "2027-01-31", rows, map[string]accWant{
		// ny_editions ([training], value 2, plan Jan 1 Feb 1): NY's first
		// non-cancelled occurrence is 2026-12-19, so it belongs to 2026 and is
		// never counted in 2027, though NY#4 was completed on 2027-01-09:
		// actual 0, scheduled 0; expected 1×31/31 = 1 -> projected 0 < 2 -> behind.
		"T.ny_editions": {0, 0, 1, "behind"},
		// ny_count counts occurrences by their own date: NY#4 (01-09) actual,
		// NY#3 (01-02) scheduled; 1 >= 1 -> on_track.
		"T.ny_count": {1, 1, 1, "on_track"},
	})
}

// acceptanceImpact checks the dry run of new outreach activities.
func acceptanceImpact(t *testing.T, c *accCenter) {
	// "Today" is 2026-12-31, so the impact is as of that date.
	c.setClock(t, "2026-12-31", "12:00")
	alice, bob := c.must(t, "u.alice"), c.must(t, "u.bob")
	outreach := func(org uint64, date, from, toDate, to string, station *uint64) map[string]any {
		b := map[string]any{"kind": "outreach", "title": "新的辅导", "start": accAt(date, from), "end": accAt(toDate, to),
			"organizer_id": org}
		if station != nil {
			b["station_id"] = *station
		}
		return b
	}
	type imp struct {
		before, after int // projected
		actual        int // before and after: a planned activity adds no actual
		status        string
	}
	checkImpact := func(label string, got map[string]accImpact, want map[string]imp) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: impact on %v, want %d rows", label, slices.Sorted(maps.Keys(got)), len(want))
		}
		for k, w := range want {
			g, ok := got[k]
			if !ok || g.Year != 2026 || g.BeforeProjected != w.before || g.AfterProjected != w.after ||
				g.BeforeActual != w.actual || g.AfterActual != w.actual || g.StatusBefore != w.status || g.StatusAfter != w.status {
				t.Errorf("%s %s: %+v, want %+v", label, k, g, w)
			}
		}
	}
	s2 := c.must(t, "s.S2")
	// alice at S2 on 11-10: a new pair (alice, 11-10). Touched: the
	// outreach targets for alice (days_ab, days_all, stations) and the
	// center's days; not lectures, editions, attendance (other kinds) nor
	// teams (no team). days_ab 5 -> 6; days_all 5 -> 6; days_ctr 10 -> 11;
	// stations: S2 is already scheduled (O4), listed unmoved 2 -> 2.
	got, conflicts := c.check(t, outreach(alice, "2026-11-10", "09:00", "2026-11-10", "11:00", &s2))
	if conflicts != 0 {
		t.Errorf("unexpected conflicts")
	}
	checkImpact("new outreach 11-10", got, map[string]imp{
		"T.days_ab/u.alice":  {5, 6, 4, "behind"},
		"T.days_all/u.alice": {5, 6, 4, "behind"},
		"T.days_ctr":         {10, 11, 9, "behind"},
		"T.stations/u.alice": {2, 2, 1, "at_risk"},
	})
	// alice again on 01-15 (18:00-19:00): she already has that person-day
	// (O1, O2), so nothing moves; no station, so stations is not touched.
	got, _ = c.check(t, outreach(alice, "2026-01-15", "18:00", "2026-01-15", "19:00", nil))
	checkImpact("second outreach on 01-15", got, map[string]imp{
		"T.days_ab/u.alice":  {5, 5, 4, "behind"},
		"T.days_all/u.alice": {5, 5, 4, "behind"},
		"T.days_ctr":         {10, 10, 9, "behind"},
	})
	// bob from 11-11 20:00 to 11-12 01:00 crosses midnight: two new pairs.
	got, _ = c.check(t, outreach(bob, "2026-11-11", "20:00", "2026-11-12", "01:00", nil))
	checkImpact("outreach across midnight", got, map[string]imp{
		"T.days_ab/u.bob":  {4, 6, 4, "behind"},
		"T.days_all/u.bob": {4, 6, 4, "behind"},
		"T.days_ctr":       {10, 12, 9, "behind"},
	})
	// carol from 11-13 23:00 to 11-14 00:00: the half-open interval touches
	// one date only, so one new pair (days_all: carol 1 -> 2).
	carol := c.must(t, "u.carol")
	got, _ = c.check(t, outreach(carol, "2026-11-13", "23:00", "2026-11-14", "00:00", nil))
	checkImpact("outreach ending at midnight", got, map[string]imp{
		"T.days_all/u.carol": {1, 2, 1, "behind"},
		"T.days_ctr":         {10, 11, 9, "behind"},
	})
	// A dry run writes nothing: progress is as before.
	accCheckRow(t, "after the dry runs", c.progress(t, 2026, "2026-12-31"), "T.days_ctr", accWant{9, 1, 20, "behind"})
}

// acceptanceSummaryPace checks that a tally summary row applies the progress
// rule to the sums exactly, as a progress row does (docs/counting.md: "a
// rounded figure never flips a status").
func acceptanceSummaryPace(t *testing.T, c *accCenter) {
	// pace: count [outreach], each_staff alice, bob, carol, value 4 each,
	// plan Jan 2, Nov 1, Dec 1. As of 2026-11-20 (November has 30 days):
	// expected = 2 + 1 × 20/30 = 8/3 = 2.6667 -> shown 2.67.
	c.post(t, "admin", "/targets", map[string]any{"year": 2026, "name": "pace", "metric": "count",
		"kinds": []string{"outreach"}, "scope": "each_staff", "value": 4,
		"staff_ids":    c.ids(t, "u.alice", "u.bob", "u.carol"),
		"monthly_plan": []int{2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1}}, 201, &struct{}{})
	var tg struct {
		Items []struct {
			ID   uint64 `json:"id"`
			Name string `json:"name"`
		} `json:"items"`
	}
	c.get(t, "admin", "/targets?year=2026", &tg)
	for _, x := range tg.Items {
		if x.Name == "pace" {
			c.id["T.pace"] = x.ID
		}
	}
	const d = "2026-11-20"
	rows := c.progress(t, 2026, d)
	accCheckRows(t, d, rows, map[string]accWant{
		// alice: completed outreach on or before D: O1, O2, O3, O7 = 4; O4
		// scheduled; 4 >= 4 -> met.
		"T.pace/u.alice": {4, 1, 2.67, "met"},
		// bob: O3, O6, O9 = 3 (O5 cancelled); 3 >= 8/3 -> on_track.
		"T.pace/u.bob": {3, 0, 2.67, "on_track"},
		// carol: O8 = 1 < 8/3, projected 1 < 4 -> behind.
		"T.pace/u.carol": {1, 0, 2.67, "behind"},
	})
	// Summed: value 12, actual 8, scheduled 1; the summed plan expects
	// 3 × 8/3 = 8 exactly (shown 8.00, not 3 × 2.67 = 8.01), and 8 >= 8 ->
	// on_track; members: one met, one on track, one behind.
	tally := c.tally(t, "manager", d)
	found := false
	for _, s := range tally.Summary {
		if s.TargetID != c.must(t, "T.pace") {
			continue
		}
		found = true
		if s.Value != 12 || s.Actual != 8 || s.Scheduled != 1 || s.ExpectedToDate != 8 || s.Status != "on_track" ||
			s.Met != 1 || s.OnTrack != 1 || s.Behind != 1 {
			t.Errorf("pace summary: %+v, want value 12 actual 8 scheduled 1 expected 8 on_track (1 met, 1 on track, 1 behind)", s)
		}
	}
	if !found {
		t.Errorf("no summary row for the pace target")
	}
}

// acceptanceSplitKeepsTheEdition moves TS1 from its fourth session on
// (TS1#4 on 10-15, planned; #1-#3 completed) with a following-scope edit,
// which splits the series. The class stays one edition: T.editions keeps
// actual 5 and scheduled 2 as of 31 December, and 举办训练班 stays 2.
func acceptanceSplitKeepsTheEdition(t *testing.T, c *accCenter) {
	before := c.progress(t, 2026, "2026-12-31")["T.editions"]
	path := fmt.Sprintf("/activities/%d?scope=following", c.must(t, "TS1#4"))
	body := c.env.withVersion(fmt.Sprintf("/activities/%d", c.must(t, "TS1#4")), map[string]any{"title": "TS1 书法班（提高）"})
	c.env.mustDo(t, "manager", "PATCH", path, body, 200)
	var act struct {
		SeriesID uint64 `json:"series_id"`
	}
	c.get(t, "viewer", fmt.Sprintf("/activities/%d", c.must(t, "TS1#4")), &act)
	if act.SeriesID == c.id["TS1"] {
		t.Fatalf("TS1#4 still in series %d: the edit did not split it", act.SeriesID)
	}
	after := c.progress(t, 2026, "2026-12-31")["T.editions"]
	if after.Actual != before.Actual || after.Scheduled != before.Scheduled || before.Actual != 5 || before.Scheduled != 2 {
		t.Errorf("editions before the split %d/%d, after %d/%d, want 5/2 both times", before.Actual, before.Scheduled, after.Actual, after.Scheduled)
	}
	for _, l := range c.tally(t, "viewer", "2026-12-31").Official {
		if l.Code == "training_classes" && l.Value != 2 { // TS1 (split or not) and TS2
			t.Errorf("举办训练班 after the split = %d, want 2", l.Value)
		}
	}
}
