package counting

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// memberTerms is what one member of an each_staff target owes in the year:
// the target's value and plan, pro-rated when they were a member for only
// part of it (DESIGN.md, "Part-year members").
type memberTerms struct {
	value        int
	plan         [12]int
	months       [12]bool // the months in which they were a member on some day
	joined, left *string
}

// TargetMember is which target a progress row or a monthly item counts, and
// for whom: the center (StaffID nil) or one member, with their terms.
type TargetMember struct {
	TargetID  uint64      `json:"target_id"`
	Name      string      `json:"name"`
	Metric    Metric      `json:"metric"`
	Scope     TargetScope `json:"scope"`
	StaffID   *uint64     `json:"staff_id"`
	StaffName string      `json:"staff_name,omitempty"`
	// Value is the member's own value: the target's, pro-rated for a member
	// for part of the year (TargetValue is the target's).
	Value       int     `json:"value"`
	TargetValue int     `json:"target_value"`
	JoinedOn    *string `json:"joined_on"`
	LeftOn      *string `json:"left_on"`
}

// memberOf is t for member (0: the center), with the member's terms.
func (t counted) memberOf(member uint64) (TargetMember, memberTerms) {
	terms := t.termsOf(member)
	tm := TargetMember{TargetID: t.ID, Name: t.Name, Metric: t.Metric, Scope: t.Scope, Value: terms.value,
		TargetValue: t.Value, JoinedOn: terms.joined, LeftOn: terms.left}
	if t.Scope == ScopeEachStaff {
		id := member
		tm.StaffID = &id
	}
	return tm, terms
}

// termsOf is member's terms; the center and full-year members owe the
// target's own value and plan.
func (t counted) termsOf(member uint64) memberTerms {
	if mt, ok := t.terms[member]; ok {
		return mt
	}
	full := memberTerms{value: t.Value, plan: t.Plan}
	for i := range full.months {
		full.months[i] = true
	}
	if d, ok := t.dates[member]; ok {
		full.joined, full.left = d[0], d[1]
	}
	return full
}

// memberDates loads the membership dates of the users ids: joined_on and
// left_on, either nil.
func memberDates(db *gorm.DB, ids []uint64) (map[uint64][2]*string, error) {
	out := map[uint64][2]*string{}
	if len(ids) == 0 {
		return out, nil
	}
	var users []models.User
	if err := db.Select("id, joined_on, left_on").Where("id IN ? AND (joined_on IS NOT NULL OR left_on IS NOT NULL)",
		uniqueIDs(ids)).Find(&users).Error; err != nil {
		return nil, fmt.Errorf("load membership dates: %w", err)
	}
	for _, u := range users {
		out[u.ID] = [2]*string{u.JoinedOn, u.LeftOn}
	}
	return out, nil
}

// applyMembership pro-rates t for its members with dates in year, and
// leaves out those who were no member on any day of it.
func (t *counted) applyMembership(year int, dates map[uint64][2]*string) {
	t.dates, t.terms = map[uint64][2]*string{}, map[uint64]memberTerms{}
	kept := t.members[:0:0]
	for _, m := range t.members {
		d, ok := dates[m]
		if !ok {
			kept = append(kept, m)
			continue
		}
		t.dates[m] = d
		mt, member := prorate(t.Value, t.Plan, year, d[0], d[1])
		if !member {
			continue
		}
		mt.joined, mt.left = d[0], d[1]
		if mt.value != t.Value {
			t.terms[m] = mt
		}
		kept = append(kept, m)
	}
	t.members = kept
}

// prorate is the value and plan of someone who was a member from joined to
// left (either nil: no limit) in year: value ceil(target * d / days_in_year)
// for the d days they were a member, split evenly in whole numbers over the
// months they were a member, the remainder to the earliest of them. A
// member for the whole year keeps the target's value and plan. It reports
// false when they were a member on no day of the year.
func prorate(value int, plan [12]int, year int, joined, left *string) (memberTerms, bool) {
	y0 := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	y1 := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	from, to := y0, y1
	if joined != nil {
		if j, err := time.Parse(time.DateOnly, *joined); err == nil && j.After(from) {
			from = j
		}
	}
	if left != nil {
		if l, err := time.Parse(time.DateOnly, *left); err == nil && l.Before(to) {
			to = l
		}
	}
	if to.Before(from) {
		return memberTerms{}, false
	}
	days := int(to.Sub(from).Hours()/24) + 1
	yearDays := int(y1.Sub(y0).Hours()/24) + 1
	var mt memberTerms
	if days == yearDays {
		mt.value, mt.plan = value, plan
		for i := range mt.months {
			mt.months[i] = true
		}
		return mt, true
	}
	mt.value = (value*days + yearDays - 1) / yearDays
	first, last := int(from.Month())-1, int(to.Month())-1
	k := last - first + 1
	for i := first; i <= last; i++ {
		mt.months[i] = true
		mt.plan[i] = mt.value / k
		if i-first < mt.value%k {
			mt.plan[i]++
		}
	}
	return mt, true
}
