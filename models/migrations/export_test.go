package migrations

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// MigrateTo applies the steps up to and including id, for tests of a step
// against data written by the schema before it.
func MigrateTo(db *gorm.DB, id string) error {
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	opts.UseTransaction = db.Dialector.Name() != "mysql"
	return gormigrate.New(db.Session(&gorm.Session{}), &opts, steps()).MigrateTo(id)
}

// SetLockTiming shortens the migration lock's lease, wait and poll for a
// test and returns a function restoring them.
func SetLockTiming(lease, wait, poll time.Duration) (restore func()) {
	l, w, p := lockLease, lockWait, lockPoll
	lockLease, lockWait, lockPoll = lease, wait, poll
	return func() { lockLease, lockWait, lockPoll = l, w, p }
}

// LockTable is the migration lock's table.
const LockTable = lockTable
