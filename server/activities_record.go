package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"centerstage/services"
)

// batchCompleteItem is one activity of a batch completion.
type batchCompleteItem struct {
	ID               uint64  `json:"id" binding:"required"`
	Version          int64   `json:"version" binding:"required,gte=1" doc:"the version you read; a changed activity refuses the batch as stale"`
	ActualAttendance *int    `json:"actual_attendance" binding:"required,gte=0"`
	Notes            *string `json:"notes" binding:"omitempty,max=10000" doc:"absent or null keeps the notes"`
}

// batchCompleteRequest records several activities at once.
type batchCompleteRequest struct {
	Items []batchCompleteItem `json:"items" binding:"required,min=1,max=200,dive"`
}

type batchCompleteResponse struct {
	Items []activityResponse `json:"items"`
}

func (s *Server) activityRecordRoutes() []route {
	tags := []string{"activities"}
	return []route{
		{Method: "GET", Path: "/activities/to-record", Roles: anyRole, Handler: s.toRecord,
			Doc: doc{Summary: "The caller's activities waiting to be recorded: planned, ended, organized by or including the caller, oldest first; total is the count for a badge", Tags: tags, Query: pageQuery{}, Response: listResponse[activityResponse]{}}},
		{Method: "POST", Path: "/activities/complete", Roles: writers, Handler: s.completeMany,
			Doc: doc{Summary: "Record several activities at once, all or none: one not started (422 rule), stale (409), not the caller's (403) or unknown (404) refuses the batch", Tags: tags, Body: batchCompleteRequest{}, Response: batchCompleteResponse{}}},
	}
}

type pageQuery struct {
	Page    int `form:"page"`
	PerPage int `form:"per_page" doc:"default 100, at most 1000; per_page=1 for the count alone"`
}

func (s *Server) toRecord(c *gin.Context) error {
	q := s.query(c)
	page := q.Page()
	if err := q.Err(); err != nil {
		return err
	}
	as, total, err := s.svc.Activities.ToRecord(c.Request.Context(), s.actor(c), page)
	if err != nil {
		return err
	}
	return s.activityList(c, as, total)
}

func (s *Server) completeMany(c *gin.Context) error {
	var req batchCompleteRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	items := make([]services.BatchItem, len(req.Items))
	for i, it := range req.Items {
		items[i] = services.BatchItem{ID: it.ID, Completion: services.Completion{Version: it.Version,
			ActualAttendance: *it.ActualAttendance, Notes: it.Notes}}
	}
	acts, err := s.svc.Activities.CompleteMany(c.Request.Context(), s.actor(c), items)
	if err != nil {
		return err
	}
	out, err := s.activityAnswers(c, acts)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, batchCompleteResponse{Items: out})
	return nil
}
