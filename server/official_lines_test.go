package server

import "testing"

func TestCenterNameSetting(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	long := ""
	for range 101 {
		long += "馆"
	}
	env.run(t, []scenario{
		{name: "empty until set", role: "staff", method: "GET", path: "/settings", status: 200,
			want: []string{`"center_name":""`, `"time_zone":"Asia/Shanghai"`}},
		{name: "only admins write", role: "manager", method: "PATCH", path: "/settings", body: map[string]any{"center_name": "x"}, status: 403},
		{name: "too long", role: "admin", method: "PATCH", path: "/settings", body: map[string]any{"center_name": long}, status: 400,
			want: []string{`"center_name":`}},
		{name: "set, trimmed", role: "admin", method: "PATCH", path: "/settings", body: map[string]any{"center_name": "  示例区文化馆 "}, status: 200,
			want: []string{`"center_name":"示例区文化馆"`}},
		{name: "everyone reads it", role: "viewer", method: "GET", path: "/settings", status: 200,
			want: []string{`"center_name":"示例区文化馆"`}},
		{name: "cleared", role: "admin", method: "PATCH", path: "/settings", body: map[string]any{"center_name": ""}, status: 200,
			want: []string{`"center_name":""`}},
	})
}

func TestOfficialLines(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	line := func(code, metric string, kinds ...string) map[string]any {
		if kinds == nil {
			kinds = []string{}
		}
		return map[string]any{"code": code, "name": "举办训练班", "name_en": "Training classes", "unit": "次", "metric": metric, "kinds": kinds}
	}
	env.run(t, []scenario{
		{name: "the yearbook defaults", role: "staff", method: "GET", path: "/official-lines", status: 200,
			want: []string{`"total":7`,
				`{"code":"exhibitions","name":"举办展览","name_en":"Exhibitions held","unit":"个","metric":"editions","kinds":["exhibition"]}`,
				`{"code":"participants","name":"参加活动人次","name_en":"Activity attendances","unit":"人次","metric":"attendance","kinds":[]}`}},
		{name: "only admins write", role: "manager", method: "PUT", path: "/official-lines",
			body: map[string]any{"items": []any{line("a", "count")}}, status: 403},
		{name: "unknown metric", role: "admin", method: "PUT", path: "/official-lines",
			body: map[string]any{"items": []any{line("a", "count"), line("b", "money")}}, status: 400,
			want: []string{`"items[1].metric":`}},
		{name: "per-member metric", role: "admin", method: "PUT", path: "/official-lines",
			body: map[string]any{"items": []any{line("a", "paired_stations")}}, status: 400,
			want: []string{`"items[0].metric":`}},
		{name: "unknown kind", role: "admin", method: "PUT", path: "/official-lines",
			body: map[string]any{"items": []any{line("a", "count", "lecture", "party")}}, status: 400,
			want: []string{`"items[0].kinds":`}},
		{name: "duplicate code, bad code, no name", role: "admin", method: "PUT", path: "/official-lines",
			body: map[string]any{"items": []any{line("a", "count"), line("a", "count"), line("Bad Code", "count"),
				map[string]any{"code": "c", "metric": "count"}}}, status: 400,
			want: []string{`"items[1].code":`, `"items[2].code":`, `"items[3].name":`}},
		{name: "no items", role: "admin", method: "PUT", path: "/official-lines", body: map[string]any{}, status: 400,
			want: []string{`"items":`}},
		{name: "replace, kinds in the usual order", role: "admin", method: "PUT", path: "/official-lines",
			body: map[string]any{"items": []any{line("classes", "editions", "lecture", "training", "training")}}, status: 200,
			want: []string{`"total":1`, `"code":"classes"`, `"kinds":["training","lecture"]`}},
		{name: "the new list is kept", role: "viewer", method: "GET", path: "/official-lines", status: 200,
			want: []string{`"total":1`, `"code":"classes"`}},
	})
}
