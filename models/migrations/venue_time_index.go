package migrations

import (
	"fmt"

	"gorm.io/gorm"
)

// venueTimeIndex adds an index on activities (venue_id, start_at). The
// venue conflict check and the venue filter of a listing ask for one venue's
// bookings in a time window; with only (venue_id) the database reads every
// booking the venue ever had (measured in BENCHMARKS.md).
func venueTimeIndex(db *gorm.DB) error {
	if err := db.Exec("CREATE INDEX idx_activities_venue_start ON activities (venue_id, start_at)").Error; err != nil {
		return fmt.Errorf("create idx_activities_venue_start: %w", err)
	}
	return nil
}
