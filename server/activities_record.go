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

// item converts the request; binding has checked that actual_attendance is there.
func (it batchCompleteItem) item() services.BatchItem {
	return services.BatchItem{ID: it.ID, Completion: services.Completion{Version: it.Version,
		ActualAttendance: *it.ActualAttendance, Notes: it.Notes}}
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
		{Method: "GET", Path: "/activities/to-record", Roles: anyRole, Handler: listBy(s, (*query).Page, s.svc.Activities.ToRecord, s.activityList),
			Doc: doc{Summary: "The caller's activities waiting to be recorded: planned, ended, organized by or including the caller, oldest first; total is the count for a badge", Tags: tags, Query: pageQuery{}, Response: listResponse[activityResponse]{}}},
		{Method: "POST", Path: "/activities/complete", Roles: writers, Handler: s.completeMany,
			Doc: doc{Summary: "Record several activities at once, all or none: one not started (422 rule), stale (409), not the caller's (403) or unknown (404) refuses the batch", Tags: tags, Body: batchCompleteRequest{}, Response: batchCompleteResponse{}}},
	}
}

type pageQuery struct {
	Page    int `form:"page"`
	PerPage int `form:"per_page" doc:"default 100, at most 1000; per_page=1 for the count alone"`
}

func (s *Server) completeMany(c *gin.Context) error {
	var req batchCompleteRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	acts, err := s.svc.Activities.CompleteMany(c.Request.Context(), s.actor(c), views(req.Items, batchCompleteItem.item))
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
