// Package planner turns a target's gap into concrete, bookable activities:
// free slots on working days, clear of every clash, spread so that each
// month's due is met in order. Proposals are a dry run; accepting books them
// all or none through the same locked path as every booking.
package planner

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
)

// Why a plan falls short of the gap.
const (
	ShortNoFreeWindows = "no_free_windows" // every allowed window left is taken or closed
	ShortNoUnitsLeft   = "no_units_left"   // no team or paired station left to add
	ShortYearOver      = "year_over"       // no allowed day of the target's year is left
)

// Planner proposes and books the activities that close a target's gap.
type Planner struct {
	db       *gorm.DB
	clock    services.Clock
	loc      *time.Location
	acts     *services.Activities
	targets  *counting.Targets
	progress *counting.Progress
	calendar *services.Calendar
}

// New returns the planner of a center in time zone loc.
func New(db *gorm.DB, clock services.Clock, loc *time.Location, acts *services.Activities,
	targets *counting.Targets, progress *counting.Progress, calendar *services.Calendar) *Planner {
	return &Planner{db: db, clock: clock, loc: loc, acts: acts, targets: targets, progress: progress, calendar: calendar}
}

// Window is a daily time window, "HH:MM" to "HH:MM" local time.
type Window struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Request asks for the activities that would close a target's gap: of one
// kind and duration, in the allowed months, weekdays (ISO: Monday 1 to
// Sunday 7) and daily windows, at the given venues or stations.
type Request struct {
	TargetID           uint64
	StaffID            uint64 // the member of an each_staff target; else who does the work (default: the caller)
	Kind               string
	Title              string
	DurationMinutes    int
	Months             []int // default: the rest of the year
	Weekdays           []int // default: Monday to Friday, and adjusted workdays
	Windows            []Window
	VenueIDs           []uint64
	StationIDs         []uint64
	ExpectedAttendance int
}

// Proposal is one bookable activity and what it adds to the target.
type Proposal struct {
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	VenueID   *uint64   `json:"venue_id"`
	StationID *uint64   `json:"station_id"`
	StaffIDs  []uint64  `json:"staff_ids"`
	TeamIDs   []uint64  `json:"team_ids"`
	Adds      int       `json:"adds"`
}

// MonthPlan is how much of the gap a month needs and how much was placed.
type MonthPlan struct {
	Month   int `json:"month"`
	Needed  int `json:"needed"`
	Planned int `json:"planned"`
}

// Standing is a target row's figures before or after the proposals.
type Standing struct {
	Value     int    `json:"value"`
	Actual    int    `json:"actual"`
	Projected int    `json:"projected"`
	Gap       int    `json:"gap"`
	Status    string `json:"status" enum:"progress"`
}

// Result is the planner's answer; nothing is written.
type Result struct {
	TargetID  uint64          `json:"target_id"`
	StaffID   uint64          `json:"staff_id"`
	Metric    counting.Metric `json:"metric"`
	Gap       int             `json:"gap"`
	Proposals []Proposal      `json:"proposals"`
	ClosesGap bool            `json:"closes_gap"`
	ShortBy   int             `json:"short_by"`
	Reason    string          `json:"reason,omitempty" enum:"short"`
	Months    []MonthPlan     `json:"months"`
	Before    Standing        `json:"before"`
	After     Standing        `json:"after"`
}

// Propose finds the proposals for r. It reads the calendar once for the
// whole span and writes nothing.
func (p *Planner) Propose(ctx context.Context, actor services.Actor, r Request) (*Result, error) {
	g, err := p.goal(ctx, actor, &r)
	if err != nil {
		return nil, err
	}
	res := &Result{TargetID: g.target.ID, StaffID: g.member, Metric: g.target.Metric, Gap: g.row.Gap,
		Proposals: []Proposal{}, Months: []MonthPlan{}, Before: standing(g.row)}
	res.After = res.Before
	if g.row.Gap == 0 {
		res.ClosesGap = true
		return res, nil
	}
	s, err := p.newSearch(ctx, g, r)
	if err != nil {
		return nil, err
	}
	s.run(res)
	placed := 0
	for _, pr := range res.Proposals {
		placed += pr.Adds
	}
	res.ShortBy = max(0, g.row.Gap-placed)
	res.ClosesGap = res.ShortBy == 0
	if !res.ClosesGap && res.Reason == "" {
		res.Reason = ShortNoFreeWindows
	}
	res.After = after(g.row, placed)
	return res, nil
}

// AcceptRequest books proposals for a target: the same target, member, kind
// and title as the request that proposed them.
type AcceptRequest struct {
	TargetID           uint64
	StaffID            uint64
	Kind               string
	Title              string
	ExpectedAttendance int
	Proposals          []Proposal
}

// Accept books every proposal in one transaction under the booking locks, or
// none: a slot taken meanwhile is a conflict naming the clash.
func (p *Planner) Accept(ctx context.Context, actor services.Actor, r AcceptRequest) ([]*models.Activity, error) {
	probe := Request{TargetID: r.TargetID, StaffID: r.StaffID, Kind: r.Kind, Title: r.Title, DurationMinutes: 60,
		ExpectedAttendance: r.ExpectedAttendance}
	g, err := p.goal(ctx, actor, &probe)
	if err != nil {
		return nil, err
	}
	ins := make([]services.ActivityInput, len(r.Proposals))
	for i, pr := range r.Proposals {
		staff := pr.StaffIDs
		if len(staff) == 0 {
			staff = []uint64{g.member}
		}
		ins[i] = services.ActivityInput{Kind: probe.Kind, Title: probe.Title, Start: pr.Start, End: pr.End,
			VenueID: pr.VenueID, StationID: pr.StationID, OrganizerID: g.member, StaffIDs: staff,
			TeamIDs: pr.TeamIDs, ExpectedAttendance: g.attendance(pr.VenueID)}
	}
	return p.acts.CreateAll(ctx, actor, "proposals", ins)
}

func standing(row counting.ProgressRow) Standing {
	return Standing{Value: row.Value, Actual: row.Actual, Projected: row.Projected, Gap: row.Gap, Status: row.Status}
}

// after is the row once placed more units are on the calendar: planned
// activities raise the projection, not the actual, so a row that is not met
// becomes at_risk once its projection reaches the value (or stays as it was).
func after(row counting.ProgressRow, placed int) Standing {
	s := standing(row)
	s.Projected += placed
	s.Gap = max(0, s.Value-s.Projected)
	if s.Status == counting.StatusBehind && s.Projected >= s.Value {
		s.Status = counting.StatusAtRisk
	}
	return s
}

// venueFirst lists the kinds that normally take place in one of the
// center's rooms; the others go out (outreach at a station) or anywhere.
var venueFirst = []string{"training", "lecture", "performance", "exhibition"}

func needsVenue(kind string) bool { return slices.Contains(venueFirst, kind) }

func fieldErr(field string, p services.Problem) error { return services.FieldError(field, p) }
