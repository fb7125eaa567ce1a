package services

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// AddOccurrence adds a make-up session (加课) to series id from start to
// end. It copies the series' latest member that is not cancelled (the
// latest of all when every one is): kind, title, venue, location,
// organizer, staff, teams, station, expected attendance and staff_busy, not
// the notes. It is booked like any activity: checked for conflicts under
// the resource locks. A manager, or the organizer of that member, may.
func (s *Series) AddOccurrence(ctx context.Context, actor Actor, id uint64, start, end time.Time) (*models.Activity, error) {
	a := s.acts
	if !actor.CanWrite() {
		return nil, viewerReadOnly()
	}
	fe := FieldErrors{}
	checkInterval(fe, start, end)
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var out *models.Activity
	err := a.tx(ctx, func(tx *gorm.DB) error {
		model, err := seriesModel(tx, id)
		if err != nil {
			return err
		}
		in := inputOf(model)
		in.Start, in.End, in.Notes = start, end, ""
		if !actor.IsManager() && in.OrganizerID != actor.UserID {
			return Fail(Forbidden, ReasonStaffOwnOnly, nil, "staff may only schedule activities they organize")
		}
		if err := in.normalize(); err != nil {
			return err
		}
		if err := lockResources(tx, []ActivityInput{in}); err != nil {
			return err
		}
		if err := validateRefs(tx, &in, nil); err != nil {
			return err
		}
		if err := a.refuseConflicts(tx, []ActivityInput{in}, nil); err != nil {
			return err
		}
		out = a.newActivity(actor, in, &id)
		return a.insertAudited(tx, actor, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// seriesModel returns the member of series id a make-up session copies: the
// latest by start that is not cancelled, else the latest.
func seriesModel(tx *gorm.DB, id uint64) (*models.Activity, error) {
	if err := tx.Select("id").First(&models.Series{}, id).Error; err != nil {
		return nil, notFound(err, "series", id)
	}
	var m models.Activity
	err := tx.Where("series_id = ?", id).
		Order(fmt.Sprintf("CASE WHEN status = '%s' THEN 1 ELSE 0 END, start_at DESC, id DESC", models.StatusCancelled)).
		First(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, notFoundErr("series", id) // no session left to copy
	}
	if err != nil {
		return nil, fmt.Errorf("load series %d: %w", id, err)
	}
	if err := loadParticipants(tx, []*models.Activity{&m}); err != nil {
		return nil, err
	}
	return &m, nil
}
