package counting

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// AdjustmentInput is a manual score change a manager gives.
type AdjustmentInput struct {
	StaffID uint64
	Points  float64
	Reason  string
	Date    string // local date within the scheme's year
}

// AdjustmentView is a manual score change as shown.
type AdjustmentView struct {
	ID        uint64    `json:"id"`
	StaffID   uint64    `json:"staff_id"`
	Points    float64   `json:"points"`
	Reason    string    `json:"reason"`
	Date      string    `json:"date"`
	CreatedBy uint64    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

func viewAdjustment(a models.AssessmentAdjustment) AdjustmentView {
	return AdjustmentView{ID: a.ID, StaffID: a.StaffID, Points: a.Points, Reason: a.Reason, Date: a.Date,
		CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt}
}

// Adjustments lists a scheme's manual changes by date; staff see their own.
func (s *Assessments) Adjustments(ctx context.Context, actor services.Actor, id uint64) ([]AdjustmentView, error) {
	if actor.Role == "" {
		return nil, services.Fail(services.Forbidden, services.ReasonNotAllowed, nil, "not allowed")
	}
	db := s.db.WithContext(ctx)
	if _, _, err := assessmentRows.load(db, id); err != nil {
		return nil, err
	}
	q := db.Where("assessment_id = ?", id)
	if actor.Role == models.RoleStaff {
		q = q.Where("staff_id = ?", actor.UserID)
	}
	var rows []models.AssessmentAdjustment
	if err := q.Order("date, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list adjustments of assessment %d: %w", id, err)
	}
	out := make([]AdjustmentView, len(rows))
	for i, r := range rows {
		out[i] = viewAdjustment(r)
	}
	return out, nil
}

// AddAdjustment records a manual change for a member of the scheme's targets.
func (s *Assessments) AddAdjustment(ctx context.Context, actor services.Actor, id uint64, in AdjustmentInput) (AdjustmentView, error) {
	if err := requireManager(actor); err != nil {
		return AdjustmentView{}, err
	}
	var out AdjustmentView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		_, v, err := assessmentRows.load(tx, id)
		if err != nil {
			return err
		}
		members, err := schemeMembers(tx, v)
		if err != nil {
			return err
		}
		fe := services.FieldErrors{}
		in.Reason = strings.TrimSpace(in.Reason)
		if !slices.Contains(members, in.StaffID) {
			fe.Add("staff_id", services.NewProblem(services.ProblemNotMember, nil, "is not a member of this scheme's targets"))
		}
		if math.IsNaN(in.Points) || math.Abs(in.Points) > 1000 {
			fe.Add("points", services.NewProblem(services.ProblemOutOfRange, services.Params{"min": -1000, "max": 1000}, "must be a number from -1000 to 1000"))
		} else if in.Points == 0 {
			fe.Add("points", services.NewProblem(services.ProblemNotZero, nil, "must not be 0"))
		} else if ratOf(in.Points).Cmp(ratOf(math.Round(in.Points*100)/100)) != 0 {
			fe.Add("points", services.NewProblem(services.ProblemMaxDecimals, services.Params{"n": 2}, "must have at most 2 decimals"))
		}
		if in.Reason == "" || utf8.RuneCountInString(in.Reason) > 200 {
			fe.Add("reason", services.MaxChars(200))
		}
		y0, y1 := yearBounds(v.Year)
		if _, err := time.Parse(time.DateOnly, in.Date); err != nil || in.Date < y0 || in.Date > y1 {
			fe.Add("date", services.NewProblem(services.ProblemDateInYear, services.Params{"year": v.Year}, "must be a date in %d like %d-03-01", v.Year, v.Year))
		}
		if err := fe.Err(); err != nil {
			return err
		}
		row := models.AssessmentAdjustment{AssessmentID: id, StaffID: in.StaffID, Points: in.Points, Reason: in.Reason,
			Date: in.Date, CreatedBy: actor.UserID, CreatedAt: s.clock().UTC()}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("add adjustment: %w", err)
		}
		out = viewAdjustment(row)
		return s.audit.Record(tx, actor, "create", "assessment_adjustment", row.ID, nil, out)
	})
	return out, err
}

// DeleteAdjustment removes a manual change of a scheme.
func (s *Assessments) DeleteAdjustment(ctx context.Context, actor services.Actor, id, adjustmentID uint64) error {
	if err := requireManager(actor); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var row models.AssessmentAdjustment
		if err := tx.Where("assessment_id = ?", id).First(&row, adjustmentID).Error; err != nil {
			return notFound(err, "adjustment", adjustmentID)
		}
		if err := tx.Delete(&models.AssessmentAdjustment{}, row.ID).Error; err != nil {
			return fmt.Errorf("delete adjustment %d: %w", row.ID, err)
		}
		return s.audit.Record(tx, actor, "delete", "assessment_adjustment", row.ID, viewAdjustment(row), nil)
	})
}

// schemeMembers is every member of the scheme's rule targets, in id order.
func schemeMembers(db *gorm.DB, v AssessmentView) ([]uint64, error) {
	ts, err := loadCounted(db, v.Year, 0, 0)
	if err != nil {
		return nil, err
	}
	var out []uint64
	for _, t := range ts {
		if slices.ContainsFunc(v.Rules, func(r AssessmentRule) bool { return r.TargetID == t.ID }) {
			out = append(out, t.members...)
		}
	}
	return uniqueIDs(out), nil
}

// AssessmentTemplates names the scheme templates FromTemplate knows.
var AssessmentTemplates = []string{"duty-statement"}

// FromTemplate creates the duty statement's scheme on a year's targets:
// base 100; outreach days (基层辅导天次) per percentage point, 1 bonus and 1
// penalty; paired stations (对口辅导文化站) 2 points per station short. The
// year needs the duty-statement targets (apply that target template first).
func (s *Assessments) FromTemplate(ctx context.Context, actor services.Actor, name string, year int) (AssessmentView, error) {
	if err := requireManager(actor); err != nil {
		return AssessmentView{}, err
	}
	if !slices.Contains(AssessmentTemplates, name) {
		return AssessmentView{}, services.FieldError("template", services.OneOf("duty-statement"))
	}
	if err := checkYear(year); err != nil {
		return AssessmentView{}, err
	}
	var ts []models.Target
	if err := s.db.WithContext(ctx).Where("year = ? AND scope = ?", year, string(ScopeEachStaff)).Order("id").
		Find(&ts).Error; err != nil {
		return AssessmentView{}, fmt.Errorf("load targets of %d: %w", year, err)
	}
	var rules []AssessmentRule
	for _, want := range []struct {
		metric Metric
		kinds  string
		rule   AssessmentRule
	}{
		{MetricPersonDays, "outreach", AssessmentRule{Method: MethodPerPoint, Bonus: 1, Penalty: 1}},
		{MetricPairedStations, "", AssessmentRule{Method: MethodPerUnit, Bonus: 0, Penalty: 2}},
	} {
		i := slices.IndexFunc(ts, func(t models.Target) bool { return Metric(t.Metric) == want.metric && t.Kinds == want.kinds })
		if i < 0 {
			return AssessmentView{}, services.Fail(services.Rule, services.ReasonNoDutyTarget, services.Params{"year": year, "metric": string(want.metric)}, "%d has no %s target of the duty statement; apply the duty-statement targets first", year, want.metric)
		}
		r := want.rule
		r.TargetID = ts[i].ID
		rules = append(rules, r)
	}
	return s.Create(ctx, actor, AssessmentInput{Year: year, Name: fmt.Sprintf("%d 年度业务考核", year),
		Period: models.PeriodYear, Base: 100, Rules: rules})
}
