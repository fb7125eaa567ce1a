package server

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"centerstage/models"
	"centerstage/services"
)

// Role sets for route tables.
var (
	anyRole    []string // any logged-in user
	writers    = []string{models.RoleAdmin, models.RoleManager, models.RoleStaff}
	managers   = []string{models.RoleAdmin, models.RoleManager}
	adminsOnly = []string{models.RoleAdmin}
)

// route is one API endpoint: how it is reached, who may call it, what it does
// and how the OpenAPI document describes it.
type route struct {
	Method  string
	Path    string // Gin syntax, relative to /api/v1 unless Root is set
	Public  bool   // no login needed
	Root    bool   // path is absolute, outside /api/v1
	Roles   []string
	Handler func(*gin.Context) error
	Doc     doc
}

// allRoutes lists every API route, area by area.
func (s *Server) allRoutes() []route {
	var rs []route
	for _, area := range [][]route{
		s.healthRoutes(),
		s.settingsRoutes(),
		s.authRoutes(),
		s.userRoutes(),
		s.venueRoutes(),
		s.stationRoutes(),
		s.teamRoutes(),
		s.activityRecordRoutes(),
		s.activityRoutes(),
		s.seriesRoutes(),
		s.calendarRoutes(),
		s.targetRoutes(), s.progressRoutes(), s.reportRoutes(), s.officialLineRoutes(),
		s.plannerRoutes(),
		s.assessmentRoutes(), s.submissionRoutes(),
		s.auditRoutes(),
	} {
		rs = append(rs, area...)
	}
	return rs
}

func (s *Server) buildEngine() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.ContextWithFallback = true
	if err := e.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		panic(fmt.Sprintf("trusted proxies: %v", err)) // checked by the configuration first
	}
	e.Use(s.measure, s.withRequestID, s.securityHeaders, s.logRequests, s.recoverPanics, s.limitBody, s.readBody, s.withDeadline)
	api := e.Group("/api/v1")
	s.routes = s.allRoutes()
	for _, r := range s.routes {
		chain := []gin.HandlerFunc{}
		if !r.Public {
			chain = append(chain, s.authenticate(r.Roles))
		}
		h := r.Handler
		if creates(r) {
			h = s.idempotent(h)
		}
		chain = append(chain, s.handle(h))
		if r.Root {
			e.Handle(r.Method, r.Path, chain...)
		} else {
			api.Handle(r.Method, r.Path, chain...)
		}
	}
	doc, err := json.Marshal(s.openAPI())
	if err != nil {
		panic(fmt.Sprintf("build the OpenAPI document: %v", err)) // a programming error in a route's Doc
	}
	s.openAPIDoc = doc
	e.GET("/api/v1/openapi.json", s.serveOpenAPI)
	e.NoMethod(func(c *gin.Context) {
		abort(c, services.Fail(services.MethodNotAllowed, services.ReasonMethodNotAllowed, nil, "method not allowed"))
	})
	e.NoRoute(s.noRoute)
	return e
}

// ok writes a 200 JSON response.
func ok(c *gin.Context, v any) error {
	c.JSON(http.StatusOK, v)
	return nil
}

// created writes a 201 JSON response.
func created(c *gin.Context, v any) error {
	c.JSON(http.StatusCreated, v)
	return nil
}

// listResponse is the shape of every list.
type listResponse[T any] struct {
	Items []T   `json:"items"`
	Total int64 `json:"total"`
}

// list writes items and the total count of the unpaged list.
func list[T any](c *gin.Context, items []T, total int64) error {
	if items == nil {
		items = []T{}
	}
	return ok(c, listResponse[T]{Items: items, Total: total})
}

// listAll is the list of every item, unpaged.
func listAll[T any](items []T) listResponse[T] {
	if items == nil {
		items = []T{}
	}
	return listResponse[T]{Items: items, Total: int64(len(items))}
}
