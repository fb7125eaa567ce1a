package services

import (
	"context"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// auditView is the audit snapshot of an activity: its API view with times in
// UTC, as stored. Entries written before the snapshot was the API view lack
// cancel_reason when it was empty and may hold null for an empty staff or
// team list; readers treat both as the empty value.
func auditView(a *models.Activity) ActivityView {
	return ViewActivity(a, time.UTC)
}

// createdChanges are the audit changes of newly created activities.
func createdChanges(acts []*models.Activity) []AuditChange {
	out := make([]AuditChange, len(acts))
	for i, a := range acts {
		out[i] = AuditChange{ID: a.ID, After: auditView(a)}
	}
	return out
}

// insertAudited inserts the new activity a with its derived rows (see
// InsertActivities) and audits its creation.
func (s *Activities) insertAudited(tx *gorm.DB, actor Actor, a *models.Activity) error {
	if err := InsertActivities(tx, s.loc, []*models.Activity{a}); err != nil {
		return err
	}
	return s.audit.Record(tx, actor, "create", "activity", a.ID, nil, auditView(a))
}

// saveStatusAudited saves the status change of a, which was before (see
// saveStatus), and audits it under action.
func (s *Activities) saveStatusAudited(tx *gorm.DB, actor Actor, action string, before ActivityView, a *models.Activity) error {
	if err := saveStatus(tx, a, a.Version); err != nil {
		return err
	}
	return s.audit.Record(tx, actor, action, "activity", a.ID, before, auditView(a))
}

// changeLocked locks activity id, lets change refuse or change it, saves its
// new status and audits it under action, in one transaction.
func (s *Activities) changeLocked(ctx context.Context, actor Actor, id uint64, action string,
	change func(tx *gorm.DB, a *models.Activity) error) (*models.Activity, error) {
	var out *models.Activity
	err := s.tx(ctx, func(tx *gorm.DB) error {
		a, err := lockActivity(tx, id)
		if err != nil {
			return err
		}
		before := auditView(a)
		if err := change(tx, a); err != nil {
			return err
		}
		out = a
		return s.saveStatusAudited(tx, actor, action, before, a)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// saveEach lets save change and write each of members in turn, then audits
// them all under action at once.
func (s *Activities) saveEach(tx *gorm.DB, actor Actor, action string, members []*models.Activity,
	save func(i int, m *models.Activity) error) error {
	changes := make([]AuditChange, len(members))
	for i, m := range members {
		before := auditView(m)
		if err := save(i, m); err != nil {
			return err
		}
		changes[i] = AuditChange{ID: m.ID, Before: before, After: auditView(m)}
	}
	return s.audit.RecordAll(tx, actor, action, "activity", changes)
}
