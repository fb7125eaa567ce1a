package server

import (
	"context"
	"time"

	"github.com/gin-gonic/gin"
)

type healthResponse struct {
	Status string `json:"status"`
}

func (s *Server) healthRoutes() []route {
	return []route{
		{Method: "GET", Path: "/healthz", Root: true, Public: true, Handler: s.healthz,
			Doc: doc{Summary: "Process is up", Tags: []string{"meta"}, Response: healthResponse{}}},
		{Method: "GET", Path: "/readyz", Root: true, Public: true, Handler: s.readyz,
			Doc: doc{Summary: "Database is reachable (503 when not)", Tags: []string{"meta"}, Response: healthResponse{}}},
		{Method: "GET", Path: "/metrics", Root: true, Public: true,
			Handler: func(c *gin.Context) error { s.serveMetrics(c); return nil },
			Doc: doc{Summary: "Prometheus metrics: only on the loopback interface, or with the metrics token (Authorization: Bearer)",
				Tags: []string{"meta"}, Produces: "text/plain; version=0.0.4"}},
	}
}

func (s *Server) healthz(c *gin.Context) error {
	return ok(c, healthResponse{Status: "ok"})
}

// readyz pings the database on every call, so it recovers by itself when the
// database comes back.
func (s *Server) readyz(c *gin.Context) error {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if err := s.svc.Ping(ctx); err != nil {
		s.log.WarnContext(ctx, "readiness check failed", "err", err)
		abort(c, dbUnavailable("the database is unreachable"))
		return nil
	}
	return ok(c, healthResponse{Status: "ready"})
}
