package counting

import (
	"context"
	"time"

	"centerstage/models"
	"centerstage/services"
)

// Dashboards answers the dashboards' questions (progress rows, the monthly
// report, the drill-down, the tally, assessment scores) from a cache of
// earlier answers when the data has not changed since (see services.Cache),
// and from the counting engine otherwise: the same answer either way, on
// every instance of a shared database.
//
// An answer is kept under what it depends on besides the data: the
// question and its parameters as asked, the caller's role, a staff
// member's id (staff see their own rows), and today's local date (an empty
// year or as-of date means this year and today).
type Dashboards struct {
	cache       *services.Cache
	progress    *Progress
	reports     *Reports
	assessments *Assessments
}

// NewDashboards returns the dashboards of progress, reports and
// assessments, kept in cache (nil: every call computes).
func NewDashboards(cache *services.Cache, progress *Progress, reports *Reports, assessments *Assessments) *Dashboards {
	return &Dashboards{cache: cache, progress: progress, reports: reports, assessments: assessments}
}

// CacheStats returns the counters of the dashboards' cache (zero without one).
func (d *Dashboards) CacheStats() services.CacheStats {
	if d.cache == nil {
		return services.CacheStats{}
	}
	return d.cache.Stats()
}

// dashKey names one cached answer.
type dashKey struct {
	op    string
	role  string
	staff uint64 // the caller's id when they are staff, else 0
	today string
	q     any // the question's parameters: a comparable value
}

func (d *Dashboards) key(op string, actor services.Actor, q any) dashKey {
	k := dashKey{op: op, role: actor.Role, today: services.LocalDate(d.progress.clock(), d.progress.loc), q: q}
	if actor.Role == models.RoleStaff {
		k.staff = actor.UserID
	}
	return k
}

// rowsPage and itemsPage hold a page and its total; their fields are
// exported for the cache to measure them.
type rowsPage struct {
	Rep   ProgressReport
	Total int64
}

// RowsPage is Progress.RowsPage.
func (d *Dashboards) RowsPage(ctx context.Context, actor services.Actor, q RowsQuery) (ProgressReport, int64, error) {
	v, err := services.Cached(ctx, d.cache, d.key("rows", actor, q), func(ctx context.Context) (rowsPage, error) {
		rep, total, err := d.progress.RowsPage(ctx, actor, q)
		return rowsPage{rep, total}, err
	})
	return v.Rep, v.Total, err
}

// Monthly is Progress.Monthly.
func (d *Dashboards) Monthly(ctx context.Context, actor services.Actor, q ProgressQuery) (MonthlyReport, error) {
	return services.Cached(ctx, d.cache, d.key("monthly", actor, q), func(ctx context.Context) (MonthlyReport, error) {
		return d.progress.Monthly(ctx, actor, q)
	})
}

type itemsPage struct {
	Items []ProgressItem
	Total int64
}

// Items is Progress.Items.
func (d *Dashboards) Items(ctx context.Context, actor services.Actor, q ItemsQuery) ([]ProgressItem, int64, error) {
	v, err := services.Cached(ctx, d.cache, d.key("items", actor, q), func(ctx context.Context) (itemsPage, error) {
		items, total, err := d.progress.Items(ctx, actor, q)
		return itemsPage{items, total}, err
	})
	return v.Items, v.Total, err
}

type tallyArgs struct {
	year int
	asOf string
}

// Tally is Reports.Tally; generated_at is the time of the call, kept or not.
func (d *Dashboards) Tally(ctx context.Context, actor services.Actor, year int, asOf string) (Tally, error) {
	t, err := services.Cached(ctx, d.cache, d.key("tally", actor, tallyArgs{year, asOf}), func(ctx context.Context) (Tally, error) {
		return d.reports.Tally(ctx, actor, year, asOf)
	})
	if err == nil {
		t.GeneratedAt = d.reports.clock().In(d.reports.loc).Truncate(time.Second)
	}
	return t, err
}

type scoresArgs struct {
	id uint64
	q  ScoresQuery
}

// Scores is Assessments.Scores.
func (d *Dashboards) Scores(ctx context.Context, actor services.Actor, id uint64, q ScoresQuery) (ScoreSheet, error) {
	return services.Cached(ctx, d.cache, d.key("scores", actor, scoresArgs{id, q}), func(ctx context.Context) (ScoreSheet, error) {
		return d.assessments.Scores(ctx, actor, id, q)
	})
}

// ScoresByMonth is Assessments.ScoresByMonth.
func (d *Dashboards) ScoresByMonth(ctx context.Context, actor services.Actor, id uint64, asOf string) ([]MonthScores, error) {
	return services.Cached(ctx, d.cache, d.key("scores_by_month", actor, scoresArgs{id, ScoresQuery{AsOf: asOf}}), func(ctx context.Context) ([]MonthScores, error) {
		return d.assessments.ScoresByMonth(ctx, actor, id, asOf)
	})
}
