package counting

import (
	"context"
	"time"

	"centerstage/models"
	"centerstage/services"
)

// Tally is the year's statistics for the authorities: the targets, each
// staff member, each month, the official return and the activities by kind.
// The JSON, the workbook and the command-line export are all this value.
type Tally struct {
	Year        int            `json:"year"`
	AsOf        string         `json:"as_of"`
	GeneratedAt time.Time      `json:"generated_at"`
	Summary     []TallyTarget  `json:"summary"`
	ByStaff     []ProgressRow  `json:"by_staff"`
	ByMonth     []MonthlyItem  `json:"by_month"`
	Official    []OfficialLine `json:"official_return"`
	ByKind      []KindLine     `json:"by_kind"`
}

// TallyTarget sums a target over its members (the center's own row for a
// center target). Status applies the progress rule to the sums; Met, OnTrack,
// AtRisk and Behind count the members in each status.
type TallyTarget struct {
	TargetID       uint64      `json:"target_id"`
	Name           string      `json:"name"`
	Metric         Metric      `json:"metric"`
	Scope          TargetScope `json:"scope"`
	Members        int         `json:"members"`
	Value          int         `json:"value"`
	Actual         int         `json:"actual"`
	Scheduled      int         `json:"scheduled"`
	Projected      int         `json:"projected"`
	ExpectedToDate float64     `json:"expected_to_date"`
	CompletionRate float64     `json:"completion_rate"`
	Status         string      `json:"status" enum:"progress"`
	Met            int         `json:"met"`
	OnTrack        int         `json:"on_track"`
	AtRisk         int         `json:"at_risk"`
	Behind         int         `json:"behind"`
}

// OfficialLine is one line of the official return with its figure, and
// what it counted (so the workbook can say which kinds each line counted).
type OfficialLine struct {
	Code   string   `json:"code"`
	Name   string   `json:"name"`
	NameEn string   `json:"name_en"`
	Unit   string   `json:"unit"`
	Metric Metric   `json:"metric" enum:"official"`
	Kinds  []string `json:"kinds" enum:"kind"`
	Value  int      `json:"value"`
}

// KindLine counts the year's activities of one kind by their status now: the
// whole year's calendar, not cut at the tally's as-of date as the target
// figures are (an activity is completed only once it has started, so for a
// tally as of today the two agree).
type KindLine struct {
	Kind       string `json:"kind"`
	Planned    int    `json:"planned"`
	Completed  int    `json:"completed"`
	Cancelled  int    `json:"cancelled"`
	Attendance int    `json:"attendance"`
}

// Tally computes the year's tally as of asOf (empty: today clamped into the
// year). It shows everyone's numbers, so staff may not read it.
func (r *Reports) Tally(ctx context.Context, actor services.Actor, year int, asOf string) (Tally, error) {
	if actor.Role == models.RoleStaff || actor.Role == "" {
		return Tally{}, services.Fail(services.Forbidden, services.ReasonTallyRoles, nil, "the tally is for managers, admins and viewers")
	}
	cs, err := r.progress.load(ctx, actor, ProgressQuery{Year: year, AsOf: asOf})
	if err != nil {
		return Tally{}, err
	}
	// The lines by kind read every kind: so do the targets' and lines'
	// counts of activities, in the same statement.
	db := r.db.WithContext(ctx)
	cs.counter = newCounter(db, cs.per, models.Kinds)
	if err := cs.count(db); err != nil {
		return Tally{}, err
	}
	rep := cs.report()
	t := Tally{Year: cs.per.year, AsOf: cs.per.asOf, GeneratedAt: r.clock().In(r.loc).Truncate(time.Second),
		ByStaff: []ProgressRow{}, ByMonth: cs.monthly().Items}
	t.Summary = summarize(cs, rep.Rows)
	for _, row := range rep.Rows {
		if row.StaffID != nil {
			t.ByStaff = append(t.ByStaff, row)
		}
	}
	lines, err := loadOfficialLines(db)
	if err != nil {
		return Tally{}, err
	}
	t.Official = []OfficialLine{}
	for _, l := range lines {
		c := counted{TargetView: TargetView{Metric: l.Metric, Scope: ScopeCenter}, kinds: kindsOrAll(l.Kinds)}
		counts, err := cs.counter.count(c)
		if err != nil {
			return Tally{}, err
		}
		line := OfficialLine{Code: l.Code, Name: l.Name, NameEn: l.NameEn, Unit: l.Unit, Metric: l.Metric, Kinds: l.Kinds}
		if mc := counts[0]; mc != nil {
			line.Value = mc.total()
		}
		t.Official = append(t.Official, line)
	}
	if t.ByKind, err = cs.counter.byKind(); err != nil {
		return Tally{}, err
	}
	return t, nil
}

// summarize sums each target's rows.
func summarize(cs computed, rows []ProgressRow) []TallyTarget {
	out := make([]TallyTarget, 0, len(cs.targets))
	for _, t := range cs.targets {
		s := TallyTarget{TargetID: t.ID, Name: t.Name, Metric: t.Metric, Scope: t.Scope}
		for _, row := range rows {
			if row.TargetID != t.ID {
				continue
			}
			s.Members++
			s.Value += row.Value
			s.Actual += row.Actual
			s.Scheduled += row.Scheduled
			switch row.Status {
			case StatusMet:
				s.Met++
			case StatusOnTrack:
				s.OnTrack++
			case StatusAtRisk:
				s.AtRisk++
			default:
				s.Behind++
			}
		}
		s.Projected = s.Actual + s.Scheduled
		if s.Value > 0 {
			s.CompletionRate = round(float64(s.Actual)/float64(s.Value), 4)
		}
		// The pace of the sums is that of the summed plans (a part-year
		// member's own), compared exactly as progressRow does: summing the
		// members' rounded expected_to_date would let rounding flip a status
		// (3 members expecting 8/3 each, shown 2.67, would sum to 8.01 and
		// call an actual of 8 behind).
		var plan [12]int
		for _, m := range rowMembers(t) {
			own := t.termsOf(m).plan
			for i := range plan {
				plan[i] += own[i]
			}
		}
		var onTrack bool
		s.ExpectedToDate, onTrack = pace(plan, cs.per.asOf, s.Actual)
		s.Status = statusOf(s.Value, s.Actual, s.Projected, onTrack)
		out = append(out, s)
	}
	return out
}
