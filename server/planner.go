package server

import (
	"time"

	"github.com/gin-gonic/gin"

	"centerstage/services/planner"
)

// plannerWindow is a daily time window, local time.
type plannerWindow struct {
	Start string `json:"start" binding:"required" doc:"HH:MM, e.g. 09:00"`
	End   string `json:"end" binding:"required" doc:"HH:MM, after start; 24:00 ends the day"`
}

// proposalsRequest asks the planner for the activities that close a gap.
type proposalsRequest struct {
	TargetID           uint64          `json:"target_id" binding:"required"`
	StaffID            uint64          `json:"staff_id" doc:"the member of an each_staff target (required there); for a center target who does the work, default the caller"`
	Kind               string          `json:"kind" enum:"kind" binding:"required" doc:"a kind the target counts"`
	Title              string          `json:"title" binding:"required,max=200"`
	DurationMinutes    int             `json:"duration_minutes" binding:"required" doc:"15 to 720"`
	Months             []int           `json:"months" binding:"max=12" doc:"allowed months 1-12; default the rest of the year"`
	Weekdays           []int           `json:"weekdays" binding:"max=7" doc:"ISO weekdays, Monday 1 ... Sunday 7; default Monday to Friday and adjusted workdays"`
	Windows            []plannerWindow `json:"windows" binding:"max=6,dive" doc:"daily windows; default 09:00-11:30 and 14:00-17:00"`
	VenueIDs           []uint64        `json:"venue_ids" binding:"max=50" doc:"rooms to use, in order of preference; default for classes, lectures, performances and exhibitions the active rooms whose capacity fits"`
	StationIDs         []uint64        `json:"station_ids" binding:"max=50" doc:"stations to use; default for outreach the member's paired stations"`
	ExpectedAttendance int             `json:"expected_attendance" doc:"expected attendance of each proposal; for attendance targets, default the room's capacity"`
}

func (w plannerWindow) window() planner.Window { return planner.Window{Start: w.Start, End: w.End} }

func (r proposalsRequest) request() planner.Request {
	return planner.Request{TargetID: r.TargetID, StaffID: r.StaffID, Kind: r.Kind, Title: r.Title,
		DurationMinutes: r.DurationMinutes, Months: r.Months, Weekdays: r.Weekdays, Windows: views(r.Windows, plannerWindow.window),
		VenueIDs: r.VenueIDs, StationIDs: r.StationIDs, ExpectedAttendance: r.ExpectedAttendance}
}

// proposalBody is a proposal as the planner answers it and accept takes it.
type proposalBody struct {
	Start     time.Time `json:"start" binding:"required"`
	End       time.Time `json:"end" binding:"required"`
	VenueID   *uint64   `json:"venue_id"`
	StationID *uint64   `json:"station_id"`
	StaffIDs  []uint64  `json:"staff_ids" binding:"max=100" doc:"default the member"`
	TeamIDs   []uint64  `json:"team_ids" binding:"max=100"`
	Adds      int       `json:"adds" doc:"what it adds to the target (ignored by accept)"`
}

func (b proposalBody) proposal() planner.Proposal {
	return planner.Proposal{Start: b.Start, End: b.End, VenueID: b.VenueID, StationID: b.StationID,
		StaffIDs: b.StaffIDs, TeamIDs: b.TeamIDs}
}

// acceptRequest books proposals.
type acceptRequest struct {
	TargetID           uint64         `json:"target_id" binding:"required"`
	StaffID            uint64         `json:"staff_id"`
	Kind               string         `json:"kind" enum:"kind" binding:"required"`
	Title              string         `json:"title" binding:"required,max=200"`
	ExpectedAttendance int            `json:"expected_attendance"`
	Proposals          []proposalBody `json:"proposals" binding:"required,min=1,max=200,dive"`
}

type acceptResponse struct {
	Activities []activityResponse `json:"activities"`
}

func (s *Server) plannerRoutes() []route {
	tags := []string{"planner"}
	return []route{
		{Method: "POST", Path: "/planner/proposals", Roles: writers, Handler: withBody(s, s.svc.Planner.Propose, proposalsRequest.request, asIs),
			Doc: doc{Summary: "Propose conflict-free activities on working days that close a target's gap (a member's for each_staff); writes nothing", Tags: tags, Body: proposalsRequest{}, Response: planner.Result{}}},
		{Method: "POST", Path: "/planner/accept", Roles: writers, Handler: s.acceptPlan,
			Doc: doc{Summary: "Book accepted proposals in one transaction under the booking locks, all or none (409 conflict naming the clash)", Tags: tags, Body: acceptRequest{}, Response: acceptResponse{}, Status: 201}},
	}
}

func (s *Server) acceptPlan(c *gin.Context) error {
	var req acceptRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	acts, err := s.svc.Planner.Accept(c.Request.Context(), s.actor(c), planner.AcceptRequest{
		TargetID: req.TargetID, StaffID: req.StaffID, Kind: req.Kind, Title: req.Title,
		ExpectedAttendance: req.ExpectedAttendance, Proposals: views(req.Proposals, proposalBody.proposal)})
	if err != nil {
		return err
	}
	out, err := s.activityAnswers(c, acts)
	if err != nil {
		return err
	}
	return created(c, acceptResponse{Activities: out})
}
