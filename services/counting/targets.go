package counting

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// Metric is what a target or an official line counts (see docs/counting.md).
// Its values are the codes stored in targets.metric and sent as "metric".
type Metric string

// Metrics a target can count.
const (
	MetricCount          Metric = "count"
	MetricEditions       Metric = "editions"
	MetricPersonDays     Metric = "person_days"
	MetricAttendance     Metric = "attendance"
	MetricActiveTeams    Metric = "active_teams"
	MetricPairedStations Metric = "paired_stations"
)

// Metrics lists every metric.
var Metrics = []Metric{MetricCount, MetricEditions, MetricPersonDays, MetricAttendance, MetricActiveTeams, MetricPairedStations}

// Valid reports whether m is one of Metrics.
func (m Metric) Valid() bool { return slices.Contains(Metrics, m) }

// TargetScope says whom a target counts: the whole center, or each of its
// staff members on their own. Its values are stored in targets.scope and sent
// as "scope"; it is not a series scope (services.SeriesScope).
type TargetScope string

// Scopes of a target.
const (
	ScopeCenter    TargetScope = "center"
	ScopeEachStaff TargetScope = "each_staff"
)

// TargetScopes lists every target scope.
var TargetScopes = []TargetScope{ScopeCenter, ScopeEachStaff}

// Valid reports whether s is one of TargetScopes.
func (s TargetScope) Valid() bool { return slices.Contains(TargetScopes, s) }

// codes turns a list of typed codes into the plain strings a problem's
// parameters and the glossary keys carry.
func codes[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Targets keeps the annual quota targets and their templates.
type Targets struct {
	store
	clock services.Clock
	audit *services.Audit
}

// NewTargets returns the targets service.
func NewTargets(db *gorm.DB, clock services.Clock, audit *services.Audit) *Targets {
	return &Targets{store: newStore(db), clock: clock, audit: audit}
}

// TargetInput is the whole state of a target as a caller gives it.
type TargetInput struct {
	Year        int
	Name        string
	Metric      Metric
	Kinds       []string
	Scope       TargetScope
	StaffIDs    []uint64
	Value       int
	MonthlyPlan []int // empty: the even split
}

// TargetPatch changes some fields of a target; nil fields stay. Version must
// match the stored row.
type TargetPatch struct {
	Year        *int
	Name        *string
	Metric      *Metric
	Kinds       *[]string
	Scope       *TargetScope
	StaffIDs    *[]uint64
	Value       *int
	MonthlyPlan *[]int // pointer to an empty list clears the plan back to the even split
	Version     int64
}

// TargetView is a target with its lists decoded.
type TargetView struct {
	ID          uint64      `json:"id"`
	Year        int         `json:"year"`
	Name        string      `json:"name"`
	Metric      Metric      `json:"metric"`
	Kinds       []string    `json:"kinds" enum:"kind"`
	Scope       TargetScope `json:"scope"`
	StaffIDs    []uint64    `json:"staff_ids"`
	Value       int         `json:"value"`
	MonthlyPlan []int       `json:"monthly_plan" nullable:"true" doc:"the plan as set; null when the value is split evenly"`
	Plan        [12]int     `json:"effective_plan"`
	Version     int64       `json:"version"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// viewTarget decodes a stored target. The lists were validated on write, so a
// decoding failure means the row was edited by hand; it is reported, not hidden.
func viewTarget(t models.Target) (TargetView, error) {
	v := TargetView{ID: t.ID, Year: t.Year, Name: t.Name, Metric: Metric(t.Metric), Scope: TargetScope(t.Scope), Value: t.Value,
		Version: t.Version, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt, Kinds: []string{}, StaffIDs: []uint64{}}
	if t.Kinds != "" {
		v.Kinds = strings.Split(t.Kinds, ",")
	}
	if t.StaffIDs != "" {
		if err := json.Unmarshal([]byte(t.StaffIDs), &v.StaffIDs); err != nil {
			return v, fmt.Errorf("target %d staff_ids: %w", t.ID, err)
		}
	}
	if t.MonthlyPlan != "" {
		if err := json.Unmarshal([]byte(t.MonthlyPlan), &v.MonthlyPlan); err != nil || len(v.MonthlyPlan) != 12 {
			return v, fmt.Errorf("target %d monthly_plan %q is not 12 numbers", t.ID, t.MonthlyPlan)
		}
	}
	v.Plan = effectivePlan(v.Value, v.MonthlyPlan)
	return v, nil
}

// effectivePlan is the monthly plan, or the value split evenly in whole
// numbers with the remainder given one by one to the earliest months.
func effectivePlan(value int, plan []int) [12]int {
	var p [12]int
	if len(plan) == 12 {
		copy(p[:], plan)
		return p
	}
	for m := range p {
		p[m] = value / 12
		if m < value%12 {
			p[m]++
		}
	}
	return p
}

// List returns the targets of year (every year when 0), by year and id.
func (s *Targets) List(ctx context.Context, actor services.Actor, year int, page services.Page) ([]TargetView, int64, error) {
	q := s.db.WithContext(ctx).Model(&models.Target{})
	if year != 0 {
		q = q.Where("year = ?", year)
	}
	rows, total, err := services.FindPage[models.Target](q, page, "year, id", "targets")
	if err != nil {
		return nil, 0, err
	}
	out, err := targetRows.views(rows)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// Get returns one target.
func (s *Targets) Get(ctx context.Context, actor services.Actor, id uint64) (TargetView, error) {
	_, v, err := targetRows.load(s.db.WithContext(ctx), id)
	return v, err
}

// Create adds a target. Managers and admins only.
func (s *Targets) Create(ctx context.Context, actor services.Actor, in TargetInput) (TargetView, error) {
	return targetRows.create(ctx, s.store, s.audit, actor, func(tx *gorm.DB) (models.Target, error) {
		row, err := s.validTarget(tx, in)
		row.Version = 1
		return row, err
	})
}

// Update applies a patch to a target, refusing a stale version.
func (s *Targets) Update(ctx context.Context, actor services.Actor, id uint64, p TargetPatch) (TargetView, error) {
	return targetRows.update(ctx, s.store, s.audit, actor, id, p.Version,
		func(tx *gorm.DB, cur models.Target, before TargetView) (models.Target, error) {
			row, err := s.validTarget(tx, p.apply(before))
			row.ID, row.Version, row.CreatedAt = cur.ID, cur.Version+1, cur.CreatedAt
			return row, err
		})
}

// targetRows reads and writes targets as versioned rows.
var targetRows = versioned[models.Target, TargetView]{what: "target", view: viewTarget,
	key: func(t models.Target) rowKey { return rowKey{t.ID, t.Version, t.Name} }}

func (p TargetPatch) apply(v TargetView) TargetInput {
	in := TargetInput{Year: v.Year, Name: v.Name, Metric: v.Metric, Kinds: v.Kinds, Scope: v.Scope,
		StaffIDs: v.StaffIDs, Value: v.Value, MonthlyPlan: v.MonthlyPlan}
	setIf(&in.Year, p.Year)
	setIf(&in.Name, p.Name)
	setIf(&in.Metric, p.Metric)
	setIf(&in.Kinds, p.Kinds)
	setIf(&in.Scope, p.Scope)
	setIf(&in.StaffIDs, p.StaffIDs)
	setIf(&in.Value, p.Value)
	setIf(&in.MonthlyPlan, p.MonthlyPlan)
	return in
}

// Delete removes a target.
func (s *Targets) Delete(ctx context.Context, actor services.Actor, id uint64) error {
	return targetRows.delete(ctx, s.store, s.audit, actor, id, nil)
}

// validTarget checks in and returns the row to store. Syntax and rules are
// both checked here because templates and the command line bypass the server.
func (s *Targets) validTarget(tx *gorm.DB, in TargetInput) (models.Target, error) {
	fe := services.FieldErrors{}
	in.Name = strings.TrimSpace(in.Name)
	addYearProblem(fe, in.Year)
	checkName(fe, in.Name)
	if !in.Metric.Valid() {
		fe.Add("metric", services.OneOf(codes(Metrics)...))
	}
	switch {
	case !in.Scope.Valid():
		fe.Add("scope", services.NewProblem(services.ProblemOneOf, services.Params{"values": codes(TargetScopes)}, "must be center or each_staff"))
	case in.Scope == ScopeCenter:
		if in.Metric == MetricPairedStations {
			fe.Add("scope", services.NewProblem(services.ProblemPairedEachStaff, nil, "paired_stations is counted per staff member; use each_staff"))
		}
		if len(in.StaffIDs) > 0 {
			fe.Add("staff_ids", services.NewProblem(services.ProblemEachStaffOnly, nil, "only an each_staff target names staff"))
		}
	}
	kinds, bad := normalKinds(in.Kinds)
	if bad != "" {
		fe.Add("kinds", services.NewProblem(services.ProblemOneOf, services.Params{"values": models.Kinds}, "unknown kind %q", bad))
	}
	if in.Value <= 0 || in.Value > 10_000_000 {
		fe.Add("value", services.OutOfRange(1, 10_000_000))
	}
	if len(in.MonthlyPlan) == 0 {
		in.MonthlyPlan = nil // an empty plan is the even split, on create as on update
	}
	checkPlan(fe, in.MonthlyPlan, in.Value)
	staff := uniqueIDs(in.StaffIDs)
	if len(fe) == 0 && len(staff) > 0 {
		var n int64
		if err := tx.Model(&models.User{}).Where("id IN ?", staff).Count(&n).Error; err != nil {
			return models.Target{}, fmt.Errorf("check target staff: %w", err)
		}
		var viewers []uint64
		if err := tx.Model(&models.User{}).Where("id IN ? AND role = ?", staff, models.RoleViewer).Order("id").Pluck("id", &viewers).Error; err != nil {
			return models.Target{}, fmt.Errorf("check target staff roles: %w", err)
		}
		switch {
		case len(viewers) > 0:
			fe.Add("staff_ids", services.NewProblem(services.ProblemViewer, services.Params{"id": viewers[0]}, "%d is a viewer account and cannot take part", viewers[0]))
		case int(n) != len(staff):
			fe.Add("staff_ids", services.NewProblem(services.ProblemNotFound, nil, "names a user that does not exist"))
		}
	}
	if err := fe.Err(); err != nil {
		return models.Target{}, err
	}
	row := models.Target{Year: in.Year, Name: in.Name, Metric: string(in.Metric), Kinds: strings.Join(kinds, ","),
		Scope: string(in.Scope), Value: in.Value}
	if len(staff) > 0 {
		row.StaffIDs = toJSON(staff)
	}
	if in.MonthlyPlan != nil {
		row.MonthlyPlan = toJSON(in.MonthlyPlan)
	}
	return row, nil
}

func checkPlan(fe services.FieldErrors, plan []int, value int) {
	if plan == nil {
		return
	}
	if len(plan) != 12 {
		fe.Add("monthly_plan", services.NewProblem(services.ProblemLenItems, services.Params{"n": 12}, "must have 12 numbers, one per month"))
		return
	}
	sum := 0
	for _, n := range plan {
		if n < 0 {
			fe.Add("monthly_plan", services.NewProblem(services.ProblemMin, services.Params{"n": 0}, "must not be negative"))
			return
		}
		sum += n
	}
	if sum != value {
		fe.Add("monthly_plan", services.NewProblem(services.ProblemPlanSum, services.Params{"sum": sum, "value": value}, "sums to %d, not to the value %d", sum, value))
	}
}

// normalKinds dedupes kinds into the canonical order of models.Kinds and
// returns the first unknown one, if any.
func normalKinds(kinds []string) ([]string, string) {
	var out []string
	for _, k := range kinds {
		if !slices.Contains(models.Kinds, k) {
			return nil, k
		}
	}
	for _, k := range models.Kinds {
		if slices.Contains(kinds, k) {
			out = append(out, k)
		}
	}
	return out, ""
}
