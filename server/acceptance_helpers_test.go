package server

// Helpers of the counting acceptance suite (acceptance_counting_test.go).
// They build a center through the HTTP API only and read the reports back
// as typed values, so the suite's expectations stay readable.

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"testing"
	"time"
)

// accAt is a local (Asia/Shanghai) instant as the API takes it, e.g.
// accAt("2026-02-10", "20:00") = "2026-02-10T20:00:00+08:00".
func accAt(date, hm string) string { return date + "T" + hm + ":00+08:00" }

// accLocal is a local wall-clock time as a time.Time, for the test clock.
func accLocal(t testing.TB, date, hm string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, accAt(date, hm))
	if err != nil {
		t.Fatalf("bad time %s %s: %v", date, hm, err)
	}
	return v
}

// accCenter is the center under test: the server and the ids of what the
// suite created, by a readable name.
type accCenter struct {
	env *testEnv
	id  map[string]uint64 // users, venues, stations, teams, activities, targets, series
}

// setClock moves the shared test clock to a local time and logs everyone in
// again, so the tokens are valid at the new "now".
func (c *accCenter) setClock(t testing.TB, date, hm string) {
	t.Helper()
	c.env.clock.Set(accLocal(t, date, hm))
	c.env.loginAll(t)
}

// get reads path as role into out, failing unless the answer is 200.
func (c *accCenter) get(t testing.TB, role, path string, out any) {
	t.Helper()
	w := c.env.request(t, c.env.tokens[role], "GET", apiPath(path), nil)
	if w.Code != 200 {
		t.Fatalf("GET %s as %s: status %d; body %s", path, role, w.Code, w.Body.String())
	}
	if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
		t.Fatalf("GET %s: decode: %v; body %s", path, err, w.Body.String())
	}
}

// post sends body as role and decodes the answer into out (may be nil).
func (c *accCenter) post(t testing.TB, role, path string, body any, want int, out any) {
	t.Helper()
	w := c.env.request(t, c.env.tokens[role], "POST", apiPath(path), body)
	if w.Code != want {
		t.Fatalf("POST %s as %s: status %d, want %d; body %s", path, role, w.Code, want, w.Body.String())
	}
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			t.Fatalf("POST %s: decode: %v; body %s", path, err, w.Body.String())
		}
	}
}

// create POSTs an object as role, expects 201 and remembers its id as name.
func (c *accCenter) create(t testing.TB, role, path, name string, body map[string]any) uint64 {
	t.Helper()
	var out struct {
		ID uint64 `json:"id"`
	}
	c.post(t, role, path, body, 201, &out)
	if out.ID == 0 {
		t.Fatalf("POST %s (%s): no id", path, name)
	}
	if _, dup := c.id[name]; dup {
		t.Fatalf("name %s used twice", name)
	}
	c.id[name] = out.ID
	return out.ID
}

// activity creates one activity as the manager (who may name any organizer).
func (c *accCenter) activity(t testing.TB, name string, body map[string]any) uint64 {
	t.Helper()
	return c.create(t, "manager", "/activities", name, body)
}

// series creates a series as the manager and names its occurrences
// name#1, name#2, ... in start order; it returns their local dates.
func (c *accCenter) series(t testing.TB, name string, body map[string]any) []string {
	t.Helper()
	var out struct {
		SeriesID   uint64 `json:"series_id"`
		Activities []struct {
			ID        uint64 `json:"id"`
			LocalDate string `json:"local_date"`
		} `json:"activities"`
	}
	c.post(t, "manager", "/series", body, 201, &out)
	c.id[name] = out.SeriesID
	var dates []string
	for i, a := range out.Activities {
		c.id[fmt.Sprintf("%s#%d", name, i+1)] = a.ID
		dates = append(dates, a.LocalDate)
	}
	return dates
}

// complete records an activity as completed with its actual attendance.
func (c *accCenter) complete(t testing.TB, name string, attendance int) {
	t.Helper()
	c.post(t, "manager", fmt.Sprintf("/activities/%d/complete", c.must(t, name)),
		map[string]any{"actual_attendance": attendance}, 200, nil)
}

// cancel cancels an activity; scope "" is this one only.
func (c *accCenter) cancel(t testing.TB, name, scope string) {
	t.Helper()
	path := fmt.Sprintf("/activities/%d/cancel", c.must(t, name))
	if scope != "" {
		path += "?scope=" + scope
	}
	var out struct {
		Status string `json:"status"`
	}
	c.post(t, "manager", path, nil, 200, &out)
	if out.Status != "cancelled" {
		t.Fatalf("cancel %s: status %q", name, out.Status)
	}
}

func (c *accCenter) must(t testing.TB, name string) uint64 {
	t.Helper()
	id, ok := c.id[name]
	if !ok {
		t.Fatalf("nothing named %s", name)
	}
	return id
}

// ids maps names to ids, sorted.
func (c *accCenter) ids(t testing.TB, names ...string) []uint64 {
	t.Helper()
	out := make([]uint64, len(names))
	for i, n := range names {
		out[i] = c.must(t, n)
	}
	slices.Sort(out)
	return out
}

// accNumbers are the figures a progress row and a tally summary row both show.
type accNumbers struct {
	Value          int     `json:"value"`
	Actual         int     `json:"actual"`
	Scheduled      int     `json:"scheduled"`
	Projected      int     `json:"projected"`
	ExpectedToDate float64 `json:"expected_to_date"`
	CompletionRate float64 `json:"completion_rate"`
	Status         string  `json:"status"`
}

// accRow is a progress row as GET /progress answers it.
type accRow struct {
	TargetID uint64  `json:"target_id"`
	Name     string  `json:"name"`
	Metric   string  `json:"metric"`
	Scope    string  `json:"scope"`
	StaffID  *uint64 `json:"staff_id"`
	accNumbers
	Gap int `json:"gap"`
}

// accTally is GET /reports/tally: the summary rows (a target's numbers
// summed over its members, and how many members stand in each status), the
// official return and the activities by kind.
type accTally struct {
	AsOf    string `json:"as_of"`
	Summary []struct {
		TargetID uint64 `json:"target_id"`
		Members  int    `json:"members"`
		accNumbers
		Met     int `json:"met"`
		OnTrack int `json:"on_track"`
		AtRisk  int `json:"at_risk"`
		Behind  int `json:"behind"`
	} `json:"summary"`
	Official []struct {
		Code  string `json:"code"`
		Value int    `json:"value"`
	} `json:"official_return"`
	ByKind []struct {
		Kind       string `json:"kind"`
		Planned    int    `json:"planned"`
		Completed  int    `json:"completed"`
		Cancelled  int    `json:"cancelled"`
		Attendance int    `json:"attendance"`
	} `json:"by_kind"`
}

// tally reads GET /reports/tally of 2026 as of a date.
func (c *accCenter) tally(t testing.TB, role, asOf string) accTally {
	t.Helper()
	var out accTally
	c.get(t, role, "/reports/tally?year=2026&as_of="+asOf, &out)
	return out
}

// accWant is what a progress row must show: the numbers worked out by hand.
type accWant struct {
	actual, scheduled int
	expected          float64 // expected_to_date, rounded to 2 decimals
	status            string
}

// progress reads GET /progress for a year as of a date, keyed "target" or
// "target/staff" by the suite's names.
func (c *accCenter) progress(t testing.TB, year int, asOf string) map[string]accRow {
	t.Helper()
	var out struct {
		Items []accRow `json:"items"`
		Total int      `json:"total"`
		AsOf  string   `json:"as_of"`
	}
	c.get(t, "manager", fmt.Sprintf("/progress?year=%d&as_of=%s", year, asOf), &out)
	if out.AsOf != asOf || out.Total != len(out.Items) {
		t.Fatalf("progress as of %s: answer as_of %s, total %d of %d items", asOf, out.AsOf, out.Total, len(out.Items))
	}
	return accKeyed(t, c, "progress rows", out.Items, func(r accRow) (uint64, *uint64) { return r.TargetID, r.StaffID })
}

// accKeyed keys items by the names of their target and member, as key
// does; a key that comes twice fails t.
func accKeyed[T any](t testing.TB, c *accCenter, what string, items []T, of func(T) (target uint64, staff *uint64)) map[string]T {
	t.Helper()
	res := map[string]T{}
	for _, it := range items {
		k := c.key(of(it))
		if _, dup := res[k]; dup {
			t.Fatalf("two %s for %s", what, k)
		}
		res[k] = it
	}
	return res
}

// key names a (target, member) pair by the suite's names.
func (c *accCenter) key(target uint64, staff *uint64) string {
	k := c.nameOf(target, "T.")
	if staff != nil {
		k += "/" + c.nameOf(*staff, "u.")
	}
	return k
}

// nameOf finds the name of id among names starting with prefix.
func (c *accCenter) nameOf(id uint64, prefix string) string {
	for n, v := range c.id {
		if v == id && len(n) > len(prefix) && n[:len(prefix)] == prefix {
			return n
		}
	}
	return fmt.Sprintf("%s?%d", prefix, id)
}

// checkRow compares a row with the hand-worked numbers; projected, gap and
// completion_rate follow from them by the definitions of DESIGN.md.
func accCheckRow(t testing.TB, label string, rows map[string]accRow, key string, w accWant) {
	t.Helper()
	r, ok := rows[key]
	if !ok {
		t.Errorf("%s: no progress row %s", label, key)
		return
	}
	projected := w.actual + w.scheduled
	gap := max(0, r.Value-projected)
	rate := math.Round(float64(w.actual)/float64(r.Value)*10000) / 10000
	if r.Actual != w.actual || r.Scheduled != w.scheduled || r.Projected != projected || r.Gap != gap ||
		r.ExpectedToDate != w.expected || r.CompletionRate != rate || r.Status != w.status {
		t.Errorf("%s %s:\n got actual %d scheduled %d projected %d gap %d expected %.2f rate %.4f %s\nwant actual %d scheduled %d projected %d gap %d expected %.2f rate %.4f %s",
			label, key, r.Actual, r.Scheduled, r.Projected, r.Gap, r.ExpectedToDate, r.CompletionRate, r.Status,
			w.actual, w.scheduled, projected, gap, w.expected, rate, w.status)
	}
}

// accCheckRows checks every row of want with accCheckRow.
func accCheckRows(t testing.TB, label string, rows map[string]accRow, want map[string]accWant) {
	t.Helper()
	for _, key := range slices.Sorted(maps.Keys(want)) {
		accCheckRow(t, label, rows, key, want[key])
	}
}

// accMonth is one month of GET /reports/monthly.
type accMonth struct {
	Month  int `json:"month"`
	Plan   int `json:"plan"`
	Due    int `json:"due"`
	Actual int `json:"actual"`
	Carry  int `json:"carry"`
}

// monthly reads GET /reports/monthly, keyed like progress.
func (c *accCenter) monthly(t testing.TB, year int, asOf string) map[string][]accMonth {
	t.Helper()
	var out struct {
		Items []struct {
			TargetID uint64     `json:"target_id"`
			StaffID  *uint64    `json:"staff_id"`
			Actual   int        `json:"actual"`
			Months   []accMonth `json:"months"`
		} `json:"items"`
	}
	c.get(t, "manager", fmt.Sprintf("/reports/monthly?year=%d&as_of=%s", year, asOf), &out)
	res := map[string][]accMonth{}
	for _, it := range out.Items {
		if len(it.Months) != 12 {
			t.Fatalf("monthly item with %d months", len(it.Months))
		}
		sum := 0
		for _, m := range it.Months {
			sum += m.Actual
		}
		if sum != it.Actual {
			t.Errorf("monthly %s: months' actual add up to %d, item says %d", c.key(it.TargetID, it.StaffID), sum, it.Actual)
		}
		res[c.key(it.TargetID, it.StaffID)] = it.Months
	}
	return res
}

// accMonths is what a monthly item must show month by month, worked out by hand.
type accMonths struct {
	plan, due, actual, carry [12]int
}

// accCheckMonths compares plan, due, actual and carry month by month, for
// every key of want.
func accCheckMonths(t testing.TB, label string, items map[string][]accMonth, want map[string]accMonths) {
	t.Helper()
	for _, key := range slices.Sorted(maps.Keys(want)) {
		got, w := items[key], want[key]
		if len(got) != 12 {
			t.Errorf("monthly %s %s: %d months", label, key, len(got))
			continue
		}
		for i, m := range got {
			if m.Month != i+1 || m.Plan != w.plan[i] || m.Due != w.due[i] || m.Actual != w.actual[i] || m.Carry != w.carry[i] {
				t.Errorf("monthly %s %s month %d: got plan %d due %d actual %d carry %d, want plan %d due %d actual %d carry %d",
					label, key, i+1, m.Plan, m.Due, m.Actual, m.Carry, w.plan[i], w.due[i], w.actual[i], w.carry[i])
			}
		}
	}
}

// accItem is one drill-down item of GET /progress/{id}/items.
type accItem struct {
	StaffID    *uint64 `json:"staff_id"`
	Date       string  `json:"date"`
	Unit       string  `json:"unit"`
	UnitID     uint64  `json:"unit_id"`
	Value      int     `json:"value"`
	Activities []struct {
		ID        uint64 `json:"id"`
		LocalDate string `json:"local_date"`
		Status    string `json:"status"`
	} `json:"activities"`
}

// items reads a drill-down; query is appended after as_of, e.g. "&bucket=scheduled".
func (c *accCenter) items(t testing.TB, target, asOf, query string) []accItem {
	t.Helper()
	var out struct {
		Items []accItem `json:"items"`
		Total int       `json:"total"`
	}
	c.get(t, "manager", fmt.Sprintf("/progress/%d/items?as_of=%s%s", c.must(t, target), asOf, query), &out)
	if out.Total != len(out.Items) {
		t.Fatalf("items of %s%s: total %d, %d items", target, query, out.Total, len(out.Items))
	}
	return out.Items
}

// sumValues adds the values of drill-down items.
func accSum(items []accItem) int {
	n := 0
	for _, it := range items {
		n += it.Value
	}
	return n
}

// activityIDs lists the activities of an item, sorted.
func (it accItem) activityIDs() []uint64 {
	var ids []uint64
	for _, a := range it.Activities {
		ids = append(ids, a.ID)
	}
	slices.Sort(ids)
	return ids
}

// accImpact is one quota_impact entry of POST /activities/check.
type accImpact struct {
	TargetID        uint64  `json:"target_id"`
	Year            int     `json:"year"`
	StaffID         *uint64 `json:"staff_id"`
	BeforeProjected int     `json:"before_projected"`
	AfterProjected  int     `json:"after_projected"`
	BeforeActual    int     `json:"before_actual"`
	AfterActual     int     `json:"after_actual"`
	StatusBefore    string  `json:"status_before"`
	StatusAfter     string  `json:"status_after"`
}

// check runs the dry run of a new activity and keys the impact like progress.
func (c *accCenter) check(t testing.TB, body map[string]any) (map[string]accImpact, int) {
	t.Helper()
	var out struct {
		Conflicts   []any       `json:"conflicts"`
		QuotaImpact []accImpact `json:"quota_impact"`
	}
	c.post(t, "manager", "/activities/check", body, 200, &out)
	res := accKeyed(t, c, "impact rows", out.QuotaImpact, func(im accImpact) (uint64, *uint64) { return im.TargetID, im.StaffID })
	return res, len(out.Conflicts)
}
