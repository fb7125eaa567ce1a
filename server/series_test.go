package server

import (
	"fmt"
	"testing"
)

func TestSeriesAndCalendarScenarios(t *testing.T) {
	env := newTestServer(t)
	staff := env.users["staff"].ID
	// Thursdays 19:00 from 2026-09-24; 10-01 is National Day and skipped.
	class := with(lecture(1, "19:00", "21:00", staff), "kind", "training", "title", "书法班",
		"start", "2026-09-24T19:00:00+08:00", "end", "2026-09-24T21:00:00+08:00",
		"rrule", "FREQ=WEEKLY;BYDAY=TH;COUNT=3", "skip_holidays", true)
	env.run(t, []scenario{
		{name: "dry run lists occurrences, skipped ones with a reason", role: "staff", method: "POST", path: "/series",
			body: with(class, "dry_run", true), status: 200,
			want: []string{`"start":"2026-09-24T19:00:00+08:00"`, `"skipped_reason":"holiday"`, `"skipped_name":"国庆节"`, `"start":"2026-10-15T19:00:00+08:00"`}},
		{name: "rule without an end", role: "staff", method: "POST", path: "/series",
			body: with(class, "rrule", "FREQ=WEEKLY"), status: 400, want: []string{`"rrule":{"code":"rrule_no_end","params":{},"message":"needs COUNT or UNTIL"`}},
		{name: "rule and template problems together", role: "staff", method: "POST", path: "/series",
			body: with(class, "rrule", "FREQ=WEEKLY;COUNT=500", "kind", "party"), status: 400, want: []string{`"rrule":`, `"kind":`}},
		{name: "viewer cannot", role: "viewer", method: "POST", path: "/series", body: class, status: 403},
		{name: "created whole", role: "staff", method: "POST", path: "/series", body: class, status: 201,
			want: []string{`"series_id":`, `"local_date":"2026-09-24"`, `"local_date":"2026-10-08"`, `"local_date":"2026-10-15"`},
			check: func(t *testing.T, body map[string]any) {
				if n := len(body["activities"].([]any)); n != 3 {
					t.Fatalf("%d activities", n)
				}
			}},
		{name: "again: every occurrence clashes", role: "staff", method: "POST", path: "/series", body: class, status: 409,
			want: []string{`"code":"conflict"`, `"occurrence":"2026-10-15T19:00:00+08:00"`}},
		{name: "series read", role: "viewer", method: "GET", path: "/series/1", status: 200, want: []string{`"rrule":"FREQ=WEEKLY;BYDAY=TH;COUNT=3"`, `"skip_holidays":true`}},
		{name: "calendar days", role: "viewer", method: "GET", path: "/calendar/days?year=2026", status: 200,
			want: []string{`"total":365`, `{"date":"2026-10-01","type":"holiday","name":"国庆节","name_en":"National Day"}`, `{"date":"2026-09-20","type":"adjusted_workday","name":"国庆节","name_en":"National Day"}`}},
		{name: "calendar needs a year", role: "viewer", method: "GET", path: "/calendar/days", status: 400, want: []string{`"year"`}},
		{name: "admin closes a day", role: "admin", method: "POST", path: "/closures", body: map[string]any{"date": "2026-07-15", "name": "馆内消杀"}, status: 201},
		{name: "a day closes once", role: "admin", method: "POST", path: "/closures", body: map[string]any{"date": "2026-07-15", "name": "again"}, status: 409},
		{name: "bad date", role: "admin", method: "POST", path: "/closures", body: map[string]any{"date": "15/07/2026", "name": "x"}, status: 400, want: []string{`"date"`}},
		{name: "manager cannot close", role: "manager", method: "POST", path: "/closures", body: map[string]any{"date": "2026-07-16", "name": "x"}, status: 403},
		{name: "closures listed", role: "staff", method: "GET", path: "/closures?year=2026", status: 200, want: []string{`"name":"馆内消杀"`}},
		{name: "closure shows in the calendar", role: "viewer", method: "GET", path: "/calendar/days?year=2026", status: 200,
			want: []string{`{"date":"2026-07-15","type":"closure","name":"馆内消杀","name_en":"馆内消杀"}`}},
	})
	// Editing "following" from the second member splits the series.
	_, list := env.do(t, "viewer", "GET", "/activities?series_id=1", nil)
	items := list["items"].([]any)
	second := items[1].(map[string]any)
	path := fmt.Sprintf("/activities/%d?scope=following", num(second["id"]))
	out := env.mustDo(t, "staff", "PATCH", path, map[string]any{"version": 1, "start": "2026-10-08T18:00:00+08:00", "end": "2026-10-08T20:00:00+08:00"}, 200)
	if num(out["series_id"]) == 1 {
		t.Fatalf("following did not split the series: %v", out)
	}
	_, moved := env.do(t, "viewer", "GET", fmt.Sprintf("/activities/%d", num(items[2].(map[string]any)["id"])), nil)
	if moved["start"] != "2026-10-15T18:00:00+08:00" || moved["series_id"] != out["series_id"] {
		t.Fatalf("third member %v", moved)
	}
}
