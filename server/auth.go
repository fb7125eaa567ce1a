package server

import (
	"time"

	"github.com/gin-gonic/gin"

	"centerstage/models"
	"centerstage/services"
)

type loginRequest struct {
	Username string `json:"username" binding:"required,max=64"`
	Password string `json:"password" binding:"required,max=200"`
}

type refreshRequest struct {
	RefreshToken string `json:"refresh_token" binding:"required,max=200"`
}

type tokenResponse struct {
	AccessToken  string       `json:"access_token"`
	RefreshToken string       `json:"refresh_token"`
	TokenType    string       `json:"token_type" enum:"bearer"`
	ExpiresIn    int          `json:"expires_in"`
	User         userResponse `json:"user"`
}

type userResponse struct {
	ID        uint64    `json:"id"`
	Username  string    `json:"username"`
	Name      string    `json:"name"`
	Role      string    `json:"role" enum:"role"`
	Active    bool      `json:"active"`
	JoinedOn  *string   `json:"joined_on" doc:"first day as a member of the staff (YYYY-MM-DD), null when not limited"`
	LeftOn    *string   `json:"left_on" doc:"last day as a member (YYYY-MM-DD), null while a member; set on deactivation"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

func toUserResponse(u models.User) userResponse {
	return userResponse{ID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, Active: u.Active,
		JoinedOn: u.JoinedOn, LeftOn: u.LeftOn, Version: u.Version, CreatedAt: u.CreatedAt}
}

func toTokenResponse(t *services.Tokens) tokenResponse {
	return tokenResponse{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, TokenType: "Bearer",
		ExpiresIn: t.ExpiresIn, User: toUserResponse(t.User)}
}

func (s *Server) authRoutes() []route {
	tags := []string{"auth"}
	return []route{
		{Method: "POST", Path: "/auth/login", Public: true, Handler: s.login,
			Doc: doc{Summary: "Log in; 429 after 5 failures for one username, or 30 attempts from one address, in 15 minutes", Tags: tags, Body: loginRequest{}, Response: tokenResponse{}}},
		{Method: "POST", Path: "/auth/refresh", Public: true, Handler: s.refresh,
			Doc: doc{Summary: "Trade a refresh token for new tokens (single use)", Tags: tags, Body: refreshRequest{}, Response: tokenResponse{}}},
		{Method: "POST", Path: "/auth/logout", Public: true, Handler: s.logout,
			Doc: doc{Summary: "Revoke a refresh token and its login", Tags: tags, Body: refreshRequest{}, Status: 204}},
		{Method: "GET", Path: "/me", Roles: anyRole, Handler: s.me,
			Doc: doc{Summary: "The logged-in user", Tags: tags, Response: userResponse{}}},
	}
}

func (s *Server) login(c *gin.Context) error {
	var req loginRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	t, err := s.svc.Auth.LoginFrom(c.Request.Context(), c.ClientIP(), req.Username, req.Password)
	if err != nil {
		return err
	}
	return tokens(c, t)
}

func (s *Server) refresh(c *gin.Context) error {
	var req refreshRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	t, err := s.svc.Auth.Refresh(c.Request.Context(), req.RefreshToken)
	if err != nil {
		return err
	}
	return tokens(c, t)
}

// tokens answers with fresh tokens, which no cache may keep (RFC 6749 5.1).
func tokens(c *gin.Context, t *services.Tokens) error {
	c.Header("Cache-Control", "no-store")
	c.Header("Pragma", "no-cache")
	return ok(c, toTokenResponse(t))
}

func (s *Server) logout(c *gin.Context) error {
	var req refreshRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	if err := s.svc.Auth.Logout(c.Request.Context(), req.RefreshToken); err != nil {
		return err
	}
	c.Status(204)
	return nil
}

func (s *Server) me(c *gin.Context) error {
	a := s.actor(c)
	u, err := s.svc.Users.Get(c.Request.Context(), a, a.UserID)
	if err != nil {
		return err
	}
	return ok(c, toUserResponse(u))
}
