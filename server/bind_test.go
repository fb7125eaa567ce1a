package server

import "testing"

// Malformed times name their fields, like every other bad input.
func TestBadTimesNameTheirFields(t *testing.T) {
	env := newTestServer(t)
	env.run(t, []scenario{
		{name: "start and end not RFC 3339", role: "manager", method: "POST", path: "/activities",
			body:   map[string]any{"kind": "lecture", "title": "讲座", "start": "tomorrow", "end": "2026-13-01T10:00:00+08:00"},
			status: 400, want: []string{`"code":"invalid"`, `"start":{"code":"invalid_format","params":{"example":"2026-03-01T09:00:00+08:00"},"message":"must be an RFC 3339 time`, `"end":{"code":"invalid_format","params":{"example":"2026-03-01T09:00:00+08:00"},"message":"must be an RFC 3339 time`}},
		{name: "a number where a time belongs", role: "manager", method: "POST", path: "/activities",
			body:   `{"kind":"lecture","title":"讲座","start":5,"end":"2026-03-05T10:00:00+08:00"}`,
			status: 400, want: []string{`"code":"invalid"`}},
	})
}
