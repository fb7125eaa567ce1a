package services

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"centerstage/models"
)

// ToRecord lists the caller's activities waiting to be recorded: planned
// (not completed, not cancelled) activities that have ended, organized by
// or including the caller, oldest first, and how many there are.
func (s *Activities) ToRecord(ctx context.Context, actor Actor, page Page) ([]*models.Activity, int64, error) {
	f := ActivityFilter{Statuses: []string{models.StatusPlanned}, StaffIDs: []uint64{actor.UserID}, Page: page}
	db := s.db.WithContext(ctx)
	q := f.apply(db.Model(&models.Activity{})).Where("end_at <= ?", utcSecond(s.clock()))
	rows, total, err := FindPage[*models.Activity](q, page, "start_at, id", "activities to record")
	if err != nil {
		return nil, 0, err
	}
	return rows, total, loadParticipants(db, rows)
}

// MaxBatch bounds the items of one batch completion.
const MaxBatch = 200

// BatchItem is one activity of a batch completion, with the version read.
type BatchItem struct {
	ID uint64
	Completion
}

// CompleteMany records several activities at once, all or none: one item
// that may not be completed (not started, not planned, stale, not the
// caller's) refuses the whole batch. The answer is in the items' order.
func (s *Activities) CompleteMany(ctx context.Context, actor Actor, items []BatchItem) ([]*models.Activity, error) {
	if !actor.CanWrite() {
		return nil, viewerReadOnly()
	}
	if err := batchSyntax(items); err != nil {
		return nil, err
	}
	ids := make([]uint64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	var out []*models.Activity
	err := s.tx(ctx, func(tx *gorm.DB) error {
		// One id-ordered locking read, as every multi-row change takes them.
		var rows []*models.Activity
		if err := forUpdate(tx).Where("id IN ?", ids).Order("id").Find(&rows).Error; err != nil {
			return fmt.Errorf("lock activities: %w", err)
		}
		if err := loadParticipants(tx, rows); err != nil {
			return err
		}
		byID := map[uint64]*models.Activity{}
		for _, a := range rows {
			byID[a.ID] = a
		}
		out = make([]*models.Activity, len(items))
		for i, it := range items {
			a, ok := byID[it.ID]
			if !ok {
				return naming(notFoundErr("activity", it.ID), it.ID)
			}
			if err := refuseRecorder(actor, a); err != nil {
				return naming(err, a.ID)
			}
			if it.Version != a.Version {
				return naming(staleErr(a.ID), a.ID)
			}
			before := auditView(a)
			if err := s.complete(a, it.Completion); err != nil {
				return naming(err, a.ID)
			}
			if err := s.saveStatusAudited(tx, actor, "complete", before, a); err != nil {
				return err
			}
			out[i] = a
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// naming adds to a batch's refusal which activity caused it
// (details.activity_id), since the message may not say.
func naming(err error, id uint64) error {
	var se *Error
	if errors.As(err, &se) {
		if se.Details == nil {
			se.Details = map[string]any{}
		}
		se.Details["activity_id"] = id
	}
	return err
}

// batchSyntax names every bad field of a batch as items[i].field.
func batchSyntax(items []BatchItem) error {
	fe := FieldErrors{}
	switch {
	case len(items) == 0:
		fe.Add("items", Required())
	case len(items) > MaxBatch:
		fe.Add("items", NewProblem(ProblemMaxItems, Params{"n": MaxBatch}, "at most %d activities at once", MaxBatch))
	}
	seen := map[uint64]bool{}
	for i, it := range items {
		name := func(f string) string { return fmt.Sprintf("items[%d].%s", i, f) }
		switch {
		case it.ID == 0:
			fe.Add(name("id"), Required())
		case seen[it.ID]:
			fe.Add(name("id"), NewProblem(ProblemListedTwice, Params{"id": it.ID}, "activity %d is listed twice", it.ID))
		}
		seen[it.ID] = true
		if it.Version <= 0 {
			fe.Add(name("version"), Required())
		}
		checkAttendance(fe, name("actual_attendance"), it.ActualAttendance)
		if it.Notes != nil {
			checkText(fe, name("notes"), *it.Notes, maxNotesLen, false)
		}
	}
	return fe.Err()
}

// mendOnly reports whether p changes nothing but the record of what
// happened: actual attendance and notes.
func (p ActivityPatch) mendOnly() bool {
	rest := p
	rest.Version, rest.ActualAttendance, rest.Notes = 0, nil, nil
	return rest == ActivityPatch{}
}

// mend corrects the attendance and notes of a completed activity, which
// stays completed: whoever may record it may mend it; anything else about
// a completed activity changes only after a manager reopens it.
func (s *Activities) mend(ctx context.Context, actor Actor, id uint64, p ActivityPatch, scope SeriesScope) (*models.Activity, error) {
	fe := FieldErrors{}
	if scope != ScopeThis && scope != "" {
		fe.Add("scope", NewProblem(ProblemMendAlone, nil, "a completed activity is mended alone; leave scope out"))
	}
	if p.ActualAttendance != nil {
		checkAttendance(fe, "actual_attendance", *p.ActualAttendance)
	}
	if p.Notes != nil {
		checkText(fe, "notes", *p.Notes, maxNotesLen, false)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return s.changeLocked(ctx, actor, id, "mend", func(_ *gorm.DB, a *models.Activity) error {
		if err := refuseRecorder(actor, a); err != nil {
			return err
		}
		if p.Version != a.Version {
			return staleErr(id)
		}
		if a.Status != models.StatusCompleted {
			return staleErr(id) // its status changes with its version
		}
		if !p.mendOnly() {
			// Only the attendance and notes can be mended.
			return lockedErr(a.Status)
		}
		if p.ActualAttendance != nil {
			att := *p.ActualAttendance
			a.ActualAttendance = &att
		}
		if p.Notes != nil {
			a.Notes = strings.TrimSpace(*p.Notes)
		}
		return nil
	})
}

// currentStatus reads an activity's status without a lock, to choose
// between a change and a mend; the chosen path checks it again locked.
func currentStatus(db *gorm.DB, id uint64) (string, error) {
	var a models.Activity
	if err := db.Select("id", "status").First(&a, id).Error; err != nil {
		return "", notFound(err, "activity", id)
	}
	return a.Status, nil
}
