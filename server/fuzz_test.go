package server

// Fuzz targets for everything a client can send: activity, series and target
// bodies, the body of every other writing route, and the query string of
// every reading route. Their seeds (f.Add below, among them every
// reproduction of the attack run in hardening_test.go, and any input a longer
// run saved under testdata/fuzz) run with every `go test`, on SQLite and on
// MySQL. A longer run of one target:
//
//	go test ./server -run '^$' -fuzz '^FuzzActivityBody$' -fuzztime 60s
//
// Each target asserts what no input may break: the server never answers 500
// (a recovered panic answers 500 too), and whatever it accepted can be read
// back by the lists and by its own id.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
)

// fuzzEnv is a test server with one row of each kind the routes refer to,
// so that ":id" segments resolve to something.
func fuzzEnv(f *testing.F) *testEnv {
	env := newTestServer(f)
	staff := env.users["staff"].ID
	env.mustDo(f, "manager", "POST", "/venues", map[string]any{"name": "小剧场", "capacity": 300}, 201)
	env.mustDo(f, "manager", "POST", "/stations", map[string]any{"name": "东城街道文化站", "staff_ids": []uint64{staff}}, 201)
	env.mustDo(f, "manager", "POST", "/teams", map[string]any{"name": "夕阳红合唱团", "leader_id": staff}, 201)
	env.mustDo(f, "staff", "POST", "/activities", lecture(10, "10:00", "11:00", staff), 201)
	env.mustDo(f, "staff", "POST", "/series", with(lecture(11, "14:00", "15:00", staff), "rrule", "FREQ=WEEKLY;COUNT=3"), 201)
	env.mustDo(f, "manager", "POST", "/targets", map[string]any{"year": 2026, "name": "讲座", "metric": "count",
		"scope": "each_staff", "value": 10, "staff_ids": []uint64{staff}}, 201)
	return env
}

// checkAnswer fails on a 5xx answer, naming the request.
func checkAnswer(t *testing.T, code int, method, path, body string, answer []byte) {
	t.Helper()
	if code >= 500 {
		t.Fatalf("%s %s with %q answered %d: %s", method, path, body, code, answer)
	}
}

// checkReadable fails unless the lists and a created activity still answer.
func checkReadable(t *testing.T, env *testEnv, created []byte) {
	t.Helper()
	for _, p := range []string{"/activities", "/activities?to=1970-01-01T00:00:00Z",
		fmt.Sprintf("/activities?staff_id=%d", env.users["staff"].ID), "/reports/tally", "/progress?year=2026"} {
		if w := env.request(t, env.tokens["manager"], "GET", p, nil); w.Code != http.StatusOK {
			t.Fatalf("after an accepted write GET %s answered %d: %s", p, w.Code, w.Body.Bytes())
		}
	}
	var a struct {
		ID    uint64 `json:"id"`
		Items []struct {
			ID uint64 `json:"id"`
		} `json:"items"`
	}
	if json.Unmarshal(created, &a) != nil {
		return
	}
	ids := []uint64{a.ID}
	for _, it := range a.Items {
		ids = append(ids, it.ID)
	}
	for _, id := range ids {
		if id == 0 {
			continue
		}
		p := fmt.Sprintf("/activities/%d", id)
		if w := env.request(t, env.tokens["manager"], "GET", p, nil); w.Code != http.StatusOK {
			t.Fatalf("the accepted activity %d cannot be read: GET %s answered %d: %s", id, p, w.Code, w.Body.Bytes())
		}
	}
}

// activityPaths are the routes an activity body goes to, by the fuzzer's choice.
var activityPaths = []struct{ method, path string }{
	{"POST", "/activities"},
	{"POST", "/activities/check"},
	{"PATCH", "/activities/1"},
	{"POST", "/activities/1/complete"},
	{"POST", "/activities/1/cancel"},
	{"POST", "/activities/complete"},
}

func FuzzActivityBody(f *testing.F) {
	env := fuzzEnv(f)
	seeds := []string{
		`{"kind":"lecture","title":"书法讲座","start":"2026-03-12T10:00:00+08:00","end":"2026-03-12T11:00:00+08:00","organizer_id":3}`,
		`{"kind":"lecture","title":"t","start":"9999-12-31T23:00:00-12:00","end":"9999-12-31T23:30:00-12:00"}`,
		`{"kind":"lecture","title":"t","start":"0000-01-01T05:00:00+08:00","end":"0000-01-01T06:00:00+08:00"}`,
		`{"kind":"lecture","title":"t","start":"1899-12-31T10:00:00+08:00","end":"1899-12-31T11:00:00+08:00"}`,
		`{"kind":"lecture","title":"t","start":"2026-03-10T10:00:00+24:00","end":"2026-03-10T11:00:00+24:00"}`,
		`{"kind":"lecture","title":"t","start":"2026-03-10T10:00:00+08:00","end":"2026-03-10T11:00:00+08:00","team_ids":[9223372036854775808]}`,
		`{"kind":"lecture","title":"t","start":"2026-03-10T10:00:00+08:00","end":"2026-03-10T11:00:00+08:00","venue_id":18446744073709551615}`,
		`{"kind":"lecture","title":"讲座\u0000","start":"2026-03-10T10:00:00+08:00","end":"2026-03-10T11:00:00+08:00"}`,
		`{"kind":"lecture","title":"=HYPERLINK(\"http://x\")","location":"+cmd|' /C calc'!A0","notes":"@SUM(1)","start":"2026-03-10T10:00:00+08:00","end":"2026-03-10T11:00:00+08:00"}`,
		`{"kind":"lecture","title":"t","start":"2026-03-10T10:00:00+08:00","end":"2026-03-10T11:00:00+08:00","expected_attendance":1000001}`,
		`{"kind":"lecture","title":"t","start":"2026-03-10T10:00:00+08:00","end":"2026-03-10T11:00:00+08:00","staff_ids":[5,6,7]}`,
		`{"kind":"exhibition","title":"展览","start":"2026-03-10T09:30:00+08:00","end":"2026-03-20T16:30:00+08:00","staff_busy":false}`,
		`{"version":1,"start":"9999-12-31T23:00:00-12:00","end":"9999-12-31T23:30:00-12:00"}`,
		`{"version":1,"venue_id":9223372036854775808}`,
		`{"actual_attendance":9223372036854775807}`,
		`{"actual_attendance":5000000000000000000}`,
		`{"actual_attendance":-1}`,
		`{"reason":"下雨","scope":"following"}`,
		`{"items":[{"id":1,"actual_attendance":12}]}`,
		`{"items":[{"id":9223372036854775808,"actual_attendance":1e300}]}`,
		`[]`, `null`, `{}`, `{"start":1}`, `{"kind":{"a":[]}}`,
	}
	for i, s := range seeds {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, pick uint8, body string) {
		r := activityPaths[int(pick)%len(activityPaths)]
		w := env.request(t, env.tokens["staff"], r.method, r.path, body)
		checkAnswer(t, w.Code, r.method, r.path, body, w.Body.Bytes())
		if w.Code < 300 {
			checkReadable(t, env, w.Body.Bytes())
		}
	})
}

func FuzzSeriesBody(f *testing.F) {
	env := fuzzEnv(f)
	add := func(start, end, rule string, skip bool) { f.Add(start, end, rule, skip) }
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "FREQ=WEEKLY;COUNT=12", false)
	add("0000-01-01T05:00:00+08:00", "0000-01-01T06:00:00+08:00", "FREQ=WEEKLY;COUNT=2", false)
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "FREQ=WEEKLY;INTERVAL=0;COUNT=3", false)
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "FREQ=YEARLY;INTERVAL=1000;COUNT=200", false)
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "FREQ=DAILY;COUNT=201", true)
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "FREQ=DAILY;UNTIL=21001231", true)
	add("2100-12-30T14:00:00+08:00", "2100-12-30T15:00:00+08:00", "FREQ=DAILY;COUNT=5", false)
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=12", true)
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T235959Z", true)
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "FREQ=HOURLY;COUNT=3", false)
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "DTSTART:20260316T060000Z\nFREQ=DAILY;COUNT=2", false)
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "FREQ=WEEKLY;COUNT=2;UNTIL=20260630", false)
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "FREQ=MONTHLY;BYDAY=10FR;COUNT=1", false)
	add("2026-03-16T14:00:00+08:00", "2026-03-16T15:00:00+08:00", "FREQ=YEARLY;BYMONTH=1;BYDAY=-10MO;COUNT=1", false)
	add("2026-03-16T23:30:00+08:00", "2026-03-17T00:30:00+08:00", "FREQ=DAILY;COUNT=3", false)
	f.Fuzz(func(t *testing.T, start, end, rule string, skip bool) {
		body, err := json.Marshal(with(lecture(16, "14:00", "15:00", env.users["staff"].ID),
			"start", start, "end", end, "rrule", rule, "skip_conflicts", skip))
		if err != nil {
			t.Skip("not JSON text") // invalid UTF-8 is replaced, not refused, by encoding/json
		}
		w := env.request(t, env.tokens["staff"], "POST", "/series", body)
		checkAnswer(t, w.Code, "POST", "/series", string(body), w.Body.Bytes())
		if w.Code < 300 {
			checkReadable(t, env, w.Body.Bytes())
		}
	})
}

func FuzzTargetBody(f *testing.F) {
	env := fuzzEnv(f)
	for _, s := range []string{
		`{"year":2026,"name":"讲座","metric":"count","scope":"center","value":20,"kinds":["lecture","class"]}`,
		`{"year":2026,"name":"下基层","metric":"person_days","scope":"each_staff","value":60,"staff_ids":[3]}`,
		`{"year":2026,"name":"讲座","metric":"count","scope":"each_staff","value":10,"staff_ids":[3,4]}`,
		`{"year":2026,"name":"人次","metric":"attendance","scope":"center","value":9223372036854775807}`,
		`{"year":0,"name":"x","metric":"count","scope":"center","value":1}`,
		`{"year":2026,"name":"x","metric":"count","scope":"center","value":-5}`,
		`{"year":2026,"name":"x","metric":"active_teams","scope":"center","value":8,"monthly_plan":[1,1,1,1,1,1,1,1,1,1,1,1,1]}`,
		`{"year":2026,"name":"x","metric":"paired_stations","scope":"each_staff","value":2,"staff_ids":[9223372036854775808]}`,
	} {
		f.Add(uint8(0), s)
		f.Add(uint8(1), s)
	}
	f.Fuzz(func(t *testing.T, pick uint8, body string) {
		method, path := "POST", "/targets"
		if pick%2 == 1 {
			method, path = "PATCH", "/targets/1"
		}
		w := env.request(t, env.tokens["manager"], method, path, body)
		checkAnswer(t, w.Code, method, path, body, w.Body.Bytes())
		if w.Code < 300 {
			checkReadable(t, env, nil)
		}
	})
}

// fuzzRoutes lists the API's routes of method (GET, or every writing method
// when method is ""), with each ":param" segment replaced by 1. Logging out
// and changing users would take the fuzzer's own session away; they have
// their own tests.
func fuzzRoutes(s *Server, method string) []route {
	var out []route
	for _, r := range s.routes {
		if (method == "GET") != (r.Method == "GET") || r.Method == "DELETE" {
			continue
		}
		if strings.HasPrefix(r.Path, "/auth/") || strings.HasPrefix(r.Path, "/users/") || r.Path == "/settings" {
			continue
		}
		parts := strings.Split(r.Path, "/")
		for i, p := range parts {
			if strings.HasPrefix(p, ":") {
				parts[i] = "1"
			}
		}
		r.Path = strings.Join(parts, "/")
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Method+out[i].Path < out[j].Method+out[j].Path })
	return out
}

func routeURL(r route) string {
	if r.Root {
		return r.Path
	}
	return "/api/v1" + r.Path
}

func FuzzQueryParameters(f *testing.F) {
	env := fuzzEnv(f)
	routes := fuzzRoutes(env.srv, "GET")
	for _, q := range []string{
		"", "from=0000-01-01", "from=0001-01-01&to=2026-01-01", "to=1970-01-01T00:00:00Z",
		"from=0000-01-01T00:00:00Z", "staff_id=9223372036854775808", "staff_id=-1", "venue_id=1&venue_id=x",
		"year=0", "year=99999999999999999999", "year=2026&as_of=2026-13-40", "month=13", "limit=-1&offset=-1",
		"limit=1000000000", "q=%00", "q=%25%5F", "kind=lecture&kind=lecture&status=planned", "page=9223372036854775807",
		"from=2026-03-01&to=2026-02-01", "staff_id=1&staff_id=2&staff_id=3", "year=2026&month=0&staff_id=3",
	} {
		for i := range routes {
			f.Add(uint16(i), q)
		}
	}
	f.Fuzz(func(t *testing.T, pick uint16, query string) {
		r := routes[int(pick)%len(routes)]
		u := routeURL(r) + "?" + escapeQuery(query)
		w := env.request(t, env.tokens["admin"], "GET", u, nil)
		checkAnswer(t, w.Code, "GET", u, "", w.Body.Bytes())
	})
}

// escapeQuery percent-encodes the bytes a client cannot send raw in a
// request line (controls, spaces, '#', anything beyond ASCII), as a browser
// does, and keeps the rest (including '%', '&', '=') as the fuzzer made it.
func escapeQuery(q string) string {
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c <= ' ' || c >= 0x7f || c == '#' {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func FuzzWritingRoutes(f *testing.F) {
	env := fuzzEnv(f)
	routes := fuzzRoutes(env.srv, "")
	for i := range routes {
		for _, s := range []string{`{}`, `{"name":"x","year":2026}`, `{"version":1,"name":"\u0000"}`,
			`{"ids":[9223372036854775808]}`, `{"date":"0000-01-01","start":"9999-12-31T23:00:00-12:00"}`, `[1]`} {
			f.Add(uint16(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, pick uint16, body string) {
		r := routes[int(pick)%len(routes)]
		u := routeURL(r)
		w := env.request(t, env.tokens["admin"], r.Method, u, body)
		checkAnswer(t, w.Code, r.Method, u, body, w.Body.Bytes())
		if w.Code < 300 {
			checkReadable(t, env, nil)
		}
	})
}
