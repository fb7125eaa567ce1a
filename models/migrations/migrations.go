// Package migrations creates and evolves the schema in versioned, append-only
// steps recorded in the database. Each step keeps frozen copies of the structs
// it creates, so later changes to models never rewrite history.
package migrations

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// lockName is the MySQL advisory lock that serialises migrations of instances
// starting together on one database.
const lockName = "centerstage_migrate"

// steps lists every migration in order. Append only; never edit a landed step.
func steps() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		{ID: "202611010001_initial", Migrate: initial},
		{ID: "202611020001_activities_venue_start", Migrate: venueTimeIndex},
		{ID: "202612011201_activity_staff_free_cancel_reason", Migrate: activityStaffFreeCancelReason},
		{ID: "202612010901_user_membership_dates", Migrate: membershipDates},
		{ID: "202612010902_official_lines", Migrate: officialLines},
		{ID: "202612010903_editions", Migrate: editions},
	}
}

// IDs lists the id of every step, in order.
func IDs() []string {
	var ids []string
	for _, m := range steps() {
		ids = append(ids, m.ID)
	}
	return ids
}

// Run applies every pending migration. On MySQL it holds an advisory lock on
// one connection for the whole run, so concurrent starts apply each step once.
func Run(ctx context.Context, db *gorm.DB) error {
	db = db.WithContext(ctx)
	if db.Dialector.Name() != "mysql" {
		return migrate(db)
	}
	db = db.Set("gorm:table_options", "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci")
	return db.Connection(func(pinned *gorm.DB) error {
		// A session per use: statements built on the pinned handle must not
		// leak state (table names, SQL) into one another.
		conn := pinned.Session(&gorm.Session{})
		var got sql.NullInt64
		if err := conn.Raw("SELECT GET_LOCK(?, 120)", lockName).Scan(&got).Error; err != nil {
			return fmt.Errorf("take migration lock: %w", err)
		}
		if !got.Valid || got.Int64 != 1 {
			return fmt.Errorf("take migration lock: timed out waiting for another instance")
		}
		defer conn.Exec("SELECT RELEASE_LOCK(?)", lockName)
		return migrate(conn)
	})
}

func migrate(db *gorm.DB) error {
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	opts.UseTransaction = db.Dialector.Name() != "mysql" // MySQL DDL commits implicitly
	if err := gormigrate.New(db.Session(&gorm.Session{}), &opts, steps()).Migrate(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
