package server

import (
	"github.com/gin-gonic/gin"

	"centerstage/services/counting"
)

type targetRequest struct {
	Year        int                  `json:"year" binding:"required,gte=2000,lte=2100"`
	Name        string               `json:"name" binding:"required,max=100"`
	Metric      counting.Metric      `json:"metric" binding:"required,oneof=count editions person_days attendance active_teams paired_stations"`
	Kinds       []string             `json:"kinds" enum:"kind" binding:"max=8" doc:"kind codes; empty counts every kind"`
	Scope       counting.TargetScope `json:"scope" binding:"required,oneof=center each_staff"`
	StaffIDs    []uint64             `json:"staff_ids" binding:"max=10000" doc:"each_staff only: the members; empty means every active staff member and manager"`
	Value       int                  `json:"value" binding:"required,gt=0"`
	MonthlyPlan []int                `json:"monthly_plan" nullable:"true" doc:"12 numbers summing to value; omit or send an empty list for the even split"`
}

type updateTargetRequest struct {
	Year        *int                  `json:"year" binding:"omitempty,gte=2000,lte=2100"`
	Name        *string               `json:"name" binding:"omitempty,min=1,max=100"`
	Metric      *counting.Metric      `json:"metric" binding:"omitempty,oneof=count editions person_days attendance active_teams paired_stations"`
	Kinds       *[]string             `json:"kinds" enum:"kind" binding:"omitempty,max=8"`
	Scope       *counting.TargetScope `json:"scope" binding:"omitempty,oneof=center each_staff"`
	StaffIDs    *[]uint64             `json:"staff_ids" binding:"omitempty,max=10000"`
	Value       *int                  `json:"value" binding:"omitempty,gt=0"`
	MonthlyPlan *[]int                `json:"monthly_plan" doc:"12 numbers; an empty list returns to the even split"`
	Version     *int64                `json:"version" binding:"required" doc:"the version you read; a stale one gets 409"`
}

type applyTemplateRequest struct {
	Template string `json:"template" binding:"required,max=64" doc:"duty-statement, county-catalogue or a saved template"`
	Year     int    `json:"year" binding:"required,gte=2000,lte=2100"`
}

type saveTemplateRequest struct {
	Name string `json:"name" binding:"required,max=64"`
	Year int    `json:"year" binding:"required,gte=2000,lte=2100" doc:"the year whose targets are saved"`
}

// targetResponse is a target on the wire: the service's view as it is (see
// docs/adr/0005-json-shapes.md), under the name the API document gives it.
type targetResponse counting.TargetView

type applyTemplateResponse struct {
	Items   []targetResponse `json:"items"`
	Total   int64            `json:"total"`
	Created int              `json:"created"`
}

type targetQuery struct {
	Year    int `form:"year"`
	Page    int `form:"page"`
	PerPage int `form:"per_page"`
}

func toTargetResponse(v counting.TargetView) targetResponse { return targetResponse(v) }

func (r targetRequest) input() counting.TargetInput {
	return counting.TargetInput{Year: r.Year, Name: r.Name, Metric: r.Metric, Kinds: r.Kinds, Scope: r.Scope,
		StaffIDs: r.StaffIDs, Value: r.Value, MonthlyPlan: r.MonthlyPlan}
}

// patch converts the request; binding has checked that version is there.
func (r updateTargetRequest) patch() counting.TargetPatch {
	return counting.TargetPatch{Year: r.Year, Name: r.Name, Metric: r.Metric, Kinds: r.Kinds, Scope: r.Scope,
		StaffIDs: r.StaffIDs, Value: r.Value, MonthlyPlan: r.MonthlyPlan, Version: *r.Version}
}

func (s *Server) targetRoutes() []route {
	tags := []string{"targets"}
	return []route{
		{Method: "GET", Path: "/targets", Roles: anyRole, Handler: s.listTargets,
			Doc: doc{Summary: "List targets", Tags: tags, Query: targetQuery{}, Response: listResponse[targetResponse]{}}},
		{Method: "POST", Path: "/targets", Roles: managers, Handler: createFrom(s, s.svc.Targets.Create, targetRequest.input, toTargetResponse),
			Doc: doc{Summary: "Create a target (manager, admin)", Tags: tags, Body: targetRequest{}, Response: targetResponse{}, Status: 201}},
		{Method: "POST", Path: "/targets/apply-template", Roles: managers, Handler: s.applyTemplate,
			Doc: doc{Summary: "Create a year's targets from a template; names the year has are kept", Tags: tags, Body: applyTemplateRequest{}, Response: applyTemplateResponse{}}},
		{Method: "GET", Path: "/targets/:id", Roles: anyRole, Handler: byID(s, s.svc.Targets.Get, toTargetResponse),
			Doc: doc{Summary: "Read a target", Tags: tags, Response: targetResponse{}}},
		{Method: "PATCH", Path: "/targets/:id", Roles: managers, Handler: updateByID(s, s.svc.Targets.Update, updateTargetRequest.patch, toTargetResponse),
			Doc: doc{Summary: "Change a target (manager, admin)", Tags: tags, Body: updateTargetRequest{}, Response: targetResponse{}}},
		{Method: "DELETE", Path: "/targets/:id", Roles: managers, Handler: deleteByID(s, s.svc.Targets.Delete),
			Doc: doc{Summary: "Delete a target (manager, admin)", Tags: tags, Status: 204}},
		{Method: "GET", Path: "/target-templates", Roles: anyRole, Handler: s.listTemplates,
			Doc: doc{Summary: "Built-in and saved target templates", Tags: tags, Response: listResponse[counting.Template]{}}},
		{Method: "POST", Path: "/target-templates", Roles: managers, Handler: s.saveTemplate,
			Doc: doc{Summary: "Save a year's targets as a template (manager, admin)", Tags: tags, Body: saveTemplateRequest{}, Response: counting.Template{}, Status: 201}},
	}
}

func (s *Server) listTargets(c *gin.Context) error {
	q := s.query(c)
	year, page := q.Int("year", 0, 2000, 2100), q.Page()
	if err := q.Err(); err != nil {
		return err
	}
	vs, total, err := s.svc.Targets.List(c.Request.Context(), s.actor(c), year, page)
	if err != nil {
		return err
	}
	return list(c, views(vs, toTargetResponse), total)
}

func (s *Server) applyTemplate(c *gin.Context) error {
	var req applyTemplateRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	res, err := s.svc.Targets.ApplyTemplate(c.Request.Context(), s.actor(c), req.Template, req.Year)
	if err != nil {
		return err
	}
	items := views(res.Targets, toTargetResponse)
	return ok(c, applyTemplateResponse{Items: items, Total: int64(len(items)), Created: res.Created})
}

func (s *Server) listTemplates(c *gin.Context) error {
	ts, err := s.svc.Targets.Templates(c.Request.Context(), s.actor(c))
	if err != nil {
		return err
	}
	return list(c, ts, int64(len(ts)))
}

func (s *Server) saveTemplate(c *gin.Context) error {
	var req saveTemplateRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	t, err := s.svc.Targets.SaveTemplate(c.Request.Context(), s.actor(c), req.Name, req.Year)
	if err != nil {
		return err
	}
	return created(c, t)
}
