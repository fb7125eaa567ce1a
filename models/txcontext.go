package models

import (
	"context"

	"gorm.io/gorm"
)

// txKey keys a transaction in a context (ContextWithTx).
type txKey struct{}

// ContextWithTx returns ctx carrying the transaction tx: every statement of
// a handle on the same database run with that context (db.WithContext(ctx))
// runs in tx, not on a connection of its own. A request whose work must be
// one transaction, such as a create and its idempotency key, hands such a
// context to code that opens its own handles; on SQLite a statement on
// another connection would wait for the write lock tx holds, that is for
// itself, and on MySQL it would commit apart from tx.
func ContextWithTx(ctx context.Context, tx *gorm.DB) context.Context {
	return context.WithValue(ctx, txKey{}, tx)
}

// TxFromContext returns the transaction ctx carries, or nil.
func TxFromContext(ctx context.Context) *gorm.DB {
	if ctx == nil {
		return nil
	}
	tx, _ := ctx.Value(txKey{}).(*gorm.DB)
	return tx
}

// joinContextTx is the callback that runs a statement in the transaction
// of its context: it runs before every other, before the default
// transaction of a write is begun.
func joinContextTx(db *gorm.DB) {
	tx := TxFromContext(db.Statement.Context)
	if tx == nil || tx.Config.ConnPool != db.Config.ConnPool {
		return
	}
	if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); inTx {
		return
	}
	db.Statement.ConnPool = tx.Statement.ConnPool
}

// registerJoinTx installs joinContextTx on every kind of statement.
func registerJoinTx(db *gorm.DB) error {
	const name = "centerstage:join_context_tx"
	cb := db.Callback()
	for _, err := range []error{
		cb.Create().Before("gorm:begin_transaction").Register(name, joinContextTx),
		cb.Update().Before("gorm:begin_transaction").Register(name, joinContextTx),
		cb.Delete().Before("gorm:begin_transaction").Register(name, joinContextTx),
		cb.Query().Before("gorm:query").Register(name, joinContextTx),
		cb.Row().Before("gorm:row").Register(name, joinContextTx),
		cb.Raw().Before("gorm:raw").Register(name, joinContextTx),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}
