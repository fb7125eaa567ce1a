package counting

import (
	"context"

	"centerstage/services"
)

// MonthStat is one month of a target's monthly statistics with rollover:
// due = plan + the previous month's carry; carry = max(0, due - actual).
// CompletionRate is actual / due (本月实际 / 本月计划, the plan including what
// rolled over), null when nothing was due.
type MonthStat struct {
	Month          int      `json:"month"`
	Plan           int      `json:"plan"`
	Due            int      `json:"due"`
	Actual         int      `json:"actual"`
	Carry          int      `json:"carry"`
	CompletionRate *float64 `json:"completion_rate"`
}

// MonthlyItem is the monthly statistics of one target for the center or one
// member.
type MonthlyItem struct {
	TargetID  uint64      `json:"target_id"`
	Name      string      `json:"name"`
	Metric    string      `json:"metric"`
	Scope     string      `json:"scope"`
	StaffID   *uint64     `json:"staff_id"`
	StaffName string      `json:"staff_name,omitempty"`
	Value     int         `json:"value"`
	Actual    int         `json:"actual"`
	Months    []MonthStat `json:"months"`
}

// MonthlyReport is the monthly statistics (按月统计) of a year as of a date.
type MonthlyReport struct {
	Year  int           `json:"year"`
	AsOf  string        `json:"as_of"`
	Items []MonthlyItem `json:"items"`
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
	out := MonthlyReport{Year: cs.per.year, AsOf: cs.per.asOf, Items: []MonthlyItem{}}
	for i, t := range cs.targets {
		for _, m := range rowMembers(t) {
			item := monthlyItem(t, m, cs.counts[i][m])
			item.StaffName = cs.names[m]
			out.Items = append(out.Items, item)
		}
	}
	return out
}

func monthlyItem(t counted, member uint64, mc *memberCount) MonthlyItem {
	if mc == nil {
		mc = &memberCount{}
	}
	item := MonthlyItem{TargetID: t.ID, Name: t.Name, Metric: t.Metric, Scope: t.Scope, Value: t.Value,
		Actual: mc.total(), Months: rollover(t.Plan, mc.actual)}
	if t.Scope == ScopeEachStaff {
		id := member
		item.StaffID = &id
	}
	return item
}

// rollover applies due_m = plan_m + carry_{m-1}, carry_m = max(0, due_m -
// actual_m); a surplus does not reduce the next month.
func rollover(plan, actual [12]int) []MonthStat {
	out := make([]MonthStat, 12)
	carry := 0
	for i := range out {
		due := plan[i] + carry
		carry = max(0, due-actual[i])
		out[i] = MonthStat{Month: i + 1, Plan: plan[i], Due: due, Actual: actual[i], Carry: carry}
		if due > 0 {
			r := round(float64(actual[i])/float64(due), 4)
			out[i].CompletionRate = &r
		}
	}
	return out
}
