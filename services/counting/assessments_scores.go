package counting

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// ScoresQuery selects what to score: the figures as of AsOf (empty: today,
// clamped into the scheme's year) and, for a monthly scheme, one Month
// (0: the month of the as-of date).
type ScoresQuery struct {
	AsOf  string
	Month int
}

// ScoreRule is one rule of a member's score with the figures it used: the
// member's own value (a monthly scheme: the month's due) and actual, the rate
// actual / value (nil when nothing was due) and the points it gave.
type ScoreRule struct {
	TargetID uint64   `json:"target_id"`
	Name     string   `json:"name"`
	Metric   Metric   `json:"metric"`
	Method   string   `json:"method"`
	Value    int      `json:"value"`
	Actual   int      `json:"actual"`
	Rate     *float64 `json:"rate"`
	Points   float64  `json:"points"`
}

// ScoreItem is one member's score: base + rule points + adjustments,
// clamped to the scheme's floor and ceiling, and the rank among members.
type ScoreItem struct {
	StaffID     uint64      `json:"staff_id"`
	StaffName   string      `json:"staff_name"`
	Total       float64     `json:"total"`
	Rank        int         `json:"rank"`
	Base        float64     `json:"base"`
	Adjustments float64     `json:"adjustments"`
	Rules       []ScoreRule `json:"rules"`
}

// ScoreSheet is the assessment sheet of a scheme as of a date.
type ScoreSheet struct {
	AssessmentID uint64      `json:"assessment_id"`
	Name         string      `json:"name"`
	Year         int         `json:"year"`
	Period       string      `json:"period"`
	AsOf         string      `json:"as_of"`
	Month        int         `json:"month,omitempty"`
	Items        []ScoreItem `json:"items"`
}

// MonthScores is the sheet of one month of a trend.
type MonthScores struct {
	Month int         `json:"month"`
	AsOf  string      `json:"as_of"`
	Items []ScoreItem `json:"items"`
}

// Scores scores every member of the scheme's targets from the progress rows
// (a year scheme) or the monthly statistics (a monthly scheme) of the
// counting engine, so each figure is one the dashboard shows and drills down.
// Staff get only their own item; its rank is among every member.
func (s *Assessments) Scores(ctx context.Context, actor services.Actor, id uint64, q ScoresQuery) (ScoreSheet, error) {
	v, per, month, err := s.scoresPeriod(ctx, actor, id, q)
	if err != nil {
		return ScoreSheet{}, err
	}
	cs, err := s.progress.compute(ctx, services.System, ProgressQuery{Year: v.Year, AsOf: per.asOf})
	if err != nil {
		return ScoreSheet{}, err
	}
	from, to := per.y0, per.asOf
	if month != 0 {
		from, to = monthBounds(v.Year, month)
	}
	adj, err := adjustmentSums(s.db.WithContext(ctx), v.ID, from, to)
	if err != nil {
		return ScoreSheet{}, err
	}
	sheet := ScoreSheet{AssessmentID: v.ID, Name: v.Name, Year: v.Year, Period: v.Period, AsOf: per.asOf, Month: month,
		Items: visibleScores(actor, score(v, cs, month, adj))}
	return sheet, nil
}

// ScoresByMonth is the trend of a scheme: a monthly scheme's score of each
// month up to the as-of date's, or a year scheme's score as of each month's
// end (the last one as of the as-of date itself).
func (s *Assessments) ScoresByMonth(ctx context.Context, actor services.Actor, id uint64, asOf string) ([]MonthScores, error) {
	v, per, _, err := s.scoresPeriod(ctx, actor, id, ScoresQuery{AsOf: asOf})
	if err != nil {
		return nil, err
	}
	last := monthOf(per.asOf)
	db := s.db.WithContext(ctx)
	out := make([]MonthScores, 0, last)
	var cs computed
	if v.Period == models.PeriodMonth {
		if cs, err = s.progress.compute(ctx, services.System, ProgressQuery{Year: v.Year, AsOf: per.asOf}); err != nil {
			return nil, err
		}
	}
	for m := 1; m <= last; m++ {
		from, to := monthBounds(v.Year, m)
		at, month := min(to, per.asOf), m
		if v.Period == models.PeriodYear {
			if cs, err = s.progress.compute(ctx, services.System, ProgressQuery{Year: v.Year, AsOf: at}); err != nil {
				return nil, err
			}
			from, to, month = per.y0, at, 0
		}
		adj, err := adjustmentSums(db, v.ID, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, MonthScores{Month: m, AsOf: at, Items: visibleScores(actor, score(v, cs, month, adj))})
	}
	return out, nil
}

// scoresPeriod loads the scheme and resolves the as-of date and the month.
func (s *Assessments) scoresPeriod(ctx context.Context, actor services.Actor, id uint64, q ScoresQuery) (AssessmentView, period, int, error) {
	if actor.Role == "" {
		return AssessmentView{}, period{}, 0, services.Fail(services.Forbidden, services.ReasonNotAllowed, nil, "not allowed")
	}
	_, v, err := assessmentRows.load(s.db.WithContext(ctx), id)
	if err != nil {
		return v, period{}, 0, err
	}
	per, err := s.progress.period(v.Year, q.AsOf)
	if err != nil {
		return v, per, 0, err
	}
	month := q.Month
	switch {
	case v.Period == models.PeriodYear && month != 0:
		return v, per, 0, services.FieldError("month", services.NewProblem(services.ProblemMonthlyOnly, nil, "only a monthly scheme scores one month"))
	case month < 0 || month > 12:
		return v, per, 0, services.FieldError("month", services.OutOfRange(1, 12))
	case v.Period == models.PeriodMonth && month == 0:
		month = monthOf(per.asOf)
	}
	return v, per, month, nil
}

func visibleScores(actor services.Actor, items []ScoreItem) []ScoreItem {
	if actor.Role != models.RoleStaff {
		return items
	}
	return slices.DeleteFunc(items, func(it ScoreItem) bool { return it.StaffID != actor.UserID })
}

// figures is what one rule reads for one member: value and actual.
type figures struct{ value, actual int }

// score applies the scheme to the counted figures: month 0 reads the
// progress rows, a month reads that month's due and actual.
func score(v AssessmentView, cs computed, month int, adj map[uint64]*big.Rat) []ScoreItem {
	byRule := map[uint64]map[uint64]figures{} // target -> member -> figures
	if month == 0 {
		for _, r := range cs.report().Rows {
			if r.StaffID != nil {
				put(byRule, r.TargetID, *r.StaffID, figures{r.Value, r.Actual})
			}
		}
	} else {
		for _, it := range cs.monthly().Items {
			if it.StaffID != nil {
				m := it.Months[month-1]
				put(byRule, it.TargetID, *it.StaffID, figures{m.Due, m.Actual})
			}
		}
	}
	targets := map[uint64]counted{}
	var members []uint64
	for _, t := range cs.targets {
		targets[t.ID] = t
	}
	for _, r := range v.Rules {
		members = append(members, targets[r.TargetID].members...)
	}
	base := ratOf(v.Base)
	items := []ScoreItem{}
	for _, m := range uniqueIDs(members) {
		it := ScoreItem{StaffID: m, StaffName: cs.names[m], Base: v.Base, Rules: []ScoreRule{}}
		total := new(big.Rat).Set(base)
		for _, r := range v.Rules {
			t, ok := targets[r.TargetID]
			if !ok || !slices.Contains(t.members, m) {
				continue // not a member of this rule's target
			}
			f := byRule[r.TargetID][m]
			pts, rate := rulePoints(r, f)
			total.Add(total, pts)
			it.Rules = append(it.Rules, ScoreRule{TargetID: t.ID, Name: t.Name, Metric: t.Metric, Method: r.Method,
				Value: f.value, Actual: f.actual, Rate: rate, Points: ratFloat(pts, 2)})
		}
		if a := adj[m]; a != nil {
			total.Add(total, a)
			it.Adjustments = ratFloat(a, 2)
		}
		total = clamp(total, v.Floor, v.Ceiling)
		it.Total = ratFloat(total, 2)
		items = append(items, it)
	}
	rank(items)
	return items
}

func put(m map[uint64]map[uint64]figures, target, member uint64, f figures) {
	if m[target] == nil {
		m[target] = map[uint64]figures{}
	}
	m[target][member] = f
}

// rulePoints turns figures into exact points. per_point: the completion
// rate's distance from 100% in percentage points, (actual - value) × 100 /
// value, times the bonus above or the penalty below; per_unit: the units
// above or short, times the bonus or penalty. Caps bound each side. Nothing
// due (value 0) gives no points and no rate.
func rulePoints(r AssessmentRule, f figures) (*big.Rat, *float64) {
	if f.value <= 0 {
		return new(big.Rat), nil
	}
	rate := round(float64(f.actual)/float64(f.value), 4)
	diff := new(big.Rat).SetInt64(int64(f.actual - f.value))
	if r.Method == MethodPerPoint {
		diff.Mul(diff, big.NewRat(100, int64(f.value)))
	}
	pts := new(big.Rat)
	switch diff.Sign() {
	case 1:
		pts.Mul(diff, ratOf(r.Bonus))
		if r.BonusCap != nil && pts.Cmp(ratOf(*r.BonusCap)) > 0 {
			pts = ratOf(*r.BonusCap)
		}
	case -1:
		pts.Mul(diff, ratOf(r.Penalty))
		if r.PenaltyCap != nil && pts.Cmp(ratOf(-*r.PenaltyCap)) < 0 {
			pts = ratOf(-*r.PenaltyCap)
		}
	}
	return pts, &rate
}

// clamp bounds a total to [floor, ceiling].
func clamp(total *big.Rat, floor float64, ceiling *float64) *big.Rat {
	if f := ratOf(floor); total.Cmp(f) < 0 {
		return f
	}
	if ceiling != nil {
		if c := ratOf(*ceiling); total.Cmp(c) > 0 {
			return c
		}
	}
	return total
}

// rank orders items by total, highest first, and gives equal totals (as
// shown, to 2 decimals) the same rank; the next rank skips: 1, 1, 3.
func rank(items []ScoreItem) {
	slices.SortStableFunc(items, func(a, b ScoreItem) int {
		switch {
		case a.Total > b.Total:
			return -1
		case a.Total < b.Total:
			return 1
		}
		return 0
	})
	for i := range items {
		if i > 0 && items[i].Total == items[i-1].Total {
			items[i].Rank = items[i-1].Rank
		} else {
			items[i].Rank = i + 1
		}
	}
}

// ratOf is the exact decimal a float was written as (0.1 is 1/10, not the
// binary fraction nearest to it).
func ratOf(x float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(x, 'f', -1, 64))
	if !ok {
		return new(big.Rat)
	}
	return r
}

// ratFloat rounds an exact number to places decimals, halves away from zero.
func ratFloat(r *big.Rat, places int) float64 {
	f, _ := strconv.ParseFloat(r.FloatString(places), 64)
	return f
}

// adjustmentSums adds up each member's adjustments dated from..to.
func adjustmentSums(db *gorm.DB, assessmentID uint64, from, to string) (map[uint64]*big.Rat, error) {
	var rows []models.AssessmentAdjustment
	if err := db.Where("assessment_id = ? AND date BETWEEN ? AND ?", assessmentID, from, to).
		Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load adjustments of assessment %d: %w", assessmentID, err)
	}
	out := map[uint64]*big.Rat{}
	for _, r := range rows {
		if out[r.StaffID] == nil {
			out[r.StaffID] = new(big.Rat)
		}
		out[r.StaffID].Add(out[r.StaffID], ratOf(r.Points))
	}
	return out, nil
}

// monthBounds returns the first and last local dates of a month.
func monthBounds(year, month int) (string, string) {
	return fmt.Sprintf("%04d-%02d-01", year, month), fmt.Sprintf("%04d-%02d-%02d", year, month, daysIn(year, month))
}

// monthOf is the month (1-12) of a local date.
func monthOf(date string) int {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 1
	}
	return int(d.Month())
}
