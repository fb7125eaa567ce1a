package server

import (
	"github.com/gin-gonic/gin"

	"centerstage/services/counting"
)

type officialLinesRequest struct {
	Items []counting.OfficialLineDef `json:"items" binding:"required" doc:"the whole return, in order; replaces every line"`
}

// officialLinesResponse is the whole return, never paged.
type officialLinesResponse struct {
	Items []counting.OfficialLineDef `json:"items"`
	Total int64                      `json:"total"`
}

func (s *Server) officialLineRoutes() []route {
	tags := []string{"reports"}
	return []route{
		{Method: "GET", Path: "/official-lines", Roles: anyRole, Handler: s.officialLines,
			Doc: doc{Summary: "The official return's lines: what each yearbook category counts", Tags: tags, Response: officialLinesResponse{}}},
		{Method: "PUT", Path: "/official-lines", Roles: adminsOnly, Handler: withBody(s, s.svc.OfficialLines.Replace, officialLinesRequest.lines, toOfficialLinesResponse),
			Doc: doc{Summary: "Replace the official return's lines (admin); a bad line refuses all", Tags: tags, Body: officialLinesRequest{}, Response: officialLinesResponse{}}},
	}
}

func (s *Server) officialLines(c *gin.Context) error {
	lines, err := s.svc.OfficialLines.List(c.Request.Context())
	if err != nil {
		return err
	}
	return ok(c, toOfficialLinesResponse(lines))
}

func (r officialLinesRequest) lines() []counting.OfficialLineDef { return r.Items }

func toOfficialLinesResponse(lines []counting.OfficialLineDef) officialLinesResponse {
	return officialLinesResponse{Items: lines, Total: int64(len(lines))}
}
