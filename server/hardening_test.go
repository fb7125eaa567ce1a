package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
)

// Reproductions of an attack run against the API: each answered 201 with a
// row no one could read afterwards, or 500, before the bounds checks.
func TestOutOfRangeValuesAreRefusedByName(t *testing.T) {
	env := newTestServer(t)
	staff := env.users["staff"].ID
	viewer := env.users["viewer"].ID
	ctx := context.Background()
	mine, err := env.svc.Activities.Create(ctx, services.Actor{UserID: staff, Role: models.RoleStaff}, services.ActivityInput{
		Kind: "lecture", Title: "已排讲座", Start: testNow().Add(-2 * time.Hour), End: testNow().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	complete := fmt.Sprintf("/activities/%d/complete", mine.ID)
	const big = "9223372036854775808" // 2^63: no database integer holds it
	dateRange := `{"code":"out_of_range","params":{"max":"2100-12-31","min":"1900-01-01"}`
	at := func(start, end string) map[string]any {
		return with(lecture(10, "10:00", "11:00", staff), "start", start, "end", end)
	}
	env.run(t, []scenario{
		{name: "year 9999 in the west", role: "staff", method: "POST", path: "/activities",
			body: at("9999-12-31T23:00:00-12:00", "9999-12-31T23:30:00-12:00"), status: 400,
			want: []string{`"start":` + dateRange, `"end":` + dateRange}},
		{name: "year 0 in the east", role: "staff", method: "POST", path: "/activities",
			body: at("0000-01-01T05:00:00+08:00", "0000-01-01T06:00:00+08:00"), status: 400, want: []string{`"start":` + dateRange}},
		{name: "year 1899 ends before the range", role: "staff", method: "POST", path: "/activities",
			body: at("1899-12-31T10:00:00+08:00", "1899-12-31T11:00:00+08:00"), status: 400, want: []string{`"start":` + dateRange}},
		{name: "a year-0 series no longer panics", role: "staff", method: "POST", path: "/series",
			body: with(at("0000-01-01T05:00:00+08:00", "0000-01-01T06:00:00+08:00"), "rrule", "FREQ=WEEKLY;COUNT=2"), status: 400,
			want: []string{`"start":` + dateRange}},
		{name: "the tenth Friday of a month", role: "staff", method: "POST", path: "/series",
			body: with(lecture(16, "14:00", "15:00", staff), "rrule", "FREQ=MONTHLY;BYDAY=10FR;COUNT=1"), status: 400,
			want: []string{`"rrule":{"code":"rrule_syntax"`}},
		{name: "the tenth Monday from the end of January", role: "staff", method: "POST", path: "/series",
			body: with(lecture(16, "14:00", "15:00", staff), "rrule", "FREQ=YEARLY;BYMONTH=1;BYDAY=-10MO;COUNT=1"), status: 400,
			want: []string{`"rrule":{"code":"rrule_syntax"`}},
		{name: "a patch into year 10000", role: "staff", method: "PATCH", path: fmt.Sprintf("/activities/%d", mine.ID),
			body: map[string]any{"version": 1, "start": "9999-12-31T23:00:00-12:00", "end": "9999-12-31T23:30:00-12:00"}, status: 400,
			want: []string{`"start":` + dateRange}},
		{name: "a dry run into year 0", role: "staff", method: "POST", path: "/activities/check",
			body: at("0000-01-01T05:00:00+08:00", "0000-01-01T06:00:00+08:00"), status: 400, want: []string{`"start":` + dateRange}},
		{name: "an offset of 24 hours", role: "staff", method: "POST", path: "/activities",
			body: at("2026-03-10T10:00:00+24:00", "2026-03-10T11:00:00+24:00"), status: 400, want: []string{`"start":{"code":"invalid_format"`}},
		{name: "list from year 1", role: "viewer", method: "GET", path: "/activities?from=0001-01-01", status: 400, want: []string{`"from":` + dateRange}},
		{name: "list to 1970 is fine", role: "viewer", method: "GET", path: "/activities?to=1970-01-01T00:00:00Z", status: 200},
		{name: "list from year 0 as an instant", role: "viewer", method: "GET", path: "/activities?from=0000-01-01T00:00:00Z", status: 400, want: []string{`"from":` + dateRange}},
		{name: "audit from year 0", role: "manager", method: "GET", path: "/audit?from=0000-01-01", status: 400, want: []string{`"from":` + dateRange}},
		{name: "csv from year 1", role: "manager", method: "GET", path: "/reports/activities.csv?from=0001-01-01&to=2026-01-01", status: 400, want: []string{`"from":` + dateRange}},
		{name: "attendance of 2^63-1", role: "staff", method: "POST", path: complete,
			body: map[string]any{"actual_attendance": int64(9223372036854775807)}, status: 400, want: []string{`"actual_attendance":{"code":"max"`}},
		{name: "attendance of 5e18", role: "staff", method: "POST", path: complete,
			body: map[string]any{"actual_attendance": int64(5e18)}, status: 400, want: []string{`"actual_attendance":{"code":"max","params":{"n":1000000}`}},
		{name: "expected attendance over the bound", role: "staff", method: "POST", path: "/activities",
			body: with(lecture(10, "10:00", "11:00", staff), "expected_attendance", 1_000_001), status: 400, want: []string{`"expected_attendance":{"code":"max"`}},
		{name: "a path id of 2^63", role: "viewer", method: "GET", path: "/activities/" + big, status: 404},
		{name: "a path id of 2^64-1", role: "staff", method: "DELETE", path: "/activities/18446744073709551615", status: 404},
		{name: "a filter id of 2^63", role: "viewer", method: "GET", path: "/activities?staff_id=" + big, status: 400, want: []string{`"staff_id":{"code":"not_positive"`}},
		{name: "a body id of 2^63", role: "staff", method: "POST", path: "/activities",
			body:   `{"kind":"lecture","title":"t","start":"2026-03-10T10:00:00+08:00","end":"2026-03-10T11:00:00+08:00","team_ids":[` + big + `]}`,
			status: 400, want: []string{`"team_ids[0]":{"code":"max"`}},
		{name: "a venue id of 2^63", role: "staff", method: "PATCH", path: fmt.Sprintf("/activities/%d", mine.ID),
			body: `{"version":1,"venue_id":` + big + `}`, status: 400, want: []string{`"venue_id":{"code":"not_positive"`}},
		{name: "a NUL byte in a title", role: "staff", method: "POST", path: "/activities",
			body: with(lecture(10, "10:00", "11:00", staff), "title", "讲座\x00"), status: 400, want: []string{`"title":{"code":"control_chars"`}},
		{name: "line breaks in notes are text", role: "staff", method: "POST", path: "/activities",
			body: with(lecture(10, "10:00", "11:00", staff), "notes", "第一行\n第二行\t完"), status: 201},
		{name: "a viewer cannot lead a team", role: "manager", method: "POST", path: "/teams",
			body: map[string]any{"name": "合唱团", "leader_id": viewer}, status: 400, want: []string{`"leader_id":{"code":"viewer"`}},
		{name: "a viewer is no member of an each_staff target", role: "manager", method: "POST", path: "/targets",
			body:   map[string]any{"year": 2026, "name": "讲座", "metric": "count", "scope": "each_staff", "value": 10, "staff_ids": []uint64{staff, viewer}},
			status: 400, want: []string{`"staff_ids":{"code":"viewer"`}},
	})
	// The refused rows were never written: every list still answers.
	for _, p := range []string{"/activities", "/activities?to=1970-01-01T00:00:00Z", fmt.Sprintf("/activities?staff_id=%d", staff)} {
		env.mustDo(t, "viewer", "GET", p, nil, 200)
	}
}

// Answers that name people and figures are never kept by a cache: JSON,
// errors, workbooks and CSV files alike.
func TestAPIAnswersAreNotStored(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	for _, c := range []struct{ role, path string }{
		{"viewer", "/api/v1/activities"},
		{"viewer", "/api/v1/activities/999999"},
		{"", "/api/v1/me"},
		{"manager", "/api/v1/reports/tally.xlsx?year=2026"},
		{"manager", "/api/v1/reports/activities.csv?from=2026-01-01&to=2026-02-01"},
		{"viewer", "/api/v1/no-such-route"},
	} {
		w := env.request(t, env.tokens[c.role], "GET", c.path, nil)
		if got := w.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s (%d): Cache-Control %q, want no-store", c.path, w.Code, got)
		}
		if w.Code >= 500 {
			t.Errorf("%s: %d %s", c.path, w.Code, strings.TrimSpace(w.Body.String()))
		}
	}
}

// A body trickling in one byte at a time is answered 408 once its own
// deadline passes, and is not reported as a database outage.
func TestSlowBodyTimesOut(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	var logs strings.Builder
	srv := New(env.svc, Config{Location: env.loc, BodyTimeout: 300 * time.Millisecond},
		slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil)))
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	body := `{"name":"慢慢来的场地","capacity":10}`
	pr, pw := io.Pipe()
	go func() {
		for i := 0; i < len(body); i++ {
			if _, err := pw.Write([]byte{body[i]}); err != nil {
				return
			}
			time.Sleep(100 * time.Millisecond) // the whole body would take about 4 s
		}
		pw.Close()
	}()
	req, err := http.NewRequest("POST", hs.URL+"/api/v1/venues", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+env.tokens["admin"])
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	pw.CloseWithError(io.ErrClosedPipe)
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(raw), `"code":"timeout"`) {
		t.Fatalf("slow body: %d %s", resp.StatusCode, raw)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("answered after %v, want about the body timeout", d)
	}
	if strings.Contains(logs.String(), "database unavailable") {
		t.Errorf("a slow client was logged as a database outage: %s", logs.String())
	}
	if n := env.count(t, &models.Venue{}, "name = ?", "慢慢来的场地"); n != 0 {
		t.Errorf("%d venues written", n)
	}
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
