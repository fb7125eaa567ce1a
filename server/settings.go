package server

import (
	"github.com/gin-gonic/gin"

	"centerstage/services"
)

// settingsResponse is what the app needs to know about the center itself.
type settingsResponse struct {
	TimeZone   string `json:"time_zone" doc:"IANA name of the center's time zone, e.g. Asia/Shanghai"`
	CenterName string `json:"center_name" doc:"the center's name for the header, workbooks and print; empty until set"`
}

type settingsRequest struct {
	CenterName *string `json:"center_name" binding:"omitempty,max=400" doc:"at most 100 characters, trimmed; empty clears"`
}

func (s *Server) settingsRoutes() []route {
	tags := []string{"meta"}
	return []route{
		{Method: "GET", Path: "/settings", Roles: anyRole, Handler: s.settings,
			Doc: doc{Summary: "The center's settings: its name and the time zone in which dates, months and years are counted", Tags: tags, Response: settingsResponse{}}},
		{Method: "PATCH", Path: "/settings", Roles: adminsOnly, Handler: withBody(s, s.svc.Settings.Update, settingsRequest.change, s.toSettingsResponse),
			Doc: doc{Summary: "Change the center's name (admin)", Tags: tags, Body: settingsRequest{}, Response: settingsResponse{}}},
	}
}

// settings tells the app the center's name and time zone, so that a device
// in another zone can say that its times are not the center's.
func (s *Server) settings(c *gin.Context) error {
	cs, err := s.svc.Settings.Get(c.Request.Context())
	if err != nil {
		return err
	}
	return ok(c, s.toSettingsResponse(cs))
}

func (r settingsRequest) change() services.SettingsChange {
	return services.SettingsChange{CenterName: r.CenterName}
}

func (s *Server) toSettingsResponse(cs services.CenterSettings) settingsResponse {
	return settingsResponse{TimeZone: s.cfg.Location.String(), CenterName: cs.CenterName}
}
