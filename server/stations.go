package server

import (
	"time"

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
		{Method: "GET", Path: "/stations", Roles: anyRole, Handler: listBy(s, (*query).stationFilter, s.svc.Stations.List, listOf(toStationResponse)),
			Doc: doc{Summary: "List stations with their paired staff", Tags: tags, Query: stationQuery{}, Response: listResponse[stationResponse]{}}},
		{Method: "POST", Path: "/stations", Roles: managers, Handler: createFrom(s, s.svc.Stations.Create, createStationRequest.input, toStationResponse),
			Doc: doc{Summary: "Create a station (manager, admin)", Tags: tags, Body: createStationRequest{}, Response: stationResponse{}, Status: 201}},
		{Method: "GET", Path: "/stations/:id", Roles: anyRole, Handler: byID(s, s.svc.Stations.Get, toStationResponse),
			Doc: doc{Summary: "Read a station", Tags: tags, Response: stationResponse{}}},
		{Method: "PATCH", Path: "/stations/:id", Roles: managers, Handler: updateByID(s, s.svc.Stations.Update, updateStationRequest.change, toStationResponse),
			Doc: doc{Summary: "Change a station; staff_ids replaces the pairing (manager, admin)", Tags: tags, Body: updateStationRequest{}, Response: stationResponse{}}},
		{Method: "DELETE", Path: "/stations/:id", Roles: managers, Handler: byID(s, s.svc.Stations.Deactivate, toStationResponse),
			Doc: doc{Summary: "Deactivate a station (there is no hard delete)", Tags: tags, Response: stationResponse{}}},
	}
}

func (q *query) stationFilter() services.StationFilter {
	return services.StationFilter{RefFilter: q.refFilter(), StaffID: q.Uint("staff_id")}
}

func (r createStationRequest) input() services.NewStation {
	return services.NewStation{Name: r.Name, Address: r.Address, StaffIDs: r.StaffIDs}
}

func (r updateStationRequest) change() services.StationChange {
	return services.StationChange{Name: r.Name, Address: r.Address, StaffIDs: r.StaffIDs, Active: r.Active, Version: r.Version}
}
