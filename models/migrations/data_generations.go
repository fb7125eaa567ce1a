package migrations

import (
	"fmt"

	"gorm.io/gorm"
)

// dataGenerations creates the data generation's counters (see
// models.Generation), one row per slot, all at zero.
func dataGenerations(db *gorm.DB) error {
	type DataGeneration struct {
		Slot int   `gorm:"primaryKey;autoIncrement:false"`
		N    int64 `gorm:"not null"`
	}
	if err := db.Migrator().CreateTable(&DataGeneration{}); err != nil {
		return fmt.Errorf("create data_generations: %w", err)
	}
	const slots = 64 // models.GenerationSlots when this step was written
	rows := make([]DataGeneration, slots)
	for i := range rows {
		rows[i].Slot = i
	}
	if err := db.Create(&rows).Error; err != nil {
		return fmt.Errorf("seed data_generations: %w", err)
	}
	return nil
}
