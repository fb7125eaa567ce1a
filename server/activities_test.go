package server

import (
	"context"
	"fmt"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
)

// lecture is a request body for a lecture on 2026-03-<day> (Shanghai time).
func lecture(day int, from, to string, organizer uint64) map[string]any {
	return map[string]any{"kind": "lecture", "title": "书法讲座",
		"start": fmt.Sprintf("2026-03-%02dT%s:00+08:00", day, from), "end": fmt.Sprintf("2026-03-%02dT%s:00+08:00", day, to),
		"organizer_id": organizer, "expected_attendance": 40}
}

func with(body map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range body {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}

func TestActivityScenarios(t *testing.T) {
	env := newTestServer(t)
	ctx := context.Background()
	staff, staff2 := env.users["staff"].ID, env.addUser(t, "staff2", models.RoleStaff).ID
	hall := models.Venue{Name: "多功能厅", Capacity: 200, Active: true, Version: 1}
	if err := env.db.Create(&hall).Error; err != nil {
		t.Fatal(err)
	}
	actor := services.Actor{UserID: staff, Role: models.RoleStaff}
	mine, err := env.svc.Activities.Create(ctx, actor, services.ActivityInput{Kind: "lecture", Title: "已排讲座",
		Start: testNow().Add(24 * time.Hour), End: testNow().Add(25 * time.Hour), VenueID: &hall.ID})
	if err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(mine.ID)
	taken := with(lecture(3, "10:30", "11:30", staff2), "venue_id", hall.ID) // overlaps "mine" (03-03 10:00-11:00)

	env.run(t, []scenario{
		{name: "staff schedules their own", role: "staff", method: "POST", path: "/activities",
			body: lecture(10, "10:00", "11:00", staff), status: 201,
			want: []string{`"status":"planned"`, `"start":"2026-03-10T10:00:00+08:00"`, `"local_date":"2026-03-10"`, fmt.Sprintf(`"staff_ids":[%d]`, staff), `"version":1`}},
		{name: "organizer defaults to the caller", role: "staff2", method: "POST", path: "/activities",
			body: with(lecture(11, "10:00", "11:00", 0), "organizer_id", nil), status: 201, want: []string{fmt.Sprintf(`"organizer_id":%d`, staff2)}},
		{name: "no token", method: "POST", path: "/activities", body: lecture(12, "10:00", "11:00", staff), status: 401},
		{name: "viewer cannot schedule", role: "viewer", method: "POST", path: "/activities", body: lecture(12, "10:00", "11:00", staff), status: 403},
		{name: "staff cannot schedule for another", role: "staff2", method: "POST", path: "/activities", body: lecture(12, "10:00", "11:00", staff), status: 403},
		{name: "missing fields are named", role: "staff", method: "POST", path: "/activities", body: map[string]any{"kind": "lecture"},
			status: 400, want: []string{`"code":"invalid"`, `"title":{"code":"required","params":{},"message":"is required"`, `"start":{"code":"required","params":{},"message":"is required"`, `"end":{"code":"required","params":{},"message":"is required"`}},
		{name: "rules are named", role: "staff", method: "POST", path: "/activities",
			body:   with(lecture(12, "10:00", "09:00", staff), "kind", "party", "team_ids", []int{999}),
			status: 400, want: []string{`"kind":`, `"end":{"code":"after","params":{"field":"start"},"message":"must be after start"`, `"team_ids":{"code":"not_found","params":{"id":999},"message":"999 does not exist"`}},
		{name: "malformed time", role: "staff", method: "POST", path: "/activities", body: with(lecture(12, "10:00", "11:00", staff), "start", "tomorrow"), status: 400},
		{name: "clash lists the conflict", role: "staff2", method: "POST", path: "/activities", body: taken, status: 409,
			want: []string{`"code":"conflict"`, fmt.Sprintf(`"activity_id":%d`, mine.ID), `"reason":"venue"`, fmt.Sprintf(`"resource_id":%d`, hall.ID), `"start":"2026-03-03T10:00:00+08:00"`}},
		{name: "dry run shows the clash without writing", role: "staff2", method: "POST", path: "/activities/check", body: taken, status: 200,
			want: []string{`"conflicts":[{`, `"reason":"venue"`, `"quota_impact":[]`}},
		{name: "dry run of a change", role: "staff", method: "POST", path: "/activities/check",
			body:   map[string]any{"activity_id": mine.ID, "start": "2026-03-10T10:30:00+08:00", "end": "2026-03-10T11:30:00+08:00"},
			status: 200, want: []string{`"reason":"staff"`}},
		{name: "read", role: "viewer", method: "GET", path: "/activities/" + id, status: 200, want: []string{`"title":"已排讲座"`}},
		{name: "unknown", role: "viewer", method: "GET", path: "/activities/99999", status: 404},
		{name: "list a month", role: "viewer", method: "GET", path: "/activities?from=2026-03-01&to=2026-04-01&kind=lecture", status: 200, want: []string{`"total":3`}},
		{name: "list by staff", role: "viewer", method: "GET", path: fmt.Sprintf("/activities?staff_id=%d&venue_id=%d", staff, hall.ID), status: 200, want: []string{`"total":1`}},
		{name: "bad list filter", role: "viewer", method: "GET", path: "/activities?from=soon&status=done", status: 400, want: []string{`"from":`, `"status":`}},
		{name: "patch needs version", role: "staff", method: "PATCH", path: "/activities/" + id, body: map[string]any{"title": "x"}, status: 400, want: []string{`"version":{"code":"required","params":{},"message":"is required"`}},
		{name: "stale version", role: "staff", method: "PATCH", path: "/activities/" + id, body: map[string]any{"version": 7, "title": "x"}, status: 409, want: []string{`"code":"stale"`}},
		{name: "bad scope", role: "staff", method: "PATCH", path: "/activities/" + id + "?scope=some", body: map[string]any{"version": 1}, status: 400, want: []string{`"scope"`}},
		{name: "another staff cannot change it", role: "staff2", method: "PATCH", path: "/activities/" + id, body: map[string]any{"version": 1, "title": "x"}, status: 403},
		{name: "viewer cannot change it", role: "viewer", method: "PATCH", path: "/activities/" + id, body: map[string]any{"version": 1, "title": "x"}, status: 403},
		{name: "clear the venue", role: "staff", method: "PATCH", path: "/activities/" + id, body: map[string]any{"version": 1, "venue_id": nil, "title": "改期讲座"},
			status: 200, want: []string{`"venue_id":null`, `"version":2`, `"title":"改期讲座"`}},
		{name: "bad venue id in a patch", role: "staff", method: "PATCH", path: "/activities/" + id, body: map[string]any{"version": 2, "venue_id": "hall"}, status: 400, want: []string{`"venue_id"`}},
		{name: "complete before the start", role: "staff", method: "POST", path: "/activities/" + id + "/complete", body: map[string]any{"actual_attendance": 10}, status: 422, want: []string{`"code":"rule"`}},
		{name: "complete needs attendance", role: "staff", method: "POST", path: "/activities/" + id + "/complete", body: map[string]any{}, status: 400, want: []string{`"actual_attendance"`}},
		{name: "staff cannot reopen", role: "staff", method: "POST", path: "/activities/" + id + "/reopen", status: 403},
		{name: "another staff cannot delete", role: "staff2", method: "DELETE", path: "/activities/" + id, status: 403},
		{name: "cancel", role: "staff", method: "POST", path: "/activities/" + id + "/cancel", status: 200, want: []string{`"status":"cancelled"`}},
		{name: "a cancelled one cannot be deleted", role: "manager", method: "DELETE", path: "/activities/" + id, status: 422},
		{name: "manager reopens", role: "manager", method: "POST", path: "/activities/" + id + "/reopen", body: map[string]any{"version": 3}, status: 200, want: []string{`"status":"planned"`, `"version":4`}},
		{name: "organizer deletes", role: "staff", method: "DELETE", path: "/activities/" + id + "?version=4", status: 200, want: []string{`"deleted":1`}},
		{name: "audit for managers", role: "manager", method: "GET", path: "/audit?entity=activity&entity_id=" + id, status: 200,
			want: []string{`"action":"delete"`, `"action":"reopen"`, `"action":"cancel"`, `"action":"update"`, `"action":"create"`}},
	})
}

func TestCompleteAfterStart(t *testing.T) {
	env := newTestServer(t)
	body := lecture(2, "09:00", "09:30", env.users["staff"].ID) // test clock: 2026-03-02 10:00
	out := env.mustDo(t, "staff", "POST", "/activities", body, 201)
	path := fmt.Sprintf("/activities/%d/complete", num(out["id"]))
	env.run(t, []scenario{
		{name: "negative attendance", role: "staff", method: "POST", path: path, body: map[string]any{"actual_attendance": -1}, status: 400},
		{name: "completed with actuals", role: "staff", method: "POST", path: path, body: map[string]any{"actual_attendance": 35, "notes": "反响很好"},
			status: 200, want: []string{`"status":"completed"`, `"actual_attendance":35`, `"notes":"反响很好"`}},
		{name: "a completed one cannot be changed", role: "manager", method: "PATCH", path: path[:len(path)-len("/complete")], body: map[string]any{"version": 2, "title": "x"}, status: 422},
	})
}
