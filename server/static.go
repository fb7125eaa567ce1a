package server

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"centerstage/services"
)

// noRoute answers every path without a route: unknown API paths get the JSON
// 404; files of the web app are served (hashed assets cached for a year); any
// other GET gets index.html so the app's own router can take over.
func (s *Server) noRoute(c *gin.Context) {
	p := c.Request.URL.Path
	if strings.HasPrefix(p, "/api/") || s.cfg.Assets == nil || (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) {
		abort(c, services.Fail(services.NotFound, services.ReasonNoRoute, services.Params{"method": c.Request.Method, "path": p}, "no such route: %s %s", c.Request.Method, p))
		return
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name != "" && name != "index.html" {
		if st, err := fs.Stat(s.cfg.Assets, name); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") {
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				c.Header("Cache-Control", "public, max-age=3600")
			}
			c.FileFromFS(name, http.FS(s.cfg.Assets))
			return
		}
		if strings.HasPrefix(name, "assets/") {
			abort(c, services.Fail(services.NotFound, services.ReasonNoRoute, services.Params{"method": c.Request.Method, "path": p}, "no such file: %s", p))
			return
		}
	}
	index, err := fs.ReadFile(s.cfg.Assets, "index.html")
	if err != nil {
		abort(c, services.Fail(services.NotFound, services.ReasonNoRoute, services.Params{"method": c.Request.Method, "path": p}, "the web app is not built"))
		return
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", index)
}
