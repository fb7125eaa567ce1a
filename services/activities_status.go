package services

import (
	"context"
	"slices"
	"strings"

	"gorm.io/gorm"

	"centerstage/models"
)

// Completion records what happened at an activity.
type Completion struct {
	Version          int64 // optional: when set, a changed row is refused as stale
	ActualAttendance int
	Notes            *string // nil keeps the notes
}

// Complete marks a planned activity that has started as completed, with its
// actual attendance.
func (s *Activities) Complete(ctx context.Context, actor Actor, id uint64, c Completion) (*models.Activity, error) {
	fe := FieldErrors{}
	checkAttendance(fe, "actual_attendance", c.ActualAttendance)
	if c.Notes != nil {
		checkText(fe, "notes", *c.Notes, maxNotesLen, false)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return s.transition(ctx, actor, id, c.Version, "complete", func(a *models.Activity) error {
		return s.complete(a, c)
	})
}

// complete records c on a, which must be planned and have started.
func (s *Activities) complete(a *models.Activity, c Completion) error {
	if a.Status != models.StatusPlanned {
		return Fail(Rule, ReasonCompletePlanned, Params{"status": a.Status}, "only a planned activity can be completed; this one is %s", a.Status)
	}
	now := utcSecond(s.clock())
	if now.Before(a.StartAt) {
		from := a.StartAt.In(s.loc).Format("2006-01-02 15:04")
		return Fail(Rule, ReasonNotStarted, Params{"from": from}, "the activity has not started yet; it can be completed from %s", from)
	}
	a.Status = models.StatusCompleted
	att := c.ActualAttendance
	a.ActualAttendance = &att
	a.CompletedAt = &now
	if c.Notes != nil {
		a.Notes = strings.TrimSpace(*c.Notes)
	}
	return nil
}

// mayRecord reports whether actor may record what happened at a (complete
// it, or mend its attendance and notes): a manager, its organizer, or a
// staff member who took part, since they were there.
func mayRecord(actor Actor, a *models.Activity) bool {
	return actor.CanWrite() && (actor.IsManager() || slices.Contains(a.StaffIDs, actor.UserID))
}

// refuseRecorder is the refusal of an actor who may not record a.
func refuseRecorder(actor Actor, a *models.Activity) error {
	if mayRecord(actor, a) {
		return nil
	}
	return Fail(Forbidden, ReasonStaffOwnOnly, nil, "staff may only change activities they organize or take part in")
}

// Reopen puts a completed or cancelled activity back to planned. Managers
// only. A cancelled one gave up its slot, so it is checked for conflicts.
func (s *Activities) Reopen(ctx context.Context, actor Actor, id uint64, version int64) (*models.Activity, error) {
	if err := requireManager(actor); err != nil {
		return nil, err
	}
	return s.changeLocked(ctx, actor, id, "reopen", func(tx *gorm.DB, a *models.Activity) error {
		if version != 0 && version != a.Version {
			return staleErr(id)
		}
		if a.Status == models.StatusPlanned {
			return Fail(Rule, ReasonAlreadyPlanned, nil, "the activity is already planned")
		}
		if a.Status == models.StatusCancelled {
			in := inputOf(a)
			if err := lockResources(tx, []ActivityInput{in}); err != nil {
				return err
			}
			if err := s.refuseConflicts(tx, []ActivityInput{in}, []uint64{a.ID}); err != nil {
				return err
			}
		}
		a.Status, a.ActualAttendance, a.CompletedAt, a.CancelReason = models.StatusPlanned, nil, nil, ""
		return nil
	})
}

// transition applies change to one locked activity the actor may record
// (see mayRecord), saves it and audits it under action.
func (s *Activities) transition(ctx context.Context, actor Actor, id uint64, version int64, action string,
	change func(a *models.Activity) error) (*models.Activity, error) {
	if !actor.CanWrite() {
		return nil, viewerReadOnly()
	}
	return s.changeLocked(ctx, actor, id, action, func(_ *gorm.DB, a *models.Activity) error {
		if err := refuseRecorder(actor, a); err != nil {
			return err
		}
		if version != 0 && version != a.Version {
			return staleErr(id)
		}
		return change(a)
	})
}

// maxReasonLen bounds a cancellation's reason, in characters.
const maxReasonLen = 500

// Cancel calls off a planned activity, or with a scope the planned members
// of its series from it on or all of them. Cancelled activities keep their
// rows (they are history) but never conflict and never count.
func (s *Activities) Cancel(ctx context.Context, actor Actor, id uint64, version int64, scope SeriesScope) ([]*models.Activity, error) {
	return s.CancelBecause(ctx, actor, id, version, scope, "")
}

// CancelBecause is Cancel giving the reason, which every cancelled member
// keeps (shown and exported) until it is reopened.
func (s *Activities) CancelBecause(ctx context.Context, actor Actor, id uint64, version int64, scope SeriesScope, reason string) ([]*models.Activity, error) {
	if !actor.CanWrite() {
		return nil, viewerReadOnly()
	}
	reason = strings.TrimSpace(reason)
	fe := FieldErrors{}
	checkText(fe, "reason", reason, maxReasonLen, false)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var out []*models.Activity
	err := s.tx(ctx, func(tx *gorm.DB) error {
		_, members, err := s.lockForChange(tx, actor, id, version, scope)
		if err != nil {
			return err
		}
		err = s.saveEach(tx, actor, "cancel", members, func(_ int, m *models.Activity) error {
			m.Status, m.CancelReason = models.StatusCancelled, reason
			return saveStatus(tx, m, m.Version)
		})
		if err != nil {
			return err
		}
		out = members
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
