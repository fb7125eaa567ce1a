package migrations

import (
	"fmt"

	"gorm.io/gorm"
)

// activityStaffFreeCancelReason adds two columns to activities: staff_free
// (the activity does not occupy its staff, so it does not clash with their
// other bookings; the API's staff_busy is its negation) and cancel_reason
// (why it was called off). The column says "free" rather than "busy" so that
// its zero value is the safe one: a row written without it still clashes.
// Exhibitions stand in a hall for weeks while their curator does other work,
// so the existing ones stop occupying their staff; every other kind still does.
func activityStaffFreeCancelReason(db *gorm.DB) error {
	type activity struct {
		StaffFree    bool   `gorm:"not null;default:false"`
		CancelReason string `gorm:"size:500;not null;default:''"`
	}
	m := db.Migrator()
	for _, col := range []string{"StaffFree", "CancelReason"} {
		if err := m.AddColumn(&activity{}, col); err != nil {
			return fmt.Errorf("add activities.%s: %w", col, err)
		}
	}
	if err := db.Exec("UPDATE activities SET staff_free = ? WHERE kind = ?", true, "exhibition").Error; err != nil {
		return fmt.Errorf("exhibitions do not occupy their staff: %w", err)
	}
	return nil
}
