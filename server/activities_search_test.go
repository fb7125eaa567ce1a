package server

import (
	"fmt"
	"testing"

	"centerstage/models"
)

// Search, list filters, staff_busy and closures through the API.
func TestSearchStaffBusyAndClosureScenarios(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	staff := env.users["staff"].ID
	curator := env.addUser(t, "curator", models.RoleStaff).ID
	if err := env.db.Model(&models.User{}).Where("id = ?", curator).Update("name", "Chen Curator").Error; err != nil {
		t.Fatal(err)
	}
	var halls []uint64
	for _, name := range []string{"展厅", "多功能厅"} {
		v := models.Venue{Name: name, Capacity: 100, Active: true, Version: 1}
		if err := env.db.Create(&v).Error; err != nil {
			t.Fatal(err)
		}
		halls = append(halls, v.ID)
	}
	show := with(lecture(10, "09:30", "16:30", curator), "kind", "exhibition", "title", "迎春书画展", "venue_id", halls[0])
	talk := with(lecture(10, "10:00", "11:00", curator), "venue_id", halls[1], "title", "Calligraphy talk")
	var showID uint64
	env.run(t, []scenario{
		{name: "an exhibition leaves its staff free by default", role: "curator", method: "POST", path: "/activities", body: show, status: 201,
			want:  []string{`"staff_busy":false`, `"cancel_reason":""`, `"series_index":null`, `"series_count":null`},
			check: func(t *testing.T, b map[string]any) { showID = num(b["id"]) }},
		{name: "the curator lectures meanwhile", role: "curator", method: "POST", path: "/activities", body: talk, status: 201,
			want: []string{`"staff_busy":true`}},
		{name: "the exhibition hall is still taken", role: "staff", method: "POST", path: "/activities",
			body: with(lecture(10, "12:00", "13:00", staff), "venue_id", halls[0]), status: 409, want: []string{`"reason":"venue"`}},
		{name: "an explicit staff_busy wins", role: "curator", method: "POST", path: "/activities/check",
			body: with(show, "venue_id", nil, "staff_busy", true), status: 200, want: []string{`"reason":"staff"`}},
		{name: "staff_busy must be a boolean", role: "curator", method: "POST", path: "/activities",
			body: with(show, "staff_busy", "no"), status: 400, want: []string{`"staff_busy":`}},
	})
	env.run(t, []scenario{
		{name: "q over the title, any case", role: "viewer", method: "GET", path: "/activities?q=CALLIGRAPHY", status: 200,
			want: []string{`"total":1`, `"title":"Calligraphy talk"`}},
		{name: "q over people's names", role: "viewer", method: "GET", path: "/activities?q=chen%20cur", status: 200, want: []string{`"total":2`}},
		{name: "a comma list of kinds", role: "viewer", method: "GET", path: "/activities?kind=exhibition,training", status: 200,
			want: []string{`"total":1`, `"kind":"exhibition"`}},
		{name: "a comma list of venues", role: "viewer", method: "GET", path: fmt.Sprintf("/activities?venue_id=%d,%d", halls[0], halls[1]), status: 200, want: []string{`"total":2`}},
		{name: "a comma list of staff", role: "viewer", method: "GET", path: fmt.Sprintf("/activities?staff_id=%d,%d&status=planned,completed", staff, curator), status: 200, want: []string{`"total":2`}},
		{name: "bad list elements are named", role: "viewer", method: "GET", path: "/activities?staff_id=1,x&venue_id=1,,2&kind=lecture,party&status=planned,done", status: 400,
			want: []string{`"staff_id":`, `"venue_id":`, `"kind":`, `"status":`}},
		{name: "a too long q", role: "viewer", method: "GET", path: "/activities?q=" + fmt.Sprintf("%0101d", 0), status: 400, want: []string{`"q":`}},
	})

	// An admin closes the exhibition's day: the answer lists what it hits.
	var closureID uint64
	env.run(t, []scenario{
		{name: "closure answers what it hits", role: "admin", method: "POST", path: "/closures", body: map[string]any{"date": "2026-03-10", "name": "设备检修"}, status: 201,
			want: []string{`"closure":{`, `"date":"2026-03-10"`, fmt.Sprintf(`"activities":[{"id":%d`, showID), `"title":"Calligraphy talk"`},
			check: func(t *testing.T, b map[string]any) {
				closureID = num(field(b, "closure", "id"))
				if acts, _ := b["activities"].([]any); len(acts) != 2 {
					t.Errorf("%d activities hit, want 2", len(acts))
				}
			}},
	})
	env.run(t, []scenario{
		{name: "a lecture in a hall on the closed day", role: "staff", method: "POST", path: "/activities",
			body: with(lecture(10, "18:00", "19:00", staff), "venue_id", halls[1]), status: 409,
			want: []string{`"reason":"closure"`, `"activity_id":0`, fmt.Sprintf(`"resource_id":%d`, closureID), `"title":"设备检修"`, `"start":"2026-03-10T00:00:00+08:00"`, `"end":"2026-03-11T00:00:00+08:00"`}},
		{name: "the dry run says so too", role: "staff", method: "POST", path: "/activities/check",
			body: with(lecture(10, "18:00", "19:00", staff), "venue_id", halls[1]), status: 200, want: []string{`"reason":"closure"`}},
		{name: "work without a venue goes on", role: "staff", method: "POST", path: "/activities",
			body: with(lecture(10, "18:00", "19:00", staff), "kind", "outreach"), status: 201},
		{name: "changing the exhibition on its closed day is refused", role: "curator", method: "PATCH", path: fmt.Sprintf("/activities/%d", showID),
			body: env.withVersion(fmt.Sprintf("/activities/%d", showID), map[string]any{"title": "迎春展"}), status: 409, want: []string{`"reason":"closure"`}},
		{name: "moving it off the closed day is not", role: "curator", method: "PATCH", path: fmt.Sprintf("/activities/%d", showID),
			body:   env.withVersion(fmt.Sprintf("/activities/%d", showID), map[string]any{"start": "2026-03-11T09:30:00+08:00", "end": "2026-03-11T16:30:00+08:00"}),
			status: 200, want: []string{`"local_date":"2026-03-11"`, `"staff_busy":false`}},
		{name: "calendar days carry English names", role: "viewer", method: "GET", path: "/calendar/days?year=2026", status: 200,
			want: []string{`{"date":"2026-03-10","type":"closure","name":"设备检修","name_en":"设备检修"}`, `{"date":"2026-05-01","type":"holiday","name":"劳动节","name_en":"Labour Day"}`}},
	})
}
