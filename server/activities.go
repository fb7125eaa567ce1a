package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"centerstage/models"
	"centerstage/services"
)

// activityRequest is a new activity (POST /activities, and the template of a
// series). The service checks kinds, lengths and references.
type activityRequest struct {
	Kind               string    `json:"kind" enum:"kind" binding:"required" doc:"training, lecture, performance, exhibition, outreach, team_activity, study, other"`
	Title              string    `json:"title" binding:"required,max=200"`
	Start              time.Time `json:"start" binding:"required"`
	End                time.Time `json:"end" binding:"required"`
	VenueID            *uint64   `json:"venue_id"`
	Location           string    `json:"location" binding:"max=200"`
	OrganizerID        uint64    `json:"organizer_id" doc:"defaults to the caller; staff may only name themselves"`
	StaffIDs           []uint64  `json:"staff_ids" binding:"max=100" doc:"participating staff; the organizer always takes part"`
	TeamIDs            []uint64  `json:"team_ids" binding:"max=100"`
	StationID          *uint64   `json:"station_id"`
	ExpectedAttendance int       `json:"expected_attendance" binding:"gte=0"`
	Notes              string    `json:"notes" binding:"max=10000"`
	StaffBusy          *bool     `json:"staff_busy" doc:"whether its staff are occupied (clash with their other activities); default false for exhibition, true otherwise"`
}

func (r activityRequest) input() services.ActivityInput {
	return services.ActivityInput{Kind: r.Kind, Title: r.Title, Start: r.Start, End: r.End, VenueID: r.VenueID,
		Location: r.Location, OrganizerID: r.OrganizerID, StaffIDs: r.StaffIDs, TeamIDs: r.TeamIDs,
		StationID: r.StationID, ExpectedAttendance: r.ExpectedAttendance, Notes: r.Notes, StaffBusy: r.StaffBusy}
}

// activityResponse is an activity as the API shows it, times in the center's
// zone: its view, with the local date, its place in its series and the
// bookkeeping fields.
type activityResponse struct {
	services.ActivityView
	LocalDate   string    `json:"local_date"`
	SeriesIndex *int      `json:"series_index" doc:"1-based place in its series by start, cancelled members included; null outside a series"`
	SeriesCount *int      `json:"series_count" doc:"members of its series, cancelled included; null outside a series"`
	CreatedBy   uint64    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func (s *Server) toActivityResponse(a *models.Activity) activityResponse {
	return activityResponse{ActivityView: services.ViewActivity(a, s.cfg.Location), LocalDate: a.LocalDate,
		CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

// activityList answers a page of activities and the unpaged total.
func (s *Server) activityList(c *gin.Context, as []*models.Activity, total int64) error {
	out, err := s.activityAnswers(c, as)
	if err != nil {
		return err
	}
	return list(c, out, total)
}

// activityAnswers converts activities with their places in their series.
func (s *Server) activityAnswers(c *gin.Context, as []*models.Activity) ([]activityResponse, error) {
	places, err := s.svc.Activities.SeriesPlaces(c.Request.Context(), as)
	if err != nil {
		return nil, err
	}
	out := make([]activityResponse, len(as))
	for i, a := range as {
		out[i] = s.toActivityResponse(a)
		if p, ok := places[a.ID]; ok {
			out[i].SeriesIndex, out[i].SeriesCount = &p.Index, &p.Count
		}
	}
	return out, nil
}

// activityAnswer writes one activity with its place in its series.
func (s *Server) activityAnswer(c *gin.Context, status int, a *models.Activity) error {
	out, err := s.activityAnswers(c, []*models.Activity{a})
	if err != nil {
		return err
	}
	c.JSON(status, out[0])
	return nil
}

type activityQuery struct {
	From        string `form:"from" doc:"RFC 3339 instant or local date; activities ending after it"`
	To          string `form:"to" doc:"RFC 3339 instant or local date; activities starting before it"`
	Q           string `form:"q" doc:"case-insensitive part of the title, location, or the name of the organizer or a staff member"`
	Kind        string `form:"kind" doc:"a kind or a comma-separated list of kinds"`
	Status      string `form:"status" doc:"planned, completed or cancelled, or a comma-separated list"`
	StaffID     string `form:"staff_id" doc:"organizer or participant; an id or a comma-separated list of ids"`
	OrganizerID uint64 `form:"organizer_id"`
	VenueID     string `form:"venue_id" doc:"an id or a comma-separated list of ids"`
	TeamID      uint64 `form:"team_id"`
	StationID   uint64 `form:"station_id"`
	SeriesID    uint64 `form:"series_id"`
	Page        int    `form:"page"`
	PerPage     int    `form:"per_page"`
}

type scopeQuery struct {
	Scope string `form:"scope" doc:"series members: this (default), following or all"`
}

type deleteQuery struct {
	Version int64  `form:"version" doc:"optional; when given, a changed activity is refused as stale"`
	Scope   string `form:"scope" doc:"series members: this (default), following or all (planned members only; completed and cancelled ones stay)"`
	DryRun  bool   `form:"dry_run" doc:"true: delete nothing, answer what would be deleted (for a confirmation that says how many)"`
}

// deleteResponse says what a delete removed, or with dry_run would remove.
type deleteResponse struct {
	Deleted     int      `json:"deleted"`
	ActivityIDs []uint64 `json:"activity_ids"`
	DryRun      bool     `json:"dry_run"`
}

func (s *Server) activityRoutes() []route {
	tags := []string{"activities"}
	return []route{
		{Method: "GET", Path: "/activities", Roles: anyRole, Handler: listBy(s, (*query).activityFilter, s.svc.Activities.List, s.activityList),
			Doc: doc{Summary: "List activities overlapping [from, to)", Tags: tags, Query: activityQuery{}, Response: listResponse[activityResponse]{}}},
		{Method: "POST", Path: "/activities", Roles: writers, Handler: s.createActivity,
			Doc: doc{Summary: "Schedule an activity; 409 conflict lists every clash", Tags: tags, Body: activityRequest{}, Response: activityResponse{}, Status: 201}},
		{Method: "POST", Path: "/activities/check", Roles: writers, Handler: s.checkActivity,
			Doc: doc{Summary: "Dry run of a create (no activity_id) or change: conflicts and quota impact, nothing written; for a change of a series member scope=this|following|all as for PATCH", Tags: tags, Query: scopeQuery{}, Body: checkRequest{}, Response: services.CheckResult{}}},
		{Method: "GET", Path: "/activities/:id", Roles: anyRole, Handler: s.getActivity,
			Doc: doc{Summary: "Read an activity", Tags: tags, Response: activityResponse{}}},
		{Method: "PATCH", Path: "/activities/:id", Roles: writers, Handler: s.updateActivity,
			Doc: doc{Summary: "Change an activity (needs version); on a series member scope=this|following|all, following splits the series; on a completed one only actual_attendance and notes (mending, by whoever may record it)", Tags: tags, Query: scopeQuery{}, Body: activityPatchRequest{}, Response: activityResponse{}}},
		{Method: "DELETE", Path: "/activities/:id", Roles: writers, Handler: s.deleteActivity,
			Doc: doc{Summary: "Delete a planned activity, or with scope=following|all the planned members of its series from it on or all of them (manager or their organizer); a target that is not planned answers 422 rule; dry_run=true deletes nothing and answers the same count", Tags: tags, Query: deleteQuery{}, Response: deleteResponse{}}},
		{Method: "POST", Path: "/activities/:id/complete", Roles: writers, Handler: s.completeActivity,
			Doc: doc{Summary: "Record what happened; 422 before the activity has started", Tags: tags, Body: completeRequest{}, Response: activityResponse{}}},
		{Method: "POST", Path: "/activities/:id/cancel", Roles: writers, Handler: s.cancelActivity,
			Doc: doc{Summary: "Cancel, optionally with a reason; on a series member scope=this|following|all", Tags: tags, Query: scopeQuery{}, Body: cancelRequest{}, BodyOptional: true, Response: activityResponse{}}},
		{Method: "POST", Path: "/activities/:id/reopen", Roles: managers, Handler: s.reopenActivity,
			Doc: doc{Summary: "Put a completed or cancelled activity back to planned (manager)", Tags: tags, Body: versionRequest{}, BodyOptional: true, Response: activityResponse{}}},
	}
}

func (q *query) activityFilter() services.ActivityFilter {
	return services.ActivityFilter{From: q.Instant("from"), To: q.Instant("to"), Q: q.c.Query("q"),
		Kinds:    q.OneOfList("kind", models.Kinds...),
		Statuses: q.OneOfList("status", models.StatusPlanned, models.StatusCompleted, models.StatusCancelled),
		StaffIDs: q.UintList("staff_id"), OrganizerID: q.Uint("organizer_id"), VenueIDs: q.UintList("venue_id"),
		TeamID: q.Uint("team_id"), StationID: q.Uint("station_id"), SeriesID: q.Uint("series_id"), Page: q.Page()}
}

func (s *Server) createActivity(c *gin.Context) error {
	var req activityRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	a, err := s.svc.Activities.Create(c.Request.Context(), s.actor(c), req.input())
	if err != nil {
		return err
	}
	return s.activityAnswer(c, http.StatusCreated, a)
}

func (s *Server) getActivity(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	a, err := s.svc.Activities.Get(c.Request.Context(), s.actor(c), id)
	if err != nil {
		return err
	}
	return s.activityAnswer(c, http.StatusOK, a)
}

func (s *Server) deleteActivity(c *gin.Context) error {
	id, scope, err := idAndScope(c)
	if err != nil {
		return err
	}
	q := s.query(c)
	version := int64(q.Int("version", 0, 1, 1<<62))
	dryRun := q.Bool("dry_run")
	if err := q.Err(); err != nil {
		return err
	}
	dry := dryRun != nil && *dryRun
	ids, err := s.svc.Activities.DeleteCovered(c.Request.Context(), s.actor(c), id, version, scope, dry)
	if err != nil {
		return err
	}
	return ok(c, deleteResponse{Deleted: len(ids), ActivityIDs: ids, DryRun: dry})
}
