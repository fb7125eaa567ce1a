package services

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"centerstage/models"
)

// Settings keeps what the center says about itself (its name); the time
// zone it runs in is configuration, not stored.
type Settings struct {
	store
	audit *Audit
}

// NewSettings returns the settings service.
func NewSettings(db *gorm.DB, audit *Audit) *Settings {
	return &Settings{store: newStore(db), audit: audit}
}

// CenterSettings is what the center has set about itself.
type CenterSettings struct {
	CenterName string
}

// SettingsChange changes some settings; nil fields stay.
type SettingsChange struct {
	CenterName *string
}

// maxCenterName bounds the center's name (it heads every printed page).
const maxCenterName = 100

// Get returns the center's settings.
func (s *Settings) Get(ctx context.Context) (CenterSettings, error) {
	name, err := CenterName(s.db.WithContext(ctx))
	if err != nil {
		return CenterSettings{}, err
	}
	return CenterSettings{CenterName: name}, nil
}

// Update changes the settings (admins only). The name is trimmed; an empty
// one clears it.
func (s *Settings) Update(ctx context.Context, actor Actor, c SettingsChange) (CenterSettings, error) {
	if err := requireAdmin(actor); err != nil {
		return CenterSettings{}, err
	}
	if c.CenterName != nil {
		name := strings.TrimSpace(*c.CenterName)
		if utf8.RuneCountInString(name) > maxCenterName {
			return CenterSettings{}, FieldError("center_name", MaxChars(maxCenterName))
		}
		err := s.tx(ctx, func(tx *gorm.DB) error {
			before, err := CenterName(tx)
			if err != nil {
				return err
			}
			row := models.Setting{Key: models.SettingCenterName, Value: name}
			if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error; err != nil {
				return fmt.Errorf("save center name: %w", err)
			}
			return s.audit.Record(tx, actor, "update", "settings", 0,
				map[string]any{"center_name": before}, map[string]any{"center_name": name})
		})
		if err != nil {
			return CenterSettings{}, err
		}
	}
	return s.Get(ctx)
}

// CenterName reads the center's name, "" when none is set.
func CenterName(db *gorm.DB) (string, error) {
	var row models.Setting
	err := db.Where("`key` = ?", models.SettingCenterName).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read center name: %w", err)
	}
	return row.Value, nil
}
