package server

import (
	"time"

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
		{Method: "GET", Path: "/venues", Roles: anyRole, Handler: listBy(s, (*query).refFilter, s.svc.Venues.List, listOf(toVenueResponse)),
			Doc: doc{Summary: "List venues", Tags: tags, Query: refQuery{}, Response: listResponse[venueResponse]{}}},
		{Method: "POST", Path: "/venues", Roles: managers, Handler: createFrom(s, s.svc.Venues.Create, createVenueRequest.input, toVenueResponse),
			Doc: doc{Summary: "Create a venue (manager, admin)", Tags: tags, Body: createVenueRequest{}, Response: venueResponse{}, Status: 201}},
		{Method: "GET", Path: "/venues/:id", Roles: anyRole, Handler: byID(s, s.svc.Venues.Get, toVenueResponse),
			Doc: doc{Summary: "Read a venue", Tags: tags, Response: venueResponse{}}},
		{Method: "PATCH", Path: "/venues/:id", Roles: managers, Handler: updateByID(s, s.svc.Venues.Update, updateVenueRequest.change, toVenueResponse),
			Doc: doc{Summary: "Change a venue (manager, admin)", Tags: tags, Body: updateVenueRequest{}, Response: venueResponse{}}},
		{Method: "DELETE", Path: "/venues/:id", Roles: managers, Handler: byID(s, s.svc.Venues.Deactivate, toVenueResponse),
			Doc: doc{Summary: "Deactivate a venue (there is no hard delete)", Tags: tags, Response: venueResponse{}}},
	}
}

func (r createVenueRequest) input() services.NewVenue {
	return services.NewVenue{Name: r.Name, Capacity: r.Capacity}
}

func (r updateVenueRequest) change() services.VenueChange {
	return services.VenueChange{Name: r.Name, Capacity: r.Capacity, Active: r.Active, Version: r.Version}
}
