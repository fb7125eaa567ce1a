package server

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"centerstage/models"
	"centerstage/services/counting"
	"centerstage/services/servicestest"
)

// seedOutreach stores one completed outreach of the staff user on 2026-02-20,
// through the rows' writer but not the scheduling routes, so these tests do
// not depend on them.
func seedOutreach(t *testing.T, env *testEnv) uint64 {
	t.Helper()
	staff := env.users["staff"].ID
	start := time.Date(2026, 2, 20, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai
	n := 12
	a := models.Activity{Kind: "outreach", Title: "社区辅导", StartAt: start, EndAt: start.Add(2 * time.Hour), LocalDate: "2026-02-20",
		OrganizerID: staff, Status: models.StatusCompleted, ActualAttendance: &n, Version: 1, CreatedBy: staff}
	servicestest.SeedActivities(t, env.db, env.loc, &a)
	return a.ID
}

func TestTargetRoutesPermissions(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	seedOutreach(t, env)
	body := map[string]any{"year": 2026, "name": "讲座", "metric": "count", "kinds": []string{"lecture"}, "scope": "center", "value": 12}
	env.run(t, []scenario{
		{name: "staff may not create", role: "staff", method: "POST", path: "/targets", body: body, status: 403},
		{name: "viewer may not create", role: "viewer", method: "POST", path: "/targets", body: body, status: 403},
		{name: "no token", role: "", method: "GET", path: "/targets", status: 401},
		{name: "manager creates", role: "manager", method: "POST", path: "/targets", body: body, status: 201,
			want: []string{`"version":1`, `"effective_plan":[1,1,1,1,1,1,1,1,1,1,1,1]`}},
		{name: "same name again", role: "admin", method: "POST", path: "/targets", body: body, status: 409},
		{name: "bad fields named", role: "admin", method: "POST", path: "/targets",
			body:   map[string]any{"year": 2026, "name": "x", "metric": "paired_stations", "scope": "center", "value": 3, "monthly_plan": []int{1, 2}},
			status: 400, want: []string{`"monthly_plan"`}},
		{name: "paired stations on the center", role: "admin", method: "POST", path: "/targets",
			body: map[string]any{"year": 2026, "name": "x", "metric": "paired_stations", "scope": "center", "value": 3}, status: 400,
			want: []string{`"scope"`}},
		{name: "anyone reads", role: "staff", method: "GET", path: "/targets?year=2026", status: 200, want: []string{`"total":1`}},
		{name: "read one", role: "viewer", method: "GET", path: "/targets/1", status: 200},
		{name: "missing", role: "viewer", method: "GET", path: "/targets/99", status: 404},
		{name: "staff may not change", role: "staff", method: "PATCH", path: "/targets/1", body: map[string]any{"value": 3, "version": 1}, status: 403},
		{name: "version required", role: "manager", method: "PATCH", path: "/targets/1", body: map[string]any{"value": 3}, status: 400},
		{name: "manager changes", role: "manager", method: "PATCH", path: "/targets/1", body: map[string]any{"value": 24, "version": 1}, status: 200,
			want: []string{`"version":2`, `"value":24`}},
		{name: "stale", role: "manager", method: "PATCH", path: "/targets/1", body: map[string]any{"value": 3, "version": 1}, status: 409,
			want: []string{`"code":"stale"`}},
		{name: "staff may not apply", role: "staff", method: "POST", path: "/targets/apply-template", body: map[string]any{"template": "duty-statement", "year": 2026}, status: 403},
		{name: "unknown template", role: "manager", method: "POST", path: "/targets/apply-template", body: map[string]any{"template": "x", "year": 2026}, status: 404},
		{name: "apply", role: "manager", method: "POST", path: "/targets/apply-template", body: map[string]any{"template": "duty-statement", "year": 2026}, status: 200,
			want: []string{`"created":4`, `"total":4`}},
		{name: "apply again", role: "admin", method: "POST", path: "/targets/apply-template", body: map[string]any{"template": "duty-statement", "year": 2026}, status: 200,
			want: []string{`"created":0`, `"total":4`}},
		{name: "templates", role: "viewer", method: "GET", path: "/target-templates", status: 200, want: []string{`"duty-statement"`, `"county-catalogue"`}},
		{name: "staff may not save a template", role: "staff", method: "POST", path: "/target-templates", body: map[string]any{"name": "ours", "year": 2026}, status: 403},
		{name: "save a template", role: "manager", method: "POST", path: "/target-templates", body: map[string]any{"name": "ours", "year": 2026}, status: 201},
		{name: "staff may not delete", role: "staff", method: "DELETE", path: "/targets/1", status: 403},
		{name: "delete", role: "admin", method: "DELETE", path: "/targets/1", status: 204},
	})
}

func TestProgressAndReportRoutes(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	seedOutreach(t, env)
	env.mustDo(t, "manager", "POST", "/targets/apply-template", map[string]any{"template": "duty-statement", "year": 2026}, 200)
	staff, manager := itoa(int(env.users["staff"].ID)), itoa(int(env.users["manager"].ID))
	env.run(t, []scenario{
		// the clock says 2026-03-02: expected person-days = 5 + 5 (Jan, Feb) + 5 × 2/31 = 10.32.
		{name: "staff see the center and their own", role: "staff", method: "GET", path: "/progress?year=2026", status: 200,
			want: []string{`"as_of":"2026-03-02"`, `"staff_id":` + staff + `,`, `"expected_to_date":10.32`},
			check: func(t *testing.T, b map[string]any) {
				for _, it := range b["items"].([]any) {
					row := it.(map[string]any)
					if id, ok := row["staff_id"].(float64); ok && itoa(int(id)) != staff {
						t.Errorf("staff sees %v", row)
					}
				}
			}},
		{name: "staff may not ask for another", role: "staff", method: "GET", path: "/progress?staff_id=" + manager, status: 403},
		{name: "manager sees one member", role: "manager", method: "GET", path: "/progress?staff_id=" + staff + "&as_of=2026-02-28", status: 200,
			want: []string{`"actual":1`}},
		{name: "as_of outside the year", role: "viewer", method: "GET", path: "/progress?year=2026&as_of=2025-12-31", status: 400,
			want: []string{`"as_of"`}},
		{name: "as_of not a date", role: "viewer", method: "GET", path: "/progress?as_of=soon", status: 400},
		{name: "drill down", role: "staff", method: "GET", path: "/progress/3/items?staff_id=" + staff, status: 200,
			want: []string{`"total":1`, `"date":"2026-02-20"`, `"unit":"person_day"`, `"社区辅导"`}},
		{name: "drill down into another's", role: "staff", method: "GET", path: "/progress/3/items?staff_id=" + manager, status: 403},
		{name: "bad bucket", role: "staff", method: "GET", path: "/progress/3/items?bucket=maybe", status: 400},
		{name: "no such target", role: "manager", method: "GET", path: "/progress/99/items", status: 404},
		{name: "monthly", role: "staff", method: "GET", path: "/reports/monthly?year=2026", status: 200,
			want: []string{`"month":2,"plan":5,"due":10,"actual":1,"carry":9`}},
		{name: "tally not for staff", role: "staff", method: "GET", path: "/reports/tally?year=2026", status: 403},
		{name: "tally", role: "viewer", method: "GET", path: "/reports/tally?year=2026", status: 200,
			want: []string{`"official_return"`, `"code":"teams_guided"`}},
		{name: "xlsx not for staff", role: "staff", method: "GET", path: "/reports/tally.xlsx?year=2026", status: 403},
		{name: "csv needs a range", role: "staff", method: "GET", path: "/reports/activities.csv", status: 400, want: []string{`"from"`, `"to"`}},
		{name: "csv no token", role: "", method: "GET", path: "/reports/activities.csv?from=2026-01-01&to=2027-01-01", status: 401},
	})
}

func TestExportsOverHTTP(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	seedOutreach(t, env)
	req := func(path, lang string) []byte {
		t.Helper()
		w := env.request(t, env.tokens["manager"], "GET", path, nil)
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", path, w.Code, w.Body.String())
		}
		return w.Body.Bytes()
	}
	csvZh := string(req("/reports/activities.csv?from=2026-01-01&to=2027-01-01", ""))
	if !strings.HasPrefix(csvZh, "\uFEFF编号,类型") || !strings.Contains(csvZh, "基层辅导") {
		t.Errorf("zh csv: %q", csvZh)
	}
	csvEn := string(req("/reports/activities.csv?from=2026-01-01&to=2027-01-01&lang=en", ""))
	if !strings.HasPrefix(csvEn, "\uFEFFID,Kind") || !strings.Contains(csvEn, ",outreach,") {
		t.Errorf("en csv: %q", csvEn)
	}
	tallyCSV := string(req("/reports/tally.csv?year=2026", ""))
	if !strings.HasPrefix(tallyCSV, "\uFEFF指标,统计口径,适用对象,业务干部") {
		t.Errorf("tally.csv: %q", tallyCSV)
	}
	if w := env.request(t, env.tokens["staff"], "GET", "/reports/tally.csv?year=2026", nil); w.Code != 403 {
		t.Errorf("staff read tally.csv: %d", w.Code)
	}
	if w := env.request(t, env.tokens["manager"], "GET", "/reports/tally.csv?year=1999", nil); w.Code != 400 || !strings.Contains(w.Body.String(), `"year"`) {
		t.Errorf("tally.csv of 1999: %d %s", w.Code, w.Body.String())
	}
	f, err := excelize.OpenReader(bytes.NewReader(req("/reports/tally.xlsx?year=2026&lang=en", "")))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, "|") != "Summary|By staff|By month|Activities|Official return" {
		t.Errorf("sheets %v", got)
	}
	cell, _ := f.GetCellValue(counting.SheetActivities, "C4") // below the title, the as-of line and the header
	if cell != "社区辅导" {
		t.Errorf("Activities C4 = %q", cell)
	}
}

func TestExportLangFromAcceptLanguage(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	for header, want := range map[string]string{"": "\uFEFF编号", "en-US,en;q=0.9": "\uFEFFID", "en;q=0.5, zh-CN": "\uFEFF编号", "fr": "\uFEFF编号"} {
		req := httptest.NewRequest("GET", "/api/v1/reports/activities.csv?from=2026-01-01&to=2026-02-01", nil)
		req.Header.Set("Authorization", "Bearer "+env.tokens["viewer"])
		if header != "" {
			req.Header.Set("Accept-Language", header)
		}
		w := httptest.NewRecorder()
		env.srv.Handler().ServeHTTP(w, req)
		if !strings.HasPrefix(w.Body.String(), want) {
			t.Errorf("Accept-Language %q: %q", header, w.Body.String())
		}
	}
}

// An empty monthly plan means the even split on create as on update; before,
// create refused it while PATCH accepted it.
func TestEmptyMonthlyPlanIsTheEvenSplit(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	body := map[string]any{"year": 2026, "name": "培训", "metric": "count", "kinds": []string{"training"},
		"scope": "center", "value": 14, "monthly_plan": []int{}}
	// 14 split evenly: 1 each, the remaining 2 to January and February.
	even := `"effective_plan":[2,2,1,1,1,1,1,1,1,1,1,1]`
	status, got := env.do(t, "manager", "POST", "/targets", body)
	if status != 201 {
		t.Fatalf("create with an empty plan: %d %v", status, got)
	}
	env.run(t, []scenario{
		{name: "created with the even split", role: "viewer", method: "GET", path: "/targets/" + itoa(int(got["id"].(float64))),
			status: 200, want: []string{`"monthly_plan":null`, even}},
		{name: "a plan set", role: "manager", method: "PATCH", path: "/targets/" + itoa(int(got["id"].(float64))),
			body:   map[string]any{"monthly_plan": []int{3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, "version": 1},
			status: 200, want: []string{`"effective_plan":[3,1,1,1,1,1,1,1,1,1,1,1]`}},
		{name: "an empty plan clears it", role: "manager", method: "PATCH", path: "/targets/" + itoa(int(got["id"].(float64))),
			body: map[string]any{"monthly_plan": []int{}, "version": 2}, status: 200, want: []string{`"monthly_plan":null`, even}},
	})
}
