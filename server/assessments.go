package server

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"centerstage/services/counting"
)

type assessmentRuleRequest struct {
	TargetID   uint64   `json:"target_id" binding:"required"`
	Method     string   `json:"method" binding:"required,oneof=per_point per_unit"`
	Bonus      float64  `json:"bonus" doc:"points per percentage point (per_point) or per unit (per_unit) above the value"`
	Penalty    float64  `json:"penalty" doc:"points per percentage point or per unit below the value"`
	BonusCap   *float64 `json:"bonus_cap" doc:"at most this many bonus points; null: no cap"`
	PenaltyCap *float64 `json:"penalty_cap" doc:"at most this many penalty points; null: no cap"`
}

type assessmentRequest struct {
	Year    int                     `json:"year" binding:"required,gte=2000,lte=2100"`
	Name    string                  `json:"name" binding:"required,max=100"`
	Period  string                  `json:"period" binding:"required,oneof=year month"`
	Base    float64                 `json:"base"`
	Floor   *float64                `json:"floor" doc:"lowest total; default 0"`
	Ceiling *float64                `json:"ceiling" doc:"highest total; null: none"`
	Rules   []assessmentRuleRequest `json:"rules" binding:"required,max=50,dive"`
}

type updateAssessmentRequest struct {
	Year         *int                     `json:"year" binding:"omitempty,gte=2000,lte=2100"`
	Name         *string                  `json:"name" binding:"omitempty,min=1,max=100"`
	Period       *string                  `json:"period" binding:"omitempty,oneof=year month"`
	Base         *float64                 `json:"base"`
	Floor        *float64                 `json:"floor"`
	Ceiling      *float64                 `json:"ceiling"`
	ClearCeiling bool                     `json:"clear_ceiling" doc:"true removes the ceiling"`
	Rules        *[]assessmentRuleRequest `json:"rules" binding:"omitempty,max=50,dive"`
	Version      *int64                   `json:"version" binding:"required" doc:"the version you read; a stale one gets 409"`
}

type assessmentTemplateRequest struct {
	Template string `json:"template" binding:"required,oneof=duty-statement"`
	Year     int    `json:"year" binding:"required,gte=2000,lte=2100"`
}

type adjustmentRequest struct {
	StaffID uint64  `json:"staff_id" binding:"required"`
	Points  float64 `json:"points" binding:"required" doc:"positive adds, negative deducts; at most 2 decimals"`
	Reason  string  `json:"reason" binding:"required,max=200"`
	Date    string  `json:"date" binding:"required,datetime=2006-01-02" doc:"local date in the scheme's year"`
}

type assessmentQuery struct {
	Year int `form:"year"`
}

type scoresQuery struct {
	AsOf  string `form:"as_of" doc:"local date within the scheme's year; default today, clamped into the year"`
	Month int    `form:"month" doc:"monthly scheme: the month scored (default the as-of date's month)"`
	Lang  string `form:"lang" doc:"workbook: zh or en; default from Accept-Language"`
}

type monthScoresResponse struct {
	Items []counting.MonthScores `json:"items"`
	Total int64                  `json:"total"`
}

func toRules(rs []assessmentRuleRequest) []counting.AssessmentRule {
	out := make([]counting.AssessmentRule, len(rs))
	for i, r := range rs {
		out[i] = counting.AssessmentRule{TargetID: r.TargetID, Method: r.Method, Bonus: r.Bonus, Penalty: r.Penalty,
			BonusCap: r.BonusCap, PenaltyCap: r.PenaltyCap}
	}
	return out
}

func (r assessmentRequest) input() counting.AssessmentInput {
	return counting.AssessmentInput{Year: r.Year, Name: r.Name, Period: r.Period, Base: r.Base, Floor: r.Floor,
		Ceiling: r.Ceiling, Rules: toRules(r.Rules)}
}

// patch converts the request; binding has checked that version is there.
func (r updateAssessmentRequest) patch() counting.AssessmentPatch {
	p := counting.AssessmentPatch{Year: r.Year, Name: r.Name, Period: r.Period, Base: r.Base, Floor: r.Floor,
		Ceiling: r.Ceiling, ClearCeiling: r.ClearCeiling, Version: *r.Version}
	if r.Rules != nil {
		rules := toRules(*r.Rules)
		p.Rules = &rules
	}
	return p
}

func (s *Server) assessmentRoutes() []route {
	tags := []string{"assessments"}
	return []route{
		{Method: "GET", Path: "/assessments", Roles: anyRole, Handler: listOfYear(s, s.svc.Assessments.List),
			Doc: doc{Summary: "Assessment schemes", Tags: tags, Query: assessmentQuery{}, Response: listResponse[counting.AssessmentView]{}}},
		{Method: "POST", Path: "/assessments", Roles: managers, Handler: createFrom(s, s.svc.Assessments.Create, assessmentRequest.input, asIs),
			Doc: doc{Summary: "Create a scheme (manager, admin)", Tags: tags, Body: assessmentRequest{}, Response: counting.AssessmentView{}, Status: 201}},
		{Method: "POST", Path: "/assessments/from-template", Roles: managers, Handler: s.assessmentFromTemplate,
			Doc: doc{Summary: "Create the duty statement's scheme on a year's targets (manager, admin)", Tags: tags,
				Body: assessmentTemplateRequest{}, Response: counting.AssessmentView{}, Status: 201}},
		{Method: "GET", Path: "/assessments/:id", Roles: anyRole, Handler: byID(s, s.svc.Assessments.Get, asIs),
			Doc: doc{Summary: "Read a scheme", Tags: tags, Response: counting.AssessmentView{}}},
		{Method: "PATCH", Path: "/assessments/:id", Roles: managers, Handler: updateByID(s, s.svc.Assessments.Update, updateAssessmentRequest.patch, asIs),
			Doc: doc{Summary: "Change a scheme (manager, admin)", Tags: tags, Body: updateAssessmentRequest{}, Response: counting.AssessmentView{}}},
		{Method: "DELETE", Path: "/assessments/:id", Roles: managers, Handler: deleteByID(s, s.svc.Assessments.Delete),
			Doc: doc{Summary: "Delete a scheme and its adjustments (manager, admin)", Tags: tags, Status: 204}},
		{Method: "GET", Path: "/assessments/:id/scores", Roles: anyRole, Handler: s.assessmentScores,
			Doc: doc{Summary: "Each member's score and rank (staff: their own)", Tags: tags, Query: scoresQuery{}, Response: counting.ScoreSheet{}}},
		{Method: "GET", Path: "/assessments/:id/scores/months", Roles: anyRole, Handler: s.assessmentTrend,
			Doc: doc{Summary: "The scores month by month up to the as-of date (staff: their own)", Tags: tags, Query: scoresQuery{}, Response: monthScoresResponse{}}},
		{Method: "GET", Path: "/assessments/:id/scores.xlsx", Roles: readers, Handler: s.assessmentXLSX,
			Doc: doc{Summary: "The assessment sheet as a workbook (admin, manager, viewer)", Tags: tags, Query: scoresQuery{}, Produces: xlsxType}},
		{Method: "GET", Path: "/assessments/:id/adjustments", Roles: anyRole, Handler: byID(s, s.svc.Assessments.Adjustments, listAll),
			Doc: doc{Summary: "Manual adjustments (staff: their own)", Tags: tags, Query: noQuery{}, Response: listResponse[counting.AdjustmentView]{}}},
		{Method: "POST", Path: "/assessments/:id/adjustments", Roles: managers, Handler: s.addAdjustment,
			Doc: doc{Summary: "Add a manual adjustment (manager, admin; audited)", Tags: tags, Body: adjustmentRequest{}, Response: counting.AdjustmentView{}, Status: 201}},
		{Method: "DELETE", Path: "/assessments/:id/adjustments/:aid", Roles: managers, Handler: s.deleteAdjustment,
			Doc: doc{Summary: "Remove a manual adjustment (manager, admin; audited)", Tags: tags, Status: 204}},
	}
}

func (s *Server) assessmentFromTemplate(c *gin.Context) error {
	var req assessmentTemplateRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	v, err := s.svc.Assessments.FromTemplate(c.Request.Context(), s.actor(c), req.Template, req.Year)
	if err != nil {
		return err
	}
	return created(c, v)
}

func (s *Server) readScoresQuery(c *gin.Context) (uint64, counting.ScoresQuery, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, counting.ScoresQuery{}, err
	}
	q := s.query(c)
	sq := q.scoresQuery()
	return id, sq, q.Err()
}

// scoresQuery reads as_of and month.
func (q *query) scoresQuery() counting.ScoresQuery {
	return counting.ScoresQuery{AsOf: q.Date("as_of"), Month: q.Int("month", 0, 1, 12)}
}

func (s *Server) assessmentScores(c *gin.Context) error {
	id, sq, err := s.readScoresQuery(c)
	if err != nil {
		return err
	}
	sheet, err := s.svc.Dashboards.Scores(c.Request.Context(), s.actor(c), id, sq)
	if err != nil {
		return err
	}
	return ok(c, sheet)
}

func (s *Server) assessmentTrend(c *gin.Context) error {
	id, sq, err := s.readScoresQuery(c)
	if err != nil {
		return err
	}
	months, err := s.svc.Dashboards.ScoresByMonth(c.Request.Context(), s.actor(c), id, sq.AsOf)
	if err != nil {
		return err
	}
	return ok(c, monthScoresResponse{Items: months, Total: int64(len(months))})
}

func (s *Server) addAdjustment(c *gin.Context) error {
	var req adjustmentRequest
	id, err := s.idAndJSON(c, &req)
	if err != nil {
		return err
	}
	v, err := s.svc.Assessments.AddAdjustment(c.Request.Context(), s.actor(c), id, counting.AdjustmentInput{
		StaffID: req.StaffID, Points: req.Points, Reason: req.Reason, Date: req.Date})
	if err != nil {
		return err
	}
	return created(c, v)
}

func (s *Server) deleteAdjustment(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(c, "aid")
	if err != nil {
		return err
	}
	if err := s.svc.Assessments.DeleteAdjustment(c.Request.Context(), s.actor(c), id, aid); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// noQuery documents a list that takes no query parameters.
type noQuery struct{}

func (s *Server) assessmentXLSX(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q := s.query(c)
	sq, lang := q.scoresQuery(), q.OneOf("lang", "zh", "en")
	if err := q.Err(); err != nil {
		return err
	}
	// Built in memory first, so a failure half-way still gets a JSON error.
	var buf bytes.Buffer
	if err := s.svc.Assessments.WriteScoresXLSX(c.Request.Context(), s.actor(c), id, sq, exportLang(c, lang), &buf); err != nil {
		return err
	}
	return attachment(c, fmt.Sprintf("assessment-%d.xlsx", id), xlsxType, buf.Bytes())
}
