package services

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"centerstage/models"
)

// DeleteCovered removes a planned activity, or with a scope the planned
// members of its series from it on or all of them, with their rows, and
// returns the ids removed in start order. Completed and cancelled members
// stay: they are history. Only a manager or the organizer of every covered
// member may; an activity that happened or was called off is kept
// (completed, or cancelled instead). A series left without members goes
// too. With dryRun nothing is removed: the answer is what would be, for a
// confirmation that says how many.
func (s *Activities) DeleteCovered(ctx context.Context, actor Actor, id uint64, version int64, scope SeriesScope, dryRun bool) ([]uint64, error) {
	if !actor.CanWrite() {
		return nil, viewerReadOnly()
	}
	if dryRun {
		db := s.db.WithContext(ctx)
		target, err := s.Get(ctx, actor, id)
		if err != nil {
			return nil, err
		}
		members, err := seriesMembers(db, target, scope)
		if err != nil {
			return nil, err
		}
		if err := mayDelete(actor, target, members, version); err != nil {
			return nil, err
		}
		return idsOf(members), nil
	}
	var out []uint64
	err := s.tx(ctx, func(tx *gorm.DB) error {
		target, members, err := lockCovered(tx, id, scope)
		if err != nil {
			return err
		}
		if err := mayDelete(actor, target, members, version); err != nil {
			return err
		}
		out = idsOf(members)
		if err := deleteChildren(tx, out); err != nil {
			return err
		}
		if err := tx.Where("id IN ?", out).Delete(&models.Activity{}).Error; err != nil {
			return fmt.Errorf("delete activities: %w", err)
		}
		changes := make([]AuditChange, len(members))
		for i, m := range members {
			changes[i] = AuditChange{ID: m.ID, Before: auditView(m)}
		}
		if err := s.audit.RecordAll(tx, actor, "delete", "activity", changes); err != nil {
			return err
		}
		return s.dropEmptySeries(tx, actor, target.SeriesID)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// mayDelete refuses a deletion the actor may not make, of a stale or no
// longer planned target.
func mayDelete(actor Actor, target *models.Activity, members []*models.Activity, version int64) error {
	for _, m := range members {
		if !actor.IsManager() && m.OrganizerID != actor.UserID {
			return Fail(Forbidden, ReasonDeleteOwnOnly, nil, "only a manager or the organizer may delete an activity")
		}
	}
	if version != 0 && version != target.Version {
		return staleErr(target.ID)
	}
	if target.Status != models.StatusPlanned {
		return Fail(Rule, ReasonDeletePlanned, nil, "only a planned activity can be deleted; cancel it instead")
	}
	return nil
}

// dropEmptySeries removes series id when no activity belongs to it any more.
func (s *Activities) dropEmptySeries(tx *gorm.DB, actor Actor, id *uint64) error {
	if id == nil {
		return nil
	}
	var left int64
	if err := tx.Model(&models.Activity{}).Where("series_id = ?", *id).Count(&left).Error; err != nil {
		return fmt.Errorf("count series %d: %w", *id, err)
	}
	if left > 0 {
		return nil
	}
	var row models.Series
	if err := tx.First(&row, *id).Error; err != nil {
		return notFound(err, "series", *id)
	}
	if err := tx.Delete(&row).Error; err != nil {
		return fmt.Errorf("delete series %d: %w", *id, err)
	}
	return s.audit.Record(tx, actor, "delete", "series", row.ID, row, nil)
}

func idsOf(acts []*models.Activity) []uint64 {
	out := make([]uint64, len(acts))
	for i, a := range acts {
		out[i] = a.ID
	}
	return out
}
