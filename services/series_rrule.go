package services

import (
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// MaxOccurrences bounds one series.
const MaxOccurrences = 200

// maxInterval bounds INTERVAL: every 1000 days or weeks is no series.
const maxInterval = 1000

// maxRuleYear is the last local year a series may reach.
const maxRuleYear = 2100

// maxSkipped bounds how many dates skip_holidays may drop while a COUNT rule
// is extended; a rule that keeps landing on closed days is refused instead.
const maxSkipped = 400

// Occurrence is one date a series rule produces. A skipped one says why and
// is not created; the others list what they would clash with.
type Occurrence struct {
	Start         time.Time      `json:"start"`
	End           time.Time      `json:"end"`
	SkippedReason string         `json:"skipped_reason,omitempty"`
	SkippedName   string         `json:"skipped_name,omitempty"`
	Conflicts     []ConflictItem `json:"conflicts"`
}

// parsedRule is a validated recurrence rule with its COUNT taken out, so that
// expansion can keep COUNT occurrences after skipping.
type parsedRule struct {
	opt   rrule.ROption
	count int
}

// parseRule validates an RFC 5545 RRULE for a series: FREQ of DAILY or
// coarser, COUNT or UNTIL (not both), at most MaxOccurrences, and no
// DTSTART or BYHOUR/BYMINUTE/BYSECOND (the start and its time of day come
// from the template activity). A date-only UNTIL includes its whole day.
func parseRule(rule string, loc *time.Location) (*parsedRule, error) {
	bad := func(p Problem) error { return ruleProblem(p) }
	rule = strings.TrimPrefix(strings.TrimSpace(rule), "RRULE:")
	if rule == "" {
		return nil, bad(Required())
	}
	if len(rule) > 500 {
		return nil, bad(MaxChars(500))
	}
	upper := strings.ToUpper(rule)
	for _, part := range []string{"DTSTART", "BYHOUR", "BYMINUTE", "BYSECOND", "\n"} {
		if strings.Contains(upper, part) {
			name := strings.TrimSpace(part)
			if name == "" {
				name = "a line break"
			}
			return nil, bad(NewProblem(ProblemRulePart, Params{"part": name}, "must not contain %s: the series starts at start, at its time of day", name))
		}
	}
	opt, err := rrule.StrToROptionInLocation(upper, loc)
	if err != nil {
		return nil, bad(NewProblem(ProblemRuleSyntax, nil, "%s", err.Error()))
	}
	switch {
	case opt.Freq > rrule.DAILY:
		return nil, bad(NewProblem(ProblemRuleFreq, nil, "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"))
	case opt.Count > 0 && !opt.Until.IsZero():
		return nil, bad(NewProblem(ProblemRuleBothEnds, nil, "give COUNT or UNTIL, not both"))
	case opt.Count <= 0 && opt.Until.IsZero():
		return nil, bad(NewProblem(ProblemRuleNoEnd, nil, "needs COUNT or UNTIL"))
	case opt.Count > MaxOccurrences:
		return nil, bad(NewProblem(ProblemRuleMaxCount, Params{"n": MaxOccurrences}, "COUNT must be at most %d", MaxOccurrences))
	case strings.Contains(upper, "INTERVAL=") && (opt.Interval < 1 || opt.Interval > maxInterval):
		return nil, bad(NewProblem(ProblemRuleInterval, Params{"max": maxInterval}, "INTERVAL must be from 1 to %d", maxInterval))
	case !ordinalsFit(opt):
		return nil, bad(NewProblem(ProblemRuleSyntax, nil, "a BYDAY ordinal must fit its period: 1 to 5 in a month, 1 to 53 in a year, counted from either end"))
	}
	if until := untilValue(upper); len(until) == len(rrule.DateFormat) {
		opt.Until = opt.Until.AddDate(0, 0, 1).Add(-time.Second)
	}
	p := &parsedRule{opt: *opt, count: opt.Count}
	p.opt.Count = 0
	return p, nil
}

// ordinalsFit reports whether every "nth weekday" of BYDAY (2MO, -1FR) can
// exist in the period it counts in: a month (MONTHLY, or YEARLY with
// BYMONTH) has at most 5 of a weekday, a year 53. The rule library indexes
// past its tables for a larger one.
func ordinalsFit(opt *rrule.ROption) bool {
	most := 53
	if opt.Freq == rrule.MONTHLY || (opt.Freq == rrule.YEARLY && len(opt.Bymonth) > 0) {
		most = 5
	}
	for _, d := range opt.Byweekday {
		if n := d.N(); n > most || n < -most {
			return false
		}
	}
	return true
}

func untilValue(rule string) string {
	for _, kv := range strings.Split(rule, ";") {
		if v, ok := strings.CutPrefix(kv, "UNTIL="); ok {
			return v
		}
	}
	return ""
}

// expandRule lists the occurrences of p from start, each length long, in loc's
// wall-clock time: a 10:00 class stays at 10:00 across a DST change. With
// skip set, dates skip names are reported as skipped and, under COUNT, the
// rule runs on until COUNT occurrences are kept. A kept occurrence whose
// local time does not exist that day is refused.
func expandRule(p *parsedRule, start time.Time, length time.Duration, loc *time.Location, skip *skipper) ([]Occurrence, error) {
	opt := p.opt
	opt.Dtstart = start.In(loc)
	r, err := rrule.NewRRule(opt)
	if err != nil {
		return nil, ruleProblem(NewProblem(ProblemRuleSyntax, nil, "%s", err.Error()))
	}
	want := opt.Dtstart
	next := guardedIterator(r.Iterator())
	var out []Occurrence
	kept, skipped := 0, 0
	for p.count == 0 || kept < p.count {
		t, ok, err := next()
		if err != nil {
			return nil, err
		}
		if !ok || t.In(loc).Year() > maxRuleYear {
			break // the supported range of dates ends with 2100
		}
		occ := Occurrence{Start: t, End: t.Add(length), Conflicts: []ConflictItem{}}
		if skip != nil {
			occ.SkippedReason, occ.SkippedName = skip.reason(t)
		}
		if occ.SkippedReason != "" {
			if skipped++; skipped > maxSkipped {
				return nil, ruleProblem(NewProblem(ProblemRuleSkips, Params{"n": maxSkipped}, "skips more than %d dates; shorten it", maxSkipped))
			}
			out = append(out, occ)
			continue
		}
		if t.Hour() != want.Hour() || t.Minute() != want.Minute() || t.Second() != want.Second() {
			if _, err := wallClock(t.Year(), t.Month(), t.Day(), want.Hour(), want.Minute(), want.Second(), loc); err != nil {
				return nil, err
			}
		}
		if kept++; kept > MaxOccurrences {
			return nil, ruleProblem(NewProblem(ProblemRuleTooMany, Params{"n": MaxOccurrences}, "produces more than %d occurrences", MaxOccurrences))
		}
		out = append(out, occ)
	}
	if kept == 0 {
		return nil, ruleProblem(NewProblem(ProblemRuleNone, nil, "produces no occurrence"))
	}
	if p.count > 0 && kept < p.count {
		// Saying so beats creating fewer sessions than were asked for.
		return nil, ruleProblem(NewProblem(ProblemRuleShort, Params{"count": p.count, "made": kept},
			"produces only %d of the %d occurrences of COUNT", kept, p.count))
	}
	return out, nil
}

// errRuleLibrary stands for a panic of the rule library while expanding a
// rule that passed parseRule: the rule is refused as invalid rather than
// answered with a 500.
var errRuleLibrary = ruleProblem(NewProblem(ProblemRuleSyntax, nil, "the rule cannot be expanded"))

// guardedIterator wraps next so that a panic inside the rule library ends
// the iteration and is reported by the returned function's third result.
func guardedIterator(next rrule.Next) func() (time.Time, bool, error) {
	return func() (t time.Time, ok bool, err error) {
		defer func() {
			if recover() != nil {
				t, ok, err = time.Time{}, false, errRuleLibrary
			}
		}()
		t, ok = next()
		return t, ok, nil
	}
}

// ruleProblem is the Invalid error of a bad rrule.
func ruleProblem(p Problem) error {
	e := FieldError("rrule", p)
	e.Message = "invalid recurrence rule"
	return e
}
