package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"centerstage/models"
	"centerstage/services"
)

type calendarQuery struct {
	Year int `form:"year" binding:"required" doc:"e.g. 2026"`
}

type closureQuery struct {
	Year int `form:"year" doc:"only this year's closures"`
}

type closureRequest struct {
	Date string `json:"date" binding:"required,datetime=2006-01-02" doc:"local date YYYY-MM-DD"`
	Name string `json:"name" binding:"required,max=100"`
}

type closureResponse struct {
	ID        uint64    `json:"id"`
	Date      string    `json:"date"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// closureAnswer is a created or changed closure with the planned activities
// at venues on its date, which now clash with it and should be moved.
type closureAnswer struct {
	Closure    closureResponse    `json:"closure"`
	Activities []activityResponse `json:"activities"`
}

func (s *Server) writeClosureAnswer(c *gin.Context, status int, row *models.Closure, hit []*models.Activity) error {
	acts, err := s.activityAnswers(c, hit)
	if err != nil {
		return err
	}
	c.JSON(status, closureAnswer{Closure: toClosureResponse(*row), Activities: acts})
	return nil
}

func toClosureResponse(c models.Closure) closureResponse {
	return closureResponse{ID: c.ID, Date: c.Date, Name: c.Name, CreatedAt: c.CreatedAt}
}

func (r closureRequest) input() services.ClosureInput {
	return services.ClosureInput{Date: r.Date, Name: r.Name}
}

func (s *Server) calendarRoutes() []route {
	return []route{
		{Method: "GET", Path: "/calendar/days", Roles: anyRole, Handler: s.calendarDays,
			Doc: doc{Summary: "Every date of a year: workday, weekend, holiday (with its name and English name_en), adjusted_workday or closure", Tags: []string{"calendar"}, Query: calendarQuery{}, Response: listResponse[services.CalendarDay]{}}},
		{Method: "GET", Path: "/closures", Roles: anyRole, Handler: s.listClosures,
			Doc: doc{Summary: "The center's own closed days", Tags: []string{"closures"}, Query: closureQuery{}, Response: listResponse[closureResponse]{}}},
		{Method: "POST", Path: "/closures", Roles: adminsOnly, Handler: s.createClosure,
			Doc: doc{Summary: "Close the center on a date (admin); answers the closure and the planned activities at venues that day, which now clash with it", Tags: []string{"closures"}, Body: closureRequest{}, Response: closureAnswer{}, Status: 201}},
		{Method: "PATCH", Path: "/closures/:id", Roles: adminsOnly, Handler: s.updateClosure,
			Doc: doc{Summary: "Move or rename a closure (admin); answers it with the planned activities at venues on its date", Tags: []string{"closures"}, Body: closureRequest{}, Response: closureAnswer{}}},
		{Method: "DELETE", Path: "/closures/:id", Roles: adminsOnly, Handler: deleteByID(s, s.svc.Closures.Delete),
			Doc: doc{Summary: "Remove a closure (admin); series already created keep their dates", Tags: []string{"closures"}, Status: 204}},
	}
}

func (s *Server) calendarDays(c *gin.Context) error {
	q := s.query(c)
	year := q.Int("year", 0, 1900, 9999)
	q.require("year")
	if err := q.Err(); err != nil {
		return err
	}
	days, err := s.svc.Calendar.Days(c.Request.Context(), year)
	if err != nil {
		return err
	}
	return list(c, days, int64(len(days)))
}

func (s *Server) listClosures(c *gin.Context) error {
	q := s.query(c)
	year := q.Int("year", 0, 1900, 9999)
	if err := q.Err(); err != nil {
		return err
	}
	rows, err := s.svc.Closures.List(c.Request.Context(), year)
	if err != nil {
		return err
	}
	return ok(c, listAll(views(rows, toClosureResponse)))
}

func (s *Server) createClosure(c *gin.Context) error {
	var req closureRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	row, hit, err := s.svc.Closures.Create(c.Request.Context(), s.actor(c), req.input())
	if err != nil {
		return err
	}
	return s.writeClosureAnswer(c, http.StatusCreated, row, hit)
}

func (s *Server) updateClosure(c *gin.Context) error {
	var req closureRequest
	id, err := s.idAndJSON(c, &req)
	if err != nil {
		return err
	}
	row, hit, err := s.svc.Closures.Update(c.Request.Context(), s.actor(c), id, req.input())
	if err != nil {
		return err
	}
	return s.writeClosureAnswer(c, http.StatusOK, row, hit)
}
