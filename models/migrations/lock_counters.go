package migrations

import (
	"fmt"

	"gorm.io/gorm"
)

// lockCounters adds lock_seq to the rows a booking locks: venues, users and
// teams. A booking transaction takes its lock on each such row by raising
// the counter, a write, where a locking read would do on one server: a
// multi-master cluster (MariaDB Galera) certifies only writes, so a lock
// taken by a read on one node does not stop a transaction on another. The
// counter's value means nothing; the models do not carry it.
func lockCounters(db *gorm.DB) error {
	for _, table := range []string{"venues", "users", "teams"} {
		if err := db.Exec("ALTER TABLE " + table + " ADD COLUMN lock_seq BIGINT NOT NULL DEFAULT 0").Error; err != nil {
			return fmt.Errorf("add %s.lock_seq: %w", table, err)
		}
	}
	return nil
}
