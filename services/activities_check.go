package services

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"centerstage/models"
)

// CheckInput is a dry run: a new activity (ActivityID zero, Input complete)
// or a change to an existing one (Patch applied to it, covering the series
// members Scope names, as Update would).
type CheckInput struct {
	ActivityID uint64
	Input      ActivityInput
	Patch      ActivityPatch
	Scope      SeriesScope
}

// CheckResult is what a create or change would run into.
type CheckResult struct {
	Conflicts   []ConflictItem `json:"conflicts"`
	QuotaImpact []TargetImpact `json:"quota_impact"`
}

// Check reports the conflicts and quota impact of a create or change
// without writing anything. What the real call would refuse (invalid input,
// a caller who may not make the change, a change of an activity that is not
// planned) is refused alike. For a scoped change of a series member every
// covered member is checked; each conflict then names the new start of the
// member that clashes (occurrence), and the quota impact is that of the
// members changing together.
func (s *Activities) Check(ctx context.Context, actor Actor, ci CheckInput) (*CheckResult, error) {
	if !actor.CanWrite() {
		return nil, viewerReadOnly()
	}
	// No transaction: a dry run reads without locks, and on SQLite a
	// transaction would take the database's write lock.
	db := s.db.WithContext(ctx)
	var before []*models.Activity
	var after []ActivityInput
	var series *uint64
	var err error
	if ci.ActivityID == 0 {
		before, after, err = s.planCreate(db, actor, ci.Input)
	} else {
		before, after, series, err = s.planChange(ctx, db, actor, ci)
	}
	if err != nil {
		return nil, err
	}
	var exclude []uint64
	for _, b := range before {
		if b != nil {
			exclude = append(exclude, b.ID)
		}
	}
	found, err := findConflicts(db, s.loc, after, exclude)
	if err != nil {
		return nil, err
	}
	res := &CheckResult{Conflicts: []ConflictItem{}, QuotaImpact: []TargetImpact{}}
	for i, items := range found {
		for _, c := range items {
			c.Start, c.End = c.Start.In(s.loc), c.End.In(s.loc)
			if len(after) > 1 {
				occ := after[i].Start.In(s.loc)
				c.Occurrence = &occ
			}
			res.Conflicts = append(res.Conflicts, c)
		}
	}
	return res, s.quotaImpact(ctx, db, actor, before, after, series, res)
}

// planCreate checks a new activity as Create would, without locks.
func (s *Activities) planCreate(db *gorm.DB, actor Actor, in ActivityInput) ([]*models.Activity, []ActivityInput, error) {
	if err := s.authorizeNew(actor, &in); err != nil {
		return nil, nil, err
	}
	if err := in.normalize(); err != nil {
		return nil, nil, err
	}
	if err := validateRefs(db, &in, nil); err != nil {
		return nil, nil, err
	}
	return []*models.Activity{nil}, []ActivityInput{in}, nil
}

// splitSeriesPlaceholder is the series id a dry run gives the members a
// following-scope change would move to a new series (see split). The real
// series does not exist yet, and 0 can never name a stored one: ids are
// AUTO_INCREMENT (MySQL) or rowid (SQLite) values, which start at 1. The
// counting engine only compares series ids (an edition is a series or a
// lone activity), so any id no stored series has makes the moved members
// one new edition, as the real change does.
const splitSeriesPlaceholder uint64 = 0

// planChange computes the new states of the members a change covers as
// Update would, without locks, and refuses what Update would refuse. series
// is, when not nil, the series the members would be moved to (a
// placeholder, as Update would split the series there).
func (s *Activities) planChange(ctx context.Context, db *gorm.DB, actor Actor, ci CheckInput) (members []*models.Activity, next []ActivityInput, series *uint64, err error) {
	target, err := s.Get(ctx, actor, ci.ActivityID)
	if err != nil {
		return nil, nil, nil, err
	}
	if target.Status != models.StatusPlanned {
		return nil, nil, nil, lockedErr(target.Status)
	}
	members, err = seriesMembers(db, target, ci.Scope)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := authorizeMembers(actor, members); err != nil {
		return nil, nil, nil, err
	}
	next, err = s.patchMembers(actor, target, members, ci.Patch)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := validateAllRefs(db, next, members); err != nil {
		return nil, nil, nil, err
	}
	if err := refuseSelfOverlap(next, s.loc); err != nil {
		return nil, nil, nil, err
	}
	if ci.Scope == ScopeFollowing {
		splits, err := splitsSeries(db, target)
		if err != nil {
			return nil, nil, nil, err
		}
		if splits {
			id := splitSeriesPlaceholder
			series = &id
		}
	}
	return members, next, series, nil
}

// quotaImpact fills res.QuotaImpact with how replacing before by after moves
// the targets, when the counting engine is wired in. A non-nil series is
// the series every after state belongs to (a split's new series).
func (s *Activities) quotaImpact(ctx context.Context, db *gorm.DB, actor Actor, before []*models.Activity, after []ActivityInput, series *uint64, res *CheckResult) error {
	if s.impact == nil {
		return nil
	}
	next := make([]*models.Activity, len(after))
	for i, in := range after {
		a := &models.Activity{Status: models.StatusPlanned, CreatedBy: actor.UserID}
		if before[i] != nil {
			cp := *before[i]
			a = &cp
		}
		in.assignTo(a, s.loc)
		if series != nil {
			a.SeriesID = series // a fresh pointer: the copy shares before[i]'s
		}
		next[i] = a
	}
	impact, err := s.impact.Impact(ctx, db, before, next)
	if err != nil {
		return fmt.Errorf("quota impact: %w", err)
	}
	if impact != nil {
		res.QuotaImpact = visibleImpact(actor, impact)
	}
	return nil
}

// visibleImpact keeps the rows actor may read: staff see the center's rows
// and their own, as GET /progress shows them, not their colleagues'.
func visibleImpact(actor Actor, rows []TargetImpact) []TargetImpact {
	if actor.IsManager() {
		return rows
	}
	out := rows[:0:0]
	for _, r := range rows {
		if r.StaffID == nil || *r.StaffID == actor.UserID {
			out = append(out, r)
		}
	}
	return out
}
