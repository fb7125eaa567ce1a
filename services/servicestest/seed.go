package servicestest

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// SeedActivities stores acts directly, as the scheduler's writer stores
// them (services.InsertActivities: local date, staff with the organizer,
// team and day rows), without the scheduler's checks, so a test can build
// the world it needs. It fills in each activity's ID and derived fields.
func SeedActivities(t testing.TB, db *gorm.DB, loc *time.Location, acts ...*models.Activity) {
	t.Helper()
	err := services.Tx(context.Background(), db, func(tx *gorm.DB) error {
		return services.InsertActivities(tx, loc, acts)
	})
	if err != nil {
		t.Fatalf("seed activities: %v", err)
	}
}
