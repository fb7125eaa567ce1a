package server

import (
	"github.com/gin-gonic/gin"

	"centerstage/services"
	"centerstage/services/counting"
)

type submitRequest struct {
	Year  int `json:"year" binding:"required,gte=2000,lte=2100"`
	Month int `json:"month" binding:"required,gte=1,lte=12"`
}

type submissionsQuery struct {
	Year int `form:"year" doc:"only this year's submissions"`
}

type notificationsResponse struct {
	Items  []counting.Notification `json:"items"`
	Total  int64                   `json:"total"`
	Unread int                     `json:"unread"`
}

type digestRequest struct {
	Email string `json:"email" binding:"max=200" doc:"where the daily digest goes; empty turns it off"`
}

type digestResponse struct {
	Email   string `json:"email"`
	Enabled bool   `json:"enabled" doc:"whether this server sends mail at all (CENTERSTAGE_SMTP_URL)"`
}

// readEmpty is the optional, empty body of POST .../read.
type readEmpty struct{}

func (s *Server) submissionRoutes() []route {
	tags := []string{"reports"}
	ntags := []string{"notifications"}
	return []route{
		{Method: "POST", Path: "/reports/monthly/submissions", Roles: managers, Handler: s.submitMonth,
			Doc: doc{Summary: "Freeze and hand up a finished month's statistics (manager, admin)", Tags: tags,
				Body: submitRequest{}, Response: counting.SubmissionView{}, Status: 201}},
		{Method: "GET", Path: "/reports/monthly/submissions", Roles: readers, Handler: listOfYear(s, s.svc.Submissions.List),
			Doc: doc{Summary: "Submissions, newest first (admin, manager, viewer)", Tags: tags, Query: submissionsQuery{},
				Response: listResponse[counting.SubmissionSummary]{}}},
		{Method: "GET", Path: "/reports/monthly/submissions/:id", Roles: readers, Handler: byID(s, s.svc.Submissions.Get, asIs),
			Doc: doc{Summary: "A submission's frozen rows beside the live ones, and the activities changed since", Tags: tags,
				Response: counting.SubmissionView{}}},
		{Method: "GET", Path: "/notifications", Roles: anyRole, Handler: s.listNotifications,
			Doc: doc{Summary: "The caller's reminders, computed from the data they are about", Tags: ntags,
				Query: noQuery{}, Response: notificationsResponse{}}},
		{Method: "POST", Path: "/notifications/:id/read", Roles: anyRole, Handler: s.readNotification,
			Doc: doc{Summary: "Mark one of the caller's reminders as read", Tags: ntags, Body: readEmpty{}, BodyOptional: true, Status: 204}},
		{Method: "GET", Path: "/notifications/settings", Roles: anyRole, Handler: s.digestSettings,
			Doc: doc{Summary: "Where the caller's daily digest is mailed", Tags: ntags, Response: digestResponse{}}},
		{Method: "PUT", Path: "/notifications/settings", Roles: anyRole, Handler: withBody(s, s.svc.Notifications.SetDigestAddress, digestRequest.address, s.toDigestResponse),
			Doc: doc{Summary: "Set where the caller's daily digest is mailed", Tags: ntags, Body: digestRequest{}, Response: digestResponse{}}},
	}
}

func (s *Server) submitMonth(c *gin.Context) error {
	var req submitRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	v, err := s.svc.Submissions.Submit(c.Request.Context(), s.actor(c), req.Year, req.Month)
	if err != nil {
		return err
	}
	return created(c, v)
}

func (s *Server) listNotifications(c *gin.Context) error {
	items, err := s.svc.Notifications.List(c.Request.Context(), s.actor(c))
	if err != nil {
		return err
	}
	return ok(c, notificationsResponse{Items: items, Total: int64(len(items)), Unread: counting.Unread(items)})
}

func (s *Server) readNotification(c *gin.Context) error {
	id := c.Param("id")
	if len(id) == 0 || len(id) > 64 {
		return services.FieldError("id", services.MaxChars(64))
	}
	if err := s.svc.Notifications.MarkRead(c.Request.Context(), s.actor(c), id); err != nil {
		return err
	}
	c.Status(204)
	return nil
}

func (s *Server) digestSettings(c *gin.Context) error {
	email, err := s.svc.Notifications.DigestAddress(c.Request.Context(), s.actor(c))
	if err != nil {
		return err
	}
	return ok(c, s.toDigestResponse(email))
}

func (r digestRequest) address() string { return r.Email }

func (s *Server) toDigestResponse(email string) digestResponse {
	return digestResponse{Email: email, Enabled: s.cfg.MailEnabled}
}
