package services

import (
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// insertBatch bounds the rows of one INSERT, well under SQLite's and MySQL's
// placeholder limits.
const insertBatch = 500

// InsertActivities inserts new activities and the rows derived from them:
// their staff, team and day rows. It is the one writer of those rows: the
// API, the demo, test fixtures and benchmarks all call it, so stored rows keep
// the data rules however the activities were made. Each activity's local
// date is set from its start in loc, and its organizer is among its staff.
func InsertActivities(tx *gorm.DB, loc *time.Location, acts []*models.Activity) error {
	if len(acts) == 0 {
		return nil
	}
	for _, a := range acts {
		a.LocalDate = LocalDate(a.StartAt, loc)
		a.StaffIDs = UniqueIDs(append(slices.Clone(a.StaffIDs), a.OrganizerID))
		a.TeamIDs = UniqueIDs(a.TeamIDs)
	}
	if err := fillEditions(tx, acts); err != nil {
		return err
	}
	if err := tx.CreateInBatches(acts, insertBatch).Error; err != nil {
		return fmt.Errorf("insert activities: %w", err)
	}
	return insertChildren(tx, loc, acts)
}

// fillEditions gives every new series member that has none its series'
// edition (一期), which a split keeps: a make-up session or an occurrence of
// a split-off series counts with the class it belongs to.
func fillEditions(tx *gorm.DB, acts []*models.Activity) error {
	var ids []uint64
	for _, a := range acts {
		if a.SeriesID != nil && a.EditionID == nil {
			ids = append(ids, *a.SeriesID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []models.Series
	if err := tx.Select("id, edition_id").Where("id IN ?", UniqueIDs(ids)).Find(&rows).Error; err != nil {
		return fmt.Errorf("load series editions: %w", err)
	}
	edition := make(map[uint64]uint64, len(rows))
	for _, r := range rows {
		edition[r.ID] = r.EditionID
		if r.EditionID == 0 {
			edition[r.ID] = r.ID
		}
	}
	for _, a := range acts {
		if a.SeriesID != nil && a.EditionID == nil {
			e, ok := edition[*a.SeriesID]
			if !ok {
				e = *a.SeriesID
			}
			a.EditionID = &e
		}
	}
	return nil
}

// insertChildren writes the rows the counting engine and the conflict
// queries read instead of the activity itself: one per participant (the
// organizer included) and team with the times copied, and one per local date
// the activity touches.
func insertChildren(tx *gorm.DB, loc *time.Location, acts []*models.Activity) error {
	var staff []models.ActivityStaff
	var teams []models.ActivityTeam
	var days []models.ActivityDay
	for _, a := range acts {
		for _, id := range a.StaffIDs {
			staff = append(staff, models.ActivityStaff{ActivityID: a.ID, UserID: id, StartAt: a.StartAt, EndAt: a.EndAt})
		}
		for _, id := range a.TeamIDs {
			teams = append(teams, models.ActivityTeam{ActivityID: a.ID, TeamID: id, StartAt: a.StartAt, EndAt: a.EndAt})
		}
		for _, d := range CoveredDays(a.StartAt, a.EndAt, loc) {
			days = append(days, models.ActivityDay{ActivityID: a.ID, Day: d})
		}
	}
	if len(staff) > 0 {
		if err := tx.CreateInBatches(staff, insertBatch).Error; err != nil {
			return fmt.Errorf("insert activity staff: %w", err)
		}
	}
	if len(teams) > 0 {
		if err := tx.CreateInBatches(teams, insertBatch).Error; err != nil {
			return fmt.Errorf("insert activity teams: %w", err)
		}
	}
	if len(days) > 0 {
		if err := tx.CreateInBatches(days, insertBatch).Error; err != nil {
			return fmt.Errorf("insert activity days: %w", err)
		}
	}
	return nil
}

// deleteChildren removes the staff, team and day rows of the given activities.
func deleteChildren(tx *gorm.DB, ids []uint64) error {
	for _, m := range []any{&models.ActivityStaff{}, &models.ActivityTeam{}, &models.ActivityDay{}} {
		if err := tx.Where("activity_id IN ?", ids).Delete(m).Error; err != nil {
			return fmt.Errorf("delete activity rows: %w", err)
		}
	}
	return nil
}

// saveActivity writes the new state of an existing activity guarded by its
// version, and rewrites its child rows so they never drift from it.
func saveActivity(tx *gorm.DB, loc *time.Location, a *models.Activity, version int64) error {
	a.Version = version + 1
	res := tx.Model(&models.Activity{}).Where("id = ? AND version = ?", a.ID, version).
		Select("*").Omit("id", "created_at", "created_by").Updates(a)
	if res.Error != nil {
		return fmt.Errorf("update activity %d: %w", a.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return staleErr(a.ID)
	}
	if err := deleteChildren(tx, []uint64{a.ID}); err != nil {
		return err
	}
	return insertChildren(tx, loc, []*models.Activity{a})
}

// statusColumns are what a status change (complete, reopen, cancel) writes.
var statusColumns = []string{"status", "actual_attendance", "completed_at", "notes", "cancel_reason", "version", "updated_at"}

// saveStatus writes a status change of an existing activity guarded by its
// version: its status, actual attendance, completion time, notes and
// cancellation reason, and nothing else. Times and participants are unchanged by such a change, so the
// child rows stay as they are; anything else changed on a is not written, so
// changes to the booking itself go through saveActivity.
func saveStatus(tx *gorm.DB, a *models.Activity, version int64) error {
	a.Version = version + 1
	res := tx.Model(&models.Activity{}).Where("id = ? AND version = ?", a.ID, version).
		Select(statusColumns).Updates(a)
	if res.Error != nil {
		return fmt.Errorf("update activity %d status: %w", a.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return staleErr(a.ID)
	}
	return nil
}

// loadParticipants fills StaffIDs and TeamIDs of acts, in one query.
func loadParticipants(db *gorm.DB, acts []*models.Activity) error {
	if len(acts) == 0 {
		return nil
	}
	byID := make(map[uint64]*models.Activity, len(acts))
	ids := make([]uint64, 0, len(acts))
	for _, a := range acts {
		byID[a.ID] = a
		ids = append(ids, a.ID)
		a.StaffIDs, a.TeamIDs = []uint64{}, []uint64{}
	}
	var rows []struct {
		Team       bool
		ActivityID uint64
		ID         uint64
	}
	err := db.Raw(`SELECT 0 AS team, activity_id, user_id AS id FROM activity_staff WHERE activity_id IN ?
		UNION ALL SELECT 1 AS team, activity_id, team_id AS id FROM activity_teams WHERE activity_id IN ?
		ORDER BY team, activity_id, id`, ids, ids).Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("load activity participants: %w", err)
	}
	for _, r := range rows {
		a := byID[r.ActivityID]
		if r.Team {
			a.TeamIDs = append(a.TeamIDs, r.ID)
		} else {
			a.StaffIDs = append(a.StaffIDs, r.ID)
		}
	}
	return nil
}
