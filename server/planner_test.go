package server

import (
	"fmt"
	"net/http"
	"testing"

	"centerstage/models"
)

func TestPlannerRoutes(t *testing.T) {
	env := newTestServer(t)
	staff := env.users["staff"].ID
	tg := env.mustDo(t, "manager", "POST", "/targets", map[string]any{"year": 2026, "name": "基层辅导",
		"metric": "person_days", "kinds": []string{"outreach"}, "scope": "each_staff", "staff_ids": []uint64{staff}, "value": 5}, 201)
	target := uint64(tg["id"].(float64))
	ask := func(edit map[string]any) map[string]any {
		body := map[string]any{"target_id": target, "staff_id": staff, "kind": "outreach", "title": "下基层辅导",
			"duration_minutes": 120, "months": []int{3}}
		for k, v := range edit {
			body[k] = v
		}
		return body
	}
	var proposals []any
	env.run(t, []scenario{
		{name: "staff plans their own gap", role: "staff", method: "POST", path: "/planner/proposals", body: ask(nil), status: http.StatusOK,
			// Value 5, nothing on the calendar: 5 proposals of one person-day.
			want: []string{`"gap":5`, `"closes_gap":true`, `"short_by":0`, `"adds":1`, `"after":{"value":5,"actual":0,"projected":5,"gap":0,"status":"at_risk"}`},
			check: func(t *testing.T, body map[string]any) {
				proposals = body["proposals"].([]any)
				if len(proposals) != 5 {
					t.Fatalf("%d proposals, want 5", len(proposals))
				}
			}},
		{name: "a viewer cannot plan", role: "viewer", method: "POST", path: "/planner/proposals", body: ask(nil), status: http.StatusForbidden},
		{name: "staff cannot plan a colleague", role: "staff", method: "POST", path: "/planner/proposals",
			body: ask(map[string]any{"staff_id": env.users["manager"].ID}), status: http.StatusForbidden},
		{name: "bad fields are named", role: "manager", method: "POST", path: "/planner/proposals",
			body:   ask(map[string]any{"duration_minutes": 5, "months": []int{13}, "windows": []map[string]string{{"start": "11:00", "end": "10:00"}}}),
			status: http.StatusBadRequest, want: []string{`"duration_minutes"`, `"months[0]"`, `"windows[0].end"`}},
		{name: "an unknown target", role: "manager", method: "POST", path: "/planner/proposals",
			body: ask(map[string]any{"target_id": 9999}), status: http.StatusNotFound},
	})
	accept := map[string]any{"target_id": target, "staff_id": staff, "kind": "outreach", "title": "下基层辅导"}
	env.run(t, []scenario{
		{name: "accept books every proposal", role: "staff", method: "POST", path: "/planner/accept",
			body: func(testing.TB) any { accept["proposals"] = proposals; return accept }, status: http.StatusCreated,
			check: func(t *testing.T, body map[string]any) {
				if n := len(body["activities"].([]any)); n != 5 {
					t.Fatalf("%d activities, want 5", n)
				}
			}},
		{name: "the gap is closed", role: "staff", method: "GET", path: fmt.Sprintf("/progress?year=2026&target_id=%d&staff_id=%d", target, staff),
			status: http.StatusOK, want: []string{`"scheduled":5`, `"gap":0`}},
		{name: "accepting the same slots again clashes and writes nothing", role: "staff", method: "POST", path: "/planner/accept",
			body: func(testing.TB) any { return accept }, status: http.StatusConflict, want: []string{`"code":"conflict"`, `"reason":"staff"`}},
	})
	if n := env.count(t, &models.Activity{}, "kind = ?", "outreach"); n != 5 {
		t.Fatalf("%d outreach activities stored, want 5", n)
	}
}
