package migrations_test

import (
	"context"
	"sync"
	"testing"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/models/migrations"
)

func TestRunIsIdempotent(t *testing.T) {
	db := dbtest.Open(t) // migrated once already
	if err := migrations.Run(context.Background(), db); err != nil {
		t.Fatalf("second run: %v", err)
	}
	var n int64
	if err := db.Table("schema_migrations").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	if want := int64(len(migrations.IDs())); n != want {
		t.Fatalf("schema_migrations has %d rows, want %d (one per step)", n, want)
	}
	for _, table := range []string{"users", "refresh_tokens", "login_throttles", "settings", "venues", "stations",
		"station_staff", "teams", "series", "activities", "activity_staff", "activity_teams", "activity_days",
		"targets", "target_templates", "closures", "audit_entries", "official_lines", "auth_stamps"} {
		if !db.Migrator().HasTable(table) {
			t.Errorf("table %s missing", table)
		}
	}
}

// Instances starting together on one database must apply each step once and
// all come up.
func TestConcurrentRuns(t *testing.T) {
	addr := dbtest.NewAddr(t)
	const instances = 4
	var wg sync.WaitGroup
	errs := make(chan error, instances)
	for range instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := models.Open(addr)
			if err != nil {
				errs <- err
				return
			}
			defer func() {
				if s, err := db.DB(); err == nil {
					s.Close()
				}
			}()
			errs <- migrations.Run(context.Background(), db)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("instance failed to migrate: %v", err)
		}
	}
	db := dbtest.Connect(t, addr, models.Options{})
	var n int64
	if err := db.Table("schema_migrations").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	if want := int64(len(migrations.IDs())); n != want {
		t.Fatalf("schema_migrations has %d rows after concurrent starts, want %d (one per step)", n, want)
	}
}
