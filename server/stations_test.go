package server

import (
	"fmt"
	"strings"
	"testing"

	"centerstage/models"
)

func TestStationStaffPairing(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	staff, manager := env.users["staff"].ID, env.users["manager"].ID
	staff2 := env.addUser(t, "staff2", models.RoleStaff).ID
	gone := env.addUser(t, "gone", models.RoleStaff).ID
	env.mustDo(t, "admin", "DELETE", fmt.Sprintf("/users/%d", gone), nil, 200)
	viewer, admin := env.users["viewer"].ID, env.users["admin"].ID

	st := env.mustDo(t, "manager", "POST", "/stations", map[string]any{"name": "东城街道文化站", "staff_ids": []uint64{staff2, staff, staff}}, 201)
	id := num(st["id"])
	one := fmt.Sprintf("/stations/%d", id)
	env.run(t, []scenario{
		{name: "staff sorted, deduplicated", role: "viewer", method: "GET", path: one, status: 200,
			want: []string{fmt.Sprintf(`"staff_ids":[%d,%d]`, staff, staff2), `"address":""`}},
		{name: "no staff is an empty list", role: "manager", method: "POST", path: "/stations", body: map[string]any{"name": "西城街道文化站"}, status: 201,
			want: []string{`"staff_ids":[]`}},
		{name: "unknown, inactive, viewer and admin users are refused", role: "manager", method: "POST", path: "/stations",
			body: map[string]any{"name": "南城", "staff_ids": []uint64{staff, 999999, gone, viewer, admin}}, status: 400,
			want: []string{fmt.Sprintf(`"staff_ids":{"code":"not_staff","params":{"ids":[%d,%d,%d,999999]},"message":"not active staff or managers: %d, %d, %d, 999999"`, admin, viewer, gone, admin, viewer, gone)}},
		{name: "address too long", role: "manager", method: "POST", path: "/stations",
			body: map[string]any{"name": "北城", "address": strings.Repeat("路", 201)}, status: 400,
			want: []string{`"address":{"code":"max_chars","params":{"n":200},"message":"must be at most 200 characters"`}},
		{name: "every bad field named", role: "manager", method: "PATCH", path: one,
			body: env.withVersion(one, map[string]any{"name": strings.Repeat("站", 101), "address": strings.Repeat("路", 201)}), status: 400,
			want: []string{`"name":{"code":"max_chars","params":{"n":100},"message":"must be at most 100 characters"`, `"address":{"code":"max_chars","params":{"n":200},"message":"must be at most 200 characters"`}},
		{name: "staff_ids of the wrong type", role: "manager", method: "PATCH", path: one,
			body: func(t testing.TB) any { return fmt.Sprintf(`{"staff_ids":[-1],"version":%d}`, env.version(t, one)) }, status: 400,
			want: []string{`"staff_ids"`}},
		{name: "bad pairing on update changes nothing", role: "admin", method: "PATCH", path: one,
			body: env.withVersion(one, map[string]any{"address": "新址", "staff_ids": []uint64{gone}}), status: 400, want: []string{`"staff_ids":`}},
		{name: "pairing replaced wholesale", role: "manager", method: "PATCH", path: one,
			body: map[string]any{"staff_ids": []uint64{manager}, "version": 1}, status: 200,
			want: []string{fmt.Sprintf(`"staff_ids":[%d]`, manager), `"version":2`}},
		{name: "filter by paired staff", role: "staff", method: "GET", path: fmt.Sprintf("/stations?staff_id=%d", manager), status: 200,
			want: []string{`"total":1`, `"name":"东城街道文化站"`}},
		{name: "former pairing gone", role: "staff", method: "GET", path: fmt.Sprintf("/stations?staff_id=%d", staff), status: 200,
			want: []string{`"total":0`}},
		{name: "address only keeps the pairing", role: "manager", method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"address": "东风路 1 号"}), status: 200,
			want: []string{fmt.Sprintf(`"staff_ids":[%d]`, manager), `"address":"东风路 1 号"`}},
		{name: "a paired user deactivated later may stay", role: "manager", method: "PATCH", path: one,
			body: env.withVersion(one, map[string]any{"staff_ids": []uint64{manager, staff2}}), status: 200},
		{name: "deactivate staff2", role: "admin", method: "DELETE", path: fmt.Sprintf("/users/%d", staff2), status: 200},
		{name: "the list as read can be sent back", role: "manager", method: "PATCH", path: one,
			body: env.withVersion(one, map[string]any{"address": "东风路 2 号", "staff_ids": []uint64{manager, staff2}}), status: 200,
			want: []string{fmt.Sprintf(`"staff_ids":[%d,%d]`, manager, staff2)}},
		{name: "but an inactive user cannot be added", role: "manager", method: "PATCH", path: one,
			body: env.withVersion(one, map[string]any{"staff_ids": []uint64{manager, staff2, gone}}), status: 400,
			want: []string{fmt.Sprintf(`"staff_ids":{"code":"not_staff","params":{"ids":[%d]},"message":"not active staff or managers: %d"`, gone, gone)}},
		{name: "empty list clears the pairing", role: "manager", method: "PATCH", path: one, body: env.withVersion(one, map[string]any{"staff_ids": []uint64{}}), status: 200,
			want: []string{`"staff_ids":[]`}},
		{name: "bad staff_id filter", role: "staff", method: "GET", path: "/stations?staff_id=x", status: 400, want: []string{`"staff_id":`}},
	})
	if n := env.count(t, &models.StationStaff{}, "station_id = ?", id); n != 0 {
		t.Errorf("station %d still has %d pairings", id, n)
	}
	env.assertAudit(t, "station", id, []string{"create", "update", "update", "update", "update", "update"})
}
