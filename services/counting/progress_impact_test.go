package counting_test

import (
	"context"
	"testing"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
)

func TestImpactReadsOnly(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	s1, s2 := c.user("s1", models.RoleStaff), c.user("s2", models.RoleStaff)
	done := models.StatusCompleted
	c.add(act{kind: "outreach", start: "2026-03-05 09:00", status: done, staff: []uint64{s1}})
	moved := c.add(act{kind: "outreach", start: "2026-07-10 09:00", staff: []uint64{s1}})
	days := c.target(counting.TargetInput{Metric: "person_days", Kinds: []string{"outreach"}, Scope: "each_staff", Value: 3})
	count := c.target(counting.TargetInput{Metric: "count", Kinds: []string{"outreach"}, Scope: "center", Value: 2})
	c.target(counting.TargetInput{Metric: "count", Kinds: []string{"lecture"}, Scope: "center", Value: 2}) // untouched
	next := c.target(counting.TargetInput{Year: 2027, Metric: "count", Kinds: []string{"outreach"}, Scope: "center", Value: 5})

	newAct := func(start, end string, staff ...uint64) *models.Activity {
		return &models.Activity{Kind: "outreach", StartAt: c.at(start).UTC(), EndAt: c.at(end).UTC(),
			OrganizerID: staff[0], StaffIDs: staff, Status: models.StatusPlanned}
	}
	var before int64
	c.must(c.db.Model(&models.Activity{}).Count(&before).Error)

	type key struct {
		target, staff uint64
	}
	impacts := func(b, a *models.Activity) map[key]services.TargetImpact {
		rows, err := c.progress.TargetImpacts(context.Background(), nil, b, a)
		c.must(err)
		out := map[key]services.TargetImpact{}
		for _, r := range rows {
			k := key{target: r.TargetID}
			if r.StaffID != nil {
				k.staff = *r.StaffID
			}
			out[k] = r
		}
		return out
	}
	// a second outreach on 03-05: the same person-day, one more activity.
	got := impacts(nil, newAct("2026-03-05 14:00", "2026-03-05 16:00", s1))
	// person-days of s1 now: 03-05 actual, 07-10 scheduled = 2, unchanged.
	if r := got[key{days, s1}]; r.BeforeProjected != 2 || r.AfterProjected != 2 || r.StatusAfter != counting.StatusAtRisk && r.StatusAfter != counting.StatusBehind {
		t.Errorf("same-day outreach: %+v", r)
	}
	if r := got[key{count, 0}]; r.BeforeProjected != 2 || r.AfterProjected != 3 {
		t.Errorf("count: %+v", r)
	}
	if len(got) != 2 {
		t.Errorf("want 2 touched rows (lecture target and 2027 untouched, s2 not taking part): %+v", got)
	}
	// across midnight with s2: two new person-days for s1 (3 >= 3 projected) and for s2.
	got = impacts(nil, newAct("2026-08-01 20:00", "2026-08-02 02:00", s1, s2))
	if r := got[key{days, s1}]; r.AfterProjected != 4 || r.StatusAfter != counting.StatusAtRisk {
		t.Errorf("midnight outreach, s1: %+v", r)
	}
	if r := got[key{days, s2}]; r.BeforeProjected != 0 || r.AfterProjected != 2 {
		t.Errorf("midnight outreach, s2: %+v", r)
	}
	// moving the 07-10 outreach into 2027 takes it from 2026 and gives it to 2027.
	var m models.Activity
	c.must(c.db.First(&m, moved).Error)
	m.StaffIDs = []uint64{s1}
	to := m
	to.StartAt, to.EndAt, to.LocalDate = c.at("2027-01-05 09:00").UTC(), c.at("2027-01-05 11:00").UTC(), ""
	got = impacts(&m, &to)
	if r := got[key{count, 0}]; r.BeforeProjected != 2 || r.AfterProjected != 1 {
		t.Errorf("moved out of 2026: %+v", r)
	}
	if r := got[key{next, 0}]; r.BeforeProjected != 0 || r.AfterProjected != 1 || r.Year != 2027 {
		t.Errorf("moved into 2027: %+v", r)
	}
	// cancelling it.
	off := m
	off.Status = models.StatusCancelled
	if r := impacts(&m, &off)[key{days, s1}]; r.BeforeProjected != 2 || r.AfterProjected != 1 {
		t.Errorf("cancelled: %+v", r)
	}
	var after int64
	c.must(c.db.Model(&models.Activity{}).Count(&after).Error)
	if after != before {
		t.Errorf("the dry run wrote: %d activities, was %d", after, before)
	}
}
