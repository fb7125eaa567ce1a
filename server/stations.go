package server

import (
	"time"

	"github.com/gin-gonic/gin"

	"centerstage/services"
)

type createStationRequest struct {
	Name     string   `json:"name" binding:"required,max=100"`
	Address  string   `json:"address" binding:"max=200"`
	StaffIDs []uint64 `json:"staff_ids" binding:"max=1000" doc:"paired staff: active users with role staff or manager"`
}

type updateStationRequest struct {
	Name     *string   `json:"name" binding:"omitempty,min=1,max=100"`
	Address  *string   `json:"address" binding:"omitempty,max=200"`
	StaffIDs *[]uint64 `json:"staff_ids" binding:"omitempty,max=1000" doc:"replaces the paired staff"`
	Active   *bool     `json:"active"`
	Version  *int64    `json:"version" binding:"required" doc:"the version you read; a stale one gets 409"`
}

type stationResponse struct {
	ID        uint64    `json:"id"`
	Name      string    `json:"name"`
	Address   string    `json:"address"`
	StaffIDs  []uint64  `json:"staff_ids"`
	Active    bool      `json:"active"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toStationResponse(st services.StationWithStaff) stationResponse {
	staff := st.StaffIDs
	if staff == nil {
		staff = []uint64{}
	}
	return stationResponse{ID: st.ID, Name: st.Name, Address: st.Address, StaffIDs: staff, Active: st.Active,
		Version: st.Version, CreatedAt: st.CreatedAt, UpdatedAt: st.UpdatedAt}
}

type stationQuery struct {
	Active  bool   `form:"active"`
	Q       string `form:"q" doc:"part of the name"`
	Page    int    `form:"page"`
	PerPage int    `form:"per_page"`
	StaffID uint64 `form:"staff_id" doc:"only stations paired to this user"`
}

func (s *Server) stationRoutes() []route {
	tags := []string{"stations"}
	return []route{
		{Method: "GET", Path: "/stations", Roles: anyRole, Handler: s.listStations,
			Doc: doc{Summary: "List stations with their paired staff", Tags: tags, Query: stationQuery{}, Response: listResponse[stationResponse]{}}},
		{Method: "POST", Path: "/stations", Roles: managers, Handler: s.createStation,
			Doc: doc{Summary: "Create a station (manager, admin)", Tags: tags, Body: createStationRequest{}, Response: stationResponse{}, Status: 201}},
		{Method: "GET", Path: "/stations/:id", Roles: anyRole, Handler: s.getStation,
			Doc: doc{Summary: "Read a station", Tags: tags, Response: stationResponse{}}},
		{Method: "PATCH", Path: "/stations/:id", Roles: managers, Handler: s.updateStation,
			Doc: doc{Summary: "Change a station; staff_ids replaces the pairing (manager, admin)", Tags: tags, Body: updateStationRequest{}, Response: stationResponse{}}},
		{Method: "DELETE", Path: "/stations/:id", Roles: managers, Handler: s.deactivateStation,
			Doc: doc{Summary: "Deactivate a station (there is no hard delete)", Tags: tags, Response: stationResponse{}}},
	}
}

func (s *Server) listStations(c *gin.Context) error {
	q := s.query(c)
	f := services.StationFilter{RefFilter: q.refFilter(), StaffID: q.Uint("staff_id")}
	if err := q.Err(); err != nil {
		return err
	}
	sts, total, err := s.svc.Stations.List(c.Request.Context(), s.actor(c), f)
	if err != nil {
		return err
	}
	out := make([]stationResponse, len(sts))
	for i, st := range sts {
		out[i] = toStationResponse(st)
	}
	return list(c, out, total)
}

func (s *Server) createStation(c *gin.Context) error {
	var req createStationRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	st, err := s.svc.Stations.Create(c.Request.Context(), s.actor(c), services.NewStation{
		Name: req.Name, Address: req.Address, StaffIDs: req.StaffIDs})
	if err != nil {
		return err
	}
	return created(c, toStationResponse(st))
}

func (s *Server) getStation(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	st, err := s.svc.Stations.Get(c.Request.Context(), s.actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, toStationResponse(st))
}

func (s *Server) updateStation(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var req updateStationRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	st, err := s.svc.Stations.Update(c.Request.Context(), s.actor(c), id, services.StationChange{
		Name: req.Name, Address: req.Address, StaffIDs: req.StaffIDs, Active: req.Active, Version: req.Version})
	if err != nil {
		return err
	}
	return ok(c, toStationResponse(st))
}

func (s *Server) deactivateStation(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	st, err := s.svc.Stations.Deactivate(c.Request.Context(), s.actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, toStationResponse(st))
}
