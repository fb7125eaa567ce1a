package planner_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/planner"
	"centerstage/services/servicestest"
)

// world is a center on a real database with the planner wired as main does.
type world struct {
	t        testing.TB
	db       *gorm.DB
	loc      *time.Location
	now      time.Time
	admin    services.Actor
	acts     *services.Activities
	targets  *counting.Targets
	progress *counting.Progress
	calendar *services.Calendar
	closures *services.Closures
	plan     *planner.Planner
}

// newWorld starts the clock on Monday 2 November 2026, 08:00 in Shanghai.
func newWorld(t testing.TB) *world {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, db: dbtest.Open(t), loc: loc, now: time.Date(2026, 11, 2, 8, 0, 0, 0, loc)}
	clock := func() time.Time { return w.now }
	audit := services.NewAudit(w.db, clock)
	w.progress = counting.NewProgress(w.db, clock, loc)
	w.acts = services.NewActivities(w.db, clock, loc, audit, w.progress)
	w.targets = counting.NewTargets(w.db, clock, audit)
	w.calendar = services.NewCalendar(w.db)
	w.closures = services.NewClosures(w.db, audit)
	w.plan = planner.New(w.db, clock, loc, w.acts, w.targets, w.progress, w.calendar)
	w.admin = services.Actor{UserID: w.user("admin", models.RoleAdmin), Username: "admin", Role: models.RoleAdmin}
	return w
}

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) user(name, role string) uint64 { return servicestest.User(w.t, w.db, name, role) }

func (w *world) station(name string, staff ...uint64) uint64 {
	return servicestest.Station(w.t, w.db, name, staff...)
}

func (w *world) venue(name string, capacity int) uint64 {
	v := models.Venue{Name: name, Capacity: capacity, Active: true, Version: 1}
	w.must(w.db.Create(&v).Error)
	return v.ID
}

func (w *world) team(name string, active bool) uint64 {
	return servicestest.Team(w.t, w.db, name, active)
}

func (w *world) target(in counting.TargetInput) counting.TargetView {
	w.t.Helper()
	in.Year = 2026
	tv, err := w.targets.Create(context.Background(), w.admin, in)
	w.must(err)
	return tv
}

// at is a local time on a 2026 date.
func (w *world) at(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, w.loc)
}

// book schedules an activity through the real booking path.
func (w *world) book(in services.ActivityInput) *models.Activity {
	w.t.Helper()
	a, err := w.acts.Create(context.Background(), w.admin, in)
	w.must(err)
	return a
}

func (w *world) row(targetID, staffID uint64) counting.ProgressRow {
	w.t.Helper()
	rep, err := w.progress.Rows(context.Background(), w.admin, counting.ProgressQuery{Year: 2026, TargetID: targetID, StaffID: staffID})
	w.must(err)
	for _, r := range rep.Rows {
		if staffID == 0 || (r.StaffID != nil && *r.StaffID == staffID) {
			return r
		}
	}
	w.t.Fatalf("no progress row for target %d member %d", targetID, staffID)
	return counting.ProgressRow{}
}

func dates(ps []planner.Proposal) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Start.Format(time.DateOnly)
	}
	return out
}

// wantAfter checks the standing a proposal's activities would leave.
func wantAfter(t *testing.T, after planner.Standing, projected, gap int, status string) {
	t.Helper()
	if after.Projected != projected || after.Gap != gap || after.Status != status {
		t.Fatalf("after = %+v, want projected %d, gap %d, %s", after, projected, gap, status)
	}
}

func outreachTarget(w *world, value int, staff ...uint64) counting.TargetView {
	return w.target(counting.TargetInput{Name: "基层辅导", Metric: counting.MetricPersonDays, Kinds: []string{"outreach"},
		Scope: counting.ScopeEachStaff, StaffIDs: staff, Value: value})
}

func TestProposeSpreadsEachMonthsDueInOrder(t *testing.T) {
	w := newWorld(t)
	a := w.user("a", models.RoleStaff)
	s1, s2 := w.station("东街", a), w.station("西街", a)
	tg := outreachTarget(w, 12, a)
	res, err := w.plan.Propose(context.Background(), w.admin, planner.Request{TargetID: tg.ID, StaffID: a,
		Kind: "outreach", Title: "下基层辅导", DurationMinutes: 120, Months: []int{11, 12}})
	w.must(err)
	// Value 12, even plan 1 a month, nothing on the calendar: gap 12.
	// By the end of November the plan asks min(12, 11) - 0 = 11; December,
	// the last allowed month, the rest: 1.
	// November's working days from Monday the 2nd: 2-6, 9-13, 16-20, 23-27,
	// 30 = 21 days; 11 of 21 spread evenly are indexes (2k+1)*21/22 =
	// 0,2,4,6,8,10,12,14,16,18,20 -> 2,4,6,10,12,16,18,20,24,26,30.
	// December's 23 working days (1-4, 7-11, 14-18, 21-25, 28-31): one, at
	// index 23/2 = 11 -> the 16th.
	want := []string{"2026-11-02", "2026-11-04", "2026-11-06", "2026-11-10", "2026-11-12", "2026-11-16",
		"2026-11-18", "2026-11-20", "2026-11-24", "2026-11-26", "2026-11-30", "2026-12-16"}
	if got := dates(res.Proposals); !slices.Equal(got, want) {
		t.Fatalf("dates = %v, want %v", got, want)
	}
	if !res.ClosesGap || res.ShortBy != 0 || res.Gap != 12 {
		t.Fatalf("closes_gap %v short_by %d gap %d, want true 0 12", res.ClosesGap, res.ShortBy, res.Gap)
	}
	wantMonths := []planner.MonthPlan{{Month: 11, Needed: 11, Planned: 11}, {Month: 12, Needed: 1, Planned: 1}}
	if !slices.Equal(res.Months, wantMonths) {
		t.Fatalf("months = %+v, want %+v", res.Months, wantMonths)
	}
	for i, p := range res.Proposals {
		// The first free window of the day, 09:00-11:00; outreach goes to the
		// member's paired stations in turn.
		if p.Start.Hour() != 9 || p.End.Sub(p.Start) != 2*time.Hour || p.Adds != 1 || p.VenueID != nil {
			t.Fatalf("proposal %d = %+v", i, p)
		}
		if st := []uint64{s1, s2}[i%2]; p.StationID == nil || *p.StationID != st {
			t.Fatalf("proposal %d station %v, want %d", i, p.StationID, st)
		}
		if !slices.Equal(p.StaffIDs, []uint64{a}) {
			t.Fatalf("proposal %d staff %v", i, p.StaffIDs)
		}
	}
	wantAfter(t, res.After, 12, 0, counting.StatusAtRisk)
}

func TestProposeAvoidsClashesCoveredDatesClosuresAndHolidays(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a := w.user("a", models.RoleStaff)
	w.station("东街", a)
	tg := outreachTarget(w, 8, a)
	// Thursday 5 Nov: a's study morning (not counted, but a is busy), so the
	// day's proposal moves to the afternoon window.
	study := w.book(services.ActivityInput{Kind: "study", Title: "业务学习", Start: w.at(11, 5, 9, 0), End: w.at(11, 5, 11, 30), OrganizerID: a})
	// Tuesday 3 Nov: an outreach day already planned; it counts as scheduled
	// and the date adds nothing more.
	w.book(services.ActivityInput{Kind: "outreach", Title: "辅导", Start: w.at(11, 3, 9, 0), End: w.at(11, 3, 11, 0), OrganizerID: a})
	// Wednesday 4 Nov: the center is closed.
	_, _, err := w.closures.Create(ctx, w.admin, services.ClosureInput{Date: "2026-11-04", Name: "设备检修"})
	w.must(err)
	res, err := w.plan.Propose(ctx, w.admin, planner.Request{TargetID: tg.ID, StaffID: a, Kind: "outreach",
		Title: "下基层辅导", DurationMinutes: 120, Months: []int{11}})
	w.must(err)
	// Value 8, 1 scheduled: gap 7, all in November (the only month). Its
	// working days without the covered 3rd and the closed 4th: 2, 5, 6,
	// 9-13, 16-20, 23-27, 30 = 19; 7 spread evenly are indexes
	// (2k+1)*19/14 = 1,4,6,9,12,14,17 -> 5, 10, 12, 17, 20, 24, 27.
	want := []string{"2026-11-05", "2026-11-10", "2026-11-12", "2026-11-17", "2026-11-20", "2026-11-24", "2026-11-27"}
	if got := dates(res.Proposals); !slices.Equal(got, want) || !res.ClosesGap {
		t.Fatalf("dates %v closes %v; want %v, true", got, res.ClosesGap, want)
	}
	days, err := w.calendar.Days(ctx, 2026)
	w.must(err)
	typeOf := map[string]string{}
	for _, d := range days {
		typeOf[d.Date] = d.Type
	}
	var ins []services.ActivityInput
	seen := map[string]bool{}
	for _, p := range res.Proposals {
		d := p.Start.Format(time.DateOnly)
		if ty := typeOf[d]; ty != services.DayWorkday && ty != services.DayAdjustedWorkday {
			t.Fatalf("proposal on %s, a %s", d, ty)
		}
		if d == "2026-11-03" || d == "2026-11-04" || seen[d] {
			t.Fatalf("proposal on %s: covered, closed or repeated", d)
		}
		seen[d] = true
		if d == "2026-11-05" && p.Start.Hour() != 14 {
			t.Fatalf("5 Nov proposal at %v, want the afternoon (a studies in the morning)", p.Start)
		}
		in := services.ActivityInput{Kind: "outreach", Title: "x", Start: p.Start, End: p.End, OrganizerID: a, StaffIDs: p.StaffIDs}
		w.must(services.NormalizeInput(&in))
		ins = append(ins, in)
	}
	found, err := w.acts.Clashes(ctx, ins)
	w.must(err)
	for i, c := range found {
		if len(c) > 0 {
			t.Fatalf("proposal %d clashes with %+v (the study is activity %d)", i, c, study.ID)
		}
	}
}

func TestProposeReportsWhatCannotBeClosed(t *testing.T) {
	w := newWorld(t)
	a := w.user("a", models.RoleStaff)
	tg := outreachTarget(w, 60, a)
	res, err := w.plan.Propose(context.Background(), w.admin, planner.Request{TargetID: tg.ID, StaffID: a,
		Kind: "outreach", Title: "下基层辅导", DurationMinutes: 60, Months: []int{12}, Weekdays: []int{3}})
	w.must(err)
	// Only Wednesdays of December 2026: the 2nd, 9th, 16th, 23rd and 30th.
	// Gap 60, 5 placed: short by 55.
	want := []string{"2026-12-02", "2026-12-09", "2026-12-16", "2026-12-23", "2026-12-30"}
	if got := dates(res.Proposals); !slices.Equal(got, want) {
		t.Fatalf("dates = %v, want %v", got, want)
	}
	if res.ClosesGap || res.ShortBy != 55 || res.Reason != planner.ShortNoFreeWindows {
		t.Fatalf("closes %v short_by %d reason %q, want false 55 %q", res.ClosesGap, res.ShortBy, res.Reason, planner.ShortNoFreeWindows)
	}
	wantAfter(t, res.After, 5, 55, counting.StatusBehind)
}

func TestProposeUnitsOfStationsAndTeams(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a := w.user("a", models.RoleStaff)
	s1, s2, s3 := w.station("一站", a), w.station("二站", a), w.station("三站", a)
	w.station("别人的站")
	// a visited s1 in October (completed): paired stations actual 1 of 2.
	visit := w.book(services.ActivityInput{Kind: "outreach", Title: "辅导", Start: w.at(10, 20, 9, 0), End: w.at(10, 20, 11, 0), OrganizerID: a, StationID: &s1})
	_, err := w.acts.Complete(ctx, w.admin, visit.ID, services.Completion{ActualAttendance: 10})
	w.must(err)
	st := w.target(counting.TargetInput{Name: "对口辅导", Metric: counting.MetricPairedStations, Kinds: []string{"outreach"},
		Scope: counting.ScopeEachStaff, StaffIDs: []uint64{a}, Value: 2})
	res, err := w.plan.Propose(ctx, w.admin, planner.Request{TargetID: st.ID, StaffID: a, Kind: "outreach",
		Title: "对口辅导", DurationMinutes: 120})
	w.must(err)
	// Gap 2 - 1 = 1: one visit, to the first paired station not yet visited.
	if len(res.Proposals) != 1 || res.Proposals[0].StationID == nil || *res.Proposals[0].StationID != s2 || res.ShortBy != 0 {
		t.Fatalf("proposals %+v short_by %d, want one visit to station %d (not %d or %d)", res.Proposals, res.ShortBy, s2, s1, s3)
	}

	t1, t2 := w.team("舞蹈队", true), w.team("合唱团", true)
	w.team("解散的队", false)
	t4 := w.team("书法社", true)
	w.book(services.ActivityInput{Kind: "team_activity", Title: "排练", Start: w.at(11, 10, 19, 0), End: w.at(11, 10, 21, 0), OrganizerID: a, TeamIDs: []uint64{t1}})
	// t2 rehearses on Monday 2 Nov all day: it cannot take the first slot.
	w.book(services.ActivityInput{Kind: "team_activity", Title: "合唱排练", Start: w.at(11, 2, 8, 0), End: w.at(11, 2, 18, 0), OrganizerID: w.admin.UserID, TeamIDs: []uint64{t2}})
	tt := w.target(counting.TargetInput{Name: "活跃团队", Metric: counting.MetricActiveTeams, Kinds: []string{"team_activity"},
		Scope: counting.ScopeCenter, Value: 4})
	res, err = w.plan.Propose(ctx, w.admin, planner.Request{TargetID: tt.ID, StaffID: a, Kind: "team_activity",
		Title: "团队活动", DurationMinutes: 90})
	w.must(err)
	// Value 4; t1 and t2 are scheduled (projected 2): gap 2, and the only
	// active teams without an activity are t4... and none else: t2 is
	// already scheduled, the third team inactive. One proposal, short by 1.
	if len(res.Proposals) != 1 || !slices.Equal(res.Proposals[0].TeamIDs, []uint64{t4}) {
		t.Fatalf("proposals %+v, want one with team %d", res.Proposals, t4)
	}
	if res.ShortBy != 1 || res.Reason != planner.ShortNoUnitsLeft {
		t.Fatalf("short_by %d reason %q, want 1 %q", res.ShortBy, res.Reason, planner.ShortNoUnitsLeft)
	}
}

func TestAcceptClosesTheGapExactly(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a := w.user("a", models.RoleStaff)
	w.station("东街", a)
	tg := outreachTarget(w, 10, a)
	w.book(services.ActivityInput{Kind: "outreach", Title: "辅导", Start: w.at(11, 5, 9, 0), End: w.at(11, 5, 11, 0), OrganizerID: a})
	before := w.row(tg.ID, a)
	if before.Gap != 9 {
		t.Fatalf("gap before = %d, want 10 - 1 = 9", before.Gap)
	}
	staff := services.Actor{UserID: a, Username: "a", Role: models.RoleStaff}
	res, err := w.plan.Propose(ctx, staff, planner.Request{TargetID: tg.ID, StaffID: a, Kind: "outreach", Title: "下基层", DurationMinutes: 90})
	w.must(err)
	acts, err := w.plan.Accept(ctx, staff, planner.AcceptRequest{TargetID: tg.ID, StaffID: a, Kind: "outreach", Title: "下基层", Proposals: res.Proposals})
	w.must(err)
	if len(acts) != 9 {
		t.Fatalf("%d activities booked, want 9", len(acts))
	}
	got := w.row(tg.ID, a)
	// 1 scheduled before + 9 booked = 10 = the value: gap 0.
	if got.Projected != 10 || got.Gap != 0 || got.Scheduled != 10 {
		t.Fatalf("after accept: %+v, want projected 10 gap 0", got)
	}
	again, err := w.plan.Propose(ctx, staff, planner.Request{TargetID: tg.ID, StaffID: a, Kind: "outreach", Title: "下基层", DurationMinutes: 90})
	w.must(err)
	if len(again.Proposals) != 0 || !again.ClosesGap {
		t.Fatalf("a closed gap proposes %d more", len(again.Proposals))
	}
}

func TestAcceptIsAllOrNoneAndRacesHaveOneWinner(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a := w.user("a", models.RoleStaff)
	tg := outreachTarget(w, 5, a)
	res, err := w.plan.Propose(ctx, w.admin, planner.Request{TargetID: tg.ID, StaffID: a, Kind: "outreach", Title: "下基层", DurationMinutes: 60})
	w.must(err)
	if len(res.Proposals) != 5 {
		t.Fatalf("%d proposals, want 5", len(res.Proposals))
	}
	// Someone books the slot of the third proposal meanwhile.
	p := res.Proposals[2]
	w.book(services.ActivityInput{Kind: "study", Title: "临时会议", Start: p.Start, End: p.End, OrganizerID: a})
	var n0 int64
	w.must(w.db.Model(&models.Activity{}).Count(&n0).Error)
	_, err = w.plan.Accept(ctx, w.admin, planner.AcceptRequest{TargetID: tg.ID, StaffID: a, Kind: "outreach", Title: "下基层", Proposals: res.Proposals})
	var se *services.Error
	if !errors.As(err, &se) || se.Kind != services.Conflict {
		t.Fatalf("accept over a taken slot: %v, want a conflict", err)
	}
	var n1 int64
	w.must(w.db.Model(&models.Activity{}).Count(&n1).Error)
	if n1 != n0 {
		t.Fatalf("a refused accept wrote %d activities", n1-n0)
	}

	// Two managers accept the same fresh proposals at once: one wins.
	res, err = w.plan.Propose(ctx, w.admin, planner.Request{TargetID: tg.ID, StaffID: a, Kind: "outreach", Title: "下基层", DurationMinutes: 60})
	w.must(err)
	const racers = 4
	var wg sync.WaitGroup
	errs := make([]error, racers)
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = w.plan.Accept(ctx, w.admin, planner.AcceptRequest{TargetID: tg.ID, StaffID: a, Kind: "outreach", Title: "下基层", Proposals: res.Proposals})
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case errors.As(err, &se) && se.Kind == services.Conflict:
		default:
			t.Fatalf("racer failed: %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d accepts won, want exactly 1", wins)
	}
	if got := w.row(tg.ID, a); got.Projected != 5 || got.Gap != 0 {
		t.Fatalf("after the race: %+v, want projected 5 (1 meeting is not outreach)", got)
	}
}

func TestProposeRefusesBadRequests(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a := w.user("a", models.RoleStaff)
	b := w.user("b", models.RoleStaff)
	viewer := w.user("v", models.RoleViewer)
	tg := outreachTarget(w, 10, a, b)
	ok := planner.Request{TargetID: tg.ID, StaffID: a, Kind: "outreach", Title: "下基层", DurationMinutes: 60}
	cases := []struct {
		name  string
		actor services.Actor
		edit  func(r *planner.Request)
		kind  services.ErrorKind
		field string
	}{
		{"unknown kind", w.admin, func(r *planner.Request) { r.Kind = "party" }, services.Invalid, "kind"},
		{"a kind the target does not count", w.admin, func(r *planner.Request) { r.Kind = "lecture" }, services.Invalid, "kind"},
		{"too short", w.admin, func(r *planner.Request) { r.DurationMinutes = 5 }, services.Invalid, "duration_minutes"},
		{"month 13", w.admin, func(r *planner.Request) { r.Months = []int{11, 13} }, services.Invalid, "months[1]"},
		{"weekday 0", w.admin, func(r *planner.Request) { r.Weekdays = []int{0} }, services.Invalid, "weekdays[0]"},
		{"window backwards", w.admin, func(r *planner.Request) { r.Windows = []planner.Window{{Start: "10:00", End: "09:00"}} }, services.Invalid, "windows[0].end"},
		{"window shorter than the duration", w.admin, func(r *planner.Request) { r.Windows = []planner.Window{{Start: "09:00", End: "09:30"}} }, services.Invalid, "windows[0].end"},
		{"window not a time", w.admin, func(r *planner.Request) { r.Windows = []planner.Window{{Start: "9am", End: "11:00"}} }, services.Invalid, "windows[0].start"},
		{"no member for each_staff", w.admin, func(r *planner.Request) { r.StaffID = 0 }, services.Invalid, "staff_id"},
		{"not a member", w.admin, func(r *planner.Request) { r.StaffID = w.admin.UserID }, services.Invalid, "staff_id"},
		{"unknown venue", w.admin, func(r *planner.Request) { r.VenueIDs = []uint64{999} }, services.Invalid, "venue_ids[0]"},
		{"no target", w.admin, func(r *planner.Request) { r.TargetID = 999 }, services.NotFound, ""},
		{"staff plans a colleague", services.Actor{UserID: b, Role: models.RoleStaff}, func(r *planner.Request) {}, services.Forbidden, ""},
		{"viewer", services.Actor{UserID: viewer, Role: models.RoleViewer}, func(r *planner.Request) {}, services.Forbidden, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ok
			c.edit(&r)
			_, err := w.plan.Propose(ctx, c.actor, r)
			var se *services.Error
			if !errors.As(err, &se) || se.Kind != c.kind {
				t.Fatalf("err = %v, want kind %s", err, c.kind)
			}
			if c.field != "" {
				if _, ok := se.Fields[c.field]; !ok {
					t.Fatalf("fields %v do not name %s", se.Fields, c.field)
				}
			}
		})
	}
}

func TestAcceptRefusesProposalsThatClashWithEachOther(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a := w.user("a", models.RoleStaff)
	tg := outreachTarget(w, 5, a)
	p := planner.Proposal{Start: w.at(11, 10, 9, 0), End: w.at(11, 10, 11, 0), StaffIDs: []uint64{a}}
	q := p
	q.Start, q.End = w.at(11, 10, 10, 0), w.at(11, 10, 12, 0) // the same member, overlapping
	_, err := w.plan.Accept(ctx, w.admin, planner.AcceptRequest{TargetID: tg.ID, StaffID: a, Kind: "outreach", Title: "下基层",
		Proposals: []planner.Proposal{p, q}})
	var se *services.Error
	if !errors.As(err, &se) || se.Kind != services.Invalid {
		t.Fatalf("err = %v, want invalid", err)
	}
	if _, ok := se.Fields["proposals[1].start"]; !ok {
		t.Fatalf("fields %v do not name proposals[1].start", se.Fields)
	}
	var n int64
	w.must(w.db.Model(&models.Activity{}).Count(&n).Error)
	if n != 0 {
		t.Fatalf("%d activities written", n)
	}
}

func TestAcceptKeepsExhibitionsThatDoNotOccupyTheirStaff(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	a := w.user("a", models.RoleStaff)
	tg := w.target(counting.TargetInput{Name: "展览", Metric: counting.MetricCount, Kinds: []string{"exhibition"},
		Scope: counting.ScopeCenter, Value: 2})
	// Two exhibitions curated by a on the same afternoon, in two rooms: an
	// exhibition does not occupy its staff, so they do not clash.
	v1, v2 := w.venue("一号厅", 100), w.venue("二号厅", 100)
	p := planner.Proposal{Start: w.at(11, 10, 9, 0), End: w.at(11, 10, 16, 0), VenueID: &v1, StaffIDs: []uint64{a}}
	q := p
	q.VenueID = &v2
	acts, err := w.plan.Accept(ctx, w.admin, planner.AcceptRequest{TargetID: tg.ID, StaffID: a, Kind: "exhibition", Title: "书画展",
		Proposals: []planner.Proposal{p, q}})
	w.must(err)
	if len(acts) != 2 {
		t.Fatalf("%d booked, want 2", len(acts))
	}
}
