package server

import (
	"fmt"
	"testing"

	"centerstage/models"
)

// Every write route on activities checks the object, not only the role:
// staff act on what they organize, viewers on nothing. Each refusal leaves
// the rows unchanged (env.run checks).
func TestActivityObjectPermissions(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	env.addUser(t, "staff2", models.RoleStaff)
	staff, staff2 := env.users["staff"].ID, env.users["staff2"].ID
	// staff's lecture at 09:00-09:30 on the test day, already started (the clock is at 10:00).
	past := env.mustDo(t, "staff", "POST", "/activities", lecture(2, "09:00", "09:30", staff), 201)
	// staff's weekly class of three, the last member handed to staff2 by the manager.
	series := env.mustDo(t, "staff", "POST", "/series", with(lecture(10, "14:00", "15:00", staff), "rrule", "FREQ=WEEKLY;COUNT=3"), 201)
	members := series["activities"].([]any)
	id := func(v any) string { return fmt.Sprint(num(v.(map[string]any)["id"])) }
	first, last := id(members[0]), id(members[2])
	env.mustDo(t, "manager", "PATCH", "/activities/"+last, map[string]any{"version": 1, "organizer_id": staff2}, 200)
	p := "/activities/" + id(past)
	env.run(t, []scenario{
		{name: "another staff may not complete", role: "staff2", method: "POST", path: p + "/complete", body: map[string]any{"actual_attendance": 5}, status: 403},
		{name: "viewer may not complete", role: "viewer", method: "POST", path: p + "/complete", body: map[string]any{"actual_attendance": 5}, status: 403},
		{name: "another staff may not cancel", role: "staff2", method: "POST", path: p + "/cancel", status: 403},
		{name: "viewer may not cancel", role: "viewer", method: "POST", path: p + "/cancel", status: 403},
		{name: "viewer may not delete", role: "viewer", method: "DELETE", path: p, status: 403},
		{name: "staff may not reopen", role: "staff", method: "POST", path: p + "/reopen", status: 403},
		{name: "staff may not hand their activity to another", role: "staff", method: "PATCH", path: p,
			body: map[string]any{"version": 1, "organizer_id": staff2}, status: 403},
		{name: "staff may not schedule a series for another", role: "staff2", method: "POST", path: "/series",
			body: with(lecture(20, "14:00", "15:00", staff), "rrule", "FREQ=DAILY;COUNT=2"), status: 403},
		{name: "viewer may not dry-run", role: "viewer", method: "POST", path: "/activities/check", body: lecture(20, "14:00", "15:00", staff), status: 403},
		{name: "staff may not dry-run another's change", role: "staff2", method: "POST", path: "/activities/check",
			body: map[string]any{"activity_id": num(past["id"]), "title": "x"}, status: 403},
		{name: "scope all covers a member staff does not organize", role: "staff", method: "PATCH", path: "/activities/" + first + "?scope=all",
			body: map[string]any{"version": 1, "title": "x"}, status: 403},
		{name: "so does its dry run", role: "staff", method: "POST", path: "/activities/check?scope=all",
			body: map[string]any{"activity_id": num(members[0].(map[string]any)["id"]), "title": "x"}, status: 403},
		{name: "cancel all likewise", role: "staff", method: "POST", path: "/activities/" + first + "/cancel?scope=all", status: 403},
		{name: "dry run with a bad scope", role: "staff", method: "POST", path: "/activities/check?scope=most",
			body: map[string]any{"activity_id": num(members[0].(map[string]any)["id"])}, status: 400, want: []string{`"scope":`}},
		{name: "following from the second covers the handed-over third", role: "staff", method: "POST", path: "/activities/check?scope=following",
			body:   map[string]any{"activity_id": num(members[1].(map[string]any)["id"]), "start": "2026-03-17T09:00:00+08:00", "end": "2026-03-17T10:00:00+08:00"},
			status: 403},
		{name: "the manager may dry-run all", role: "manager", method: "POST", path: "/activities/check?scope=all",
			body:   map[string]any{"activity_id": num(members[0].(map[string]any)["id"]), "start": "2026-03-10T09:00:00+08:00", "end": "2026-03-10T10:00:00+08:00"},
			status: 200, want: []string{`"conflicts":[]`}},
		{name: "the organizer completes", role: "staff", method: "POST", path: p + "/complete", body: map[string]any{"actual_attendance": 5}, status: 200},
		{name: "a manager cancels any", role: "manager", method: "POST", path: "/activities/" + last + "/cancel", status: 200},
	})
}
