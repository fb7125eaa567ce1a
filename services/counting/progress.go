package counting

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// Target statuses of a progress row.
const (
	StatusMet     = "met"
	StatusOnTrack = "on_track"
	StatusAtRisk  = "at_risk"
	StatusBehind  = "behind"
)

// Progress measures the year's targets against the calendar: progress rows,
// the monthly report with rollover, the drill-down and the dry-run impact.
type Progress struct {
	store
	clock services.Clock
	loc   *time.Location
}

// NewProgress returns the counting engine for a center in time zone loc.
func NewProgress(db *gorm.DB, clock services.Clock, loc *time.Location) *Progress {
	return &Progress{store: newStore(db), clock: clock, loc: loc}
}

// ProgressQuery selects progress rows. Zero Year is the current year; empty
// AsOf is today clamped into the year; StaffID narrows each_staff rows to one
// member; TargetID to one target.
type ProgressQuery struct {
	Year     int
	AsOf     string
	StaffID  uint64
	TargetID uint64
}

// ProgressRow is one target for the center or for one member, as of a date.
type ProgressRow struct {
	TargetMember
	Actual         int     `json:"actual"`
	Scheduled      int     `json:"scheduled"`
	Projected      int     `json:"projected"`
	ExpectedToDate float64 `json:"expected_to_date"`
	CompletionRate float64 `json:"completion_rate"`
	Gap            int     `json:"gap"`
	Status         string  `json:"status" enum:"progress"`
	// OpenStations are, for paired_stations, the member's paired stations
	// not visited yet (no completed activity there as of the date).
	OpenStations []OpenStation `json:"open_stations,omitempty"`
}

// OpenStation is a paired station not visited yet; Scheduled when a visit
// is on the calendar.
type OpenStation struct {
	ID        uint64 `json:"id"`
	Name      string `json:"name"`
	Scheduled bool   `json:"scheduled"`
}

// ProgressReport is the progress of a year's targets as of a date.
type ProgressReport struct {
	Year int           `json:"year"`
	AsOf string        `json:"as_of"`
	Rows []ProgressRow `json:"items"`
}

// counted is a target ready to count: decoded, with its members resolved.
type counted struct {
	TargetView
	kinds   []string
	members []uint64 // each_staff: members in id order (those who were members in the year)
	// dates are the membership dates of the members that have any; terms
	// the pro-rated value and plan of those who were members for only part
	// of the year (see termsOf).
	dates map[uint64][2]*string
	terms map[uint64]memberTerms
}

// memberCount is what one member (0: the center) has for one target.
type memberCount struct {
	actual    [12]int // became actual in each month, up to the as-of date
	scheduled int
}

func (m *memberCount) total() int {
	n := 0
	for _, a := range m.actual {
		n += a
	}
	return n
}

// period is the year being counted and the as-of date within it.
type period struct {
	year   int
	y0, y1 string
	asOf   string
}

// period checks year and asOf and fills the defaults from the clock.
func (p *Progress) period(year int, asOf string) (period, error) {
	if year == 0 {
		year = p.clock().In(p.loc).Year()
	}
	if err := checkYear(year); err != nil {
		return period{}, err
	}
	d, err := resolveAsOf(year, asOf, p.clock(), p.loc)
	if err != nil {
		return period{}, err
	}
	y0, y1 := yearBounds(year)
	return period{year: year, y0: y0, y1: y1, asOf: d}, nil
}

// Rows returns one row per target and scope member. Staff see the center's
// rows and their own; everyone else sees every row.
func (p *Progress) Rows(ctx context.Context, actor services.Actor, q ProgressQuery) (ProgressReport, error) {
	cs, err := p.compute(ctx, actor, q)
	if err != nil {
		return ProgressReport{}, err
	}
	return cs.report(), nil
}

// RowsQuery selects one page of progress rows: the rows of ProgressQuery,
// kept to one Status when it is not empty, then paged.
type RowsQuery struct {
	ProgressQuery
	Status string // met, on_track, at_risk or behind; empty: every status
	Page   services.Page
}

// RowStatuses are the statuses a progress row can have, from best to worst.
var RowStatuses = []string{StatusMet, StatusOnTrack, StatusAtRisk, StatusBehind}

// RowsPage returns one page of the rows Rows returns, in the same order
// (target id, then staff id; the center row is its target's only row), and
// the number of rows on all pages after the status filter.
//
// Without a status filter the page is cut before counting: how many rows a
// target has is known from its members alone, so only the targets (and, of
// each_staff targets, only the members) on the page are counted. A status
// is only known after counting, so with a status filter every row is
// computed, filtered and then cut.
func (p *Progress) RowsPage(ctx context.Context, actor services.Actor, q RowsQuery) (ProgressReport, int64, error) {
	if q.Status != "" && !slices.Contains(RowStatuses, q.Status) {
		return ProgressReport{}, 0, services.FieldError("status", services.OneOf(RowStatuses...))
	}
	cs, err := p.load(ctx, actor, q.ProgressQuery)
	if err != nil {
		return ProgressReport{}, 0, err
	}
	offset, limit := q.Page.Bounds()
	db := p.db.WithContext(ctx)
	if q.Status == "" {
		total := 0
		for _, t := range cs.targets {
			total += len(rowMembers(t))
		}
		cs.targets = window(cs.targets, offset, limit)
		if err := cs.count(db); err != nil {
			return ProgressReport{}, 0, err
		}
		return cs.report(), int64(total), nil
	}
	if err := cs.count(db); err != nil {
		return ProgressReport{}, 0, err
	}
	rep := cs.report()
	rep.Rows = slices.DeleteFunc(rep.Rows, func(r ProgressRow) bool { return r.Status != q.Status })
	total := len(rep.Rows)
	rep.Rows = rep.Rows[min(offset, total):min(offset+limit, total)]
	return rep, int64(total), nil
}

// window keeps the targets, and of each_staff targets the members, whose
// rows fall within [offset, offset+limit) of the rows of all targets.
func window(targets []counted, offset, limit int) []counted {
	out := []counted{}
	pos := 0
	for _, t := range targets {
		n := len(rowMembers(t))
		lo, hi := max(offset-pos, 0), min(offset+limit-pos, n)
		pos += n
		if lo >= hi {
			continue
		}
		if t.Scope == ScopeEachStaff {
			t.members = t.members[lo:hi]
		}
		out = append(out, t)
	}
	return out
}

// computed is the counting of a year's targets, from which progress rows
// and the monthly report are both built.
type computed struct {
	per     period
	targets []counted
	names   map[uint64]string
	counts  []map[uint64]*memberCount  // by target index
	open    []map[uint64][]OpenStation // by target index: paired stations not visited yet
	counter *counter                   // the statements run, shared with the tally's
}

// compute runs one grouped query per target of the year.
func (p *Progress) compute(ctx context.Context, actor services.Actor, q ProgressQuery) (computed, error) {
	cs, err := p.load(ctx, actor, q)
	if err != nil {
		return computed{}, err
	}
	return cs, cs.count(p.db.WithContext(ctx))
}

// load checks q and loads the targets to count, not yet counted.
func (p *Progress) load(ctx context.Context, actor services.Actor, q ProgressQuery) (computed, error) {
	staffID, err := visibleStaff(actor, q.StaffID)
	if err != nil {
		return computed{}, err
	}
	per, err := p.period(q.Year, q.AsOf)
	if err != nil {
		return computed{}, err
	}
	cs := computed{per: per}
	if cs.targets, err = loadCounted(p.db.WithContext(ctx), per.year, q.TargetID, staffID); err != nil {
		return computed{}, err
	}
	return cs, nil
}

// count looks up the members' names and counts every target, each
// statement once (see counter).
func (cs *computed) count(db *gorm.DB) error {
	var err error
	if cs.names, err = staffNames(db, cs.targets); err != nil {
		return err
	}
	if cs.counter == nil {
		cs.counter = newCounter(db, cs.per, centerKinds(cs.targets))
	}
	cs.counts = make([]map[uint64]*memberCount, 0, len(cs.targets))
	cs.open = make([]map[uint64][]OpenStation, 0, len(cs.targets))
	for _, t := range cs.targets {
		var counts map[uint64]*memberCount
		open := map[uint64][]OpenStation{}
		if t.Metric == MetricPairedStations && t.Scope == ScopeEachStaff {
			counts, open, err = stationCounts(db, t, cs.per)
		} else {
			counts, err = cs.counter.count(t)
		}
		if err != nil {
			return err
		}
		cs.counts = append(cs.counts, counts)
		cs.open = append(cs.open, open)
	}
	return nil
}

func (cs computed) report() ProgressReport {
	out := ProgressReport{Year: cs.per.year, AsOf: cs.per.asOf, Rows: []ProgressRow{}}
	for i, t := range cs.targets {
		for _, m := range rowMembers(t) {
			row := progressRow(t, m, cs.counts[i][m], cs.per)
			row.StaffName = cs.names[m]
			row.OpenStations = cs.open[i][m]
			out.Rows = append(out.Rows, row)
		}
	}
	return out
}

// visibleStaff decides whose each_staff rows the actor may see: staff only
// their own (asking for someone else's is refused), others anyone's.
func visibleStaff(actor services.Actor, staffID uint64) (uint64, error) {
	if actor.Role == "" {
		return 0, services.Fail(services.Forbidden, services.ReasonNotAllowed, nil, "not allowed")
	}
	if actor.Role != models.RoleStaff {
		return staffID, nil
	}
	if staffID != 0 && staffID != actor.UserID {
		return 0, services.Fail(services.Forbidden, services.ReasonOwnProgressOnly, nil, "staff see only their own progress")
	}
	return actor.UserID, nil
}

// rowMembers lists the members of a target's rows: 0 for the center.
func rowMembers(t counted) []uint64 {
	if t.Scope == ScopeCenter {
		return []uint64{0}
	}
	return t.members
}

// loadCounted loads year's targets (or one) and resolves their members, kept
// to staffID when it is not zero.
func loadCounted(db *gorm.DB, year int, targetID, staffID uint64) ([]counted, error) {
	q := db.Where("year = ?", year)
	if targetID != 0 {
		q = q.Where("id = ?", targetID)
	}
	var rows []models.Target
	if err := q.Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load targets: %w", err)
	}
	var everyone []uint64
	out := make([]counted, 0, len(rows))
	for _, r := range rows {
		v, err := viewTarget(r)
		if err != nil {
			return nil, err
		}
		c := counted{TargetView: v, kinds: kindsOrAll(v.Kinds)}
		if v.Scope == ScopeEachStaff {
			c.members = v.StaffIDs
			if len(c.members) == 0 {
				if everyone == nil {
					if everyone, err = activeStaff(db); err != nil {
						return nil, err
					}
				}
				c.members = everyone
			}
			if staffID != 0 {
				c.members = keepOnly(c.members, staffID)
			}
		}
		out = append(out, c)
	}
	var ids []uint64
	for _, c := range out {
		ids = append(ids, c.members...)
	}
	dates, err := memberDates(db, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Scope == ScopeEachStaff {
			out[i].applyMembership(year, dates)
		}
	}
	return out, nil
}

// activeStaff is every active staff member and manager: the head counts too.
func activeStaff(db *gorm.DB) ([]uint64, error) {
	ids := []uint64{}
	err := db.Model(&models.User{}).Where("active = ? AND role IN ?", true,
		[]string{models.RoleStaff, models.RoleManager}).Order("id").Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("load active staff: %w", err)
	}
	return ids, nil
}

func keepOnly(ids []uint64, id uint64) []uint64 {
	if slices.Contains(ids, id) {
		return []uint64{id}
	}
	return []uint64{}
}

// staffNames maps the members of targets to their display names.
func staffNames(db *gorm.DB, targets []counted) (map[uint64]string, error) {
	var ids []uint64
	for _, t := range targets {
		ids = append(ids, t.members...)
	}
	names := map[uint64]string{}
	if len(ids) == 0 {
		return names, nil
	}
	var users []models.User
	if err := db.Select("id, name").Where("id IN ?", uniqueIDs(ids)).Find(&users).Error; err != nil {
		return nil, fmt.Errorf("load staff names: %w", err)
	}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return names, nil
}

// countTarget runs t's grouped units query: one row per member and month.
func countTarget(db *gorm.DB, t counted, per period, src *overlay) (map[uint64]*memberCount, error) {
	out := map[uint64]*memberCount{}
	each := t.Scope == ScopeEachStaff
	if each && len(t.members) == 0 {
		return out, nil
	}
	u, err := newUnitSpec(db, t, per, src)
	if err != nil {
		return nil, err
	}
	var b sqlb
	u.aggregate(&b)
	var rows []struct {
		Member    uint64
		M         *string
		Actual    int64
		Scheduled int64
	}
	if err := db.Raw(b.String(), b.args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("count target %d: %w", t.ID, err)
	}
	keep := map[uint64]bool{0: !each}
	for _, m := range t.members {
		keep[m] = true
	}
	for _, r := range rows {
		if !keep[r.Member] {
			continue // participation of someone outside the target's members
		}
		mc := countOf(out, r.Member)
		mc.scheduled += int(r.Scheduled)
		if r.M != nil {
			if m, err := strconv.Atoi(*r.M); err == nil && m >= 1 && m <= 12 {
				mc.actual[m-1] += int(r.Actual)
			}
		}
	}
	return out, nil
}

// countOf is member's count in counts, added when missing.
func countOf(counts map[uint64]*memberCount, member uint64) *memberCount {
	mc := counts[member]
	if mc == nil {
		mc = &memberCount{}
		counts[member] = mc
	}
	return mc
}

// progressRow applies the definitions of DESIGN.md to one member's counts.
func progressRow(t counted, member uint64, mc *memberCount, per period) ProgressRow {
	if mc == nil {
		mc = &memberCount{}
	}
	tm, terms := t.memberOf(member)
	row := ProgressRow{TargetMember: tm, Actual: mc.total(), Scheduled: mc.scheduled}
	row.Projected = row.Actual + row.Scheduled
	row.Gap = max(0, row.Value-row.Projected)
	row.CompletionRate = round(float64(row.Actual)/float64(row.Value), 4)
	var onTrack bool
	row.ExpectedToDate, onTrack = pace(terms.plan, per.asOf, row.Actual)
	row.Status = statusOf(row.Value, row.Actual, row.Projected, onTrack)
	return row
}

// pace returns the plan expected by asOf (the months before its month, plus
// its month's plan times day/days-in-month) and whether actual reaches it,
// compared exactly in whole numbers rather than through the rounded figure.
func pace(plan [12]int, asOf string, actual int) (float64, bool) {
	d, _ := time.Parse(time.DateOnly, asOf)
	m, day, dim := int(d.Month()), d.Day(), daysIn(d.Year(), int(d.Month()))
	before := 0
	for i := 0; i < m-1; i++ {
		before += plan[i]
	}
	num := before*dim + plan[m-1]*day // expected × dim
	return round(float64(num)/float64(dim), 2), actual*dim >= num
}

func statusOf(value, actual, projected int, onTrack bool) string {
	switch {
	case actual >= value:
		return StatusMet
	case onTrack:
		return StatusOnTrack
	case projected >= value:
		return StatusAtRisk
	}
	return StatusBehind
}

func round(x float64, places int) float64 {
	p := math.Pow10(places)
	return math.Round(x*p) / p
}
