package migrations_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/models/migrations"
)

// openEmpty opens a fresh, unmigrated MySQL database, or skips on SQLite,
// where one file has one writer and needs no lock row.
func openEmpty(t *testing.T) *gorm.DB {
	t.Helper()
	if !dbtest.IsMySQL() {
		t.Skip("the migration lock row is MySQL's; set CENTERSTAGE_TEST_MYSQL")
	}
	return dbtest.Connect(t, dbtest.NewAddr(t), models.Options{})
}

// holdLock makes the lock row look held by another instance until the
// lease given from now.
func holdLock(t *testing.T, db *gorm.DB, holder string, lease time.Duration) {
	t.Helper()
	if err := db.Exec("CREATE TABLE " + migrations.LockTable + ` (name VARCHAR(64) NOT NULL PRIMARY KEY,
		holder VARCHAR(100) NOT NULL, expires_at DATETIME(6) NOT NULL) ENGINE=InnoDB`).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Exec("INSERT INTO "+migrations.LockTable+" VALUES ('migrate', ?, UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND)",
		holder, lease.Microseconds()).Error; err != nil {
		t.Fatal(err)
	}
}

// An instance that crashed holding the lock blocks the others only until
// its lease runs out: then the next one takes the lock and migrates.
func TestLockOfCrashedHolderExpires(t *testing.T) {
	defer migrations.SetLockTiming(time.Second, 10*time.Second, 50*time.Millisecond)()
	db := openEmpty(t)
	holdLock(t, db, "crashed-instance", 1500*time.Millisecond)
	began := time.Now()
	if err := migrations.Run(context.Background(), db); err != nil {
		t.Fatalf("run after the crashed holder's lease: %v", err)
	}
	// It waited for the lease (1.5 s), not for the 10 s limit.
	if waited := time.Since(began); waited < time.Second || waited > 8*time.Second {
		t.Errorf("waited %v for a lease of 1.5 s", waited)
	}
	var n int64
	if err := db.Table("schema_migrations").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	if want := int64(len(migrations.IDs())); n != want {
		t.Errorf("schema_migrations has %d rows, want %d", n, want)
	}
	var holder string
	if err := db.Raw("SELECT holder FROM " + migrations.LockTable).Scan(&holder).Error; err != nil {
		t.Fatal(err)
	}
	if holder != "" {
		t.Errorf("lock still held by %q after the run", holder)
	}
}

// A live holder (lease far ahead) is waited for, and an instance that waited
// longer than its limit gives up with a message saying why, migrating nothing.
func TestLockHeldByLiveHolderIsWaitedFor(t *testing.T) {
	defer migrations.SetLockTiming(time.Minute, 500*time.Millisecond, 50*time.Millisecond)()
	db := openEmpty(t)
	holdLock(t, db, "live-instance", time.Hour)
	err := migrations.Run(context.Background(), db)
	if err == nil || !strings.Contains(err.Error(), "another instance has held it") {
		t.Fatalf("run while another instance holds the lock: %v, want a timeout", err)
	}
	if db.Migrator().HasTable("schema_migrations") {
		t.Error("migrated without the lock")
	}
}

// Galera replicates only InnoDB tables and needs a primary key on every
// table (rows without one cannot be certified or applied reliably). Every
// table the migrations create must have both; on SQLite, the primary key.
func TestEveryTableHasPrimaryKeyAndInnoDB(t *testing.T) {
	db := dbtest.Open(t)
	var bad []string
	if dbtest.IsMySQL() {
		if err := db.Raw(`SELECT CONCAT(t.table_name, ': ', IF(t.engine <> 'InnoDB', CONCAT('engine ', t.engine), 'no primary key'))
			FROM information_schema.tables t
			WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE' AND (t.engine <> 'InnoDB' OR NOT EXISTS (
				SELECT 1 FROM information_schema.table_constraints c WHERE c.table_schema = t.table_schema
				AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY'))
			ORDER BY t.table_name`).Scan(&bad).Error; err != nil {
			t.Fatal(err)
		}
	} else {
		if err := db.Raw(`SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
			AND NOT EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.pk > 0) ORDER BY m.name`).Scan(&bad).Error; err != nil {
			t.Fatal(err)
		}
	}
	if len(bad) > 0 {
		t.Errorf("tables not fit for a cluster: %v", bad)
	}
	var tables int64
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if dbtest.IsMySQL() {
		q = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'"
	}
	if err := db.Raw(q).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	if tables < 17 { // the 17 tables of the initial step, at least
		t.Errorf("the check saw %d tables", tables)
	}
}
