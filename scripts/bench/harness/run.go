package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"time"
)

// result is one operation's timings per side.
type result struct {
	op     op
	times  map[string][]time.Duration // by variant name, "floor" for the floor
	peakMB map[string][]float64
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case d == 0:
		return ""
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

// equalAnswers compares two answers by their JSON form; on a difference it
// says where.
func equalAnswers(a, b any) (bool, string) {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) == string(jb) {
		return true, ""
	}
	var ma, mb map[string]any
	if json.Unmarshal(ja, &ma) == nil && json.Unmarshal(jb, &mb) == nil {
		var diffs []string
		for k, v := range ma {
			if !reflect.DeepEqual(v, mb[k]) {
				diffs = append(diffs, fmt.Sprintf("%s: api %v floor %v", k, v, mb[k]))
			}
		}
		for k, v := range mb {
			if _, ok := ma[k]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s: api missing, floor %v", k, v))
			}
		}
		slices.Sort(diffs)
		if len(diffs) > 8 {
			diffs = append(diffs[:8], fmt.Sprintf("... %d differences in all", len(diffs)))
		}
		return false, strings.Join(diffs, "\n    ")
	}
	return false, fmt.Sprintf("api   %.600s\n    floor %.600s", ja, jb)
}

// runOps measures every operation, interleaving the floor and the variants
// in a rotating order round by round, and fails on the first answer that
// differs from the floor's on the same database.
func runOps(ctx context.Context, w *world, vs []*variant, only string, log io.Writer) ([]*result, error) {
	var out []*result
	for _, o := range w.ops() {
		if only != "" && !strings.Contains(o.name, only) {
			continue
		}
		rounds := w.ds.Scale.Rounds
		if o.heavy {
			rounds = w.ds.Scale.HeavyRounds
		}
		res := &result{op: o, times: map[string][]time.Duration{}, peakMB: map[string][]float64{}}
		fmt.Fprintf(log, "  %s: %d rounds", o.name, rounds)
		for r := 0; r < rounds; r++ {
			if o.cold {
				for _, v := range vs {
					b, ok := w.cells.take(w.year, "写入")
					if !ok {
						return nil, fmt.Errorf("no free cell left in %d", w.year)
					}
					if err := v.cl.call(ctx, "POST", "/activities", bookingBody(b), 201, nil); err != nil {
						return nil, err
					}
				}
			}
			type side struct {
				name string
				run  func() (any, time.Duration, error)
				v    *variant
			}
			var sides []side
			if o.floor != nil {
				sides = append(sides, side{"floor", func() (any, time.Duration, error) { return o.floor(ctx, vs[0]) }, vs[0]})
			}
			for _, v := range vs {
				sides = append(sides, side{v.name, func() (any, time.Duration, error) {
					if o.repeat {
						if _, _, err := o.api(ctx, v); err != nil {
							return nil, 0, err
						}
					}
					if o.memory {
						v.inst[0].resetPeak()
					}
					return o.api(ctx, v)
				}, v})
			}
			k := r % len(sides)
			sides = append(sides[k:], sides[:k]...)
			answers := map[string]any{}
			for _, s := range sides {
				ans, d, err := s.run()
				if err != nil {
					return nil, fmt.Errorf("%s (%s, round %d): %w", o.name, s.name, r+1, err)
				}
				answers[s.name] = ans
				res.times[s.name] = append(res.times[s.name], d)
				if o.memory && s.name != "floor" {
					res.peakMB[s.name] = append(res.peakMB[s.name], s.v.inst[0].peakMB())
				}
			}
			if r == 0 {
				fmt.Fprintf(log, "; answer %s\n", describe(answers[vs[0].name]))
				if os.Getenv("BENCH_SHOW") != "" {
					j, _ := json.Marshal(answers)
					fmt.Fprintf(log, "    %.2000s\n", j)
				}
			}
			if o.floor == nil {
				continue
			}
			// The first variant shares its database with the floor; the
			// others are compared once, with the floor run on theirs.
			if ok, diff := equalAnswers(answers[vs[0].name], answers["floor"]); !ok {
				return nil, fmt.Errorf("%s (%s, round %d): %w:\n    %s", o.name, vs[0].name, r+1, errMismatch, diff)
			}
			if r == 0 {
				for _, v := range vs[1:] {
					if o.api == nil {
						continue
					}
					fa, _, err := o.floor(ctx, v)
					if err != nil {
						return nil, err
					}
					if readOnly(o) {
						if ok, diff := equalAnswers(answers[v.name], fa); !ok {
							return nil, fmt.Errorf("%s (%s): %w:\n    %s", o.name, v.name, errMismatch, diff)
						}
					}
				}
			}
		}
		out = append(out, res)
	}
	return out, nil
}

// describe sums up an answer: how many entries it has.
func describe(a any) string {
	rv := reflect.ValueOf(a)
	switch rv.Kind() {
	case reflect.Map, reflect.Slice:
		return fmt.Sprintf("of %d entries", rv.Len())
	}
	s := fmt.Sprint(a)
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return s
}

// readOnly: an operation whose answer on another database can be compared
// with a floor run after it (a booking's floor books another slot).
func readOnly(o op) bool {
	return !strings.HasPrefix(o.name, "create with") && !strings.HasPrefix(o.name, "a 12")
}

// printResults writes the table of results in Markdown.
func printResults(w io.Writer, rs []*result, vs []*variant) {
	head := "| operation |"
	sep := "|---|"
	for _, v := range vs {
		head += fmt.Sprintf(" %s p50 | %s p99 |", v.name, v.name)
		sep += "---|---|"
	}
	head += " floor p50 |"
	sep += "---|"
	for _, v := range vs {
		head += fmt.Sprintf(" %s / floor |", v.name)
		sep += "---|"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, sep)
	for _, r := range rs {
		line := "| " + r.op.name + " |"
		fp50 := percentile(r.times["floor"], 0.5)
		for _, v := range vs {
			p50 := ms(percentile(r.times[v.name], 0.5))
			if pk := r.peakMB[v.name]; len(pk) > 0 {
				p50 += fmt.Sprintf(" (%.0f MB peak)", slices.Max(pk))
			}
			line += fmt.Sprintf(" %s | %s |", p50, ms(percentile(r.times[v.name], 0.99)))
		}
		line += " " + ms(fp50) + " |"
		for _, v := range vs {
			if fp50 > 0 {
				line += fmt.Sprintf(" %.2fx |", float64(percentile(r.times[v.name], 0.5))/float64(fp50))
			} else {
				line += " |"
			}
		}
		fmt.Fprintln(w, line)
	}
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
