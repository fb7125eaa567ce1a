package server

import "github.com/gin-gonic/gin"

// settingsResponse is what the app needs to know about the center itself.
type settingsResponse struct {
	TimeZone string `json:"time_zone" doc:"IANA name of the center's time zone, e.g. Asia/Shanghai"`
}

func (s *Server) settingsRoutes() []route {
	return []route{
		{Method: "GET", Path: "/settings", Roles: anyRole, Handler: s.settings,
			Doc: doc{Summary: "The center's settings: its time zone, in which dates, months and years are counted", Tags: []string{"meta"}, Response: settingsResponse{}}},
	}
}

// settings tells the app the center's time zone, so that a device in another
// zone can say that its times are not the center's.
func (s *Server) settings(c *gin.Context) error {
	return ok(c, settingsResponse{TimeZone: s.cfg.Location.String()})
}
