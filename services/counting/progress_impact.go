package counting

import (
	"context"
	"slices"
	"strconv"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// Impact implements the scheduler's QuotaImpact: the targets touched by
// replacing each of before with the after at the same index (before nil for
// a create). It only reads: after is laid over the stored tables inside the
// queries.
func (p *Progress) Impact(ctx context.Context, tx *gorm.DB, before, after []*models.Activity) ([]services.TargetImpact, error) {
	return p.TargetImpactsOf(ctx, tx, before, after)
}

// TargetImpacts lists, for every target whose kinds include the activity's
// kind before or after (and, for each_staff, every member taking part), the
// projection before and after the change. A row is listed even when the
// number does not move (a second outreach on the same day), so the caller
// sees that the target was considered. tx may be nil.
func (p *Progress) TargetImpacts(ctx context.Context, tx *gorm.DB, before, after *models.Activity) ([]services.TargetImpact, error) {
	return p.TargetImpactsOf(ctx, tx, []*models.Activity{before}, []*models.Activity{after})
}

// TargetImpactsOf is TargetImpacts for several activities changed at once,
// such as the members of a series a scoped change covers: each of before (nil
// entries for creates) is replaced by the after at the same index.
func (p *Progress) TargetImpactsOf(ctx context.Context, tx *gorm.DB, before, after []*models.Activity) ([]services.TargetImpact, error) {
	if tx == nil {
		tx = p.db
	}
	db := tx.WithContext(ctx)
	ov := p.overlayOf(before, after)
	all := append(slices.Clone(before), after...)
	staff := involvedStaff(all...)
	out := []services.TargetImpact{}
	for _, year := range p.involvedYears(all...) {
		per, err := p.period(year, "")
		if err != nil {
			continue // a year no target can have
		}
		targets, err := loadCounted(db, year, 0, 0)
		if err != nil {
			return nil, err
		}
		for _, t := range targets {
			if !touches(t, all...) {
				continue
			}
			if t.Scope == ScopeEachStaff {
				t.members = intersect(t.members, staff)
				if len(t.members) == 0 {
					continue
				}
			}
			rows, err := impactRows(db, t, per, ov)
			if err != nil {
				return nil, err
			}
			out = append(out, rows...)
		}
	}
	return out, nil
}

func impactRows(db *gorm.DB, t counted, per period, ov *overlay) ([]services.TargetImpact, error) {
	was, err := countTarget(db, t, per, nil)
	if err != nil {
		return nil, err
	}
	will, err := countTarget(db, t, per, ov)
	if err != nil {
		return nil, err
	}
	var out []services.TargetImpact
	for _, m := range rowMembers(t) {
		b, a := progressRow(t, m, was[m], per), progressRow(t, m, will[m], per)
		out = append(out, services.TargetImpact{TargetID: t.ID, Name: t.Name, Metric: string(t.Metric), Year: per.year,
			StaffID: a.StaffID, Value: a.Value, BeforeProjected: b.Projected, AfterProjected: a.Projected,
			BeforeActual: b.Actual, AfterActual: a.Actual, StatusBefore: b.Status, StatusAfter: a.Status})
	}
	return out, nil
}

// overlayOf lays each of after over the stored tables in place of before.
func (p *Progress) overlayOf(before, after []*models.Activity) *overlay {
	ov := &overlay{hide: []uint64{0}}
	for _, b := range before {
		if b != nil {
			ov.hide = append(ov.hide, b.ID)
		}
	}
	for _, x := range after {
		if x == nil {
			continue
		}
		a := *x
		if a.LocalDate == "" {
			a.LocalDate = services.LocalDate(a.StartAt, p.loc)
		}
		ov.adds = append(ov.adds, overlayActivity{a: &a, staff: involvedStaff(x), teams: uniqueIDs(x.TeamIDs),
			days: services.CoveredDays(a.StartAt, a.EndAt, p.loc)})
	}
	return ov
}

// involvedYears are the years whose targets a change can move: those of the
// dates the activity touches before and after, and for a series member the
// neighbouring years too, since an edition belongs to the year of its first
// occurrence.
func (p *Progress) involvedYears(acts ...*models.Activity) []int {
	var years []int
	for _, a := range acts {
		if a == nil {
			continue
		}
		for _, d := range services.CoveredDays(a.StartAt, a.EndAt, p.loc) {
			y, _ := strconv.Atoi(d[:4])
			years = append(years, y)
			if a.SeriesID != nil {
				years = append(years, y-1, y+1)
			}
		}
	}
	slices.Sort(years)
	return slices.Compact(years)
}

// involvedStaff is everyone taking part, the organizer included.
func involvedStaff(acts ...*models.Activity) []uint64 {
	var ids []uint64
	for _, a := range acts {
		if a != nil {
			ids = append(ids, a.OrganizerID)
			ids = append(ids, a.StaffIDs...)
		}
	}
	return uniqueIDs(ids)
}

// touches reports whether t can count the activity before or after.
func touches(t counted, acts ...*models.Activity) bool {
	for _, a := range acts {
		if a == nil || !slices.Contains(t.kinds, a.Kind) {
			continue
		}
		switch t.Metric {
		case MetricActiveTeams:
			if len(a.TeamIDs) > 0 {
				return true
			}
		case MetricPairedStations:
			if a.StationID != nil {
				return true
			}
		default:
			return true
		}
	}
	return false
}

func intersect(a, b []uint64) []uint64 {
	out := []uint64{}
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
