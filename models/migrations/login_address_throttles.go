package migrations

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// loginAddressThrottles adds the count of recent login attempts per client
// address, and an index on the window of both throttle tables, by which rows
// whose window has passed are purged.
func loginAddressThrottles(db *gorm.DB) error {
	type loginAddressThrottle struct {
		Address     string    `gorm:"primaryKey;size:64"`
		Attempts    int       `gorm:"not null"`
		WindowStart time.Time `gorm:"not null;index:idx_login_address_throttles_window_start"`
	}
	if err := db.Table("login_address_throttles").AutoMigrate(&loginAddressThrottle{}); err != nil {
		return fmt.Errorf("create login_address_throttles: %w", err)
	}
	if err := db.Exec("CREATE INDEX idx_login_throttles_window_start ON login_throttles (window_start)").Error; err != nil {
		return fmt.Errorf("index login_throttles.window_start: %w", err)
	}
	return nil
}
