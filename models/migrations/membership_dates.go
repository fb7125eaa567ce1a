package migrations

import (
	"fmt"

	"gorm.io/gorm"
)

// membershipDates adds the optional dates between which a user was a member
// of the staff (joined_on, left_on: local dates YYYY-MM-DD), which pro-rate
// their share of each_staff targets. Existing users get none: a user without
// dates is a member all year, which is how they were counted until now.
func membershipDates(db *gorm.DB) error {
	type v2User struct {
		JoinedOn *string `gorm:"size:10"`
		LeftOn   *string `gorm:"size:10"`
	}
	m := db.Table("users").Migrator()
	for _, col := range []string{"JoinedOn", "LeftOn"} {
		if err := m.AddColumn(&v2User{}, col); err != nil {
			return fmt.Errorf("add users.%s: %w", col, err)
		}
	}
	return nil
}
