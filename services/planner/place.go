package planner

import (
	"slices"

	"centerstage/services"
	"centerstage/services/counting"
)

// run places proposals month by month, in order: each allowed month takes
// what is due by its end (the plan to date, less what is already on the
// calendar), and what a month cannot take moves on to the next; the last
// allowed month takes the rest of the gap.
func (s *search) run(res *Result) {
	gap := s.g.row.Gap
	placed := 0
	for i, m := range s.months {
		want := s.dueBy(m, i == len(s.months)-1) - placed
		mp := MonthPlan{Month: m, Needed: max(0, want)}
		if want > 0 && s.short == "" {
			mp.Planned = s.fill(s.daysOf(m), want, res)
			placed += mp.Planned
		}
		res.Months = append(res.Months, mp)
		if placed >= gap {
			break
		}
	}
	if len(s.months) == 0 && s.short == "" {
		s.short = ShortYearOver
	}
	if placed < gap {
		res.Reason = s.short
	}
}

// dueBy is how many units should be on the calendar by the end of month m,
// beyond what already is: the member's plan up to m, capped by the value,
// less the projection; the last allowed month is due the whole gap.
func (s *search) dueBy(m int, last bool) int {
	gap := s.g.row.Gap
	if last {
		return gap
	}
	plan := 0
	for i := 0; i < m; i++ {
		plan += s.g.plan[i]
	}
	return min(gap, max(0, min(s.g.row.Value, plan)-s.g.row.Projected))
}

func (s *search) daysOf(m int) []day {
	var out []day
	for _, d := range s.days {
		if d.month == m {
			out = append(out, d)
		}
	}
	return out
}

// choice is a usable slot of a day: a candidate and, for a teams target,
// the team it adds.
type choice struct {
	cand int
	team uint64
}

// fill places up to want units on days of one month, spread evenly over the
// days that still have a free slot, and returns how many it placed.
func (s *search) fill(days []day, want int, res *Result) int {
	var free []day
	var picks []choice
	for _, d := range days {
		if c, ok := s.usable(d); ok {
			free = append(free, d)
			picks = append(picks, c)
		}
	}
	if len(free) == 0 {
		return 0
	}
	n := want
	if s.g.target.Metric == counting.MetricAttendance {
		per := s.adds(picks[0].cand)
		n = (want + per - 1) / per
	}
	order := spread(len(free), n)
	placed := 0
	taken := map[int]bool{}
	try := func(i int) {
		if taken[i] {
			return
		}
		taken[i] = true
		c, ok := s.usable(free[i]) // units may have been used up by an earlier pick
		if !ok {
			return
		}
		placed += s.propose(c, res)
	}
	for _, i := range order {
		if placed >= want || s.short != "" {
			return placed
		}
		try(i)
	}
	for i := range free { // attendance: the estimate fell short
		if placed >= want || s.short != "" {
			break
		}
		try(i)
	}
	return placed
}

// spread picks n of count days, evenly: the middle day of each of n equal
// stretches; every day when n >= count.
func spread(count, n int) []int {
	if n >= count {
		out := make([]int, count)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, n)
	for k := range out {
		out[k] = (2*k + 1) * count / (2 * n)
	}
	return out
}

// usable is the day's first candidate, in window and room order, that
// clashes with nothing (for a teams target: with nothing but other teams).
func (s *search) usable(d day) (choice, bool) {
	for _, c := range d.cands {
		if s.adds(c) <= 0 {
			continue
		}
		if s.g.target.Metric != counting.MetricActiveTeams {
			if len(s.clashes[c]) == 0 {
				return choice{cand: c}, true
			}
			continue
		}
		for _, team := range s.units {
			if s.freeFor(c, team) {
				return choice{cand: c, team: team}, true
			}
		}
	}
	return choice{}, false
}

// freeFor says whether candidate c clashes with nothing but the bookings of
// teams other than team.
func (s *search) freeFor(c int, team uint64) bool {
	for _, k := range s.clashes[c] {
		if k.Reason != services.ReasonTeam || k.ResourceID == team {
			return false
		}
	}
	return true
}

// adds is what candidate c adds to the target.
func (s *search) adds(c int) int {
	if s.g.target.Metric == counting.MetricAttendance {
		return s.g.attendance(s.cands[c].VenueID)
	}
	return 1
}

// propose turns a choice into a proposal, using up the unit it adds, and
// returns what it adds.
func (s *search) propose(c choice, res *Result) int {
	in := s.cands[c.cand]
	p := Proposal{Start: in.Start.In(s.loc), End: in.End.In(s.loc), VenueID: in.VenueID,
		StaffIDs: slices.Clone(in.StaffIDs), TeamIDs: []uint64{}, Adds: s.adds(c.cand)}
	switch s.g.target.Metric {
	case counting.MetricActiveTeams:
		p.TeamIDs = []uint64{c.team}
		s.use(c.team)
	case counting.MetricPairedStations:
		st := s.units[0]
		p.StationID = &st
		s.use(st)
	default:
		if len(s.stations) > 0 {
			st := s.stations[len(res.Proposals)%len(s.stations)]
			p.StationID = &st
		}
	}
	res.Proposals = append(res.Proposals, p)
	return p.Adds
}

// use removes a team or station from the units still to add.
func (s *search) use(id uint64) {
	s.units = slices.DeleteFunc(s.units, func(u uint64) bool { return u == id })
	if len(s.units) == 0 {
		s.short = ShortNoUnitsLeft
	}
}
