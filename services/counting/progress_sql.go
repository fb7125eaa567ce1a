package counting

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

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
	mysql   bool     // MySQL or MariaDB rather than SQLite: how a join order is kept
	teams   []uint64 // active_teams: the active teams, whose participation in the year is read
}

// newUnitSpec is the unit query of t over per, on db's engine. For
// active_teams it looks the active teams up: their ids bound an index range
// of activity_teams by team_id and start_at on both engines (MariaDB reads
// a join on team_id through the team_id part of that index only, every year
// of the team).
func newUnitSpec(db *gorm.DB, t counted, per period, src *overlay) (unitSpec, error) {
	u := unitSpec{metric: t.Metric, kinds: t.kinds, y0: per.y0, y1: per.y1, asOf: per.asOf,
		each: t.Scope == ScopeEachStaff, members: t.members, src: src, mysql: db.Dialector.Name() == "mysql"}
	if t.Metric == MetricActiveTeams {
		u.teams = []uint64{}
		if err := db.Model(&models.Team{}).Where("active = ?", true).Order("id").Pluck("id", &u.teams).Error; err != nil {
			return u, fmt.Errorf("load active teams: %w", err)
		}
		u.teams = append(u.teams, 0) // never an empty list; no team has id 0
	}
	return u, nil
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
	ekeyLone   = "a.id * 2"
	ekeySeries = "a.edition_id * 2 + 1"
	ekeyA      = "(CASE WHEN a.edition_id IS NULL THEN " + ekeyLone + " ELSE " + ekeySeries + " END)"
)

// Every units query is driven by an index range of the counted year, so its
// cost grows with the year, not with the years before it: activities by
// (kind, local_date), their staff and teams by the start_at copied into
// activity_staff and activity_teams, and a series' first occurrence is
// looked up only for the series of the year. The join order is written, not
// left to the planner (STRAIGHT_JOIN on MySQL, CROSS JOIN on SQLite): on
// MariaDB the order chosen from sampled statistics could start from
// station_staff or teams and walk every year of their participation.
// Conditions on edition_id and station_id are written through COALESCE so
// that no planner reads every year through those columns' indexes.

// join writes an inner join that keeps the tables in the order written.
func (u unitSpec) join(b *sqlb) {
	if u.mysql {
		b.add(" STRAIGHT_JOIN ")
	} else {
		b.add(" CROSS JOIN ")
	}
}

// byIndex writes the hint that a stored table (just written with its
// alias) is read through the index named: the planners would rather walk
// the (kind, local_date) index over every year before the counted one.
func (u unitSpec) byIndex(b *sqlb, index string) {
	if u.mysql {
		b.add(" FORCE INDEX (" + index + ")")
	} else {
		b.add(" INDEXED BY " + index)
	}
}

// startBounds are UTC instants around the local dates [lo, hi] (either may
// be empty: unbounded): an activity of a local date in [lo, hi] starts in
// [t0, t1) whatever the center's time zone (offsets run from -12 to +14
// hours), so the start_at copied into the child tables bounds an index
// range while the local date stays the rule.
func startBounds(lo, hi string) (t0, t1 *time.Time) {
	if d, err := time.Parse(time.DateOnly, lo); err == nil {
		d = d.AddDate(0, 0, -1)
		t0 = &d
	}
	if d, err := time.Parse(time.DateOnly, hi); err == nil {
		d = d.AddDate(0, 0, 2)
		t1 = &d
	}
	return t0, t1
}

// startRange writes the conditions of startBounds on col.
func startRange(b *sqlb, col, lo, hi string) {
	t0, t1 := startBounds(lo, hi)
	if t0 != nil {
		b.add(" AND "+col+" >= ?", *t0)
	}
	if t1 != nil {
		b.add(" AND "+col+" < ?", *t1)
	}
}

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

// filterMembers reports whether the query itself keeps to the members. Such
// a query starts from the members' participation in the year
// (activity_staff by user_id and start_at) rather than from every activity
// of the year.
func (u unitSpec) filterMembers() bool { return u.each && len(u.members) <= maxMembersInSQL }

func (u unitSpec) member() string {
	if u.each {
		return "s.user_id"
	}
	return "0"
}

// sqlMembers is the member list for overlay tables, nil when not filtered.
func (u unitSpec) sqlMembers() []uint64 {
	if u.filterMembers() {
		return u.members
	}
	return nil
}

// from writes the activities a of the local dates [lo, hi] and, when staff
// is set, their participation s: from the members' participation when the
// query keeps to members, else from the activities. where then writes the
// conditions on s.
func (u unitSpec) from(b *sqlb, lo, hi string, staff bool) {
	if staff && u.filterMembers() {
		u.src.staff(b, u.members, lo, hi)
		b.add(" s")
		u.join(b)
		u.src.activitiesOf(b, u.kinds, lo, hi, u.members)
		b.add(" a ON a.id = s.activity_id")
		return
	}
	u.src.activitiesOf(b, u.kinds, lo, hi, u.sqlMembers())
	b.add(" a")
	if staff {
		u.join(b)
		u.src.staff(b, u.sqlMembers(), lo, hi)
		b.add(" s ON s.activity_id = a.id")
	}
}

// staffWhere writes the conditions on s of from: the members, and the
// participation's copied start within [lo, hi].
func (u unitSpec) staffWhere(b *sqlb, lo, hi string) {
	if u.filterMembers() {
		b.add(" AND s.user_id IN ?", u.members)
	}
	startRange(b, "s.start_at", lo, hi)
}

func (u unitSpec) activityUnits(b *sqlb) {
	wa, ws := "1", "1"
	if u.metric == MetricAttendance {
		wa, ws = "COALESCE(a.actual_attendance, 0)", "a.expected_attendance"
	}
	b.add("SELECT "+u.member()+" AS member, a.id AS unit_id, '' AS unit_day, "+doneActivity+
		" AS done, "+wa+" AS wa, "+ws+" AS ws FROM ", u.asOf)
	u.from(b, u.y0, u.y1, u.each)
	b.add(" WHERE a.status <> 'cancelled' AND a.kind IN ? AND a.local_date BETWEEN ? AND ?", u.kinds, u.y0, u.y1)
	if u.each {
		u.staffWhere(b, u.y0, u.y1)
	}
}

// personDayUnits counts distinct (member, date) pairs over every local date
// an activity touches, from the per-day rows kept on write. An activity may
// start up to countingMaxSpanDays before the year and run into it.
func (u unitSpec) personDayUnits(b *sqlb) {
	lo := shiftDate(u.y0, -countingMaxSpanDays)
	b.add("SELECT "+u.member()+" AS member, s.user_id AS unit_id, d.day AS unit_day, "+
		"MAX(CASE WHEN a.status = 'completed' AND d.day <= ? THEN d.day END) AS done, 1 AS wa, 1 AS ws FROM ", u.asOf)
	if u.filterMembers() {
		u.from(b, lo, u.y1, true)
		u.join(b)
		u.src.days(b, u.y0, u.y1, u.sqlMembers())
		b.add(" d ON d.activity_id = a.id")
	} else {
		u.src.activities(b, u.kinds, lo, u.y1)
		b.add(" a")
		u.join(b)
		u.src.days(b, u.y0, u.y1, nil)
		b.add(" d ON d.activity_id = a.id")
		u.join(b)
		u.src.staff(b, nil, lo, u.y1)
		b.add(" s ON s.activity_id = a.id")
	}
	b.add(" WHERE d.day BETWEEN ? AND ? AND a.status <> 'cancelled' AND a.kind IN ? AND a.local_date BETWEEN ? AND ?",
		u.y0, u.y1, u.kinds, lo, u.y1)
	u.staffWhere(b, lo, u.y1)
	b.add(" GROUP BY s.user_id, d.day")
}

// editionUnits counts editions: a lone activity, or a series with every
// series split from it (they share an edition_id). An edition belongs to the
// year of its first non-cancelled occurrence of the kinds: a lone activity
// to the year of its date; a series edition to the year when it has such an
// occurrence in the year and none before it, and then each of its
// occurrences from the year on counts for it (one of them completed by the
// as-of date makes it actual).
func (u unitSpec) editionUnits(b *sqlb) {
	b.add("SELECT "+u.member()+" AS member, "+ekeyLone+" AS unit_id, '' AS unit_day, "+doneActivity+
		" AS done, 1 AS wa, 1 AS ws FROM ", u.asOf)
	u.from(b, u.y0, u.y1, u.each)
	b.add(" WHERE COALESCE(a.edition_id, 0) = 0 AND a.status <> 'cancelled' AND a.kind IN ? AND a.local_date BETWEEN ? AND ?",
		u.kinds, u.y0, u.y1)
	if u.each {
		u.staffWhere(b, u.y0, u.y1)
	}
	b.add(" UNION ALL SELECT "+u.member()+" AS member, "+ekeySeries+" AS unit_id, '' AS unit_day, MIN("+doneActivity+
		") AS done, 1 AS wa, 1 AS ws FROM (SELECT DISTINCT z.edition_id FROM ", u.asOf)
	u.src.activities(b, u.kinds, u.y0, u.y1)
	b.add(" z WHERE COALESCE(z.edition_id, 0) <> 0 AND z.status <> 'cancelled' AND z.kind IN ? AND z.local_date BETWEEN ? AND ?) e",
		u.kinds, u.y0, u.y1)
	u.join(b)
	u.src.activities(b, u.kinds, u.y0, "")
	b.add(" a")
	if u.src == nil {
		u.byIndex(b, "idx_activities_edition")
	}
	b.add(" ON a.edition_id = e.edition_id")
	if u.each {
		u.join(b)
		u.src.staff(b, u.sqlMembers(), u.y0, "")
		b.add(" s ON s.activity_id = a.id")
	}
	b.add(" WHERE a.status <> 'cancelled' AND a.kind IN ? AND a.local_date >= ?", u.kinds, u.y0)
	if u.filterMembers() {
		b.add(" AND s.user_id IN ?", u.members)
	}
	b.add(" AND ")
	u.noEarlier(b, "e.edition_id")
	if u.each {
		b.add(" GROUP BY s.user_id, a.edition_id")
	} else {
		b.add(" GROUP BY a.edition_id")
	}
}

// noEarlier writes a condition true when no activity of the kinds (stored,
// or laid over them) of the edition in col, not cancelled, falls before the
// year: the edition's first occurrence is not before the year. Each probe
// reads one edition's occurrences. It is a scalar subquery, not NOT EXISTS,
// which MariaDB would turn into a materialized list of every series
// occurrence of every earlier year.
func (u unitSpec) noEarlier(b *sqlb, col string) {
	b.add("(SELECT 1 FROM activities p")
	u.byIndex(b, "idx_activities_edition")
	b.add(" WHERE p.edition_id = "+col+" AND p.status <> 'cancelled' AND p.kind IN ? AND p.local_date < ?", u.kinds, u.y0)
	if u.src != nil {
		b.add(" AND p.id NOT IN ?", u.src.hide)
	}
	b.add(" LIMIT 1) IS NULL")
	if u.src == nil {
		return
	}
	for _, x := range u.src.adds {
		a := x.a
		if a.EditionID != nil && a.Status != models.StatusCancelled && slices.Contains(u.kinds, a.Kind) && a.LocalDate < u.y0 {
			b.add(" AND "+col+" <> ?", *a.EditionID)
		}
	}
}

// teamUnits counts active teams with an activity of the kinds in the year:
// from the active teams' participation in the year (activity_teams by
// team_id and start_at), or from the members' participation in the year
// when the query keeps to a few members.
func (u unitSpec) teamUnits(b *sqlb) {
	b.add("SELECT "+u.member()+" AS member, t.team_id AS unit_id, '' AS unit_day, MIN("+doneActivity+
		") AS done, 1 AS wa, 1 AS ws FROM ", u.asOf)
	if u.filterMembers() {
		u.from(b, u.y0, u.y1, true)
		u.join(b)
		u.src.teams(b, u.teams, u.y0, u.y1)
		b.add(" t ON t.activity_id = a.id")
	} else {
		u.src.teams(b, u.teams, u.y0, u.y1)
		b.add(" t")
		u.join(b)
		u.src.activities(b, u.kinds, u.y0, u.y1)
		b.add(" a ON a.id = t.activity_id")
		if u.each {
			u.join(b)
			u.src.staff(b, nil, u.y0, u.y1)
			b.add(" s ON s.activity_id = a.id")
		}
	}
	u.join(b)
	b.add("teams tm ON tm.id = t.team_id WHERE t.team_id IN ?", u.teams)
	startRange(b, "t.start_at", u.y0, u.y1)
	b.add(" AND tm.active = ? AND a.status <> 'cancelled' AND a.kind IN ? AND a.local_date BETWEEN ? AND ?",
		true, u.kinds, u.y0, u.y1)
	if u.each {
		u.staffWhere(b, u.y0, u.y1)
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
	u.from(b, u.y0, u.y1, true)
	u.join(b)
	b.add("station_staff ss ON ss.station_id = a.station_id AND ss.user_id = s.user_id" +
		" WHERE COALESCE(a.station_id, 0) <> 0 AND a.status <> 'cancelled'")
	b.add(" AND a.kind IN ? AND a.local_date BETWEEN ? AND ?", u.kinds, u.y0, u.y1)
	u.staffWhere(b, u.y0, u.y1)
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
