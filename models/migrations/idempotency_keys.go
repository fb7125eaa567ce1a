package migrations

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// idempotencyKeys adds the table of the Idempotency-Key headers of creates:
// one row per user and key, with the request's fingerprint and the answer.
func idempotencyKeys(db *gorm.DB) error {
	type idempotencyKey struct {
		ID          uint64    `gorm:"primaryKey"`
		UserID      uint64    `gorm:"not null;uniqueIndex:idx_idempotency_user_key,priority:1"`
		Key         string    `gorm:"column:idempotency_key;size:200;not null;uniqueIndex:idx_idempotency_user_key,priority:2"`
		Fingerprint string    `gorm:"size:64;not null"`
		Status      int       `gorm:"not null"`
		ContentType string    `gorm:"size:100;not null"`
		Body        string    `gorm:"size:16777215;not null"`
		CreatedAt   time.Time `gorm:"not null;index:idx_idempotency_keys_created_at"`
	}
	if err := db.Table("idempotency_keys").AutoMigrate(&idempotencyKey{}); err != nil {
		return fmt.Errorf("create idempotency_keys: %w", err)
	}
	return nil
}
