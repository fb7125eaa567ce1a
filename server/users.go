package server

import "centerstage/services"

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
		{Method: "GET", Path: "/users", Roles: anyRole, Handler: listBy(s, (*query).userFilter, s.svc.Users.List, listOf(toUserResponse)),
			Doc: doc{Summary: "List users", Tags: tags, Query: userQuery{}, Response: listResponse[userResponse]{}}},
		{Method: "POST", Path: "/users", Roles: adminsOnly, Handler: createFrom(s, s.svc.Users.Create, createUserRequest.input, toUserResponse),
			Doc: doc{Summary: "Create a user (admin)", Tags: tags, Body: createUserRequest{}, Response: userResponse{}, Status: 201}},
		{Method: "GET", Path: "/users/:id", Roles: anyRole, Handler: byID(s, s.svc.Users.Get, toUserResponse),
			Doc: doc{Summary: "Read a user", Tags: tags, Response: userResponse{}}},
		{Method: "PATCH", Path: "/users/:id", Roles: anyRole, Handler: updateByID(s, s.svc.Users.Update, updateUserRequest.change, toUserResponse),
			Doc: doc{Summary: "Change a user (admin; anyone their own name, and their own password with current_password)", Tags: tags, Body: updateUserRequest{}, Response: userResponse{}}},
		{Method: "DELETE", Path: "/users/:id", Roles: adminsOnly, Handler: byID(s, s.svc.Users.Deactivate, toUserResponse),
			Doc: doc{Summary: "Deactivate a user (there is no hard delete)", Tags: tags, Response: userResponse{}}},
	}
}

func (q *query) userFilter() services.UserFilter {
	return services.UserFilter{Role: q.OneOf("role", "admin", "manager", "staff", "viewer"), Active: q.Bool("active"),
		Query: q.c.Query("q"), Page: q.Page()}
}

func (r createUserRequest) input() services.NewUser {
	return services.NewUser{Username: r.Username, Password: r.Password, Name: r.Name, Role: r.Role,
		JoinedOn: r.JoinedOn, LeftOn: r.LeftOn}
}

func (r updateUserRequest) change() services.UserChange {
	return services.UserChange{Name: r.Name, Role: r.Role, Active: r.Active, Password: r.Password,
		JoinedOn: r.JoinedOn, LeftOn: r.LeftOn, CurrentPassword: r.CurrentPassword, Version: r.Version}
}
