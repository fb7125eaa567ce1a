package main

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"centerstage/models"
)

// The floor of counting: for each metric one grouped statement over the
// counted year, driven by the (kind, local_date) index of activities in a
// fixed join order (STRAIGHT_JOIN on MySQL, CROSS JOIN on SQLite), that
// returns the figures per member and month in which they became actual;
// statements shared by targets and official-return lines that count the
// same run once. The counting rules are DESIGN.md's: an activity of the
// kinds not cancelled in the year is actual when completed on or before the
// as-of date; person-days are distinct (member, date) pairs over the dates
// an activity touches; an edition (a lone activity or a series with the
// series split from it) belongs to the year of its first occurrence; a
// paired station counts when the member took part in an activity held
// there; an active team when it took part in one.

// monthCount is what one member (0: the center) has for one count.
type monthCount struct {
	Actual    [12]int
	Scheduled int
}

func (m monthCount) total() int {
	n := 0
	for _, a := range m.Actual {
		n += a
	}
	return n
}

// countSpec is one statement's worth of counting.
type countSpec struct {
	metric string
	kinds  []string
	each   bool
}

func (c countSpec) key() string { return fmt.Sprint(c.metric, c.kinds, c.each) }

type targetRow struct {
	ID     uint64
	Name   string
	Metric string
	Kinds  []string
	Scope  string
	Staff  string
}

// yearCount is the floor's counting of one year.
type yearCount struct {
	y0, y1, asOf string
	targets      []targetRow
	members      []uint64 // every active staff member and manager in the year
	counts       map[string]map[uint64]*monthCount
	official     []struct{ Code, Metric, Kinds string }
}

func splitKinds(s string) []string {
	if s == "" {
		return slices.Clone(models.Kinds)
	}
	return strings.Split(s, ",")
}

func asOfToday(loc *time.Location, year int) string {
	d := time.Now().In(loc).Format(time.DateOnly)
	y0, y1 := fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)
	return min(max(d, y0), y1)
}

// countYear counts the year's targets, and with official the official
// return's lines too, sharing the statements.
func (f *floor) countYear(ctx context.Context, year int, official bool) (*yearCount, error) {
	yc := &yearCount{y0: fmt.Sprintf("%d-01-01", year), y1: fmt.Sprintf("%d-12-31", year), asOf: asOfToday(f.loc, year),
		counts: map[string]map[uint64]*monthCount{}}
	rows, err := f.db.QueryContext(ctx, "SELECT id, name, metric, kinds, scope, staff_ids FROM targets WHERE year = ? ORDER BY id", year)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var t targetRow
		var kinds string
		if err := rows.Scan(&t.ID, &t.Name, &t.Metric, &kinds, &t.Scope, &t.Staff); err != nil {
			rows.Close()
			return nil, err
		}
		t.Kinds = splitKinds(kinds)
		yc.targets = append(yc.targets, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if yc.members, err = f.members(ctx, yc.y0, yc.y1); err != nil {
		return nil, err
	}
	specs := map[string]countSpec{}
	for _, t := range yc.targets {
		c := countSpec{t.Metric, t.Kinds, t.Scope == "each_staff" || t.Metric == "paired_stations"}
		specs[c.key()] = c
	}
	if official {
		rows, err := f.db.QueryContext(ctx, "SELECT code, metric, kinds FROM official_lines ORDER BY position")
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var l struct{ Code, Metric, Kinds string }
			if err := rows.Scan(&l.Code, &l.Metric, &l.Kinds); err != nil {
				rows.Close()
				return nil, err
			}
			yc.official = append(yc.official, l)
			c := countSpec{l.Metric, splitKinds(l.Kinds), l.Metric == "paired_stations"}
			specs[c.key()] = c
		}
		rows.Close()
	}
	for k, c := range specs {
		m, err := f.count(ctx, c, yc)
		if err != nil {
			return nil, fmt.Errorf("count %s: %w", k, err)
		}
		yc.counts[k] = m
	}
	return yc, nil
}

func (f *floor) members(ctx context.Context, y0, y1 string) ([]uint64, error) {
	rows, err := f.db.QueryContext(ctx, "SELECT id FROM users WHERE active = ? AND role IN ('staff', 'manager')"+
		" AND (joined_on IS NULL OR joined_on <= ?) AND (left_on IS NULL OR left_on >= ?) ORDER BY id", true, y1, y0)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []uint64
	for rows.Next() {
		var id uint64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// join is the join keyword that fixes the order on each engine.
func (f *floor) join() string {
	if f.mysql {
		return " STRAIGHT_JOIN "
	}
	return " CROSS JOIN "
}

func kindArgs(kinds []string) (string, []any) {
	args := make([]any, len(kinds))
	for i, k := range kinds {
		args[i] = k
	}
	return "(" + placeholders(len(kinds)) + ")", args
}

// count runs one metric's statement: rows of (member, month or NULL when
// only scheduled, actual, scheduled).
func (f *floor) count(ctx context.Context, c countSpec, yc *yearCount) (map[uint64]*monthCount, error) {
	in, ka := kindArgs(c.kinds)
	j := f.join()
	done := "CASE WHEN a.status = 'completed' AND a.local_date <= ? THEN a.local_date END"
	var q string
	var args []any
	year := " a.kind IN " + in + " AND a.local_date BETWEEN ? AND ? AND a.status <> 'cancelled'"
	yargs := append(slices.Clone(ka), yc.y0, yc.y1)
	switch c.metric {
	case "count", "attendance":
		wa, ws := "1", "1"
		if c.metric == "attendance" {
			wa, ws = "COALESCE(a.actual_attendance, 0)", "a.expected_attendance"
		}
		q = "SELECT 0, SUBSTR(" + done + ", 6, 2) AS m, SUM(CASE WHEN " + done + " IS NULL THEN 0 ELSE " + wa + " END)," +
			" SUM(CASE WHEN " + done + " IS NULL THEN " + ws + " ELSE 0 END) FROM activities a WHERE" + year + " GROUP BY m"
		args = append([]any{yc.asOf, yc.asOf, yc.asOf}, yargs...)
	case "person_days":
		// An activity touching the year started at most 93 days before it.
		lower := shiftDay(yc.y0, -93)
		q = "SELECT u.user_id, CASE WHEN u.done = 1 THEN SUBSTR(u.day, 6, 2) END AS m, SUM(u.done), SUM(1 - u.done) FROM (" +
			"SELECT s.user_id, d.day, MAX(CASE WHEN a.status = 'completed' AND d.day <= ? THEN 1 ELSE 0 END) AS done" +
			" FROM activities a" + j + "activity_days d" + j + "activity_staff s" +
			" WHERE d.activity_id = a.id AND s.activity_id = a.id AND a.kind IN " + in + " AND a.local_date BETWEEN ? AND ?" +
			" AND a.status <> 'cancelled' AND d.day BETWEEN ? AND ? GROUP BY s.user_id, d.day) u GROUP BY u.user_id, m"
		args = append(append([]any{yc.asOf}, ka...), lower, yc.y1, yc.y0, yc.y1)
	case "paired_stations":
		q = "SELECT u.user_id, SUBSTR(u.done, 6, 2) AS m, SUM(CASE WHEN u.done IS NULL THEN 0 ELSE 1 END)," +
			" SUM(CASE WHEN u.done IS NULL THEN 1 ELSE 0 END) FROM (SELECT s.user_id, a.station_id, MIN(" + done + ") AS done" +
			" FROM activities a" + j + "activity_staff s" + j + "station_staff ss" +
			" WHERE s.activity_id = a.id AND ss.station_id = a.station_id AND ss.user_id = s.user_id AND a.station_id IS NOT NULL AND" +
			year + " GROUP BY s.user_id, a.station_id) u GROUP BY u.user_id, m"
		args = append([]any{yc.asOf}, yargs...)
	case "active_teams":
		member, group := "0", "t.team_id"
		if c.each {
			member, group = "s.user_id", "s.user_id, t.team_id"
		}
		from := " FROM activities a" + j + "activity_teams t" + j + "teams tm"
		where := " WHERE t.activity_id = a.id AND tm.id = t.team_id AND tm.active = ? AND"
		if c.each {
			from += j + "activity_staff s"
			where += " s.activity_id = a.id AND"
		}
		q = "SELECT u.member, SUBSTR(u.done, 6, 2) AS m, SUM(CASE WHEN u.done IS NULL THEN 0 ELSE 1 END)," +
			" SUM(CASE WHEN u.done IS NULL THEN 1 ELSE 0 END) FROM (SELECT " + member + " AS member, MIN(" + done + ") AS done" +
			from + where + year + " GROUP BY " + group + ") u GROUP BY u.member, m"
		args = append([]any{yc.asOf, true}, yargs...)
	case "editions":
		if c.each {
			return nil, fmt.Errorf("the floor counts editions for the center only")
		}
		// Lone activities of the year, and every occurrence of the editions
		// that have one in the year (their first may be earlier: HAVING).
		lone := "SELECT a.id * 2 AS ekey, a.local_date AS first, " + done + " AS done FROM activities a WHERE a.edition_id IS NULL AND" + year
		// The year's editions first, then their occurrences through the
		// edition index: never every year of the kinds.
		eds := "SELECT a.edition_id * 2 + 1, a.local_date, " + done + " FROM (SELECT DISTINCT z.edition_id FROM activities z" +
			" WHERE z.kind IN " + in + " AND z.local_date BETWEEN ? AND ? AND z.edition_id IS NOT NULL) y" + j + "activities a" +
			" WHERE a.edition_id = y.edition_id AND a.kind IN " + in + " AND a.status <> 'cancelled'"
		q = "SELECT 0, SUBSTR(e.done, 6, 2) AS m, SUM(CASE WHEN e.done IS NULL THEN 0 ELSE 1 END), SUM(CASE WHEN e.done IS NULL THEN 1 ELSE 0 END)" +
			" FROM (SELECT u.ekey, MIN(u.done) AS done FROM (" + lone + " UNION ALL " + eds + ") u GROUP BY u.ekey" +
			" HAVING MIN(u.first) BETWEEN ? AND ?) e GROUP BY m"
		args = append(append(append(append([]any{yc.asOf}, yargs...), yc.asOf), append(slices.Clone(ka), yc.y0, yc.y1)...), ka...)
		args = append(args, yc.y0, yc.y1)
	default:
		return nil, fmt.Errorf("metric %q", c.metric)
	}
	rows, err := f.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[uint64]*monthCount{}
	for rows.Next() {
		var member uint64
		var m sql.NullString
		var actual, scheduled sql.NullInt64
		if err := rows.Scan(&member, &m, &actual, &scheduled); err != nil {
			return nil, err
		}
		mc := out[member]
		if mc == nil {
			mc = &monthCount{}
			out[member] = mc
		}
		if m.Valid && m.String != "" {
			var month int
			fmt.Sscanf(m.String, "%d", &month)
			mc.Actual[month-1] += int(actual.Int64)
		}
		mc.Scheduled += int(scheduled.Int64)
	}
	return out, rows.Err()
}

func shiftDay(d string, days int) string {
	t, _ := time.Parse(time.DateOnly, d)
	return t.AddDate(0, 0, days).Format(time.DateOnly)
}

// rowsOf is the progress of yc as the API's rows key it ("target/staff",
// staff 0 for the center): actual and scheduled, and actual month by month.
func (yc *yearCount) rowsOf() map[string]monthCount {
	out := map[string]monthCount{}
	for _, t := range yc.targets {
		each := t.Scope == "each_staff"
		m := yc.counts[countSpec{t.Metric, t.Kinds, each || t.Metric == "paired_stations"}.key()]
		if !each {
			var sum monthCount
			for _, mc := range m { // paired_stations for the center: every member's stations
				for i := range sum.Actual {
					sum.Actual[i] += mc.Actual[i]
				}
				sum.Scheduled += mc.Scheduled
			}
			out[fmt.Sprintf("%d/0", t.ID)] = sum
			continue
		}
		for _, u := range yc.members {
			var mc monthCount
			if p := m[u]; p != nil {
				mc = *p
			}
			out[fmt.Sprintf("%d/%d", t.ID, u)] = mc
		}
	}
	return out
}

// byKind counts the year's activities by kind and status, with the
// attendance of completed ones, as the tally lists them.
func (f *floor) byKind(ctx context.Context, yc *yearCount) (map[string][4]int, error) {
	in, ka := kindArgs(models.Kinds)
	rows, err := f.db.QueryContext(ctx, "SELECT kind, status, COUNT(*), SUM(COALESCE(actual_attendance, 0)) FROM activities"+
		" WHERE kind IN "+in+" AND local_date BETWEEN ? AND ? GROUP BY kind, status", append(ka, yc.y0, yc.y1)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][4]int{}
	for rows.Next() {
		var kind, status string
		var n, att int
		if err := rows.Scan(&kind, &status, &n, &att); err != nil {
			return nil, err
		}
		v := out[kind]
		switch status {
		case models.StatusPlanned:
			v[0] = n
		case models.StatusCompleted:
			v[1], v[3] = n, att
		case models.StatusCancelled:
			v[2] = n
		}
		out[kind] = v
	}
	return out, rows.Err()
}
