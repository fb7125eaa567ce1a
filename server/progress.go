package server

import (
	"github.com/gin-gonic/gin"

	"centerstage/services"
)

type progressQuery struct {
	Year     int    `form:"year" doc:"default: the current year"`
	AsOf     string `form:"as_of" doc:"local date within the year; default today, clamped into the year"`
	StaffID  uint64 `form:"staff_id" doc:"only this member's each_staff rows (staff: only their own)"`
	TargetID uint64 `form:"target_id"`
}

type itemsQuery struct {
	StaffID uint64 `form:"staff_id"`
	Bucket  string `form:"bucket" doc:"actual (default) or scheduled"`
	Month   int    `form:"month" doc:"1-12: what became actual in that month"`
	AsOf    string `form:"as_of"`
	Page    int    `form:"page"`
	PerPage int    `form:"per_page"`
}

// progressResponse is a list of progress rows with the date they are as of.
type progressResponse struct {
	Items []services.ProgressRow `json:"items"`
	Total int64                  `json:"total"`
	Year  int                    `json:"year"`
	AsOf  string                 `json:"as_of"`
}

func (s *Server) progressRoutes() []route {
	tags := []string{"progress"}
	return []route{
		{Method: "GET", Path: "/progress", Roles: anyRole, Handler: s.progress,
			Doc: doc{Summary: "One row per target and scope member (staff: the center's rows and their own)", Tags: tags,
				Query: progressQuery{}, Response: progressResponse{}}},
		{Method: "GET", Path: "/progress/:target_id/items", Roles: anyRole, Handler: s.progressItems,
			Doc: doc{Summary: "The activities, or (member, date) pairs, behind a progress number", Tags: tags,
				Query: itemsQuery{}, Response: listResponse[services.ProgressItem]{}}},
	}
}

// readProgressQuery reads the query parameters shared by progress and reports.
func (s *Server) readProgressQuery(c *gin.Context) (services.ProgressQuery, error) {
	q := s.query(c)
	pq := services.ProgressQuery{Year: q.Int("year", 0, 2000, 2100), AsOf: q.Date("as_of"),
		StaffID: q.Uint("staff_id"), TargetID: q.Uint("target_id")}
	return pq, q.Err()
}

func (s *Server) progress(c *gin.Context) error {
	pq, err := s.readProgressQuery(c)
	if err != nil {
		return err
	}
	rep, err := s.svc.Progress.Rows(c.Request.Context(), s.actor(c), pq)
	if err != nil {
		return err
	}
	return ok(c, progressResponse{Items: rep.Rows, Total: int64(len(rep.Rows)), Year: rep.Year, AsOf: rep.AsOf})
}

func (s *Server) progressItems(c *gin.Context) error {
	id, err := pathID(c, "target_id")
	if err != nil {
		return err
	}
	q := s.query(c)
	iq := services.ItemsQuery{TargetID: id, StaffID: q.Uint("staff_id"), Bucket: q.OneOf("bucket", "actual", "scheduled"),
		Month: q.Int("month", 0, 1, 12), AsOf: q.Date("as_of"), Page: q.Page()}
	if err := q.Err(); err != nil {
		return err
	}
	items, total, err := s.svc.Progress.Items(c.Request.Context(), s.actor(c), iq)
	if err != nil {
		return err
	}
	return list(c, items, total)
}
