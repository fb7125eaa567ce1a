package counting

import (
	"context"

	"centerstage/services"
)

// MonthStat is one month of a target's monthly statistics with rollover
// (DESIGN.md): due = min(plan + the previous month's carry, what the year
// still needs), carry = max(0, due - actual). CompletionRate is actual / due
// (本月实际 / 本月计划, the plan including what rolled over), null when
// nothing was due. Member is false for a month in which a part-year member
// was no member at all.
type MonthStat struct {
	Month          int      `json:"month"`
	Plan           int      `json:"plan"`
	Due            int      `json:"due"`
	Actual         int      `json:"actual"`
	Carry          int      `json:"carry"`
	CompletionRate *float64 `json:"completion_rate"`
	Member         bool     `json:"member"`
}

// YearStat is the year row of the monthly statistics: the year's value,
// what was done, and December's carry.
type YearStat struct {
	Value  int `json:"value"`
	Actual int `json:"actual"`
	Carry  int `json:"carry"`
}

// MonthlyItem is the monthly statistics of one target for the center or one
// member.
type MonthlyItem struct {
	TargetMember
	Actual       int           `json:"actual"`
	Months       []MonthStat   `json:"months"`
	Year         YearStat      `json:"year"`
	OpenStations []OpenStation `json:"open_stations,omitempty"`
}

// MonthlyTotal sums an each_staff target's items over its members, month by
// month: the department's figures for the members-by-months table.
type MonthlyTotal struct {
	TargetID uint64      `json:"target_id"`
	Name     string      `json:"name"`
	Metric   Metric      `json:"metric"`
	Members  int         `json:"members"`
	Value    int         `json:"value"`
	Actual   int         `json:"actual"`
	Months   []MonthStat `json:"months"`
	Year     YearStat    `json:"year"`
}

// MonthlyReport is the monthly statistics (按月统计) of a year as of a date.
type MonthlyReport struct {
	Year   int            `json:"year"`
	AsOf   string         `json:"as_of"`
	Items  []MonthlyItem  `json:"items"`
	Totals []MonthlyTotal `json:"totals"`
}

// Monthly returns the monthly statistics of the year's targets, with the
// same visibility as Rows. A month after the as-of date has no actual yet, so
// its carry shows what will be due if nothing more is done.
func (p *Progress) Monthly(ctx context.Context, actor services.Actor, q ProgressQuery) (MonthlyReport, error) {
	cs, err := p.compute(ctx, actor, q)
	if err != nil {
		return MonthlyReport{}, err
	}
	return cs.monthly(), nil
}

func (cs computed) monthly() MonthlyReport {
	out := MonthlyReport{Year: cs.per.year, AsOf: cs.per.asOf, Items: []MonthlyItem{}, Totals: []MonthlyTotal{}}
	for i, t := range cs.targets {
		var items []MonthlyItem
		for _, m := range rowMembers(t) {
			item := monthlyItem(t, m, cs.counts[i][m])
			item.StaffName = cs.names[m]
			item.OpenStations = cs.open[i][m]
			items = append(items, item)
		}
		out.Items = append(out.Items, items...)
		if t.Scope == ScopeEachStaff {
			out.Totals = append(out.Totals, monthlyTotal(t, items))
		}
	}
	return out
}

func monthlyItem(t counted, member uint64, mc *memberCount) MonthlyItem {
	if mc == nil {
		mc = &memberCount{}
	}
	tm, terms := t.memberOf(member)
	item := MonthlyItem{TargetMember: tm, Actual: mc.total(), Months: rollover(terms.value, terms.plan, mc.actual)}
	for i := range item.Months {
		item.Months[i].Member = terms.months[i]
	}
	item.Year = YearStat{Value: terms.value, Actual: item.Actual, Carry: item.Months[11].Carry}
	return item
}

// monthlyTotal sums the members' months; its rate is the summed actual over
// the summed due.
func monthlyTotal(t counted, items []MonthlyItem) MonthlyTotal {
	tot := MonthlyTotal{TargetID: t.ID, Name: t.Name, Metric: t.Metric, Members: len(items), Months: make([]MonthStat, 12)}
	for i := range tot.Months {
		tot.Months[i] = MonthStat{Month: i + 1, Member: true}
	}
	for _, it := range items {
		tot.Value += it.Value
		tot.Actual += it.Actual
		tot.Year.Carry += it.Year.Carry
		for i, m := range it.Months {
			tot.Months[i].Plan += m.Plan
			tot.Months[i].Due += m.Due
			tot.Months[i].Actual += m.Actual
			tot.Months[i].Carry += m.Carry
		}
	}
	for i := range tot.Months {
		tot.Months[i].CompletionRate = rateOf(tot.Months[i].Actual, tot.Months[i].Due)
	}
	tot.Year.Value, tot.Year.Actual = tot.Value, tot.Actual
	return tot
}

// rollover applies the monthly statistics of DESIGN.md: left_{m-1} =
// max(0, value - actual_1 - ... - actual_{m-1}) is what the year still
// needs; due_m = min(plan_m + carry_{m-1}, left_{m-1}); carry_m = max(0,
// due_m - actual_m). A surplus does not reduce the next month's due, but
// nothing is due beyond what the year still needs: once the value is
// reached every later month is due 0, carries 0 and has no rate.
func rollover(value int, plan, actual [12]int) []MonthStat {
	out := make([]MonthStat, 12)
	carry, done := 0, 0
	for i := range out {
		left := max(0, value-done)
		due := min(plan[i]+carry, left)
		carry = max(0, due-actual[i])
		done += actual[i]
		out[i] = MonthStat{Month: i + 1, Plan: plan[i], Due: due, Actual: actual[i], Carry: carry,
			CompletionRate: rateOf(actual[i], due)}
	}
	return out
}

// rateOf is actual / due to 4 decimals, nil when nothing was due.
func rateOf(actual, due int) *float64 {
	if due <= 0 {
		return nil
	}
	r := round(float64(actual)/float64(due), 4)
	return &r
}
