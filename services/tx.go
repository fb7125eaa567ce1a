package services

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
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

// maxTxAttempts bounds the retries of a transaction that lost a deadlock or
// timed out waiting for a lock.
const maxTxAttempts = 4

// tx runs fn in one transaction, at READ COMMITTED on MySQL so reads made after
// a lock is granted see what the lock holder committed. On MySQL deadlock
// (1213) or lock-wait timeout (1205) the whole transaction is retried a bounded
// number of times. fn must use only the tx it is given and may run more than once.
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
		return fn(tx.WithContext(context.WithValue(ctx, txKey{}, tx)))
	}
	var err error
	for attempt := 1; attempt <= maxTxAttempts; attempt++ {
		err = db.WithContext(ctx).Transaction(inner, opts)
		if !retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt*attempt) * 10 * time.Millisecond):
		}
	}
	return err
}

// txKey keys the enclosing transaction in the context Tx gives its tx.
type txKey struct{}

// TxContext is the context of a tx handed out by Tx: a service method called
// with it inside the transaction runs in that transaction.
func TxContext(tx *gorm.DB) context.Context { return tx.Statement.Context }

// enclosingTx returns the transaction that a Tx on db with ctx must join, or
// nil when it opens its own.
func enclosingTx(ctx context.Context, db *gorm.DB) *gorm.DB {
	if _, ok := db.Statement.ConnPool.(gorm.TxCommitter); ok {
		return db.WithContext(ctx)
	}
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok && tx.Config.ConnPool == db.Config.ConnPool {
		return tx.WithContext(ctx)
	}
	return nil
}

// lockRows takes row locks on the given ids of model's table, in id order so
// that two transactions locking overlapping sets cannot deadlock each other.
// On SQLite the immediate transaction already holds the database write lock.
func lockRows(tx *gorm.DB, model any, ids []uint64) error {
	if len(ids) == 0 || !isMySQL(tx) {
		return nil
	}
	var got []uint64
	return tx.Model(model).Clauses(clause.Locking{Strength: "UPDATE"}).
		Where("id IN ?", ids).Order("id").Pluck("id", &got).Error
}

// forUpdate makes a read a locking read on MySQL; SQLite's immediate
// transaction already holds the database's write lock.
func forUpdate(tx *gorm.DB) *gorm.DB {
	if !isMySQL(tx) {
		return tx
	}
	return tx.Clauses(clause.Locking{Strength: "UPDATE"})
}

// lockedTake loads one row matching the condition, locking it for update on
// MySQL (SQLite's immediate transaction already excludes other writers).
func lockedTake(tx *gorm.DB, dest any, query string, args ...any) error {
	q := tx
	if isMySQL(tx) {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return q.Where(query, args...).Take(dest).Error
}

func retryable(err error) bool {
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1213 || me.Number == 1205
	}
	return false
}

// Unreachable reports whether err means the database could not be reached,
// as opposed to a query that failed.
func Unreachable(err error) bool {
	if err == nil {
		return false
	}
	var ne *net.OpError
	if errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, gomysql.ErrInvalidConn) {
		return true
	}
	msg := err.Error()
	for _, s := range []string{"connection refused", "unable to open database", "broken pipe", "i/o timeout", "bad connection"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
