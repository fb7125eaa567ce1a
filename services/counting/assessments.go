package counting

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// Ways a rule turns a target's figures into points.
const (
	MethodPerPoint = "per_point" // per percentage point of completion rate above or below 100%
	MethodPerUnit  = "per_unit"  // per unit above the value or short of it
)

// Assessments keeps the assessment schemes (考核方案), their manual
// adjustments, and scores members from the counting engine's own figures.
type Assessments struct {
	store
	clock    services.Clock
	loc      *time.Location
	audit    *services.Audit
	progress *Progress
}

// NewAssessments returns the assessment service, scoring with progress.
func NewAssessments(db *gorm.DB, clock services.Clock, loc *time.Location, audit *services.Audit, progress *Progress) *Assessments {
	return &Assessments{store: newStore(db), clock: clock, loc: loc, audit: audit, progress: progress}
}

// AssessmentRule turns one target's figures into points. Bonus and Penalty
// are points per percentage point (per_point) or per unit (per_unit); a nil
// cap leaves that side unbounded.
type AssessmentRule struct {
	TargetID   uint64   `json:"target_id"`
	Method     string   `json:"method"`
	Bonus      float64  `json:"bonus"`
	Penalty    float64  `json:"penalty"`
	BonusCap   *float64 `json:"bonus_cap"`
	PenaltyCap *float64 `json:"penalty_cap"`
}

// AssessmentInput is the whole state of a scheme as a caller gives it.
type AssessmentInput struct {
	Year    int
	Name    string
	Period  string
	Base    float64
	Floor   *float64 // nil: 0
	Ceiling *float64 // nil: none
	Rules   []AssessmentRule
}

// AssessmentPatch changes some fields of a scheme; nil fields stay.
// ClearCeiling removes the ceiling.
type AssessmentPatch struct {
	Year         *int
	Name         *string
	Period       *string
	Base         *float64
	Floor        *float64
	Ceiling      *float64
	ClearCeiling bool
	Rules        *[]AssessmentRule
	Version      int64
}

// AssessmentView is a scheme as shown to readers.
type AssessmentView struct {
	ID        uint64           `json:"id"`
	Year      int              `json:"year"`
	Name      string           `json:"name"`
	Period    string           `json:"period"`
	Base      float64          `json:"base"`
	Floor     float64          `json:"floor"`
	Ceiling   *float64         `json:"ceiling"`
	Rules     []AssessmentRule `json:"rules"`
	Version   int64            `json:"version"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
}

func viewAssessment(a models.Assessment) (AssessmentView, error) {
	v := AssessmentView{ID: a.ID, Year: a.Year, Name: a.Name, Period: a.Period, Base: a.Base, Floor: a.Floor,
		Ceiling: a.Ceiling, Rules: []AssessmentRule{}, Version: a.Version, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
	if a.Rules != "" {
		if err := json.Unmarshal([]byte(a.Rules), &v.Rules); err != nil {
			return v, fmt.Errorf("assessment %d rules: %w", a.ID, err)
		}
	}
	return v, nil
}

// List returns the schemes of year (every year when 0), by year and id.
// Everyone may read schemes: staff see how they are scored.
func (s *Assessments) List(ctx context.Context, actor services.Actor, year int) ([]AssessmentView, error) {
	if actor.Role == "" {
		return nil, services.Fail(services.Forbidden, services.ReasonNotAllowed, nil, "not allowed")
	}
	q := s.db.WithContext(ctx).Order("year, id")
	if year != 0 {
		q = q.Where("year = ?", year)
	}
	var rows []models.Assessment
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list assessments: %w", err)
	}
	return assessmentRows.views(rows)
}

// Get returns one scheme.
func (s *Assessments) Get(ctx context.Context, actor services.Actor, id uint64) (AssessmentView, error) {
	if actor.Role == "" {
		return AssessmentView{}, services.Fail(services.Forbidden, services.ReasonNotAllowed, nil, "not allowed")
	}
	_, v, err := assessmentRows.load(s.db.WithContext(ctx), id)
	return v, err
}

// assessmentRows reads and writes schemes as versioned rows.
var assessmentRows = versioned[models.Assessment, AssessmentView]{what: "assessment", view: viewAssessment,
	key: func(a models.Assessment) rowKey { return rowKey{a.ID, a.Version, a.Name} }}

// Create adds a scheme. Managers and admins only.
func (s *Assessments) Create(ctx context.Context, actor services.Actor, in AssessmentInput) (AssessmentView, error) {
	return assessmentRows.create(ctx, s.store, s.audit, actor, func(tx *gorm.DB) (models.Assessment, error) {
		row, err := validAssessment(tx, in)
		row.Version, row.CreatedBy = 1, actor.UserID
		return row, err
	})
}

// Update applies a patch to a scheme, refusing a stale version.
func (s *Assessments) Update(ctx context.Context, actor services.Actor, id uint64, p AssessmentPatch) (AssessmentView, error) {
	return assessmentRows.update(ctx, s.store, s.audit, actor, id, p.Version,
		func(tx *gorm.DB, cur models.Assessment, before AssessmentView) (models.Assessment, error) {
			row, err := validAssessment(tx, p.apply(before))
			row.ID, row.Version, row.CreatedBy, row.CreatedAt = cur.ID, cur.Version+1, cur.CreatedBy, cur.CreatedAt
			return row, err
		})
}

func (p AssessmentPatch) apply(v AssessmentView) AssessmentInput {
	floor := v.Floor
	in := AssessmentInput{Year: v.Year, Name: v.Name, Period: v.Period, Base: v.Base, Floor: &floor,
		Ceiling: v.Ceiling, Rules: v.Rules}
	setIf(&in.Year, p.Year)
	setIf(&in.Name, p.Name)
	setIf(&in.Period, p.Period)
	setIf(&in.Base, p.Base)
	if p.Floor != nil {
		in.Floor = p.Floor
	}
	if p.Ceiling != nil {
		in.Ceiling = p.Ceiling
	}
	if p.ClearCeiling {
		in.Ceiling = nil
	}
	setIf(&in.Rules, p.Rules)
	return in
}

// Delete removes a scheme and its adjustments.
func (s *Assessments) Delete(ctx context.Context, actor services.Actor, id uint64) error {
	return assessmentRows.delete(ctx, s.store, s.audit, actor, id, func(tx *gorm.DB) error {
		if err := tx.Where("assessment_id = ?", id).Delete(&models.AssessmentAdjustment{}).Error; err != nil {
			return fmt.Errorf("delete adjustments of assessment %d: %w", id, err)
		}
		return nil
	})
}

// maxScore bounds every number of a scheme, so totals stay readable.
const maxScore = 100_000

// monthlyMetric reports whether a metric's monthly statistics are a flow
// that a month can be scored on. Active teams and paired stations are states
// over the year (a team counts once, in the month of its first activity), so
// a month's rate says nothing about that month's work.
func monthlyMetric(metric Metric) bool {
	return metric != MetricActiveTeams && metric != MetricPairedStations
}

// validAssessment checks in against the year's targets and returns the row
// to store. Syntax and rules are both checked here because the template and
// the command line bypass the server.
func validAssessment(tx *gorm.DB, in AssessmentInput) (models.Assessment, error) {
	fe := services.FieldErrors{}
	in.Name = strings.TrimSpace(in.Name)
	addYearProblem(fe, in.Year)
	checkName(fe, in.Name)
	if in.Period != models.PeriodYear && in.Period != models.PeriodMonth {
		fe.Add("period", services.OneOf(models.PeriodYear, models.PeriodMonth))
	}
	floor := 0.0
	if in.Floor != nil {
		floor = *in.Floor
	}
	checkScore(fe, "base", in.Base)
	checkScore(fe, "floor", floor)
	if in.Ceiling != nil {
		checkScore(fe, "ceiling", *in.Ceiling)
		if *in.Ceiling < floor {
			fe.Add("ceiling", services.NewProblem(services.ProblemNotBefore, services.Params{"field": "floor"}, "must not be below the floor"))
		}
	}
	if len(in.Rules) == 0 {
		fe.Add("rules", services.NewProblem(services.ProblemMinItems, services.Params{"n": 1}, "must have at least one rule"))
	}
	if len(in.Rules) > 50 {
		fe.Add("rules", services.MaxItems(50))
	}
	if err := checkRules(tx, fe, in); err != nil {
		return models.Assessment{}, err
	}
	if err := fe.Err(); err != nil {
		return models.Assessment{}, err
	}
	row := models.Assessment{Year: in.Year, Name: in.Name, Period: in.Period, Base: in.Base, Floor: floor,
		Ceiling: in.Ceiling, Rules: toJSON(in.Rules)}
	return row, nil
}

func checkScore(fe services.FieldErrors, field string, x float64) {
	if math.IsNaN(x) || math.Abs(x) > maxScore {
		fe.Add(field, services.NewProblem(services.ProblemOutOfRange, services.Params{"min": -maxScore, "max": maxScore}, "must be a number from -%d to %d", maxScore, maxScore))
	}
}

func checkPoints(fe services.FieldErrors, field string, x *float64) {
	if x == nil {
		return
	}
	if math.IsNaN(*x) || *x < 0 || *x > maxScore {
		fe.Add(field, services.NewProblem(services.ProblemOutOfRange, services.Params{"min": 0, "max": maxScore}, "must be a number from 0 to %d", maxScore))
	}
}

// checkRules checks each rule's method, numbers and target: an each_staff
// target of the scheme's year, named once, with a monthly meaning when the
// scheme scores months.
func checkRules(tx *gorm.DB, fe services.FieldErrors, in AssessmentInput) error {
	seen := map[uint64]bool{}
	for i, r := range in.Rules {
		f := func(name string) string { return fmt.Sprintf("rules[%d].%s", i, name) }
		if r.Method != MethodPerPoint && r.Method != MethodPerUnit {
			fe.Add(f("method"), services.OneOf(MethodPerPoint, MethodPerUnit))
		}
		checkPoints(fe, f("bonus"), &r.Bonus)
		checkPoints(fe, f("penalty"), &r.Penalty)
		checkPoints(fe, f("bonus_cap"), r.BonusCap)
		checkPoints(fe, f("penalty_cap"), r.PenaltyCap)
		if seen[r.TargetID] {
			fe.Add(f("target_id"), services.NewProblem(services.ProblemListedTwice, services.Params{"id": r.TargetID}, "another rule already scores this target"))
			continue
		}
		seen[r.TargetID] = true
		var t models.Target
		err := tx.First(&t, r.TargetID).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			fe.Add(f("target_id"), services.MissingRow(r.TargetID))
		case err != nil:
			return fmt.Errorf("check rule target %d: %w", r.TargetID, err)
		case t.Year != in.Year:
			fe.Add(f("target_id"), services.NewProblem(services.ProblemOtherYear, services.Params{"year": t.Year, "want": in.Year}, "is a target of %d, not of %d", t.Year, in.Year))
		case TargetScope(t.Scope) != ScopeEachStaff:
			fe.Add(f("target_id"), services.NewProblem(services.ProblemEachStaffNeeded, nil, "must be an each_staff target: members are scored on their own figures"))
		case in.Period == models.PeriodMonth && !monthlyMetric(Metric(t.Metric)):
			fe.Add(f("target_id"), services.NewProblem(services.ProblemNotMonthly, services.Params{"metric": t.Metric}, "a %s target has no monthly meaning; score it in a year scheme", t.Metric))
		}
	}
	return nil
}
