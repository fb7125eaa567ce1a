package server

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services/servicestest"
)

// progressPagingEnv is a center of 7 staff (the manager, staff and staff2 to
// staff6) with the duty-statement targets (1-4, two of them each_staff over
// every active member) and two more: target 5, one outreach day per member
// with the whole plan due in January (staff met it, staff2 has one planned:
// at risk, the rest are behind), and target 6, five outreaches for the center
// all due in December (on track as of March). 1+1+7+7+7+1 = 24 rows.
func progressPagingEnv(t *testing.T) *testEnv {
	t.Helper()
	env := newTestServer(t)
	seedOutreach(t, env)
	for i := 2; i <= 6; i++ {
		env.addUser(t, fmt.Sprintf("staff%d", i), models.RoleStaff)
	}
	env.mustDo(t, "manager", "POST", "/targets/apply-template", map[string]any{"template": "duty-statement", "year": 2026}, 200)
	env.mustDo(t, "manager", "POST", "/targets", map[string]any{"year": 2026, "name": "辅导一天", "metric": "person_days",
		"kinds": []string{"outreach"}, "scope": "each_staff", "value": 1, "monthly_plan": []int{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}, 201)
	env.mustDo(t, "manager", "POST", "/targets", map[string]any{"year": 2026, "name": "流动服务", "metric": "count",
		"kinds": []string{"outreach"}, "scope": "center", "value": 5, "monthly_plan": []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5}}, 201)

	staff2 := env.users["staff2"].ID
	start := time.Date(2026, 4, 10, 1, 0, 0, 0, time.UTC)
	a := models.Activity{Kind: "outreach", Title: "下乡辅导", StartAt: start, EndAt: start.Add(2 * time.Hour), LocalDate: "2026-04-10",
		OrganizerID: staff2, Status: models.StatusPlanned, Version: 1, CreatedBy: staff2}
	servicestest.SeedActivities(t, env.db, env.loc, &a)
	return env
}

// progressItems decodes the rows and total of a GET /progress answer.
func progressItems(t *testing.T, b map[string]any) ([]map[string]any, int) {
	t.Helper()
	raw, _ := b["items"].([]any)
	rows := make([]map[string]any, len(raw))
	for i, r := range raw {
		rows[i] = r.(map[string]any)
	}
	total, ok := b["total"].(float64)
	if !ok {
		t.Fatalf("no total in %v", b)
	}
	return rows, int(total)
}

// rowKey names a row: "target" or "target/staff".
func rowKey(r map[string]any) string {
	if id, ok := r["staff_id"].(float64); ok {
		return fmt.Sprintf("%d/%d", num(r["target_id"]), uint64(id))
	}
	return fmt.Sprint(num(r["target_id"]))
}

func rowKeys(rows []map[string]any) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = rowKey(r)
	}
	return out
}

// getRows reads GET /progress as role and returns its rows and total.
func (e *testEnv) getRows(t *testing.T, role, path string) ([]map[string]any, int) {
	t.Helper()
	return progressItems(t, e.mustDo(t, role, "GET", path, nil, 200))
}

func TestProgressPaging(t *testing.T) {
	t.Parallel()
	env := progressPagingEnv(t)
	all, total := env.getRows(t, "manager", "/progress?year=2026")
	if len(all) != 24 || total != 24 {
		t.Fatalf("unpaged: %d rows, total %d, want 24 and 24: %v", len(all), total, rowKeys(all))
	}
	// The order of the rows: target id, then staff id; center targets have one row.
	less := func(a, b map[string]any) bool {
		ta, tb := num(a["target_id"]), num(b["target_id"])
		if ta != tb {
			return ta < tb
		}
		return num(a["staff_id"]) < num(b["staff_id"])
	}
	for i := 1; i < len(all); i++ {
		if !less(all[i-1], all[i]) {
			t.Fatalf("rows out of order at %d: %v", i, rowKeys(all))
		}
	}
	for _, r := range all {
		if r["staff_name"] == nil && r["scope"] == "each_staff" {
			t.Errorf("row %s has no staff name", rowKey(r))
		}
	}

	// Every page size splits the same rows, with the same numbers, without
	// overlap or gap, and each page reports the unpaged total.
	for _, per := range []int{1, 3, 5, 7, 24, 25, 1000} {
		var joined []map[string]any
		for page := 1; ; page++ {
			rows, total := env.getRows(t, "manager", fmt.Sprintf("/progress?year=2026&per_page=%d&page=%d", per, page))
			if total != 24 {
				t.Fatalf("per_page %d page %d: total %d, want 24", per, page, total)
			}
			if len(rows) > per {
				t.Fatalf("per_page %d page %d: %d rows", per, page, len(rows))
			}
			if len(rows) == 0 {
				if want := (24 + per - 1) / per; page != want+1 {
					t.Fatalf("per_page %d: page %d empty, want %d full pages", per, page, want)
				}
				break
			}
			joined = append(joined, rows...)
		}
		if !reflect.DeepEqual(joined, all) {
			t.Errorf("per_page %d: the pages differ from the unpaged rows:\n%v\n%v", per, rowKeys(joined), rowKeys(all))
		}
	}

	// staff and target_id narrow the rows before paging, too.
	staff := env.users["staff"].ID
	own, total := env.getRows(t, "staff", "/progress?year=2026&per_page=2&page=2")
	if want := []string{"3/" + fmt.Sprint(staff), "4/" + fmt.Sprint(staff)}; total != 6 || !slices.Equal(rowKeys(own), want) {
		t.Errorf("staff page 2 of 2: %v total %d, want %v total 6", rowKeys(own), total, want)
	}
	one, total := env.getRows(t, "manager", "/progress?year=2026&target_id=5&per_page=4&page=2")
	// rows 0-1: targets 1-2, 2-8: target 3, 9-15: target 4, 16-22: target 5, 23: target 6
	if total != 7 || !reflect.DeepEqual(one, all[20:23]) {
		t.Errorf("target 5 page 2: %v total %d, want %v, total 7", rowKeys(one), total, rowKeys(all[20:23]))
	}
}

func TestProgressFilters(t *testing.T) {
	t.Parallel()
	env := progressPagingEnv(t)
	all, _ := env.getRows(t, "manager", "/progress?year=2026")
	byStatus := map[string][]string{}
	for _, r := range all {
		byStatus[r["status"].(string)] = append(byStatus[r["status"].(string)], rowKey(r))
	}
	for _, s := range []string{"met", "on_track", "at_risk", "behind"} {
		if len(byStatus[s]) == 0 {
			t.Fatalf("the fixture has no %s row: %v", s, byStatus)
		}
	}
	staff, staff2 := env.users["staff"].ID, env.users["staff2"].ID
	keys := func(want ...string) func(t *testing.T, b map[string]any) {
		return func(t *testing.T, b map[string]any) {
			t.Helper()
			rows, total := progressItems(t, b)
			if got := rowKeys(rows); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("rows %v, want %v", got, want)
			}
			if total != len(want) {
				t.Errorf("total %d, want %d", total, len(want))
			}
		}
	}
	// total is the filtered count; the page is cut from the filtered rows.
	paged := func(total int, want ...string) func(t *testing.T, b map[string]any) {
		return func(t *testing.T, b map[string]any) {
			t.Helper()
			rows, n := progressItems(t, b)
			if got := rowKeys(rows); n != total || !slices.Equal(got, want) {
				t.Errorf("rows %v total %d, want %v total %d", got, n, want, total)
			}
		}
	}
	behind := byStatus["behind"]
	sid := func(id uint64) string { return fmt.Sprint(id) }
	env.run(t, []scenario{
		{name: "met", role: "manager", method: "GET", path: "/progress?year=2026&status=met", status: 200,
			check: keys(byStatus["met"]...)},
		{name: "on track", role: "viewer", method: "GET", path: "/progress?year=2026&status=on_track", status: 200,
			check: keys(byStatus["on_track"]...)},
		{name: "at risk", role: "manager", method: "GET", path: "/progress?year=2026&status=at_risk", status: 200,
			check: keys(byStatus["at_risk"]...)},
		{name: "behind", role: "manager", method: "GET", path: "/progress?year=2026&status=behind", status: 200,
			check: keys(behind...)},
		{name: "who is behind on target 5", role: "manager", method: "GET", path: "/progress?year=2026&target_id=5&status=behind", status: 200,
			check: func(t *testing.T, b map[string]any) {
				rows, total := progressItems(t, b)
				if total != 5 || len(rows) != 5 {
					t.Errorf("%d rows, total %d, want 5 (all but staff and staff2): %v", len(rows), total, rowKeys(rows))
				}
				for _, r := range rows {
					if r["status"] != "behind" || num(r["target_id"]) != 5 || num(r["staff_id"]) == staff || num(r["staff_id"]) == staff2 {
						t.Errorf("row %v", r)
					}
				}
			}},
		{name: "target 5: met", role: "manager", method: "GET", path: "/progress?year=2026&target_id=5&status=met", status: 200,
			check: keys("5/" + sid(staff))},
		{name: "target 5: at risk", role: "manager", method: "GET", path: "/progress?year=2026&target_id=5&status=at_risk", status: 200,
			check: keys("5/" + sid(staff2))},
		{name: "target 6 is on track", role: "manager", method: "GET", path: "/progress?year=2026&target_id=6", status: 200,
			want: []string{`"status":"on_track"`, `"total":1`}},
		{name: "a status and a page", role: "manager", method: "GET", path: "/progress?year=2026&status=behind&per_page=4&page=2", status: 200,
			check: paged(len(behind), behind[4:8]...)},
		{name: "a status past the last page", role: "manager", method: "GET", path: "/progress?year=2026&status=behind&per_page=4&page=99", status: 200,
			check: paged(len(behind))},
		{name: "staff filter their own", role: "staff", method: "GET", path: "/progress?year=2026&status=met", status: 200,
			check: keys("5/" + sid(staff))},
		{name: "no such target", role: "manager", method: "GET", path: "/progress?year=2026&target_id=99", status: 200,
			want: []string{`"items":[]`, `"total":0`}},
		{name: "a status nobody has", role: "manager", method: "GET", path: "/progress?year=2026&target_id=6&status=behind", status: 200,
			want: []string{`"items":[]`, `"total":0`}},
	})
}

func TestProgressQueryRefusals(t *testing.T) {
	t.Parallel()
	env := progressPagingEnv(t)
	names := func(fields ...string) func(t *testing.T, b map[string]any) {
		return func(t *testing.T, b map[string]any) {
			t.Helper()
			got, _ := field(b, "error", "details", "fields").(map[string]any)
			for _, f := range fields {
				if got[f] == nil {
					t.Errorf("details.fields lacks %s: %v", f, b)
				}
			}
			if len(got) != len(fields) {
				t.Errorf("details.fields %v, want only %v", got, fields)
			}
		}
	}
	invalid := []string{`"code":"invalid"`}
	var cases []scenario
	for _, c := range []struct{ query, field string }{
		{"page=0", "page"},
		{"page=-1", "page"},
		{"page=two", "page"},
		{"per_page=0", "per_page"},
		{"per_page=1001", "per_page"},
		{"per_page=many", "per_page"},
		{"status=late", "status"},
		{"status=BEHIND", "status"},
		{"target_id=abc", "target_id"},
		{"target_id=-3", "target_id"},
	} {
		cases = append(cases, scenario{name: c.query, role: "manager", method: "GET", path: "/progress?year=2026&" + c.query,
			status: 400, want: invalid, check: names(c.field)})
	}
	cases = append(cases,
		scenario{name: "every bad field named", role: "manager", method: "GET", path: "/progress?page=0&per_page=5000&status=x&target_id=y",
			status: 400, want: invalid, check: names("page", "per_page", "status", "target_id")},
		scenario{name: "per_page 1000 is allowed", role: "manager", method: "GET", path: "/progress?year=2026&per_page=1000", status: 200,
			want: []string{`"total":24`}},
		scenario{name: "staff may not page another's rows", role: "staff", method: "GET",
			path: "/progress?year=2026&per_page=1&staff_id=" + itoa(int(env.users["staff2"].ID)), status: 403},
	)
	env.run(t, cases)
}

func TestProgressQueryDocumented(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	op := env.srv.openAPI()["paths"].(map[string]map[string]any)["/api/v1/progress"]["get"].(map[string]any)
	raw, _ := json.Marshal(op["parameters"])
	for _, name := range []string{"year", "as_of", "staff_id", "target_id", "status", "page", "per_page"} {
		if !strings.Contains(string(raw), `"name":"`+name+`"`) {
			t.Errorf("GET /progress does not document %s: %s", name, raw)
		}
	}
}
