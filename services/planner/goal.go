package planner

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
)

// Bounds of a request.
const (
	minDuration = 15
	maxDuration = 12 * 60
	maxWindows  = 6
)

// defaultWindows are a working day's morning and afternoon.
var defaultWindows = []Window{{Start: "09:00", End: "11:30"}, {Start: "14:00", End: "17:00"}}

// goal is what a request plans for: the target, its row for the member,
// the member's monthly plan and the checked options.
type goal struct {
	target   counting.TargetView
	member   uint64 // who does the work: organizer and staff of every proposal
	row      counting.ProgressRow
	plan     [12]int
	kinds    []string // the target's kinds, every kind when empty
	venueCap map[uint64]int
	expected int
}

// attendance is the expected attendance of a proposal at venue: the
// request's figure, else the room's capacity.
func (g *goal) attendance(venue *uint64) int {
	if g.expected > 0 || venue == nil {
		return g.expected
	}
	return g.venueCap[*venue]
}

// goal checks r, fills its defaults and loads the target's standing for
// the member. Every syntax problem is named at once.
func (p *Planner) goal(ctx context.Context, actor services.Actor, r *Request) (*goal, error) {
	if !actor.CanWrite() {
		return nil, services.Fail(services.Forbidden, services.ReasonViewerReadOnly, nil, "a viewer cannot change the calendar")
	}
	fe := services.FieldErrors{}
	checkSyntax(fe, r)
	if r.TargetID == 0 {
		fe.Add("target_id", services.Required())
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	t, err := p.targets.Get(ctx, actor, r.TargetID)
	if err != nil {
		return nil, err
	}
	g := &goal{target: t, kinds: t.Kinds, venueCap: map[uint64]int{}, expected: r.ExpectedAttendance}
	if len(t.Kinds) > 0 && !slices.Contains(t.Kinds, r.Kind) {
		return nil, fieldErr("kind", services.NewProblem(services.ProblemOneOf, services.Params{"values": t.Kinds}, "is not counted by this target, which counts %s", strings.Join(t.Kinds, ", ")))
	}
	if len(g.kinds) == 0 {
		g.kinds = models.Kinds
	}
	switch {
	case t.Scope == counting.ScopeEachStaff && r.StaffID == 0:
		return nil, fieldErr("staff_id", services.Required())
	case r.StaffID == 0:
		r.StaffID = actor.UserID
	}
	if !actor.IsManager() && r.StaffID != actor.UserID {
		return nil, services.Fail(services.Forbidden, services.ReasonStaffOwnOnly, nil, "staff may only schedule activities they organize")
	}
	g.member = r.StaffID
	if t.Metric == counting.MetricPairedStations && t.Scope != counting.ScopeEachStaff {
		return nil, fieldErr("target_id", services.NewProblem(services.ProblemPairedEachStaff, nil, "paired_stations is counted per staff member; use each_staff"))
	}
	if err := p.loadStanding(ctx, actor, g); err != nil {
		return nil, err
	}
	if err := p.checkRefs(ctx, g, r); err != nil {
		return nil, err
	}
	if t.Metric == counting.MetricAttendance && r.ExpectedAttendance <= 0 && len(r.VenueIDs) == 0 {
		return nil, fieldErr("expected_attendance", services.Required())
	}
	return g, nil
}

func checkSyntax(fe services.FieldErrors, r *Request) {
	r.Title = strings.TrimSpace(r.Title)
	if !slices.Contains(models.Kinds, r.Kind) {
		fe.Add("kind", services.OneOf(models.Kinds...))
	}
	switch {
	case r.Title == "":
		fe.Add("title", services.Required())
	case !utf8.ValidString(r.Title):
		fe.Add("title", services.NewProblem(services.ProblemInvalidUTF8, nil, "must be valid UTF-8"))
	case utf8.RuneCountInString(r.Title) > 200:
		fe.Add("title", services.MaxChars(200))
	}
	if r.DurationMinutes < minDuration || r.DurationMinutes > maxDuration {
		fe.Add("duration_minutes", services.NewProblem(services.ProblemOutOfRange, services.Params{"min": minDuration, "max": maxDuration}, "must be between %d and %d", minDuration, maxDuration))
	}
	for i, m := range r.Months {
		if m < 1 || m > 12 {
			fe.Add(fmt.Sprintf("months[%d]", i), services.NewProblem(services.ProblemOutOfRange, services.Params{"min": 1, "max": 12}, "must be between 1 and 12"))
		}
	}
	for i, d := range r.Weekdays {
		if d < 1 || d > 7 {
			fe.Add(fmt.Sprintf("weekdays[%d]", i), services.NewProblem(services.ProblemOutOfRange, services.Params{"min": 1, "max": 7}, "must be between 1 and 7"))
		}
	}
	if len(r.Windows) > maxWindows {
		fe.Add("windows", services.MaxItems(maxWindows))
	}
	for i, w := range r.Windows {
		from, ok1 := clock(w.Start)
		to, ok2 := clock(w.End)
		switch {
		case !ok1:
			fe.Add(fmt.Sprintf("windows[%d].start", i), services.InvalidFormat("09:00", "must be a time HH:MM"))
		case !ok2:
			fe.Add(fmt.Sprintf("windows[%d].end", i), services.InvalidFormat("17:00", "must be a time HH:MM"))
		case to <= from:
			fe.Add(fmt.Sprintf("windows[%d].end", i), services.NewProblem(services.ProblemAfter, services.Params{"field": "start"}, "must be after start"))
		case r.DurationMinutes >= minDuration && to-from < r.DurationMinutes:
			fe.Add(fmt.Sprintf("windows[%d].end", i), services.NewProblem(services.ProblemWindowShort, nil, "the window is shorter than the duration"))
		}
	}
	if r.ExpectedAttendance < 0 || r.ExpectedAttendance > 1_000_000 {
		fe.Add("expected_attendance", services.NewProblem(services.ProblemOutOfRange, services.Params{"min": 0, "max": 1000000}, "must be between 0 and 1000000"))
	}
	if len(r.VenueIDs) > 50 {
		fe.Add("venue_ids", services.MaxItems(50))
	}
	if len(r.StationIDs) > 50 {
		fe.Add("station_ids", services.MaxItems(50))
	}
}

// clock parses "HH:MM" into minutes after midnight; "24:00" ends a day.
func clock(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		if s == "24:00" {
			return 24 * 60, true
		}
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// loadStanding reads the member's progress row and monthly plan.
func (p *Planner) loadStanding(ctx context.Context, actor services.Actor, g *goal) error {
	q := counting.ProgressQuery{Year: g.target.Year, TargetID: g.target.ID}
	if g.target.Scope == counting.ScopeEachStaff {
		q.StaffID = g.member
	}
	rep, err := p.progress.Rows(ctx, actor, q)
	if err != nil {
		return err
	}
	found := false
	for _, row := range rep.Rows {
		if row.TargetID == g.target.ID && (g.target.Scope != counting.ScopeEachStaff || (row.StaffID != nil && *row.StaffID == g.member)) {
			g.row, found = row, true
		}
	}
	if !found {
		return fieldErr("staff_id", services.NewProblem(services.ProblemNotMember, nil, "is not a member of this target"))
	}
	g.plan = g.target.Plan
	mon, err := p.progress.Monthly(ctx, actor, q)
	if err != nil {
		return err
	}
	for _, it := range mon.Items {
		if it.TargetID != g.target.ID || (g.target.Scope == counting.ScopeEachStaff && (it.StaffID == nil || *it.StaffID != g.member)) {
			continue
		}
		for _, m := range it.Months {
			if m.Month >= 1 && m.Month <= 12 {
				g.plan[m.Month-1] = m.Plan // the member's own plan
			}
		}
	}
	return nil
}

// checkRefs checks that the member, venues and stations exist and may be
// used, and remembers the venues' capacities.
func (p *Planner) checkRefs(ctx context.Context, g *goal, r *Request) error {
	db := p.db.WithContext(ctx)
	var u models.User
	if err := db.First(&u, g.member).Error; err != nil || !u.Active || u.Role == models.RoleViewer {
		return fieldErr("staff_id", services.NewProblem(services.ProblemInactive, services.Params{"id": g.member}, "user %d is not an active user", g.member))
	}
	if len(r.VenueIDs) > 0 {
		var vs []models.Venue
		if err := db.Where("id IN ?", r.VenueIDs).Find(&vs).Error; err != nil {
			return fmt.Errorf("read venues: %w", err)
		}
		for k, id := range r.VenueIDs {
			j := slices.IndexFunc(vs, func(v models.Venue) bool { return v.ID == id && v.Active })
			if j < 0 {
				return fieldErr(fmt.Sprintf("venue_ids[%d]", k), services.NewProblem(services.ProblemInactive, services.Params{"id": id}, "%d is not active", id))
			}
			g.venueCap[id] = vs[j].Capacity
		}
	}
	if len(r.StationIDs) > 0 {
		var active []uint64
		if err := db.Model(&models.Station{}).Where("id IN ? AND active = ?", r.StationIDs, true).Pluck("id", &active).Error; err != nil {
			return fmt.Errorf("read stations: %w", err)
		}
		for k, id := range r.StationIDs {
			if !slices.Contains(active, id) {
				return fieldErr(fmt.Sprintf("station_ids[%d]", k), services.NewProblem(services.ProblemInactive, services.Params{"id": id}, "%d is not active", id))
			}
		}
	}
	return nil
}
