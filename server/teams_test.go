package server

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestTeamRules(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	staff := env.users["staff"].ID
	gone := env.addUser(t, "gone", "staff").ID
	env.mustDo(t, "admin", "DELETE", fmt.Sprintf("/users/%d", gone), nil, 200)
	team := env.mustDo(t, "manager", "POST", "/teams", map[string]any{"name": "夕阳红合唱团", "art_form": "合唱",
		"founded_on": "2018-09-01", "leader_id": staff, "member_count": 42}, 201)
	one := fmt.Sprintf("/teams/%d", num(team["id"]))
	// The test clock is 2026-03-02 10:00 in Shanghai.
	env.run(t, []scenario{
		{name: "fields as given", role: "viewer", method: "GET", path: one, status: 200,
			want: []string{`"art_form":"合唱"`, `"founded_on":"2018-09-01"`, fmt.Sprintf(`"leader_id":%d`, staff), `"member_count":42`}},
		{name: "optional fields absent", role: "manager", method: "POST", path: "/teams", body: map[string]any{"name": "书法社"}, status: 201,
			want: []string{`"founded_on":null`, `"leader_id":null`, `"member_count":0`, `"art_form":""`}},
		{name: "founded today", role: "manager", method: "POST", path: "/teams", body: map[string]any{"name": "广场舞队", "founded_on": "2026-03-02"}, status: 201},
		{name: "founded tomorrow", role: "manager", method: "POST", path: "/teams", body: map[string]any{"name": "未来队", "founded_on": "2026-03-03"}, status: 400,
			want: []string{`"founded_on":{"code":"not_future","params":{},"message":"must not be in the future"`}},
		{name: "every bad field named", role: "manager", method: "POST", path: "/teams",
			body: map[string]any{"name": "", "art_form": strings.Repeat("舞", 51), "founded_on": "2026-02-30", "member_count": -1}, status: 400,
			want: []string{`"name":{"code":"required","params":{},"message":"is required"`, `"art_form":{"code":"max_chars","params":{"n":50},"message":"must be at most 50 characters"`, `"founded_on":{"code":"invalid_format","params":{"example":"2026-03-01"},"message":"must be a date like 2026-03-01"`, `"member_count":{"code":"min","params":{"n":0},"message":"must be at least 0"`}},
		{name: "unknown leader", role: "manager", method: "POST", path: "/teams", body: map[string]any{"name": "无主队", "leader_id": 999999}, status: 400,
			want: []string{`"leader_id":{"code":"inactive","params":{"id":999999},"message":"user 999999 is not an active user"`}},
		{name: "inactive leader", role: "manager", method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"leader_id": gone}), status: 400,
			want: []string{`"leader_id":`}},
		{name: "leader and future date named together", role: "manager", method: "PATCH", path: one,
			body: env.withVersion(one, map[string]any{"leader_id": gone, "founded_on": "2027-01-01"}), status: 400,
			want: []string{`"leader_id":`, `"founded_on":{"code":"not_future","params":{},"message":"must not be in the future"`}},
		{name: "bad date on update", role: "manager", method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"founded_on": "01/09/2018"}), status: 400,
			want: []string{`"founded_on":{"code":"invalid_format","params":{"example":"2026-03-01"},"message":"must be a date like 2026-03-01"`}},
		{name: "member_count of the wrong type", role: "manager", method: "PATCH", path: one,
			body: func(t testing.TB) any { return fmt.Sprintf(`{"member_count":1.5,"version":%d}`, env.version(t, one)) }, status: 400,
			want: []string{`"member_count":{"code":"not_integer","params":{},"message":"must be a whole number"`}},
		{name: "filter by leader", role: "staff", method: "GET", path: fmt.Sprintf("/teams?leader_id=%d", staff), status: 200,
			want: []string{`"total":1`, `"name":"夕阳红合唱团"`}},
		{name: "leader 0 removes the leader", role: "admin", method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"leader_id": 0, "member_count": 40}), status: 200,
			want: []string{`"leader_id":null`, `"member_count":40`, `"founded_on":"2018-09-01"`}},
		{name: "empty founded_on clears it", role: "admin", method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"founded_on": ""}), status: 200,
			want: []string{`"founded_on":null`}},
	})
}

func TestTeamFoundedTodayInTheCentersZone(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	// 2026-03-02T16:30Z is still 2 March in UTC but already 2026-03-03 00:30 in Shanghai.
	env.clock.Set(time.Date(2026, 3, 2, 16, 30, 0, 0, time.UTC))
	env.loginAll(t)
	env.mustDo(t, "manager", "POST", "/teams", map[string]any{"name": "凌晨队", "founded_on": "2026-03-03"}, 201)
	_, body := env.do(t, "manager", "POST", "/teams", map[string]any{"name": "明日队", "founded_on": "2026-03-04"})
	if field(body, "error", "details", "fields", "founded_on", "code") != "not_future" {
		t.Errorf("2026-03-04 accepted or wrongly refused: %v", body)
	}
}
