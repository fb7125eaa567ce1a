package services

import (
	"testing"
	"time"
)

// FuzzRecurrenceRule checks what every accepted rule must give: at least one
// and at most MaxOccurrences sessions, exactly COUNT of them under COUNT,
// each as long as the first, in order, from the start on, at its time of day,
// and none after the supported range ends. A refused rule must be refused
// with a Problem, never a panic. Its seeds run with every `go test`:
//
//	go test ./services -run '^$' -fuzz '^FuzzRecurrenceRule$' -fuzztime 60s
func FuzzRecurrenceRule(f *testing.F) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		f.Fatal(err)
	}
	for _, rule := range []string{
		"FREQ=WEEKLY;COUNT=12", "FREQ=WEEKLY;COUNT=2", "FREQ=WEEKLY;INTERVAL=0;COUNT=3",
		"FREQ=YEARLY;INTERVAL=1000;COUNT=200", "FREQ=DAILY;COUNT=201", "FREQ=DAILY;UNTIL=21001231",
		"FREQ=MONTHLY;BYMONTHDAY=31;COUNT=12", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20260630T235959Z",
		"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3", "FREQ=HOURLY;COUNT=3", "FREQ=WEEKLY;COUNT=2;UNTIL=20260630",
		"RRULE:FREQ=DAILY;COUNT=3", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=4", "FREQ=WEEKLY;WKST=SU;BYDAY=SU,SA;INTERVAL=2;COUNT=5",
		"FREQ=DAILY;BYSETPOS=1;COUNT=2", "FREQ=YEARLY;BYWEEKNO=53;COUNT=2", "FREQ=DAILY;UNTIL=19000101",
	} {
		f.Add(rule, int64(1773640800), uint16(90)) // 2026-03-16 14:00 in Shanghai
		f.Add(rule, int64(4133894400), uint16(60)) // 2100-12-30
		f.Add(rule, int64(517975200), uint16(60))  // 1986-06-01, when China kept summer time
	}
	minStart, maxStart := time.Date(1900, 1, 1, 0, 0, 0, 0, loc).Unix(), time.Date(2101, 1, 1, 0, 0, 0, 0, loc).Unix()
	f.Fuzz(func(t *testing.T, rule string, startUnix int64, minutes uint16) {
		if startUnix < minStart || startUnix >= maxStart {
			startUnix = minStart + (startUnix%(maxStart-minStart)+(maxStart-minStart))%(maxStart-minStart)
		}
		start := time.Unix(startUnix, 0).In(loc)
		length := time.Duration(minutes%(24*60)+1) * time.Minute
		p, err := parseRule(rule, loc)
		if err != nil {
			return
		}
		occ, err := expandRule(p, start, length, loc, nil)
		if err != nil {
			return
		}
		if len(occ) == 0 || len(occ) > MaxOccurrences {
			t.Fatalf("%q from %s gives %d sessions", rule, start, len(occ))
		}
		if p.count > 0 && len(occ) != p.count {
			t.Fatalf("%q from %s gives %d sessions for COUNT=%d", rule, start, len(occ), p.count)
		}
		for i, o := range occ {
			switch {
			case o.End.Sub(o.Start) != length:
				t.Fatalf("%q session %d lasts %s, not %s", rule, i, o.End.Sub(o.Start), length)
			case o.Start.Before(start):
				t.Fatalf("%q session %d at %s is before the start %s", rule, i, o.Start, start)
			case i > 0 && !o.Start.After(occ[i-1].Start):
				t.Fatalf("%q session %d at %s is not after session %d at %s", rule, i, o.Start, i-1, occ[i-1].Start)
			case o.Start.In(loc).Year() > maxRuleYear:
				t.Fatalf("%q session %d at %s is after the supported range", rule, i, o.Start)
			}
			l := o.Start.In(loc)
			if l.Hour() != start.Hour() || l.Minute() != start.Minute() || l.Second() != start.Second() {
				t.Fatalf("%q session %d at %s is not at the start's time of day %s", rule, i, l, start)
			}
		}
	})
}
