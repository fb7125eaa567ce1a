package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"centerstage/services"
)

// seriesRequest is a template activity repeated by an RFC 5545 rule from its start.
type seriesRequest struct {
	activityRequest
	RRule         string `json:"rrule" binding:"required,max=500" doc:"e.g. FREQ=WEEKLY;BYDAY=SA;COUNT=12; COUNT or UNTIL required, at most 200 occurrences"`
	SkipHolidays  bool   `json:"skip_holidays" doc:"skip statutory days off and center closures; with COUNT the series runs on to keep COUNT occurrences"`
	SkipConflicts bool   `json:"skip_conflicts" doc:"create the occurrences that do not clash and list the others under skipped; with COUNT the series runs on to keep COUNT occurrences"`
	DryRun        bool   `json:"dry_run" doc:"only list the occurrences and their conflicts; nothing is written"`
}

type seriesResponse struct {
	SeriesID   uint64              `json:"series_id"`
	Activities []activityResponse  `json:"activities"`
	Skipped    []skippedOccurrence `json:"skipped" doc:"occurrences left out because they clash (skip_conflicts); empty otherwise"`
}

// skippedOccurrence is an occurrence skip_conflicts left out, with its clashes.
type skippedOccurrence struct {
	Start     time.Time               `json:"start"`
	End       time.Time               `json:"end"`
	Conflicts []services.ConflictItem `json:"conflicts"`
}

// occurrenceRequest is a make-up session of a series.
type occurrenceRequest struct {
	Start time.Time `json:"start" binding:"required"`
	End   time.Time `json:"end" binding:"required"`
}

type seriesDryRunResponse struct {
	Occurrences []services.Occurrence `json:"occurrences"`
}

type seriesInfoResponse struct {
	ID           uint64    `json:"id"`
	RRule        string    `json:"rrule"`
	SkipHolidays bool      `json:"skip_holidays"`
	TimeZone     string    `json:"time_zone"`
	CreatedBy    uint64    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	ActivityIDs  []uint64  `json:"activity_ids"`
}

func (s *Server) seriesRoutes() []route {
	tags := []string{"series"}
	return []route{
		{Method: "POST", Path: "/series", Roles: writers, Handler: s.createSeries,
			Doc: doc{Summary: "Create every occurrence of a recurring activity, or none (201 {series_id, activities, skipped}); skip_conflicts creates the free ones and lists the rest under skipped; with dry_run 200 {occurrences}", Tags: tags, Body: seriesRequest{}, Response: seriesResponse{}, Status: 201}},
		{Method: "POST", Path: "/series/:id/occurrences", Roles: writers, Handler: s.addOccurrence,
			Doc: doc{Summary: "Add a make-up session to a series: it copies the latest session that is not cancelled (not its notes) and is checked for conflicts (409); manager or that session's organizer", Tags: tags, Body: occurrenceRequest{}, Response: activityResponse{}, Status: 201}},
		{Method: "GET", Path: "/series/:id", Roles: anyRole, Handler: s.getSeries,
			Doc: doc{Summary: "Read a series and its members' ids", Tags: tags, Response: seriesInfoResponse{}}},
	}
}

func (s *Server) createSeries(c *gin.Context) error {
	var req seriesRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	res, err := s.svc.Series.Create(c.Request.Context(), s.actor(c), services.SeriesInput{
		Template: req.input(), RRule: req.RRule, SkipHolidays: req.SkipHolidays, SkipConflicts: req.SkipConflicts, DryRun: req.DryRun})
	if err != nil {
		return err
	}
	if req.DryRun {
		for i := range res.Occurrences {
			o := &res.Occurrences[i]
			o.Start, o.End = o.Start.In(s.cfg.Location), o.End.In(s.cfg.Location)
		}
		c.JSON(http.StatusOK, seriesDryRunResponse{Occurrences: res.Occurrences})
		return nil
	}
	acts, err := s.activityAnswers(c, res.Activities)
	if err != nil {
		return err
	}
	skipped := make([]skippedOccurrence, len(res.Skipped))
	for i, o := range res.Skipped {
		skipped[i] = skippedOccurrence{Start: o.Start.In(s.cfg.Location), End: o.End.In(s.cfg.Location), Conflicts: o.Conflicts}
	}
	return created(c, seriesResponse{SeriesID: res.SeriesID, Activities: acts, Skipped: skipped})
}

func (s *Server) addOccurrence(c *gin.Context) error {
	var req occurrenceRequest
	id, err := s.idAndJSON(c, &req)
	if err != nil {
		return err
	}
	a, err := s.svc.Series.AddOccurrence(c.Request.Context(), s.actor(c), id, req.Start, req.End)
	if err != nil {
		return err
	}
	return s.activityAnswer(c, http.StatusCreated, a)
}

func (s *Server) getSeries(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	info, err := s.svc.Series.Get(c.Request.Context(), id)
	if err != nil {
		return err
	}
	ids := info.ActivityIDs
	if ids == nil {
		ids = []uint64{}
	}
	return ok(c, seriesInfoResponse{ID: info.ID, RRule: info.RRule, SkipHolidays: info.SkipHolidays,
		TimeZone: info.TimeZone, CreatedBy: info.CreatedBy, CreatedAt: info.CreatedAt, ActivityIDs: ids})
}
