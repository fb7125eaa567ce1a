package server

import (
	"github.com/gin-gonic/gin"

	"centerstage/services"
	"centerstage/services/counting"
)

type progressQuery struct {
	Year     int    `form:"year" doc:"default: the current year"`
	AsOf     string `form:"as_of" doc:"local date within the year; default today, clamped into the year"`
	StaffID  uint64 `form:"staff_id" doc:"only this member's each_staff rows (staff: only their own)"`
	TargetID uint64 `form:"target_id" doc:"only this target's rows"`
	Status   string `form:"status" doc:"only rows with this status: met, on_track, at_risk or behind; applied before paging"`
	Page     int    `form:"page" doc:"default 1"`
	PerPage  int    `form:"per_page" doc:"1-1000, default 1000; rows are in target id, then staff id order; total counts every page"`
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
	Items []counting.ProgressRow `json:"items"`
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
				Query: itemsQuery{}, Response: listResponse[counting.ProgressItem]{}}},
	}
}

// readProgressQuery reads the query parameters the reports share with progress.
func (s *Server) readProgressQuery(c *gin.Context) (counting.ProgressQuery, error) {
	q := s.query(c)
	pq := q.progressQuery()
	return pq, q.Err()
}

// progressQuery reads year, as_of, staff_id and target_id.
func (q *query) progressQuery() counting.ProgressQuery {
	return counting.ProgressQuery{Year: q.Int("year", 0, 2000, 2100), AsOf: q.Date("as_of"),
		StaffID: q.Uint("staff_id"), TargetID: q.Uint("target_id")}
}

// progress answers one page of progress rows. per_page defaults to the
// maximum, 1000, rather than the usual 100, so that callers written before
// the rows were paged still get every row of a center of realistic size.
func (s *Server) progress(c *gin.Context) error {
	q := s.query(c)
	rq := counting.RowsQuery{
		ProgressQuery: q.progressQuery(),
		Status:        q.OneOf("status", counting.RowStatuses...),
		Page:          q.PageOf(services.MaxPerPage),
	}
	if err := q.Err(); err != nil {
		return err
	}
	rep, total, err := s.svc.Dashboards.RowsPage(c.Request.Context(), s.actor(c), rq)
	if err != nil {
		return err
	}
	return ok(c, progressResponse{Items: rep.Rows, Total: total, Year: rep.Year, AsOf: rep.AsOf})
}

func (s *Server) progressItems(c *gin.Context) error {
	id, err := pathID(c, "target_id")
	if err != nil {
		return err
	}
	q := s.query(c)
	iq := counting.ItemsQuery{TargetID: id, StaffID: q.Uint("staff_id"), Bucket: q.OneOf("bucket", "actual", "scheduled"),
		Month: q.Int("month", 0, 1, 12), AsOf: q.Date("as_of"), Page: q.Page()}
	if err := q.Err(); err != nil {
		return err
	}
	items, total, err := s.svc.Dashboards.Items(c.Request.Context(), s.actor(c), iq)
	if err != nil {
		return err
	}
	return list(c, items, total)
}
