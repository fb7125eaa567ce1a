package services

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"centerstage/models"
)

// MinSecretLen is the shortest JWT secret accepted in production.
const MinSecretLen = 32

const jwtKeySetting = models.SettingJWTKey

// SigningKey returns the JWT signing key. A configured secret wins; production
// refuses to run without one of at least MinSecretLen bytes. In development a
// key is generated once and kept in the database, so every instance on that
// database signs and verifies alike.
func SigningKey(ctx context.Context, db *gorm.DB, configured string, production bool) ([]byte, error) {
	if configured != "" {
		if len(configured) < MinSecretLen {
			return nil, fmt.Errorf("CENTERSTAGE_JWT_SECRET must be at least %d bytes (got %d)", MinSecretLen, len(configured))
		}
		return []byte(configured), nil
	}
	if production {
		return nil, fmt.Errorf("production mode needs CENTERSTAGE_JWT_SECRET (at least %d random bytes)", MinSecretLen)
	}
	// Insert-if-absent, then read, in one transaction: two instances starting
	// together keep the same key. Through two nodes of a cluster both inserts
	// may succeed locally; certification aborts one, and its retry reads the
	// other's key.
	var s models.Setting
	err := newStore(db).tx(ctx, func(tx *gorm.DB) error {
		candidate := models.Setting{Key: jwtKeySetting, Value: randomHex(32)}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&candidate).Error; err != nil {
			return fmt.Errorf("store signing key: %w", err)
		}
		if err := tx.Where("`key` = ?", jwtKeySetting).Take(&s).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return errors.New("signing key vanished after insert")
			}
			return fmt.Errorf("read signing key: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return []byte(s.Value), nil
}
