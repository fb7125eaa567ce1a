package migrations

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
)

// The migration lock is a row of lockTable taken by a write, so that it
// holds across the nodes of a multi-master cluster (MariaDB Galera, where
// GET_LOCK is a node's own, and TiDB before 6.1, where it did nothing). The
// holder keeps a lease: it renews it while it migrates, and an instance that
// crashed holding the lock stops blocking the others once its lease ran out.
const (
	lockTable = "schema_migration_lock"
	lockRow   = "migrate"
)

// Lease timing, variables so that tests can shorten them.
var (
	// lockLease is how long a holder may go without renewing.
	lockLease = 60 * time.Second
	// lockWait is how long an instance waits for the lock before giving up;
	// longer than a lease, so a crashed holder is always outlived.
	lockWait = 5 * time.Minute
	// lockPoll is the pause between attempts to take a held lock.
	lockPoll = 200 * time.Millisecond
)

// migrationLock is a held lock; release it when done.
type migrationLock struct {
	db     *gorm.DB
	holder string
	stop   chan struct{}
	done   chan error
}

// takeLock creates the lock table and its one row if missing, then takes the
// row: an UPDATE that succeeds only while nobody holds it or the holder's
// lease has passed. Two instances updating it through different nodes
// conflict at certification; the loser gets a deadlock error (or, retried by
// the server, finds the row taken) and waits.
func takeLock(ctx context.Context, db *gorm.DB) (*migrationLock, error) {
	create := "CREATE TABLE IF NOT EXISTS " + lockTable + ` (
		name VARCHAR(64) NOT NULL PRIMARY KEY,
		holder VARCHAR(100) NOT NULL,
		expires_at DATETIME(6) NOT NULL
	) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`
	// Each only when missing: a cluster replicates even a DDL or an INSERT
	// IGNORE that changes nothing, and two of them from different nodes
	// conflict.
	// Even this read can be aborted (1213) by a DDL another node replicates
	// meanwhile, so it is retried too.
	var tables int64
	if err := retrying(ctx, func() error {
		return db.Raw("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?",
			lockTable).Scan(&tables).Error
	}); err != nil {
		return nil, fmt.Errorf("look for the migration lock table: %w", err)
	}
	if tables == 0 {
		if err := retrying(ctx, func() error { return db.Exec(create).Error }); err != nil {
			return nil, fmt.Errorf("create migration lock table: %w", err)
		}
	}
	seed := "INSERT IGNORE INTO " + lockTable + " (name, holder, expires_at) VALUES (?, '', '1970-01-01')"
	if err := retrying(ctx, func() error {
		var n int64
		if err := db.Raw("SELECT COUNT(*) FROM "+lockTable+" WHERE name = ?", lockRow).Scan(&n).Error; err != nil || n > 0 {
			return err
		}
		return db.Exec(seed, lockRow).Error
	}); err != nil {
		return nil, fmt.Errorf("create migration lock row: %w", err)
	}
	l := &migrationLock{db: db, holder: holderID(), stop: make(chan struct{}), done: make(chan error, 1)}
	deadline := time.Now().Add(lockWait)
	for {
		res := db.Exec("UPDATE "+lockTable+" SET holder = ?, expires_at = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND"+
			" WHERE name = ? AND (holder = '' OR expires_at < UTC_TIMESTAMP(6))",
			l.holder, lockLease.Microseconds(), lockRow)
		if res.Error == nil && res.RowsAffected == 1 {
			break
		}
		if res.Error != nil && !transient(res.Error) {
			return nil, fmt.Errorf("take migration lock: %w", res.Error)
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("take migration lock: another instance has held it for over %v", lockWait)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(lockPoll/2 + mrand.N(lockPoll)):
		}
	}
	go l.renew()
	return l, nil
}

// renew extends the lease every third of it until release. Losing the row
// (a pause longer than the lease let another instance take it) is reported
// by release.
func (l *migrationLock) renew() {
	tick := time.NewTicker(lockLease / 3)
	defer tick.Stop()
	for {
		select {
		case <-l.stop:
			l.done <- nil
			return
		case <-tick.C:
			res := l.db.Exec("UPDATE "+lockTable+" SET expires_at = UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND"+
				" WHERE name = ? AND holder = ?", lockLease.Microseconds(), lockRow, l.holder)
			if res.Error == nil && res.RowsAffected == 0 {
				<-l.stop
				l.done <- errors.New("migration lock lost: the lease ran out while migrating")
				return
			}
		}
	}
}

// release gives the row back, so a waiting instance goes on at once.
func (l *migrationLock) release(ctx context.Context) error {
	close(l.stop)
	lost := <-l.done
	err := retrying(ctx, func() error {
		return l.db.Exec("UPDATE "+lockTable+" SET holder = '', expires_at = '1970-01-01' WHERE name = ? AND holder = ?",
			lockRow, l.holder).Error
	})
	if lost != nil {
		return lost
	}
	if err != nil {
		return fmt.Errorf("release migration lock: %w", err)
	}
	return nil
}

// retrying runs a one-statement write again while it fails transiently.
func retrying(ctx context.Context, fn func() error) error {
	var err error
	for attempt := 1; attempt <= 10; attempt++ {
		if err = fn(); err == nil || !transient(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt)*20*time.Millisecond + mrand.N(20*time.Millisecond)):
		}
	}
	return err
}

// transient reports a deadlock or certification failure (1213), a lock-wait
// timeout (1205) or a cluster node not ready yet (1047).
func transient(err error) bool {
	var me *gomysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205 || me.Number == 1047)
}

// holderID names this process in the lock row, for whoever looks at it.
func holderID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	id := fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
	if len(id) > 100 {
		id = id[len(id)-100:]
	}
	return id
}
