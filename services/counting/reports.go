package counting

import (
	"time"

	"gorm.io/gorm"

	"centerstage/services"
	"centerstage/services/glossary"
)

// Reports builds the year's tally and its exports (JSON, XLSX, CSV) from the
// counting engine, so every exported number is a progress number.
type Reports struct {
	store
	clock    services.Clock
	loc      *time.Location
	progress *Progress
	glossary *glossary.Glossary
}

// NewReports returns the reports service; its exports speak the words of
// the app's glossary g.
func NewReports(db *gorm.DB, clock services.Clock, loc *time.Location, progress *Progress, g *glossary.Glossary) *Reports {
	return &Reports{store: newStore(db), clock: clock, loc: loc, progress: progress, glossary: g}
}
