package server

import (
	"github.com/gin-gonic/gin"

	"centerstage/services"
)

type createUserRequest struct {
	Username string `json:"username" binding:"required,max=64"`
	Password string `json:"password" binding:"required,min=8,max=72"`
	Name     string `json:"name" binding:"max=100"`
	Role     string `json:"role" binding:"required,oneof=admin manager staff viewer"`
	JoinedOn string `json:"joined_on" binding:"max=10" nullable:"true" doc:"first day as a member (YYYY-MM-DD), optional"`
	LeftOn   string `json:"left_on" binding:"max=10" nullable:"true" doc:"last day as a member (YYYY-MM-DD), optional; not before joined_on"`
}

type updateUserRequest struct {
	Name     *string `json:"name" binding:"omitempty,min=1,max=100"`
	Role     *string `json:"role" binding:"omitempty,oneof=admin manager staff viewer"`
	Active   *bool   `json:"active" doc:"false sets left_on to today unless it is set or given; true clears left_on unless given"`
	JoinedOn *string `json:"joined_on" binding:"omitempty,max=10" doc:"YYYY-MM-DD; \"\" clears; absent or null keeps (admin)"`
	LeftOn   *string `json:"left_on" binding:"omitempty,max=10" doc:"YYYY-MM-DD, not before joined_on; \"\" clears; absent or null keeps (admin)"`
	Password *string `json:"password" binding:"omitempty,min=8,max=72"`
	// CurrentPassword is checked by the service, which names it when missing or wrong.
	CurrentPassword *string `json:"current_password" binding:"omitempty,max=72" doc:"your present password; required when you change your own password, not when an admin resets someone else's"`
	Version         *int64  `json:"version" binding:"required" doc:"the version you read; a stale one gets 409"`
}

type userQuery struct {
	Role    string `form:"role" doc:"admin, manager, staff or viewer"`
	Active  bool   `form:"active"`
	Q       string `form:"q" doc:"part of the username or name"`
	Page    int    `form:"page"`
	PerPage int    `form:"per_page"`
}

func (s *Server) userRoutes() []route {
	tags := []string{"users"}
	return []route{
		{Method: "GET", Path: "/users", Roles: anyRole, Handler: s.listUsers,
			Doc: doc{Summary: "List users", Tags: tags, Query: userQuery{}, Response: listResponse[userResponse]{}}},
		{Method: "POST", Path: "/users", Roles: adminsOnly, Handler: s.createUser,
			Doc: doc{Summary: "Create a user (admin)", Tags: tags, Body: createUserRequest{}, Response: userResponse{}, Status: 201}},
		{Method: "GET", Path: "/users/:id", Roles: anyRole, Handler: s.getUser,
			Doc: doc{Summary: "Read a user", Tags: tags, Response: userResponse{}}},
		{Method: "PATCH", Path: "/users/:id", Roles: anyRole, Handler: s.updateUser,
			Doc: doc{Summary: "Change a user (admin; anyone their own name, and their own password with current_password)", Tags: tags, Body: updateUserRequest{}, Response: userResponse{}}},
		{Method: "DELETE", Path: "/users/:id", Roles: adminsOnly, Handler: s.deactivateUser,
			Doc: doc{Summary: "Deactivate a user (there is no hard delete)", Tags: tags, Response: userResponse{}}},
	}
}

func (s *Server) listUsers(c *gin.Context) error {
	q := s.query(c)
	f := services.UserFilter{Role: q.OneOf("role", "admin", "manager", "staff", "viewer"), Active: q.Bool("active"), Query: c.Query("q"), Page: q.Page()}
	if err := q.Err(); err != nil {
		return err
	}
	us, total, err := s.svc.Users.List(c.Request.Context(), s.actor(c), f)
	if err != nil {
		return err
	}
	out := make([]userResponse, len(us))
	for i, u := range us {
		out[i] = toUserResponse(u)
	}
	return list(c, out, total)
}

func (s *Server) createUser(c *gin.Context) error {
	var req createUserRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	u, err := s.svc.Users.Create(c.Request.Context(), s.actor(c), services.NewUser{
		Username: req.Username, Password: req.Password, Name: req.Name, Role: req.Role,
		JoinedOn: req.JoinedOn, LeftOn: req.LeftOn})
	if err != nil {
		return err
	}
	return created(c, toUserResponse(u))
}

func (s *Server) getUser(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := s.svc.Users.Get(c.Request.Context(), s.actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, toUserResponse(u))
}

func (s *Server) updateUser(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var req updateUserRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	u, err := s.svc.Users.Update(c.Request.Context(), s.actor(c), id, services.UserChange{
		Name: req.Name, Role: req.Role, Active: req.Active, Password: req.Password,
		JoinedOn: req.JoinedOn, LeftOn: req.LeftOn,
		CurrentPassword: req.CurrentPassword, Version: req.Version})
	if err != nil {
		return err
	}
	return ok(c, toUserResponse(u))
}

func (s *Server) deactivateUser(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := s.svc.Users.Deactivate(c.Request.Context(), s.actor(c), id)
	if err != nil {
		return err
	}
	return ok(c, toUserResponse(u))
}
