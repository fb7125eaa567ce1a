package server

import (
	"time"

	"github.com/gin-gonic/gin"

	"centerstage/models"
	"centerstage/services"
)

type createVenueRequest struct {
	Name     string `json:"name" binding:"required,max=100"`
	Capacity int    `json:"capacity" binding:"gte=0"`
}

type updateVenueRequest struct {
	Name     *string `json:"name" binding:"omitempty,min=1,max=100"`
	Capacity *int    `json:"capacity" binding:"omitempty,gte=0"`
	Active   *bool   `json:"active"`
	Version  *int64  `json:"version" binding:"required" doc:"the version you read; a stale one gets 409"`
}

type venueResponse struct {
	ID        uint64    `json:"id"`
	Name      string    `json:"name"`
	Capacity  int       `json:"capacity"`
	Active    bool      `json:"active"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toVenueResponse(v models.Venue) venueResponse {
	return venueResponse{ID: v.ID, Name: v.Name, Capacity: v.Capacity, Active: v.Active, Version: v.Version,
		CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
}

// refQuery documents the query parameters shared by venue, station and team lists.
type refQuery struct {
	Active  bool   `form:"active"`
	Q       string `form:"q" doc:"part of the name"`
	Page    int    `form:"page"`
	PerPage int    `form:"per_page"`
}

// refFilter reads the query parameters shared by venue, station and team lists.
func (q *query) refFilter() services.RefFilter {
	return services.RefFilter{Active: q.Bool("active"), Query: q.c.Query("q"), Page: q.Page()}
}

func (s *Server) venueRoutes() []route {
	tags := []string{"venues"}
	return []route{
		{Method: "GET", Path: "/venues", Roles: anyRole, Handler: s.listVenues,
			Doc: doc{Summary: "List venues", Tags: tags, Query: refQuery{}, Response: listResponse[venueResponse]{}}},
		{Method: "POST", Path: "/venues", Roles: managers, Handler: s.createVenue,
			Doc: doc{Summary: "Create a venue (manager, admin)", Tags: tags, Body: createVenueRequest{}, Response: venueResponse{}, Status: 201}},
		{Method: "GET", Path: "/venues/:id", Roles: anyRole, Handler: s.getVenue,
			Doc: doc{Summary: "Read a venue", Tags: tags, Response: venueResponse{}}},
		{Method: "PATCH", Path: "/venues/:id", Roles: managers, Handler: s.updateVenue,
			Doc: doc{Summary: "Change a venue (manager, admin)", Tags: tags, Body: updateVenueRequest{}, Response: venueResponse{}}},
		{Method: "DELETE", Path: "/venues/:id", Roles: managers, Handler: s.deactivateVenue,
			Doc: doc{Summary: "Deactivate a venue (there is no hard delete)", Tags: tags, Response: venueResponse{}}},
	}
}

func (s *Server) listVenues(c *gin.Context) error {
	q := s.query(c)
	f := q.refFilter()
	if err := q.Err(); err != nil {
		return err
	}
	vs, total, err := s.svc.Venues.List(c.Request.Context(), s.actor(c), f)
	if err != nil {
		return err
	}
	out := make([]venueResponse, len(vs))
	for i, v := range vs {
		out[i] = toVenueResponse(v)
	}
	return list(c, out, total)
}

func (s *Server) createVenue(c *gin.Context) error {
	var req createVenueRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	v, err := s.svc.Venues.Create(c.Request.Context(), s.actor(c), services.NewVenue{Name: req.Name, Capacity: req.Capacity})
	if err != nil {
		return err
	}
	return created(c, toVenueResponse(v))
}

func (s *Server) getVenue(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.Venues.Get(c.Request.Context(), s.actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, toVenueResponse(v))
}

func (s *Server) updateVenue(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var req updateVenueRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	v, err := s.svc.Venues.Update(c.Request.Context(), s.actor(c), id, services.VenueChange{
		Name: req.Name, Capacity: req.Capacity, Active: req.Active, Version: req.Version})
	if err != nil {
		return err
	}
	return ok(c, toVenueResponse(v))
}

func (s *Server) deactivateVenue(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := s.svc.Venues.Deactivate(c.Request.Context(), s.actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, toVenueResponse(v))
}
