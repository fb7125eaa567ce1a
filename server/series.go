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
	RRule        string `json:"rrule" binding:"required,max=500" doc:"e.g. FREQ=WEEKLY;BYDAY=SA;COUNT=12; COUNT or UNTIL required, at most 200 occurrences"`
	SkipHolidays bool   `json:"skip_holidays" doc:"skip statutory days off and center closures; with COUNT the series runs on to keep COUNT occurrences"`
	DryRun       bool   `json:"dry_run" doc:"only list the occurrences and their conflicts; nothing is written"`
}

type seriesResponse struct {
	SeriesID   uint64             `json:"series_id"`
	Activities []activityResponse `json:"activities"`
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
			Doc: doc{Summary: "Create every occurrence of a recurring activity, or none (201 {series_id, activities}); with dry_run 200 {occurrences}", Tags: tags, Body: seriesRequest{}, Response: seriesResponse{}, Status: 201}},
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
		Template: req.input(), RRule: req.RRule, SkipHolidays: req.SkipHolidays, DryRun: req.DryRun})
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
	return created(c, seriesResponse{SeriesID: res.SeriesID, Activities: acts})
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
