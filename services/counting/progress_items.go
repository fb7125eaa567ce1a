package counting

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// Units a drill-down item can be.
const (
	UnitActivity  = "activity"
	UnitPersonDay = "person_day"
	UnitEdition   = "edition"
	UnitTeam      = "team"
	UnitStation   = "station"
)

// ItemsQuery selects the units behind one number of a progress row.
type ItemsQuery struct {
	TargetID uint64
	StaffID  uint64 // each_staff: one member; 0 every visible member
	Bucket   string // "actual" (default) or "scheduled"
	Month    int    // 1-12: only units that became actual in that month
	AsOf     string
	Page     services.Page
}

// ProgressItem is one unit behind a number: an activity, a (member, date)
// pair, an edition, a team or a station, with the activities that make it.
// The values of a bucket's items add up to the row's number.
type ProgressItem struct {
	StaffID    *uint64        `json:"staff_id"`
	Date       string         `json:"date"`
	Unit       string         `json:"unit" enum:"unit"`
	UnitID     uint64         `json:"unit_id"`
	Name       string         `json:"name"`
	Value      int            `json:"value"`
	Activities []ItemActivity `json:"activities"`
}

// ItemActivity is an activity behind a drill-down item.
type ItemActivity struct {
	ID        uint64    `json:"id"`
	Title     string    `json:"title"`
	Kind      string    `json:"kind" enum:"kind"`
	LocalDate string    `json:"local_date"`
	Start     time.Time `json:"start"`
	Status    string    `json:"status" enum:"status"`
}

type unitRow struct {
	Member  uint64
	UnitID  uint64
	UnitDay string
	Done    *string
	Wa, Ws  int64
}

// Items lists the units behind a progress number, with the same visibility
// as Rows.
func (p *Progress) Items(ctx context.Context, actor services.Actor, q ItemsQuery) ([]ProgressItem, int64, error) {
	staffID, err := visibleStaff(actor, q.StaffID)
	if err != nil {
		return nil, 0, err
	}
	if q.Bucket == "" {
		q.Bucket = "actual"
	}
	if q.Bucket != "actual" && q.Bucket != "scheduled" {
		return nil, 0, services.FieldError("bucket", services.NewProblem(services.ProblemOneOf, services.Params{"values": []string{"actual", "scheduled"}}, "must be actual or scheduled"))
	}
	db := p.db.WithContext(ctx)
	var tr models.Target
	if err := db.First(&tr, q.TargetID).Error; err != nil {
		return nil, 0, notFound(err, "target", q.TargetID)
	}
	ts, err := loadCounted(db, tr.Year, tr.ID, staffID)
	if err != nil || len(ts) == 0 {
		return nil, 0, err
	}
	t := ts[0]
	per, err := p.period(tr.Year, q.AsOf)
	if err != nil {
		return nil, 0, err
	}
	units, total, err := pageUnits(db, t, per, q)
	if err != nil {
		return nil, 0, err
	}
	items, err := describeUnits(db, t, per, q.Bucket, units)
	return items, total, err
}

// pageUnits selects one page of the units of a bucket, in member and date order.
func pageUnits(db *gorm.DB, t counted, per period, q ItemsQuery) ([]unitRow, int64, error) {
	if t.Scope == ScopeEachStaff && len(t.members) == 0 {
		return nil, 0, nil
	}
	u, err := newUnitSpec(db, t, per, nil)
	if err != nil {
		return nil, 0, err
	}
	where := func(b *sqlb) {
		b.add("FROM (")
		u.units(b)
		if q.Bucket == "actual" {
			b.add(") u WHERE u.done IS NOT NULL")
		} else {
			b.add(") u WHERE u.done IS NULL")
		}
		if u.each && !u.filterMembers() {
			b.add(" AND u.member IN ?", u.members)
		}
		if q.Month >= 1 && q.Month <= 12 {
			b.add(" AND SUBSTR(u.done, 6, 2) = ?", fmt.Sprintf("%02d", q.Month))
		}
	}
	var cb sqlb
	cb.add("SELECT COUNT(*) ")
	where(&cb)
	var total int64
	if err := db.Raw(cb.String(), cb.args...).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count items of target %d: %w", t.ID, err)
	}
	offset, limit := q.Page.Bounds()
	var b sqlb
	b.add("SELECT u.member, u.unit_id, u.unit_day, u.done, u.wa, u.ws ")
	where(&b)
	b.add(" ORDER BY u.member, u.done, u.unit_day, u.unit_id LIMIT ? OFFSET ?", limit, offset)
	var rows []unitRow
	if err := db.Raw(b.String(), b.args...).Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("list items of target %d: %w", t.ID, err)
	}
	return rows, total, nil
}

// describeUnits turns unit rows into items with their names and activities.
func describeUnits(db *gorm.DB, t counted, per period, bucket string, units []unitRow) ([]ProgressItem, error) {
	items := make([]ProgressItem, len(units))
	for i, r := range units {
		it := ProgressItem{Date: r.UnitDay, UnitID: r.UnitID, Value: int(r.Ws), Activities: []ItemActivity{}}
		if r.Done != nil {
			it.Date, it.Value = *r.Done, int(r.Wa)
		}
		if t.Scope == ScopeEachStaff {
			id := r.Member
			it.StaffID = &id
		}
		items[i] = it
	}
	if len(units) == 0 {
		return items, nil
	}
	d := itemDescriber{db: db, t: t, per: per, actual: bucket == "actual", units: units, items: items}
	var err error
	switch t.Metric {
	case MetricCount, MetricAttendance:
		err = d.activities()
	case MetricPersonDays:
		err = d.personDays()
	case MetricEditions:
		err = d.editions()
	case MetricActiveTeams:
		err = d.grouped(UnitTeam, "teams", "activity_teams", "team_id")
	case MetricPairedStations:
		err = d.grouped(UnitStation, "stations", "", "station_id")
	}
	return items, err
}

type itemDescriber struct {
	db     *gorm.DB
	t      counted
	per    period
	actual bool
	units  []unitRow
	items  []ProgressItem
}

type itemActivityRow struct {
	models.Activity
	UnitKey uint64 // the unit the activity belongs to
	Member  uint64
	Day     string
}

func (d itemDescriber) unitIDs() []uint64 {
	ids := make([]uint64, len(d.units))
	for i, u := range d.units {
		ids[i] = u.UnitID
	}
	return uniqueIDs(ids)
}

// base restricts q (over activities a) to the target's kinds and members.
func (d itemDescriber) base(q *gorm.DB) *gorm.DB {
	q = q.Where("a.status <> ? AND a.kind IN ?", models.StatusCancelled, d.t.kinds)
	if d.actual {
		q = q.Where("a.status = ?", models.StatusCompleted)
	}
	return q
}

func (d itemDescriber) activities() error {
	var acts []models.Activity
	if err := d.db.Where("id IN ?", d.unitIDs()).Find(&acts).Error; err != nil {
		return fmt.Errorf("load item activities: %w", err)
	}
	byID := map[uint64]models.Activity{}
	for _, a := range acts {
		byID[a.ID] = a
	}
	for i, u := range d.units {
		a := byID[u.UnitID]
		d.items[i].Unit, d.items[i].Name, d.items[i].Date = UnitActivity, a.Title, a.LocalDate
		d.items[i].Activities = append(d.items[i].Activities, itemActivity(a))
	}
	return nil
}

func (d itemDescriber) personDays() error {
	var users []uint64
	var days []string
	for _, u := range d.units {
		users = append(users, u.UnitID)
		days = append(days, u.UnitDay)
	}
	days = slices.Compact(slices.Sorted(slices.Values(days)))
	// An activity on one of the days started at most countingMaxSpanDays
	// before the first: the range of the members' (user_id, start_at) rows
	// to read, whatever years lie before.
	first, err := time.Parse(time.DateOnly, days[0])
	if err != nil {
		return fmt.Errorf("person-day %q: %w", days[0], err)
	}
	lo := first.AddDate(0, 0, -countingMaxSpanDays).Format(time.DateOnly)
	t0, t1 := startBounds(lo, days[len(days)-1])
	var rows []itemActivityRow
	q := d.db.Table("activity_staff s").Select("a.*, s.user_id AS member, d.day AS day").
		Joins("JOIN activities a ON a.id = s.activity_id JOIN activity_days d ON d.activity_id = a.id").
		Where("s.user_id IN ? AND s.start_at >= ? AND s.start_at < ? AND a.local_date BETWEEN ? AND ? AND d.day IN ?",
			uniqueIDs(users), t0, t1, lo, days[len(days)-1], days)
	if err := d.base(q).Order("a.start_at, a.id").Scan(&rows).Error; err != nil {
		return fmt.Errorf("load person-day activities: %w", err)
	}
	for i, u := range d.units {
		who := u.UnitID
		d.items[i].Unit, d.items[i].StaffID = UnitPersonDay, &who
		for _, r := range rows {
			if r.Member == u.UnitID && r.Day == u.UnitDay {
				d.items[i].Activities = append(d.items[i].Activities, itemActivity(r.Activity))
				d.items[i].Name = r.Title
			}
		}
	}
	return nil
}

// editions loads the occurrences of the listed editions (lone activities,
// or series with the series split from them) dated in the target's year.
func (d itemDescriber) editions() error {
	var lone, series []uint64
	for _, u := range d.units {
		if u.UnitID%2 == 0 {
			lone = append(lone, u.UnitID/2)
		} else {
			series = append(series, u.UnitID/2)
		}
	}
	var rows []itemActivityRow
	q := d.db.Table("activities a").Where("(a.id IN ? OR a.edition_id IN ?) AND a.local_date BETWEEN ? AND ?",
		append(lone, 0), append(series, 0), d.per.y0, d.per.y1)
	if err := d.base(d.scoped(q, "a.*, "+ekeyA+" AS unit_key")).Order("a.start_at, a.id").Scan(&rows).Error; err != nil {
		return fmt.Errorf("load edition activities: %w", err)
	}
	d.attach(UnitEdition, rows, nil)
	return nil
}

// grouped loads the activities of teams or stations in the year.
func (d itemDescriber) grouped(unit, table, join, col string) error {
	var rows []itemActivityRow
	q := d.db.Table("activities a")
	keyCol := "a." + col
	if join != "" {
		q = q.Joins("JOIN " + join + " j ON j.activity_id = a.id")
		keyCol = "j." + col
	}
	q = q.Where(keyCol+" IN ? AND a.local_date BETWEEN ? AND ?", d.unitIDs(), d.per.y0, d.per.y1)
	if err := d.base(d.scoped(q, "a.*, "+keyCol+" AS unit_key")).Order("a.start_at, a.id").Scan(&rows).Error; err != nil {
		return fmt.Errorf("load %s activities: %w", unit, err)
	}
	var named []struct {
		ID   uint64
		Name string
	}
	if err := d.db.Table(table).Select("id, name").Where("id IN ?", d.unitIDs()).Scan(&named).Error; err != nil {
		return fmt.Errorf("load %s names: %w", unit, err)
	}
	names := map[uint64]string{}
	for _, n := range named {
		names[n.ID] = n.Name
	}
	d.attach(unit, rows, names)
	return nil
}

// scoped selects sel and the member: each_staff joins the members' participation.
func (d itemDescriber) scoped(q *gorm.DB, sel string) *gorm.DB {
	if d.t.Scope != ScopeEachStaff {
		return q.Select(sel + ", 0 AS member")
	}
	return q.Select(sel+", s.user_id AS member").
		Joins("JOIN activity_staff s ON s.activity_id = a.id").Where("s.user_id IN ?", d.t.members)
}

// attach gives each item the activities of its unit (and member). Actual
// items list only the completed activities up to the as-of date.
func (d itemDescriber) attach(unit string, rows []itemActivityRow, names map[uint64]string) {
	for i, u := range d.units {
		d.items[i].Unit = unit
		d.items[i].Name = names[u.UnitID]
		for _, r := range rows {
			if r.UnitKey != u.UnitID || r.Member != u.Member || (d.actual && r.LocalDate > d.per.asOf) {
				continue
			}
			if d.items[i].Name == "" {
				d.items[i].Name = r.Title
			}
			d.items[i].Activities = append(d.items[i].Activities, itemActivity(r.Activity))
		}
	}
}

func itemActivity(a models.Activity) ItemActivity {
	return ItemActivity{ID: a.ID, Title: a.Title, Kind: a.Kind, LocalDate: a.LocalDate, Start: a.StartAt, Status: a.Status}
}
