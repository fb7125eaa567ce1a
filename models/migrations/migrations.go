// Package migrations creates and evolves the schema in versioned, append-only
// steps recorded in the database. Each step keeps frozen copies of the structs
// it creates, so later changes to models never rewrite history.
package migrations

import (
	"context"
	"fmt"
	"slices"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"centerstage/models"
)

// steps lists every migration in order. Append only; never edit a landed step.
func steps() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		{ID: "202611010001_initial", Migrate: initial},
		{ID: "202611020001_activities_venue_start", Migrate: venueTimeIndex},
		{ID: "202612011201_activity_staff_free_cancel_reason", Migrate: activityStaffFreeCancelReason},
		{ID: "202612010901_user_membership_dates", Migrate: membershipDates},
		{ID: "202612010902_official_lines", Migrate: officialLines},
		{ID: "202612010903_editions", Migrate: editions},
		{ID: "202612011101_lock_counters", Migrate: lockCounters},
		{ID: "202612011401_assessments", Migrate: assessments},
		{ID: "202612021401_login_address_throttles", Migrate: loginAddressThrottles},
		{ID: "202612021201_auth_stamp", Migrate: authStamp},
		{ID: "202612021402_idempotency_keys", Migrate: idempotencyKeys},
		{ID: "202612021101_data_generations", Migrate: dataGenerations},
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

// Run applies every pending migration. On MySQL it holds the migration lock
// (see takeLock) for the whole run, so instances starting together, through
// one server or through different nodes of a cluster, apply each step once.
//
// The steps' own writes do not raise the data generation one by one (its
// table may not exist yet); a run that succeeds raises it once at the end,
// so caches of other instances drop what a step changed.
func Run(ctx context.Context, db *gorm.DB) error {
	return RunTo(ctx, db, "")
}

// RunTo applies the pending migrations up to and including the step id, or
// every one when id is empty, under the same lock as Run. A restore uses it
// to bring an empty database to the schema a backup was taken at.
func RunTo(ctx context.Context, db *gorm.DB, id string) (err error) {
	db = db.WithContext(models.Untracked(ctx))
	if id != "" && !slices.Contains(IDs(), id) {
		return fmt.Errorf("migrate: no step %q", id)
	}
	if db.Dialector.Name() != "mysql" {
		return migrateAndBump(db, id)
	}
	// Set returns a handle that chained calls would change in place; a
	// session makes each use start from this one again.
	db = db.Set("gorm:table_options", "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci").
		Session(&gorm.Session{})
	l, err := takeLock(ctx, db)
	if err != nil {
		return err
	}
	defer func() {
		if rerr := l.release(context.WithoutCancel(ctx)); err == nil {
			err = rerr
		}
	}()
	return migrateAndBump(db, id)
}

func migrateAndBump(db *gorm.DB, id string) error {
	if err := migrate(db, id); err != nil {
		return err
	}
	return models.BumpGeneration(db)
}

// Applied lists the ids of the steps the database has recorded, in run
// order (see InRunOrder); none when it has no migration table yet.
func Applied(ctx context.Context, db *gorm.DB) ([]string, error) {
	db = db.WithContext(ctx)
	if !db.Migrator().HasTable(Table) {
		return nil, nil
	}
	var rows []string
	if err := db.Table(Table).Order("id").Pluck("id", &rows).Error; err != nil {
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	return InRunOrder(rows), nil
}

// InRunOrder sorts applied step ids as the steps run; an id this build does
// not know (a newer build applied it) comes last, in the order given.
func InRunOrder(applied []string) []string {
	done := map[string]bool{}
	for _, id := range applied {
		done[id] = true
	}
	var out []string
	for _, id := range IDs() {
		if done[id] {
			out = append(out, id)
			delete(done, id)
		}
	}
	for _, id := range applied {
		if done[id] {
			out = append(out, id)
			delete(done, id)
		}
	}
	return out
}

// Table is where the applied steps are recorded.
const Table = "schema_migrations"

func migrate(db *gorm.DB, id string) error {
	opts := *gormigrate.DefaultOptions
	opts.TableName = Table
	opts.UseTransaction = db.Dialector.Name() != "mysql" // MySQL DDL commits implicitly
	m := gormigrate.New(db.Session(&gorm.Session{}), &opts, steps())
	run := m.Migrate
	if id != "" {
		run = func() error { return m.MigrateTo(id) }
	}
	if err := run(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
