package server

import (
	"fmt"
	"strings"
	"testing"

	"centerstage/models"
)

// Cancel reasons, mending, the to-record list and the batch save through the API.
func TestRecordAndMendScenarios(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	staff, staff2 := env.users["staff"].ID, env.addUser(t, "staff2", models.RoleStaff).ID
	env.addUser(t, "staff3", models.RoleStaff)
	// The test clock reads 2026-03-02 10:00: two ended lectures of staff's
	// (the second with staff2), one running, one tomorrow.
	mk := func(body map[string]any) string {
		return fmt.Sprint(num(env.mustDo(t, "manager", "POST", "/activities", body, 201)["id"]))
	}
	early := mk(lecture(2, "07:00", "08:00", staff))
	shared := mk(with(lecture(2, "08:00", "09:00", staff), "staff_ids", []uint64{staff2}))
	running := mk(lecture(2, "09:30", "11:00", staff))
	tomorrow := mk(lecture(3, "09:00", "10:00", staff))
	dropped := mk(lecture(2, "06:00", "06:30", staff))
	item := func(id string, version, att int) map[string]any {
		var n uint64
		fmt.Sscan(id, &n)
		return map[string]any{"id": n, "version": version, "actual_attendance": att}
	}
	env.run(t, []scenario{
		{name: "cancel with a reason", role: "staff", method: "POST", path: "/activities/" + dropped + "/cancel", body: map[string]any{"reason": "讲师病假"}, status: 200,
			want: []string{`"status":"cancelled"`, `"cancel_reason":"讲师病假"`}},
		{name: "a too long reason", role: "staff", method: "POST", path: "/activities/" + early + "/cancel", body: map[string]any{"reason": strings.Repeat("因", 501)}, status: 400,
			want: []string{`"reason":`}},
		{name: "my list to record", role: "staff", method: "GET", path: "/activities/to-record", status: 200,
			want: []string{`"total":2`, `"id":` + early + `,`, `"id":` + shared + `,`}},
		{name: "a participant's list", role: "staff2", method: "GET", path: "/activities/to-record?per_page=1", status: 200, want: []string{`"total":1`}},
		{name: "a viewer has nothing to record", role: "viewer", method: "GET", path: "/activities/to-record", status: 200, want: []string{`"total":0`}},
		{name: "batch needs items", role: "staff", method: "POST", path: "/activities/complete", body: map[string]any{"items": []any{}}, status: 400, want: []string{`"items":`}},
		{name: "batch fields are named by index", role: "staff", method: "POST", path: "/activities/complete",
			body: map[string]any{"items": []any{item(early, 1, 5), map[string]any{"id": 1, "version": 1}}}, status: 400, want: []string{`"items[1].actual_attendance":`}},
		{name: "batch with an item not started", role: "staff", method: "POST", path: "/activities/complete",
			body: map[string]any{"items": []any{item(early, 1, 5), item(tomorrow, 1, 5)}}, status: 422, want: []string{`"code":"rule"`, `"details":{"activity_id":` + tomorrow + `}`}},
		{name: "batch stale", role: "staff", method: "POST", path: "/activities/complete",
			body: map[string]any{"items": []any{item(early, 2, 5)}}, status: 409, want: []string{`"code":"stale"`}},
		{name: "batch of another's", role: "staff3", method: "POST", path: "/activities/complete",
			body: map[string]any{"items": []any{item(early, 1, 5)}}, status: 403},
		{name: "viewer may not batch", role: "viewer", method: "POST", path: "/activities/complete",
			body: map[string]any{"items": []any{item(early, 1, 5)}}, status: 403},
		{name: "batch records all", role: "staff", method: "POST", path: "/activities/complete",
			body: map[string]any{"items": []any{item(shared, 1, 12), with(item(early, 1, 300), "notes", "座无虚席"), item(running, 1, 7)}}, status: 200,
			want: []string{`"items":[{"id":` + shared, `"actual_attendance":300`, `"notes":"座无虚席"`, `"status":"completed"`}},
		{name: "nothing left to record", role: "staff", method: "GET", path: "/activities/to-record", status: 200, want: []string{`"total":0`}},
		{name: "a colleague may not mend", role: "staff3", method: "PATCH", path: "/activities/" + early, body: map[string]any{"version": 2, "actual_attendance": 30}, status: 403},
		{name: "mending another field is refused", role: "staff", method: "PATCH", path: "/activities/" + early, body: map[string]any{"version": 2, "actual_attendance": 30, "title": "x"}, status: 422,
			want: []string{`"code":"rule"`}},
		{name: "negative attendance", role: "staff", method: "PATCH", path: "/activities/" + early, body: map[string]any{"version": 2, "actual_attendance": -3}, status: 400,
			want: []string{`"actual_attendance":`}},
		{name: "the organizer mends the typo", role: "staff", method: "PATCH", path: "/activities/" + early, body: map[string]any{"version": 2, "actual_attendance": 30}, status: 200,
			want: []string{`"status":"completed"`, `"actual_attendance":30`, `"notes":"座无虚席"`, `"version":3`}},
		{name: "a participant mends the notes", role: "staff2", method: "PATCH", path: "/activities/" + shared, body: map[string]any{"version": 2, "notes": "下期加开"}, status: 200,
			want: []string{`"status":"completed"`, `"notes":"下期加开"`}},
		{name: "attendance on a planned activity", role: "staff", method: "PATCH", path: "/activities/" + tomorrow, body: map[string]any{"version": 1, "actual_attendance": 3}, status: 422},
		{name: "staff still may not reopen", role: "staff", method: "POST", path: "/activities/" + early + "/reopen", status: 403},
		{name: "mending is audited", role: "manager", method: "GET", path: "/audit?entity=activity&entity_id=" + early, status: 200,
			want: []string{`"action":"mend"`, `"action":"complete"`}},
	})
	w := env.request(t, env.tokens["staff"], "GET", "/reports/activities.csv?from=2026-03-02&to=2026-03-03", nil)
	if !strings.Contains(w.Body.String(), "取消原因") || !strings.Contains(w.Body.String(), "讲师病假") {
		t.Errorf("the CSV lacks the cancel reason: %s", w.Body.String())
	}
}

// Delete counts, make-up sessions and skip_conflicts through the API.
func TestSeriesMendingScenarios(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	staff := env.users["staff"].ID
	env.addUser(t, "staff2", models.RoleStaff)
	hall := models.Venue{Name: "多功能厅", Capacity: 200, Active: true, Version: 1}
	if err := env.db.Create(&hall).Error; err != nil {
		t.Fatal(err)
	}
	// Taken: Tuesday 03-17 at 14:30 in the hall.
	env.mustDo(t, "manager", "POST", "/activities", with(lecture(17, "14:30", "15:30", env.users["manager"].ID), "venue_id", hall.ID), 201)
	class := with(lecture(10, "14:00", "15:00", staff), "venue_id", hall.ID, "rrule", "FREQ=WEEKLY;COUNT=3")
	var seriesID uint64
	var first, second, makeup string
	env.run(t, []scenario{
		{name: "a clash refuses the series", role: "staff", method: "POST", path: "/series", body: class, status: 409, want: []string{`"reason":"venue"`}},
		{name: "skip_conflicts keeps COUNT free sessions", role: "staff", method: "POST", path: "/series", body: with(class, "skip_conflicts", true), status: 201,
			want: []string{`"skipped":[{"start":"2026-03-17T14:00:00+08:00","end":"2026-03-17T15:00:00+08:00","conflicts":[{`, `"series_index":3,"series_count":3`},
			check: func(t *testing.T, b map[string]any) {
				seriesID = num(b["series_id"])
				acts := b["activities"].([]any)
				if len(acts) != 3 || field(acts[2], "start") != "2026-03-31T14:00:00+08:00" {
					t.Errorf("sessions %v", acts)
				}
				first, second = fmt.Sprint(num(field(acts[0], "id"))), fmt.Sprint(num(field(acts[1], "id")))
			}},
	})
	occ := fmt.Sprintf("/series/%d/occurrences", seriesID)
	mk := func(day int, from, to string) map[string]any {
		return map[string]any{"start": fmt.Sprintf("2026-03-%02dT%s:00+08:00", day, from), "end": fmt.Sprintf("2026-03-%02dT%s:00+08:00", day, to)}
	}
	env.run(t, []scenario{
		{name: "a make-up session in the taken slot", role: "staff", method: "POST", path: occ, body: mk(17, "15:00", "16:00"), status: 409, want: []string{`"reason":"venue"`}},
		{name: "a colleague may not add one", role: "staff2", method: "POST", path: occ, body: mk(19, "14:00", "15:00"), status: 403},
		{name: "a make-up needs its times", role: "staff", method: "POST", path: occ, body: map[string]any{}, status: 400, want: []string{`"start":`, `"end":`}},
		{name: "an unknown series", role: "staff", method: "POST", path: "/series/99999/occurrences", body: mk(19, "14:00", "15:00"), status: 404},
		{name: "the make-up session", role: "staff", method: "POST", path: occ, body: mk(19, "14:00", "15:00"), status: 201,
			want:  []string{`"title":"书法讲座"`, fmt.Sprintf(`"venue_id":%d`, hall.ID), fmt.Sprintf(`"series_id":%d`, seriesID), `"series_index":2,"series_count":4`},
			check: func(t *testing.T, b map[string]any) { makeup = fmt.Sprint(num(b["id"])) }},
		{name: "a colleague may not delete it", role: "staff2", method: "DELETE", path: "/activities/" + first + "?scope=all", status: 403},
		{name: "how many a delete of the series would remove", role: "staff", method: "DELETE", path: "/activities/" + second + "?scope=all&dry_run=true", status: 200,
			want: []string{`"deleted":4`, `"dry_run":true`}},
		{name: "a bad dry_run", role: "staff", method: "DELETE", path: "/activities/" + second + "?dry_run=maybe", status: 400, want: []string{`"dry_run":`}},
		// Sessions by start: 03-10 (first), 03-19 (make-up), 03-24 (second), 03-31.
		{name: "delete from the second on", role: "staff", method: "DELETE", path: "/activities/" + second + "?scope=following", status: 200,
			want: []string{`"deleted":2`, `"dry_run":false`}},
		{name: "two are left", role: "viewer", method: "GET", path: "/activities/" + first, status: 200, want: []string{`"series_index":1,"series_count":2`}},
		{name: "delete the first alone", role: "staff", method: "DELETE", path: "/activities/" + first + "?version=1", status: 200,
			want: []string{`"deleted":1`, `"activity_ids":[` + first + `]`}},
	})
	env.run(t, []scenario{
		{name: "delete the last one", role: "staff", method: "DELETE", path: "/activities/" + makeup + "?scope=all", status: 200, want: []string{`"deleted":1`}},
		{name: "the series is gone", role: "viewer", method: "GET", path: fmt.Sprintf("/series/%d", seriesID), status: 404},
	})
}
