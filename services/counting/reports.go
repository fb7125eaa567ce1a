package counting

import (
	"time"

	"gorm.io/gorm"

	"centerstage/services"
)

// Reports builds the year's tally and its exports (JSON, XLSX, CSV) from the
// counting engine, so every exported number is a progress number.
type Reports struct {
	store
	clock    services.Clock
	loc      *time.Location
	progress *Progress
}

// NewReports returns the reports service.
func NewReports(db *gorm.DB, clock services.Clock, loc *time.Location, progress *Progress) *Reports {
	return &Reports{store: newStore(db), clock: clock, loc: loc, progress: progress}
}
