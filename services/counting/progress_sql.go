package counting

import (
	"slices"
	"strings"

	"centerstage/models"
)

// The counting rules are written once, as one SQL "units" query per metric.
// A unit is what a metric counts: an activity (count, attendance), a
// (member, date) pair (person_days), an edition, a team or a station. Each
// units row is (member, unit_id, unit_day, done, wa, ws):
//
//   - member: the staff member of an each_staff target, 0 for the center;
//   - unit_id, unit_day: identify the unit (unit_day only for person_days);
//   - done: the local date on which the unit became actual (NULL: not actual);
//   - wa, ws: what the unit adds to actual, or to scheduled when not actual.
//
// Progress, the monthly report, the tally and the dry-run impact aggregate
// these rows in SQL (grouped by member and month of done); the drill-down
// lists them. So every number can be traced to its units, and the rules
// cannot drift between reports.

// sqlb builds one SQL statement with its positional arguments in order.
type sqlb struct {
	sb   strings.Builder
	args []any
}

func (b *sqlb) add(s string, args ...any) {
	b.sb.WriteString(s)
	b.args = append(b.args, args...)
}

func (b *sqlb) String() string { return b.sb.String() }

// unitSpec says what to count: one target (or one official-return line) for
// one year as of one date, optionally restricted to some members.
type unitSpec struct {
	metric  Metric
	kinds   []string // never empty: every kind when the target names none
	y0, y1  string   // first and last local date of the year
	asOf    string   // local date D
	each    bool     // each_staff: one set of units per member
	members []uint64 // each_staff: the members counted
	src     *overlay // nil: the stored tables
}

// countingMaxSpanDays bounds how many days before the year an activity may
// start and still touch it (activities last at most 92 days).
const countingMaxSpanDays = 93

func kindsOrAll(kinds []string) []string {
	// Naming every kind keeps the (kind, local_date) index usable.
	if len(kinds) == 0 {
		return slices.Clone(models.Kinds) // never hand out the shared list
	}
	return kinds
}

const (
	doneActivity = "CASE WHEN a.status = 'completed' AND a.local_date <= ? THEN a.local_date END"
	// An edition's key: a lone activity 2*id, an edition of series (a series
	// and every series split from it) 2*edition_id+1.
	ekeyA = "(CASE WHEN a.edition_id IS NULL THEN a.id * 2 ELSE a.edition_id * 2 + 1 END)"
	ekeyX = "(CASE WHEN x.edition_id IS NULL THEN x.id * 2 ELSE x.edition_id * 2 + 1 END)"
)

// units writes the units query of u.
func (u unitSpec) units(b *sqlb) {
	switch u.metric {
	case MetricCount, MetricAttendance:
		u.activityUnits(b)
	case MetricPersonDays:
		u.personDayUnits(b)
	case MetricEditions:
		u.editionUnits(b)
	case MetricActiveTeams:
		u.teamUnits(b)
	case MetricPairedStations:
		u.stationUnits(b)
	default:
		// Validation keeps unknown metrics out; count nothing rather than guess.
		b.add("SELECT 0 AS member, 0 AS unit_id, '' AS unit_day, NULL AS done, 0 AS wa, 0 AS ws WHERE 1 = 0")
	}
}

// maxMembersInSQL bounds the member lists given to SQL as IN (...): SQLite
// probes the primary key once per listed value, so a list of every staff
// member is slower than reading all participation and dropping the rest
// after grouping (countTarget does).
const maxMembersInSQL = 32

// filterMembers reports whether the query itself keeps to the members.
func (u unitSpec) filterMembers() bool { return u.each && len(u.members) <= maxMembersInSQL }

func (u unitSpec) member() string {
	if u.each {
		return "s.user_id"
	}
	return "0"
}

// staffJoin joins the member's participation (organizer included) for
// each_staff targets.
func (u unitSpec) staffJoin(b *sqlb) {
	if !u.each {
		return
	}
	b.add(" JOIN ")
	u.src.staff(b, u.sqlMembers())
	b.add(" s ON s.activity_id = a.id")
	if u.filterMembers() {
		b.add(" AND s.user_id IN ?", u.members)
	}
}

// sqlMembers is the member list for overlay tables, nil when not filtered.
func (u unitSpec) sqlMembers() []uint64 {
	if u.filterMembers() {
		return u.members
	}
	return nil
}

func (u unitSpec) activityUnits(b *sqlb) {
	wa, ws := "1", "1"
	if u.metric == MetricAttendance {
		wa, ws = "COALESCE(a.actual_attendance, 0)", "a.expected_attendance"
	}
	b.add("SELECT "+u.member()+" AS member, a.id AS unit_id, '' AS unit_day, "+doneActivity+
		" AS done, "+wa+" AS wa, "+ws+" AS ws FROM ", u.asOf)
	u.src.activities(b, u.kinds, u.y0, u.y1)
	b.add(" a")
	u.staffJoin(b)
	b.add(" WHERE a.status <> 'cancelled' AND a.kind IN ? AND a.local_date BETWEEN ? AND ?", u.kinds, u.y0, u.y1)
}

// personDayUnits counts distinct (member, date) pairs over every local date
// an activity touches, from the per-day rows kept on write.
func (u unitSpec) personDayUnits(b *sqlb) {
	b.add("SELECT "+u.member()+" AS member, s.user_id AS unit_id, d.day AS unit_day, "+
		"MAX(CASE WHEN a.status = 'completed' AND d.day <= ? THEN d.day END) AS done, 1 AS wa, 1 AS ws FROM ", u.asOf)
	u.src.days(b, u.y0, u.y1, u.sqlMembers())
	b.add(" d JOIN ")
	// An activity may start before the year and run into it.
	u.src.activitiesOf(b, u.kinds, shiftDate(u.y0, -countingMaxSpanDays), u.y1, u.sqlMembers())
	b.add(" a ON a.id = d.activity_id JOIN ")
	u.src.staff(b, u.sqlMembers())
	b.add(" s ON s.activity_id = a.id WHERE d.day BETWEEN ? AND ? AND a.status <> 'cancelled' AND a.kind IN ?",
		u.y0, u.y1, u.kinds)
	if u.filterMembers() {
		b.add(" AND s.user_id IN ?", u.members)
	}
	b.add(" GROUP BY s.user_id, d.day")
}

// editionUnits counts editions: a lone activity, or a series with every
// series split from it (they share an edition_id). An edition belongs to the
// year of its first non-cancelled occurrence of the kinds, so only editions
// with such an occurrence in the year can belong to it.
func (u unitSpec) editionUnits(b *sqlb) {
	b.add("SELECT "+u.member()+" AS member, e.ekey AS unit_id, '' AS unit_day, MIN("+doneActivity+
		") AS done, 1 AS wa, 1 AS ws FROM ", u.asOf)
	u.src.activities(b, u.kinds, "", "")
	b.add(" a JOIN (SELECT " + ekeyX + " AS ekey, MIN(x.local_date) AS first FROM ")
	u.src.activities(b, u.kinds, "", "")
	b.add(" x WHERE x.status <> 'cancelled' AND x.kind IN ? AND ((x.edition_id IS NULL AND x.local_date BETWEEN ? AND ?)"+
		" OR x.edition_id IN (SELECT z.edition_id FROM ", u.kinds, u.y0, u.y1)
	u.src.activities(b, u.kinds, u.y0, u.y1)
	b.add(" z WHERE z.edition_id IS NOT NULL AND z.kind IN ? AND z.local_date BETWEEN ? AND ?))", u.kinds, u.y0, u.y1)
	b.add(" GROUP BY "+ekeyX+" HAVING MIN(x.local_date) BETWEEN ? AND ?) e ON e.ekey = "+ekeyA, u.y0, u.y1)
	u.staffJoin(b)
	b.add(" WHERE a.status <> 'cancelled' AND a.kind IN ? AND a.local_date >= ?", u.kinds, u.y0)
	if u.each {
		b.add(" GROUP BY s.user_id, e.ekey")
	} else {
		b.add(" GROUP BY e.ekey")
	}
}

// teamUnits counts active teams with an activity of the kinds in the year.
func (u unitSpec) teamUnits(b *sqlb) {
	b.add("SELECT "+u.member()+" AS member, t.team_id AS unit_id, '' AS unit_day, MIN("+doneActivity+
		") AS done, 1 AS wa, 1 AS ws FROM ", u.asOf)
	u.src.activities(b, u.kinds, u.y0, u.y1)
	b.add(" a JOIN ")
	u.src.teams(b)
	b.add(" t ON t.activity_id = a.id JOIN teams tm ON tm.id = t.team_id")
	u.staffJoin(b)
	b.add(" WHERE a.status <> 'cancelled' AND a.kind IN ? AND a.local_date BETWEEN ? AND ? AND tm.active = ?",
		u.kinds, u.y0, u.y1, true)
	if u.each {
		b.add(" GROUP BY s.user_id, t.team_id")
	} else {
		b.add(" GROUP BY t.team_id")
	}
}

// stationUnits counts the member's paired stations where the member took
// part in an activity of the kinds held at that station.
func (u unitSpec) stationUnits(b *sqlb) {
	b.add("SELECT s.user_id AS member, a.station_id AS unit_id, '' AS unit_day, MIN("+doneActivity+
		") AS done, 1 AS wa, 1 AS ws FROM ", u.asOf)
	u.src.activities(b, u.kinds, u.y0, u.y1)
	b.add(" a JOIN ")
	u.src.staff(b, u.sqlMembers())
	b.add(" s ON s.activity_id = a.id JOIN station_staff ss ON ss.station_id = a.station_id AND ss.user_id = s.user_id"+
		" WHERE a.station_id IS NOT NULL AND a.status <> 'cancelled' AND a.kind IN ? AND a.local_date BETWEEN ? AND ?", u.kinds, u.y0, u.y1)
	if u.filterMembers() {
		b.add(" AND s.user_id IN ?", u.members)
	}
	b.add(" GROUP BY s.user_id, a.station_id")
}

// aggregate writes the grouped totals of u's units per member and month in
// which they became actual; the NULL month holds what is only scheduled.
func (u unitSpec) aggregate(b *sqlb) {
	b.add("SELECT u.member AS member, SUBSTR(u.done, 6, 2) AS m," +
		" SUM(CASE WHEN u.done IS NULL THEN 0 ELSE u.wa END) AS actual," +
		" SUM(CASE WHEN u.done IS NULL THEN u.ws ELSE 0 END) AS scheduled FROM (")
	u.units(b)
	b.add(") u GROUP BY u.member, SUBSTR(u.done, 6, 2)")
}
