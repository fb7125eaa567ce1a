package services

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"math/rand/v2"
	"net"
	"strings"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"centerstage/models"
)

// store is the database handle every service embeds.
type store struct {
	db *gorm.DB
}

func newStore(db *gorm.DB) store {
	return store{db: db}
}

// isMySQL reports whether db talks to MySQL (or MariaDB): the one place the
// services ask which database they run on.
func isMySQL(db *gorm.DB) bool { return models.DialectOf(db) == models.MySQL }

// maxTxAttempts bounds the retries of a transaction that lost a deadlock, a
// cluster's certification or a lock wait.
const maxTxAttempts = 6

// tx runs fn in one transaction, at READ COMMITTED on MySQL so reads made after
// a lock is granted see what the lock holder committed. A transaction that
// loses to another (see retryable) is run again, a bounded number of times,
// after a short growing pause with jitter; the new attempt sees the winner's
// rows, so a booking that lost its slot answers a conflict. fn must use only
// the tx it is given and may run more than once. A transaction that wrote
// raises the data generation (models.BumpGeneration) as its last statement.
func (s store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return Tx(ctx, s.db, fn)
}

// Tx is the transaction of every service, for the packages built on this
// one: see store.tx.
//
// Transactions do not nest. A Tx inside another joins the enclosing one:
// when ctx is the context of the enclosing tx (TxContext), or db is itself a
// transaction's handle, fn runs in that transaction, and the enclosing Tx
// alone commits, rolls back and retries. Opening a second transaction
// instead would, on SQLite, wait for the database lock the first one holds,
// that is for itself, and on MySQL commit apart from it.
func Tx(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	if outer := enclosingTx(ctx, db); outer != nil {
		return fn(outer)
	}
	var opts *sql.TxOptions
	if isMySQL(db) {
		opts = &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	inner := func(tx *gorm.DB) error {
		tctx, wrote := models.TrackWrites(ctx)
		if err := fn(tx.WithContext(models.ContextWithTx(tctx, tx))); err != nil {
			return err
		}
		if wrote.Dirty() {
			// Last, so the generation's row is held only while committing.
			return models.BumpGeneration(tx)
		}
		return nil
	}
	var err error
	for attempt := 1; attempt <= maxTxAttempts; attempt++ {
		err = db.WithContext(ctx).Transaction(inner, opts)
		if !retryable(err) {
			return err
		}
		models.CountersOf(db).Retried(retryReason(err))
		pause := time.Duration(attempt*attempt)*10*time.Millisecond + rand.N(10*time.Millisecond)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
	}
	return err
}

// TxContext is the context of a tx handed out by Tx: a service method called
// with it inside the transaction runs in that transaction.
func TxContext(tx *gorm.DB) context.Context { return tx.Statement.Context }

// enclosingTx returns the transaction that a Tx on db with ctx must join, or
// nil when it opens its own.
func enclosingTx(ctx context.Context, db *gorm.DB) *gorm.DB {
	if _, ok := db.Statement.ConnPool.(gorm.TxCommitter); ok {
		return db.WithContext(ctx)
	}
	if tx := models.TxFromContext(ctx); tx != nil && tx.Config.ConnPool == db.Config.ConnPool {
		return tx.WithContext(ctx)
	}
	return nil
}

// lockRows locks the rows of model's table with the given ids, in id order,
// by raising their lock_seq: a write, not a locking read. On one MySQL server
// the two are alike (the second transaction waits for the first to commit);
// on a multi-master cluster only a write conflicts across nodes: Galera
// certifies write sets, and of two transactions that raised the same counter
// on different nodes the later one is aborted with a deadlock error and
// retried by tx, when it sees what the first committed. Every check whose
// answer a concurrent write could make false (a booking, the last admin)
// takes its locks through lockRows before reading; venues, users and teams
// carry lock_seq. On SQLite the immediate transaction already holds the
// database's write lock.
//
// Lock order, the same in every transaction: the activity rows being
// changed (lockActivity, lockCovered), then venues, users and teams, each in
// id order (lockResources).
func lockRows(tx *gorm.DB, model any, ids []uint64) error {
	if len(ids) == 0 || !isMySQL(tx) {
		return nil
	}
	stmt := &gorm.Statement{DB: tx}
	if err := stmt.Parse(model); err != nil {
		return err
	}
	return tx.Exec("UPDATE "+stmt.Quote(stmt.Schema.Table)+" SET lock_seq = lock_seq + 1 WHERE id IN ? ORDER BY id", ids).Error
}

// forUpdate makes a read a locking read on MySQL; SQLite's immediate
// transaction already holds the database's write lock. The lock is a
// node's own on a multi-master cluster: use it only for rows the
// transaction then writes (whose write the cluster certifies), and lockRows
// for rows a check depends on but does not change.
func forUpdate(tx *gorm.DB) *gorm.DB {
	if !isMySQL(tx) {
		return tx
	}
	return tx.Clauses(clause.Locking{Strength: "UPDATE"})
}

// lockedTake loads one row matching the condition, locking it for update on
// MySQL (SQLite's immediate transaction already excludes other writers). As
// with forUpdate, the caller must then write the row it read.
func lockedTake(tx *gorm.DB, dest any, query string, args ...any) error {
	q := tx
	if isMySQL(tx) {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return q.Where(query, args...).Take(dest).Error
}

// retryable reports whether err means the transaction lost to another and
// may succeed when run again: a deadlock (1213, also how Galera reports a
// failed certification or a transaction aborted by a replicated write), a
// lock-wait timeout (1205), a Galera node not ready for queries (1047,
// "WSREP has not yet prepared node for application use", while it joins or
// resyncs), and TiDB's write conflict (9007) and retry-safe errors (8002,
// 8022, 8028), which tests here do not reach.
func retryable(err error) bool {
	var me *gomysql.MySQLError
	if !errors.As(err, &me) {
		return false
	}
	switch me.Number {
	case 1213, 1205, 1047, 9007, 8002, 8022, 8028:
		return true
	}
	return strings.Contains(me.Message, "WSREP has not yet prepared") || strings.Contains(me.Message, "WSREP detected deadlock")
}

// retryReason names why a retryable err lost, for the metrics.
func retryReason(err error) string {
	var me *gomysql.MySQLError
	errors.As(err, &me)
	switch {
	case me == nil:
		return models.RetryOther
	case me.Number == 1213 || strings.Contains(me.Message, "WSREP detected deadlock"):
		return models.RetryDeadlock
	case me.Number == 1205:
		return models.RetryLockWait
	case me.Number == 1047 || strings.Contains(me.Message, "WSREP has not yet prepared"):
		return models.RetryNotReady
	}
	return models.RetryOther
}

// Unreachable reports whether err means the database could not be reached
// or did not answer in time, as opposed to a query that failed: a refused or
// broken connection, a read or write timeout, the caller's deadline passing
// while it waited, or SQLite's write lock still held by another connection
// when the busy timeout ran out.
func Unreachable(err error) bool {
	if err == nil {
		return false
	}
	var ne *net.OpError
	if errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, gomysql.ErrInvalidConn) ||
		errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"connection refused", "unable to open database", "broken pipe", "i/o timeout", "bad connection",
		"SQLITE_BUSY", "database is locked"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
