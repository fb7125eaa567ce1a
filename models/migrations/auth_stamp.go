package migrations

import (
	"fmt"

	"gorm.io/gorm"
)

// authStamp adds the one-row table auth_stamps, whose counter every change
// that can end or alter an access token's standing raises (a user changed,
// a login ended), so that an instance may keep a token's user in memory and
// check one integer per request instead of reading the user again.
func authStamp(db *gorm.DB) error {
	type authStamp struct {
		ID uint64 `gorm:"primaryKey;autoIncrement:false"`
		N  int64  `gorm:"not null"`
	}
	if err := db.Table("auth_stamps").Migrator().CreateTable(&authStamp{}); err != nil {
		return fmt.Errorf("create auth_stamps: %w", err)
	}
	if err := db.Table("auth_stamps").Create(&authStamp{ID: 1}).Error; err != nil {
		return fmt.Errorf("seed auth_stamps: %w", err)
	}
	return nil
}
