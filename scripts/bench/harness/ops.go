package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// variant is one binary under test with its own database.
type variant struct {
	name string
	bin  string
	addr string // sqlite:PATH or mysql:DSN
	inst []*instance
	cl   *client
	fl   *floor
	// Set up after start.
	personDays uint64 // the each_staff person-days target
	assessment uint64
	loadFrom   uint64 // the last activity id before the load test
}

// op is one measured operation: the API call and, when there is one, its
// raw-SQL floor, each returning an answer to compare and the time taken.
type op struct {
	name  string
	heavy bool
	// cold: before each round, one booking through the variant's API, so
	// that no answer of the round can come from an earlier one.
	cold  bool
	api   func(ctx context.Context, v *variant) (any, time.Duration, error)
	floor func(ctx context.Context, v *variant) (any, time.Duration, error)
	// memory: read the server's peak resident memory around the call.
	memory bool
	// repeat: call once more, untimed, just before: what a cache of
	// answers (with no write in between) can serve.
	repeat bool
}

type world struct {
	ds    *Dataset
	cells *cells
	year  int
}

func timed(fn func() error) (time.Duration, error) {
	t := time.Now()
	err := fn()
	return time.Since(t), err
}

func bookingBody(b Booking) map[string]any {
	body := map[string]any{"kind": b.Kind, "title": b.Title, "start": b.Start.Format(time.RFC3339),
		"end": b.End.Format(time.RFC3339), "organizer_id": b.OrganizerID, "staff_ids": b.StaffIDs,
		"team_ids": b.TeamIDs, "expected_attendance": 0}
	if b.VenueID != 0 {
		body["venue_id"] = b.VenueID
	}
	if b.TeamIDs == nil {
		body["team_ids"] = []uint64{}
	}
	return body
}

// stored is what the database holds for a new booking, as both sides must
// have written it.
func (f *floor) stored(ctx context.Context, ids []uint64) (any, error) {
	var out []string
	for _, id := range ids {
		var status string
		var version, staff, teams, days int
		err := f.db.QueryRowContext(ctx, "SELECT status, version, (SELECT COUNT(*) FROM activity_staff WHERE activity_id = a.id),"+
			" (SELECT COUNT(*) FROM activity_teams WHERE activity_id = a.id), (SELECT COUNT(*) FROM activity_days WHERE activity_id = a.id),"+
			" (SELECT COUNT(*) FROM audit_entries WHERE entity = 'activity' AND entity_id = a.id) FROM activities a WHERE id = ?", id).
			Scan(&status, &version, &staff, &teams, &days, new(int))
		if err != nil {
			return nil, fmt.Errorf("read booking %d: %w", id, err)
		}
		out = append(out, fmt.Sprintf("%s v%d staff %d teams %d days %d", status, version, staff, teams, days))
	}
	return out, nil
}

func (w *world) ops() []op {
	y := w.year
	month := url.Values{"from": {fmt.Sprintf("%d-03-01", y)}, "to": {fmt.Sprintf("%d-04-01", y)}, "per_page": {"100"}}
	member := w.ds.Users[5%len(w.ds.Users)].ID
	staffMonth := url.Values{"from": {fmt.Sprintf("%d-03-01", y)}, "to": {fmt.Sprintf("%d-04-01", y)}, "per_page": {"100"},
		"staff_id": {fmt.Sprint(member)}}
	weekDay := blockerDay(w.ds.Scale, w.ds.Loc).AddDate(0, 0, 7)
	week := url.Values{"from": {weekDay.Format(time.DateOnly)}, "to": {weekDay.AddDate(0, 0, 7).Format(time.DateOnly)}, "per_page": {"1000"}}
	qy := fmt.Sprintf("?year=%d", y)
	return []op{
		{name: "create with conflict check", api: w.apiCreate, floor: w.floorCreate},
		{name: "create refused (4 clashes)", api: w.apiRefused, floor: w.floorRefused},
		{name: "a month of the center (page of 100)", api: w.apiList(month), floor: w.floorList(month, 0)},
		{name: "a month of one staff member", api: w.apiList(staffMonth), floor: w.floorList(staffMonth, member)},
		{name: "the week table (a week, every activity)", api: w.apiList(week), floor: w.floorList(week, 0)},
		{name: "a 12-session series", api: w.apiSeries, floor: w.floorSeries},
		{name: "progress of the year", heavy: true, cold: true, api: w.apiProgress(qy), floor: w.floorProgress},
		{name: "monthly report", heavy: true, cold: true, api: w.apiMonthly(qy), floor: w.floorMonthly},
		{name: "tally JSON", heavy: true, cold: true, api: w.apiTally(qy), floor: w.floorTally},
		{name: "tally XLSX", heavy: true, cold: true, memory: true, api: w.apiXLSX(qy)},
		{name: "planner proposals (one member's person-days)", heavy: true, cold: true, api: w.apiPlanner},
		{name: "assessment scores", heavy: true, cold: true, api: w.apiScores, floor: w.floorScores},
		{name: "drill-down: a member's person-days", heavy: true, cold: true, api: w.apiDrill(member), floor: w.floorDrill(member)},
		{name: "progress, repeated", heavy: true, repeat: true, api: w.apiProgress(qy), floor: w.floorProgress},
		{name: "monthly report, repeated", heavy: true, repeat: true, api: w.apiMonthly(qy), floor: w.floorMonthly},
		{name: "tally JSON, repeated", heavy: true, repeat: true, api: w.apiTally(qy), floor: w.floorTally},
		{name: "assessment scores, repeated", heavy: true, repeat: true, api: w.apiScores, floor: w.floorScores},
		{name: "drill-down, repeated", heavy: true, repeat: true, api: w.apiDrill(member), floor: w.floorDrill(member)},
	}
}

// ---- bookings

func (w *world) apiCreate(ctx context.Context, v *variant) (any, time.Duration, error) {
	b, ok := w.cells.take(w.year, "基准预订")
	if !ok {
		return nil, 0, fmt.Errorf("no free cell left in %d", w.year)
	}
	var a struct{ ID uint64 }
	d, err := timed(func() error { return v.cl.call(ctx, "POST", "/activities", bookingBody(b), 201, &a) })
	if err != nil {
		return nil, d, err
	}
	ans, err := v.fl.stored(ctx, []uint64{a.ID})
	return ans, d, err
}

func (w *world) floorCreate(ctx context.Context, v *variant) (any, time.Duration, error) {
	b, ok := w.cells.take(w.year, "基准预订")
	if !ok {
		return nil, 0, fmt.Errorf("no free cell left in %d", w.year)
	}
	ids, d, err := v.fl.bookFree(ctx, b, []time.Time{b.Start}, "")
	if err != nil {
		return nil, d, err
	}
	ans, err := v.fl.stored(ctx, ids)
	return ans, d, err
}

// bookFree books b at starts on the floor, timed, in cells that are free:
// a clash found there is an error.
func (f *floor) bookFree(ctx context.Context, b Booking, starts []time.Time, rrule string) ([]uint64, time.Duration, error) {
	var ids []uint64
	d, err := timed(func() error {
		var cl []clash
		var err error
		ids, cl, err = f.book(ctx, b, starts, rrule)
		if err == nil && len(cl) > 0 {
			err = fmt.Errorf("the floor finds clashes in free cells: %v", cl)
		}
		return err
	})
	return ids, d, err
}

func sortClashes(cs []clash) []clash {
	sort.Slice(cs, func(i, j int) bool {
		return fmt.Sprint(cs[i].ActivityID, cs[i].Reason, cs[i].ResourceID) < fmt.Sprint(cs[j].ActivityID, cs[j].Reason, cs[j].ResourceID)
	})
	return cs
}

func (w *world) apiRefused(ctx context.Context, v *variant) (any, time.Duration, error) {
	var st int
	var body []byte
	d, err := timed(func() error {
		var err error
		st, body, err = v.cl.do(ctx, "POST", "/activities", bookingBody(w.ds.Refused))
		return err
	})
	if err != nil {
		return nil, d, err
	}
	if st != 409 {
		return nil, d, fmt.Errorf("refused booking: status %d, want 409: %.300s", st, body)
	}
	var e struct {
		Error struct {
			Details struct {
				Conflicts []clash `json:"conflicts"`
			} `json:"details"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		return nil, d, err
	}
	return sortClashes(e.Error.Details.Conflicts), d, nil
}

func (w *world) floorRefused(ctx context.Context, v *variant) (any, time.Duration, error) {
	var cl []clash
	b := w.ds.Refused
	d, err := timed(func() error {
		var ids []uint64
		var err error
		ids, cl, err = v.fl.book(ctx, b, []time.Time{b.Start}, "")
		if err == nil && len(ids) > 0 {
			err = fmt.Errorf("the floor booked the clashing request")
		}
		return err
	})
	if err == nil && len(cl) != 4 {
		err = fmt.Errorf("the floor finds %d clashes, want 4: %v", len(cl), cl)
	}
	return sortClashes(cl), d, err
}

func (w *world) apiSeries(ctx context.Context, v *variant) (any, time.Duration, error) {
	starts, b, ok := w.cells.takeWeekly(w.year, "基准系列")
	if !ok {
		return nil, 0, fmt.Errorf("no twelve free weeks left in %d", w.year)
	}
	body := bookingBody(b)
	body["rrule"] = "FREQ=WEEKLY;COUNT=12"
	var res struct {
		Activities []struct {
			ID    uint64
			Start time.Time
		}
	}
	d, err := timed(func() error { return v.cl.call(ctx, "POST", "/series", body, 201, &res) })
	if err != nil {
		return nil, d, err
	}
	var ids []uint64
	var got []string
	for i, a := range res.Activities {
		ids = append(ids, a.ID)
		if i < len(starts) && !a.Start.Equal(starts[i]) {
			return nil, d, fmt.Errorf("occurrence %d starts %v, want %v", i, a.Start, starts[i])
		}
		got = append(got, a.Start.Sub(res.Activities[0].Start).String())
	}
	rows, err := v.fl.stored(ctx, ids)
	return []any{got, rows}, d, err
}

func (w *world) floorSeries(ctx context.Context, v *variant) (any, time.Duration, error) {
	starts, b, ok := w.cells.takeWeekly(w.year, "基准系列")
	if !ok {
		return nil, 0, fmt.Errorf("no twelve free weeks left in %d", w.year)
	}
	ids, d, err := v.fl.bookFree(ctx, b, starts, "FREQ=WEEKLY;COUNT=12")
	if err != nil {
		return nil, d, err
	}
	var got []string
	for _, s := range starts {
		got = append(got, s.Sub(starts[0]).String())
	}
	rows, err := v.fl.stored(ctx, ids)
	return []any{got, rows}, d, err
}

// ---- listings

type listed struct {
	Total int64
	Items []string // id: staff / teams
}

func (w *world) apiList(q url.Values) func(ctx context.Context, v *variant) (any, time.Duration, error) {
	return func(ctx context.Context, v *variant) (any, time.Duration, error) {
		var out listed
		var total time.Duration
		for page := 1; ; page++ {
			q := cloneValues(q)
			q.Set("page", fmt.Sprint(page))
			var res struct {
				Items []struct {
					ID       uint64   `json:"id"`
					StaffIDs []uint64 `json:"staff_ids"`
					TeamIDs  []uint64 `json:"team_ids"`
				} `json:"items"`
				Total int64 `json:"total"`
			}
			d, err := timed(func() error { return v.cl.call(ctx, "GET", "/activities?"+q.Encode(), nil, 200, &res) })
			total += d
			if err != nil {
				return nil, total, err
			}
			out.Total = res.Total
			for _, it := range res.Items {
				out.Items = append(out.Items, fmt.Sprintf("%d: %v / %v", it.ID, it.StaffIDs, it.TeamIDs))
			}
			// A month of 100 is one page; the week table reads them all.
			if q.Get("per_page") == "100" || len(res.Items) == 0 || int64(len(out.Items)) >= res.Total {
				return out, total, nil
			}
		}
	}
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = slices.Clone(v)
	}
	return out
}

// floorList is the listing's floor: the count, the page in (start, id)
// order, and the participants of the page in one statement. A member's
// listing starts from activity_staff (user_id, start_at).
func (w *world) floorList(q url.Values, member uint64) func(ctx context.Context, v *variant) (any, time.Duration, error) {
	from, _ := time.ParseInLocation(time.DateOnly, q.Get("from"), w.ds.Loc)
	to, _ := time.ParseInLocation(time.DateOnly, q.Get("to"), w.ds.Loc)
	per := q.Get("per_page")
	return func(ctx context.Context, v *variant) (any, time.Duration, error) {
		var out listed
		d, err := timed(func() error {
			var err error
			out, err = v.fl.list(ctx, from, to, member, per)
			return err
		})
		return out, d, err
	}
}

func (f *floor) list(ctx context.Context, from, to time.Time, member uint64, per string) (listed, error) {
	lower := from.Add(-92 * 24 * time.Hour)
	src, where := "activities a", " WHERE a.end_at > ? AND a.start_at < ? AND a.start_at > ?"
	args := []any{from.UTC(), to.UTC(), lower.UTC()}
	if member != 0 {
		src = "activity_staff j JOIN activities a ON a.id = j.activity_id"
		where = " WHERE j.user_id = ? AND j.end_at > ? AND j.start_at < ? AND j.start_at > ?"
		args = append([]any{member}, args...)
	}
	var out listed
	if err := f.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+src+where, args...).Scan(&out.Total); err != nil {
		return out, err
	}
	rows, err := f.db.QueryContext(ctx, "SELECT a.id FROM "+src+where+" ORDER BY a.start_at, a.id LIMIT "+per, args...)
	if err != nil {
		return out, err
	}
	var ids []uint64
	for rows.Next() {
		var id uint64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return out, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) == 0 {
		return out, rows.Err()
	}
	in := placeholders(len(ids))
	rows, err = f.db.QueryContext(ctx, "SELECT activity_id, 's', user_id FROM activity_staff WHERE activity_id IN ("+in+")"+
		" UNION ALL SELECT activity_id, 't', team_id FROM activity_teams WHERE activity_id IN ("+in+")",
		append(anyIDs(ids), anyIDs(ids)...)...)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	staff, teams := map[uint64][]uint64{}, map[uint64][]uint64{}
	for rows.Next() {
		var a, r uint64
		var k string
		if err := rows.Scan(&a, &k, &r); err != nil {
			return out, err
		}
		if k == "s" {
			staff[a] = append(staff[a], r)
		} else {
			teams[a] = append(teams[a], r)
		}
	}
	for _, id := range ids {
		s, t := staff[id], teams[id]
		slices.Sort(s)
		slices.Sort(t)
		if s == nil {
			s = []uint64{}
		}
		if t == nil {
			t = []uint64{}
		}
		out.Items = append(out.Items, fmt.Sprintf("%d: %v / %v", id, s, t))
	}
	return out, rows.Err()
}

// ---- counting

// progressRow is the part of a progress row the floor gives.
type progressRow struct {
	TargetID  uint64  `json:"target_id"`
	StaffID   *uint64 `json:"staff_id"`
	Actual    int     `json:"actual"`
	Scheduled int     `json:"scheduled"`
	Months    []struct {
		Month  int `json:"month"`
		Actual int `json:"actual"`
	} `json:"months"`
}

func (r progressRow) key() string {
	var s uint64
	if r.StaffID != nil {
		s = *r.StaffID
	}
	return fmt.Sprintf("%d/%d", r.TargetID, s)
}

func (w *world) apiProgress(qy string) func(ctx context.Context, v *variant) (any, time.Duration, error) {
	return w.apiRows("/progress"+qy, func(r progressRow) string { return fmt.Sprint(r.Actual, " ", r.Scheduled) })
}

func (w *world) floorProgress(ctx context.Context, v *variant) (any, time.Duration, error) {
	return w.floorRows(ctx, v, func(mc monthCount) string { return fmt.Sprint(mc.total(), " ", mc.Scheduled) })
}

func monthsOf(r progressRow) string {
	var a [12]int
	for _, m := range r.Months {
		if m.Month >= 1 && m.Month <= 12 {
			a[m.Month-1] = m.Actual
		}
	}
	return fmt.Sprint(a)
}

func (w *world) apiMonthly(qy string) func(ctx context.Context, v *variant) (any, time.Duration, error) {
	return w.apiRows("/reports/monthly"+qy, monthsOf)
}

func (w *world) floorMonthly(ctx context.Context, v *variant) (any, time.Duration, error) {
	return w.floorRows(ctx, v, func(mc monthCount) string { return fmt.Sprint(mc.Actual) })
}

// apiRows answers with the items the API lists at path, each told by
// value under its target and member.
func (w *world) apiRows(path string, value func(progressRow) string) func(ctx context.Context, v *variant) (any, time.Duration, error) {
	return func(ctx context.Context, v *variant) (any, time.Duration, error) {
		var res struct {
			Items []progressRow `json:"items"`
		}
		d, err := timed(func() error { return v.cl.call(ctx, "GET", path, nil, 200, &res) })
		if err != nil {
			return nil, d, err
		}
		out := map[string]string{}
		for _, r := range res.Items {
			out[r.key()] = value(r)
		}
		return out, d, nil
	}
}

// floorRows answers with the floor's count of every target and member of
// the year, each told by value, as apiRows answers from the API.
func (w *world) floorRows(ctx context.Context, v *variant, value func(monthCount) string) (any, time.Duration, error) {
	yc, d, err := w.timedYear(ctx, v)
	if err != nil {
		return nil, d, err
	}
	out := map[string]string{}
	for k, mc := range yc.rowsOf() {
		out[k] = value(mc)
	}
	return out, d, nil
}

// timedYear counts the year on the floor (without the official return),
// timed.
func (w *world) timedYear(ctx context.Context, v *variant) (*yearCount, time.Duration, error) {
	var yc *yearCount
	d, err := timed(func() error {
		var err error
		yc, err = v.fl.countYear(ctx, w.year, false)
		return err
	})
	return yc, d, err
}

type tallyAnswer struct {
	Summary  map[string]string
	Official map[string]int
	ByKind   map[string][4]int
	Months   map[string]string
}

func (w *world) apiTally(qy string) func(ctx context.Context, v *variant) (any, time.Duration, error) {
	return func(ctx context.Context, v *variant) (any, time.Duration, error) {
		var res struct {
			Summary []struct {
				TargetID  uint64 `json:"target_id"`
				Actual    int    `json:"actual"`
				Scheduled int    `json:"scheduled"`
			} `json:"summary"`
			ByMonth  []progressRow `json:"by_month"`
			Official []struct {
				Code  string `json:"code"`
				Value int    `json:"value"`
			} `json:"official_return"`
			ByKind []struct {
				Kind                                      string
				Planned, Completed, Cancelled, Attendance int
			} `json:"by_kind"`
		}
		d, err := timed(func() error { return v.cl.call(ctx, "GET", "/reports/tally"+qy, nil, 200, &res) })
		if err != nil {
			return nil, d, err
		}
		out := tallyAnswer{Summary: map[string]string{}, Official: map[string]int{}, ByKind: map[string][4]int{}, Months: map[string]string{}}
		for _, s := range res.Summary {
			out.Summary[fmt.Sprint(s.TargetID)] = fmt.Sprint(s.Actual, " ", s.Scheduled)
		}
		for _, r := range res.ByMonth {
			out.Months[r.key()] = monthsOf(r)
		}
		for _, l := range res.Official {
			out.Official[l.Code] = l.Value
		}
		for _, k := range res.ByKind {
			if k.Planned+k.Completed+k.Cancelled > 0 {
				out.ByKind[k.Kind] = [4]int{k.Planned, k.Completed, k.Cancelled, k.Attendance}
			}
		}
		return out, d, nil
	}
}

func (w *world) floorTally(ctx context.Context, v *variant) (any, time.Duration, error) {
	var yc *yearCount
	var kinds map[string][4]int
	d, err := timed(func() error {
		var err error
		if yc, err = v.fl.countYear(ctx, w.year, true); err != nil {
			return err
		}
		kinds, err = v.fl.byKind(ctx, yc)
		return err
	})
	if err != nil {
		return nil, d, err
	}
	out := tallyAnswer{Summary: map[string]string{}, Official: map[string]int{}, ByKind: kinds, Months: map[string]string{}}
	rows := yc.rowsOf()
	for _, t := range yc.targets {
		var a, s int
		for k, mc := range rows {
			if strings.HasPrefix(k, fmt.Sprintf("%d/", t.ID)) {
				a, s = a+mc.total(), s+mc.Scheduled
			}
		}
		out.Summary[fmt.Sprint(t.ID)] = fmt.Sprint(a, " ", s)
	}
	for k, mc := range rows {
		out.Months[k] = fmt.Sprint(mc.Actual)
	}
	for _, l := range yc.official {
		c := countSpec{l.Metric, splitKinds(l.Kinds), l.Metric == "paired_stations"}
		n := 0
		for _, mc := range yc.counts[c.key()] {
			n += mc.total()
		}
		out.Official[l.Code] = n
	}
	return out, d, nil
}

func (w *world) apiXLSX(qy string) func(ctx context.Context, v *variant) (any, time.Duration, error) {
	return func(ctx context.Context, v *variant) (any, time.Duration, error) {
		var st int
		var body []byte
		d, err := timed(func() error {
			var err error
			st, body, err = v.cl.do(ctx, "GET", "/reports/tally.xlsx"+qy, nil)
			return err
		})
		if err == nil && (st != 200 || !strings.HasPrefix(string(body), "PK")) {
			err = fmt.Errorf("tally.xlsx: status %d, %d bytes", st, len(body))
		}
		return len(body) > 0, d, err
	}
}

func (w *world) apiPlanner(ctx context.Context, v *variant) (any, time.Duration, error) {
	body := map[string]any{"target_id": v.personDays, "staff_id": w.ds.Users[7%len(w.ds.Users)].ID, "kind": "outreach",
		"title": "基层辅导", "duration_minutes": 120}
	var res struct {
		Proposals []json.RawMessage `json:"proposals"`
	}
	d, err := timed(func() error { return v.cl.call(ctx, "POST", "/planner/proposals", body, 200, &res) })
	return len(res.Proposals) >= 0, d, err
}

// scoreMembers is the members an assessment's scores list.
func (w *world) apiScores(ctx context.Context, v *variant) (any, time.Duration, error) {
	var res map[string]json.RawMessage
	d, err := timed(func() error {
		return v.cl.call(ctx, "GET", fmt.Sprintf("/assessments/%d/scores", v.assessment), nil, 200, &res)
	})
	if err != nil {
		return nil, d, err
	}
	var rows []json.RawMessage
	for _, k := range []string{"items", "rows", "members"} {
		if raw, ok := res[k]; ok {
			_ = json.Unmarshal(raw, &rows)
			break
		}
	}
	return len(rows), d, nil
}

// floorScores is what the scores need at least: the year's counting of the
// scheme's targets (the points are arithmetic on it), one row per member.
func (w *world) floorScores(ctx context.Context, v *variant) (any, time.Duration, error) {
	yc, d, err := w.timedYear(ctx, v)
	if err != nil {
		return nil, d, err
	}
	return len(yc.members), d, nil
}

// apiDrill lists what a member's person-days number is made of: the
// (member, date) pairs that became actual; the answer is their count.
func (w *world) apiDrill(member uint64) func(ctx context.Context, v *variant) (any, time.Duration, error) {
	return func(ctx context.Context, v *variant) (any, time.Duration, error) {
		var res struct {
			Total int64 `json:"total"`
		}
		d, err := timed(func() error {
			return v.cl.call(ctx, "GET", fmt.Sprintf("/progress/%d/items?staff_id=%d&per_page=20", v.personDays, member), nil, 200, &res)
		})
		return res.Total, d, err
	}
}

// floorDrill counts the member's dates of the year with a completed
// outreach activity touching them up to the as-of date, from the member's
// activity_staff range (activities start at most 93 days before a date
// they touch).
func (w *world) floorDrill(member uint64) func(ctx context.Context, v *variant) (any, time.Duration, error) {
	return func(ctx context.Context, v *variant) (any, time.Duration, error) {
		y0, y1 := fmt.Sprintf("%d-01-01", w.year), fmt.Sprintf("%d-12-31", w.year)
		asOf := asOfToday(w.ds.Loc, w.year)
		lo, _ := time.ParseInLocation(time.DateOnly, y0, w.ds.Loc)
		hi, _ := time.ParseInLocation(time.DateOnly, asOf, w.ds.Loc)
		var n int64
		d, err := timed(func() error {
			return v.fl.db.QueryRowContext(ctx, "SELECT COUNT(DISTINCT d.day) FROM activity_staff s"+v.fl.join()+"activities a"+v.fl.join()+"activity_days d"+
				" WHERE a.id = s.activity_id AND d.activity_id = a.id AND s.user_id = ? AND s.start_at >= ? AND s.start_at < ?"+
				" AND a.kind = 'outreach' AND a.status = 'completed' AND d.day BETWEEN ? AND ? AND d.day <= ?",
				member, lo.AddDate(0, 0, -93).UTC(), hi.AddDate(0, 0, 1).UTC(), y0, y1, asOf).Scan(&n)
		})
		return n, d, err
	}
}
