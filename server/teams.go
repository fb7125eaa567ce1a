package server

import (
	"time"

	"centerstage/models"
	"centerstage/services"
)

type createTeamRequest struct {
	Name        string  `json:"name" binding:"required,max=100"`
	ArtForm     string  `json:"art_form" binding:"max=50" doc:"e.g. 合唱, 广场舞, 书法"`
	FoundedOn   string  `json:"founded_on" binding:"omitempty,datetime=2006-01-02" nullable:"true" doc:"local date YYYY-MM-DD, not in the future"`
	LeaderID    *uint64 `json:"leader_id" doc:"the guiding staff member: an active user"`
	MemberCount int     `json:"member_count" binding:"gte=0"`
}

type updateTeamRequest struct {
	Name        *string `json:"name" binding:"omitempty,min=1,max=100"`
	ArtForm     *string `json:"art_form" binding:"omitempty,max=50"`
	FoundedOn   *string `json:"founded_on" binding:"omitempty,max=10" doc:"YYYY-MM-DD; empty clears it"`
	LeaderID    *uint64 `json:"leader_id" doc:"0 removes the leader"`
	MemberCount *int    `json:"member_count" binding:"omitempty,gte=0"`
	Active      *bool   `json:"active"`
	Version     *int64  `json:"version" binding:"required" doc:"the version you read; a stale one gets 409"`
}

type teamResponse struct {
	ID          uint64    `json:"id"`
	Name        string    `json:"name"`
	ArtForm     string    `json:"art_form"`
	FoundedOn   *string   `json:"founded_on"`
	LeaderID    *uint64   `json:"leader_id"`
	MemberCount int       `json:"member_count"`
	Active      bool      `json:"active"`
	Version     int64     `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func toTeamResponse(t models.Team) teamResponse {
	var founded *string
	if t.FoundedOn != "" {
		founded = &t.FoundedOn
	}
	return teamResponse{ID: t.ID, Name: t.Name, ArtForm: t.ArtForm, FoundedOn: founded, LeaderID: t.LeaderID,
		MemberCount: t.MemberCount, Active: t.Active, Version: t.Version, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
}

type teamQuery struct {
	Active   bool   `form:"active"`
	Q        string `form:"q" doc:"part of the name"`
	Page     int    `form:"page"`
	PerPage  int    `form:"per_page"`
	LeaderID uint64 `form:"leader_id" doc:"only teams guided by this user"`
}

func (s *Server) teamRoutes() []route {
	tags := []string{"teams"}
	return []route{
		{Method: "GET", Path: "/teams", Roles: anyRole, Handler: listBy(s, (*query).teamFilter, s.svc.Teams.List, listOf(toTeamResponse)),
			Doc: doc{Summary: "List teams", Tags: tags, Query: teamQuery{}, Response: listResponse[teamResponse]{}}},
		{Method: "POST", Path: "/teams", Roles: managers, Handler: createFrom(s, s.svc.Teams.Create, createTeamRequest.input, toTeamResponse),
			Doc: doc{Summary: "Create a team (manager, admin)", Tags: tags, Body: createTeamRequest{}, Response: teamResponse{}, Status: 201}},
		{Method: "GET", Path: "/teams/:id", Roles: anyRole, Handler: byID(s, s.svc.Teams.Get, toTeamResponse),
			Doc: doc{Summary: "Read a team", Tags: tags, Response: teamResponse{}}},
		{Method: "PATCH", Path: "/teams/:id", Roles: managers, Handler: updateByID(s, s.svc.Teams.Update, updateTeamRequest.change, toTeamResponse),
			Doc: doc{Summary: "Change a team (manager, admin)", Tags: tags, Body: updateTeamRequest{}, Response: teamResponse{}}},
		{Method: "DELETE", Path: "/teams/:id", Roles: managers, Handler: byID(s, s.svc.Teams.Deactivate, toTeamResponse),
			Doc: doc{Summary: "Deactivate a team (there is no hard delete)", Tags: tags, Response: teamResponse{}}},
	}
}

func (q *query) teamFilter() services.TeamFilter {
	return services.TeamFilter{RefFilter: q.refFilter(), LeaderID: q.Uint("leader_id")}
}

func (r createTeamRequest) input() services.NewTeam {
	return services.NewTeam{Name: r.Name, ArtForm: r.ArtForm, FoundedOn: r.FoundedOn, LeaderID: r.LeaderID, MemberCount: r.MemberCount}
}

func (r updateTeamRequest) change() services.TeamChange {
	return services.TeamChange{Name: r.Name, ArtForm: r.ArtForm, FoundedOn: r.FoundedOn, LeaderID: r.LeaderID,
		MemberCount: r.MemberCount, Active: r.Active, Version: r.Version}
}
