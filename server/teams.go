package server

import (
	"time"

	"github.com/gin-gonic/gin"

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
		{Method: "GET", Path: "/teams", Roles: anyRole, Handler: s.listTeams,
			Doc: doc{Summary: "List teams", Tags: tags, Query: teamQuery{}, Response: listResponse[teamResponse]{}}},
		{Method: "POST", Path: "/teams", Roles: managers, Handler: s.createTeam,
			Doc: doc{Summary: "Create a team (manager, admin)", Tags: tags, Body: createTeamRequest{}, Response: teamResponse{}, Status: 201}},
		{Method: "GET", Path: "/teams/:id", Roles: anyRole, Handler: s.getTeam,
			Doc: doc{Summary: "Read a team", Tags: tags, Response: teamResponse{}}},
		{Method: "PATCH", Path: "/teams/:id", Roles: managers, Handler: s.updateTeam,
			Doc: doc{Summary: "Change a team (manager, admin)", Tags: tags, Body: updateTeamRequest{}, Response: teamResponse{}}},
		{Method: "DELETE", Path: "/teams/:id", Roles: managers, Handler: s.deactivateTeam,
			Doc: doc{Summary: "Deactivate a team (there is no hard delete)", Tags: tags, Response: teamResponse{}}},
	}
}

func (s *Server) listTeams(c *gin.Context) error {
	q := s.query(c)
	f := services.TeamFilter{RefFilter: q.refFilter(), LeaderID: q.Uint("leader_id")}
	if err := q.Err(); err != nil {
		return err
	}
	ts, total, err := s.svc.Teams.List(c.Request.Context(), s.actor(c), f)
	if err != nil {
		return err
	}
	out := make([]teamResponse, len(ts))
	for i, t := range ts {
		out[i] = toTeamResponse(t)
	}
	return list(c, out, total)
}

func (s *Server) createTeam(c *gin.Context) error {
	var req createTeamRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	t, err := s.svc.Teams.Create(c.Request.Context(), s.actor(c), services.NewTeam{Name: req.Name, ArtForm: req.ArtForm,
		FoundedOn: req.FoundedOn, LeaderID: req.LeaderID, MemberCount: req.MemberCount})
	if err != nil {
		return err
	}
	return created(c, toTeamResponse(t))
}

func (s *Server) getTeam(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	t, err := s.svc.Teams.Get(c.Request.Context(), s.actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, toTeamResponse(t))
}

func (s *Server) updateTeam(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var req updateTeamRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	t, err := s.svc.Teams.Update(c.Request.Context(), s.actor(c), id, services.TeamChange{Name: req.Name, ArtForm: req.ArtForm,
		FoundedOn: req.FoundedOn, LeaderID: req.LeaderID, MemberCount: req.MemberCount, Active: req.Active, Version: req.Version})
	if err != nil {
		return err
	}
	return ok(c, toTeamResponse(t))
}

func (s *Server) deactivateTeam(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	t, err := s.svc.Teams.Deactivate(c.Request.Context(), s.actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, toTeamResponse(t))
}
