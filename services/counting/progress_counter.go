package counting

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"centerstage/models"
)

// counter runs the counting statements of one report, each at most once.
// Targets and official-return lines that count the same thing share one
// statement; the center's count and attendance of any kinds, and the
// tally's activities by kind, all come from one grouped read of the year's
// activities by kind, status and month; a paired_stations target's counts
// and its stations not visited yet come from one read of its units.
type counter struct {
	db   *gorm.DB
	per  period
	memo map[string]map[uint64]*memberCount
	// kindRows is the year's activities of kinds by kind, status and month
	// of done, read at the first use.
	kinds    []string
	kindRows []kindRow
	kindRead bool
}

// kindRow is the year's activities of one kind and status that became
// actual in month M (nil: not actual by the as-of date).
type kindRow struct {
	Kind       string
	Status     string
	M          *string
	N          int64
	Attendance int64 // the sum of actual_attendance, 0 where there is none
	Expected   int64
}

// newCounter counts over per; its grouped read by kind covers kinds.
func newCounter(db *gorm.DB, per period, kinds []string) *counter {
	return &counter{db: db, per: per, kinds: kinds, memo: map[string]map[uint64]*memberCount{}}
}

// centerKinds are the kinds the center's count and attendance targets
// count, in the order of models.Kinds: a progress report reads only those.
func centerKinds(targets []counted) []string {
	var out []string
	for _, kind := range models.Kinds {
		for _, t := range targets {
			if t.Scope == ScopeCenter && (t.Metric == MetricCount || t.Metric == MetricAttendance) && slices.Contains(t.kinds, kind) {
				out = append(out, kind)
				break
			}
		}
	}
	return out
}

// count is countTarget(db, t, per, nil), shared with every other target or
// line of the report that counts the same thing. The maps it returns are
// shared: callers only read them.
func (k *counter) count(t counted) (map[uint64]*memberCount, error) {
	if t.Scope == ScopeCenter && (t.Metric == MetricCount || t.Metric == MetricAttendance) && subset(t.kinds, k.kinds) {
		return k.centerActivities(t)
	}
	key := fmt.Sprint(t.Metric, "|", t.Scope, "|", t.kinds, "|", t.members)
	if c, ok := k.memo[key]; ok {
		return c, nil
	}
	c, err := countTarget(k.db, t, k.per, nil)
	if err != nil {
		return nil, err
	}
	k.memo[key] = c
	return c, nil
}

func subset(kinds, of []string) bool {
	for _, kind := range kinds {
		if !slices.Contains(of, kind) {
			return false
		}
	}
	return true
}

// readKinds reads the year's activities of the counter's kinds by kind,
// status and month of done: the units of count and attendance
// (activityUnits) summed per kind, cancelled ones included for the tally's
// lines by kind.
func (k *counter) readKinds() ([]kindRow, error) {
	if k.kindRead {
		return k.kindRows, nil
	}
	var b sqlb
	b.add("SELECT x.kind AS kind, x.status AS status, SUBSTR(x.done, 6, 2) AS m, COUNT(*) AS n,"+
		" SUM(x.wa) AS attendance, SUM(x.ws) AS expected FROM (SELECT a.kind AS kind, a.status AS status, "+doneActivity+
		" AS done, COALESCE(a.actual_attendance, 0) AS wa, a.expected_attendance AS ws FROM activities a"+
		" WHERE a.kind IN ? AND a.local_date BETWEEN ? AND ?) x GROUP BY x.kind, x.status, SUBSTR(x.done, 6, 2)",
		k.per.asOf, k.kinds, k.per.y0, k.per.y1)
	if err := k.db.Raw(b.String(), b.args...).Scan(&k.kindRows).Error; err != nil {
		return nil, fmt.Errorf("count activities by kind: %w", err)
	}
	k.kindRead = true
	return k.kindRows, nil
}

// centerActivities counts a center count or attendance target from the
// rows by kind: what countTarget's grouped query over activityUnits gives.
func (k *counter) centerActivities(t counted) (map[uint64]*memberCount, error) {
	rows, err := k.readKinds()
	if err != nil {
		return nil, err
	}
	out := map[uint64]*memberCount{}
	for _, r := range rows {
		if r.Status == models.StatusCancelled || !slices.Contains(t.kinds, r.Kind) {
			continue
		}
		wa, ws := r.N, r.N
		if t.Metric == MetricAttendance {
			wa, ws = r.Attendance, r.Expected
		}
		mc := countOf(out, 0)
		if r.M == nil {
			mc.scheduled += int(ws)
			continue
		}
		if m, err := strconv.Atoi(strings.TrimSpace(*r.M)); err == nil && m >= 1 && m <= 12 {
			mc.actual[m-1] += int(wa)
		}
	}
	return out, nil
}

// byKind counts the year's activities of each kind by their status now.
func (k *counter) byKind() ([]KindLine, error) {
	if !subset(models.Kinds, k.kinds) {
		k.kinds, k.kindRead = models.Kinds, false
	}
	rows, err := k.readKinds()
	if err != nil {
		return nil, err
	}
	out := make([]KindLine, len(models.Kinds))
	for i, kind := range models.Kinds {
		out[i].Kind = kind
		for _, r := range rows {
			if r.Kind != kind {
				continue
			}
			switch r.Status {
			case models.StatusPlanned:
				out[i].Planned += int(r.N)
			case models.StatusCompleted:
				out[i].Completed += int(r.N)
				out[i].Attendance += int(r.Attendance)
			case models.StatusCancelled:
				out[i].Cancelled += int(r.N)
			}
		}
	}
	return out, nil
}
