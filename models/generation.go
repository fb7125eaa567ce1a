package models

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	gomysql "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
)

// The data generation tells every instance on a database whether anything
// changed since it last looked: each committed write raises one of
// GenerationSlots counters in data_generations, in the writing transaction,
// so the counters a read sees name the data it sees. Caches of figures
// computed from the data (the dashboards) are keyed by them.
//
// There are several counters rather than one so that writers do not queue
// on one row: a transaction raises a slot picked at random, as its last
// statement when it runs through services.Tx. On a multi-master cluster
// two transactions on different nodes conflict at certification only when
// they pick the same slot (one in GenerationSlots), and the loser is retried
// like any other lost transaction. Within a slot commits are ordered by the
// row's lock, so the list of every slot's counter tells one state of the
// data from any other.
const GenerationSlots = 64

// GenerationTable is the table of the generation counters.
const GenerationTable = "data_generations"

// Generation identifies one committed state of the data: every slot's
// counter, packed. Equal generations mean the same data.
type Generation string

// DataGeneration is one slot of the generation counters.
type DataGeneration struct {
	Slot int   `gorm:"primaryKey;autoIncrement:false"`
	N    int64 `gorm:"not null"`
}

// untrackedTables are written without raising the generation: nothing a
// cached figure is computed from is stored there (logins, throttles, the
// audit trail, read marks and mail preferences of reminders, the
// migrations' bookkeeping and the counters themselves).
var untrackedTables = map[string]bool{
	GenerationTable:           true,
	"refresh_tokens":          true,
	"login_throttles":         true,
	"login_address_throttles": true,
	"auth_stamps":             true,
	"idempotency_keys":        true,
	"audit_entries":           true,
	"notification_reads":      true,
	"notification_prefs":      true,
	"schema_migrations":       true,
	"schema_migration_lock":   true,
}

// ReadGeneration reads the current generation in one statement.
func ReadGeneration(db *gorm.DB) (Generation, error) {
	var ns []int64
	err := db.Session(&gorm.Session{NewDB: true}).Table(GenerationTable).Order("slot").Pluck("n", &ns).Error
	if err != nil {
		return "", fmt.Errorf("read the data generation: %w", err)
	}
	if len(ns) != GenerationSlots {
		// Rows missing would make writes raise nothing: no generation
		// then, and nothing is cached.
		return "", fmt.Errorf("read the data generation: %s holds %d rows, want %d", GenerationTable, len(ns), GenerationSlots)
	}
	buf := make([]byte, 0, len(ns)*3)
	for _, n := range ns {
		buf = binary.AppendUvarint(buf, uint64(n))
	}
	return Generation(buf), nil
}

// BumpGeneration raises one slot of the generation in tx. A transaction
// that writes calls it last, just before it commits, so the slot's lock is
// held only for the commit.
func BumpGeneration(tx *gorm.DB) error {
	ctx := context.WithValue(tx.Statement.Context, untrackedKey{}, true)
	err := tx.Session(&gorm.Session{NewDB: true, Context: ctx}).
		Exec("UPDATE "+GenerationTable+" SET n = n + 1 WHERE slot = ?", rand.IntN(GenerationSlots)).Error
	if err != nil && !missingTable(err) {
		return fmt.Errorf("raise the data generation: %w", err)
	}
	if err == nil {
		CountersOf(tx).raised()
	}
	return nil
}

// missingTable reports whether err says the generation's table does not
// exist: a database migrated only part of the way, by a test of an older
// step. Nothing can be cached from such a database (ReadGeneration fails),
// so there is nothing to raise.
func missingTable(err error) bool {
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1146
	}
	return strings.Contains(err.Error(), "no such table: "+GenerationTable)
}

// WriteMark records whether a transaction wrote anything that raises the
// generation; see TrackWrites.
type WriteMark struct{ dirty bool }

// Dirty reports whether the transaction wrote a tracked row.
func (m *WriteMark) Dirty() bool { return m.dirty }

type (
	markKey      struct{}
	untrackedKey struct{}
)

// TrackWrites returns a context whose writes, made inside a transaction,
// mark m instead of raising the generation at once: the transaction's
// owner raises it once, last (services.Tx does).
func TrackWrites(ctx context.Context) (context.Context, *WriteMark) {
	m := &WriteMark{}
	return context.WithValue(ctx, markKey{}, m), m
}

// Untracked returns a context whose writes do not raise the generation:
// the migrations, which raise it once when they are done.
func Untracked(ctx context.Context) context.Context {
	return context.WithValue(ctx, untrackedKey{}, true)
}

// registerGeneration makes every write through db raise the generation in
// its own transaction:
//   - inside a transaction run with TrackWrites (services.Tx), the write
//     marks it and the transaction raises the generation before it commits;
//   - inside any other transaction, GORM's own around a single create,
//     update or delete included, the generation is raised right after the
//     write;
//   - a raw write (Exec of INSERT, UPDATE, DELETE, REPLACE) outside a
//     transaction is run in one, with the generation raised after it.
func registerGeneration(db *gorm.DB) error {
	cb := db.Callback()
	for _, err := range []error{
		cb.Create().Before("gorm:commit_or_rollback_transaction").Register("centerstage:generation", afterWrite),
		cb.Update().Before("gorm:commit_or_rollback_transaction").Register("centerstage:generation", afterWrite),
		cb.Delete().Before("gorm:commit_or_rollback_transaction").Register("centerstage:generation", afterWrite),
		cb.Raw().Before("gorm:raw").After("centerstage:join_context_tx").Register("centerstage:generation_begin", beforeRaw),
		cb.Raw().After("gorm:raw").Register("centerstage:generation", afterRaw),
	} {
		if err != nil {
			return fmt.Errorf("register the data generation: %w", err)
		}
	}
	return nil
}

func tracked(db *gorm.DB) bool {
	ctx := db.Statement.Context
	return ctx == nil || ctx.Value(untrackedKey{}) == nil
}

func inTx(db *gorm.DB) bool {
	_, ok := db.Statement.ConnPool.(gorm.TxCommitter)
	return ok
}

// afterWrite runs after a create, update or delete, before GORM commits the
// transaction it opened for it.
func afterWrite(db *gorm.DB) {
	if db.Error != nil || db.RowsAffected == 0 || !tracked(db) || untrackedTables[db.Statement.Table] {
		return
	}
	noteWrite(db, false)
}

// noteWrite marks the enclosing tracked transaction or raises the
// generation now; own says the transaction is the write's own, opened by
// beforeRaw, which commits before the tracked one would.
func noteWrite(db *gorm.DB, own bool) {
	if m, ok := db.Statement.Context.Value(markKey{}).(*WriteMark); ok && inTx(db) && !own {
		m.dirty = true
		return
	}
	if err := BumpGeneration(db); err != nil {
		_ = db.AddError(err)
	}
}

// isRawWrite reports whether a raw statement changes rows of a tracked
// table.
func isRawWrite(db *gorm.DB) bool {
	words := strings.Fields(db.Statement.SQL.String())
	if len(words) < 2 {
		return false
	}
	// The table is the word after UPDATE [IGNORE], INSERT [IGNORE] INTO,
	// REPLACE INTO or DELETE FROM.
	i := 1
	switch strings.ToUpper(words[0]) {
	case "UPDATE":
	case "INSERT", "REPLACE", "DELETE":
		for i < len(words) && strings.EqualFold(words[i], "IGNORE") {
			i++
		}
		if i < len(words) && (strings.EqualFold(words[i], "INTO") || strings.EqualFold(words[i], "FROM")) {
			i++
		}
	default:
		return false
	}
	for i < len(words) && strings.EqualFold(words[i], "IGNORE") {
		i++
	}
	if i >= len(words) {
		return true
	}
	table := strings.Trim(words[i], "`\"")
	if _, name, ok := strings.Cut(table, "."); ok {
		table = strings.Trim(name, "`\"")
	}
	return !untrackedTables[table]
}

// beforeRaw opens a transaction for a raw write made outside one, so the
// write and its generation commit together.
func beforeRaw(db *gorm.DB) {
	if db.Error != nil || !tracked(db) || inTx(db) || !isRawWrite(db) {
		return
	}
	tx := db.Session(&gorm.Session{NewDB: true}).Begin()
	if tx.Error != nil {
		_ = db.AddError(tx.Error)
		return
	}
	db.Statement.ConnPool = tx.Statement.ConnPool
	db.InstanceSet("centerstage:raw_tx", true)
}

// afterRaw raises the generation after a raw write and commits the
// transaction beforeRaw opened.
func afterRaw(db *gorm.DB) {
	_, opened := db.InstanceGet("centerstage:raw_tx")
	if db.Error == nil && db.RowsAffected > 0 && tracked(db) && isRawWrite(db) {
		noteWrite(db, opened)
	}
	if !opened {
		return
	}
	tc := db.Statement.ConnPool.(gorm.TxCommitter)
	if db.Error != nil {
		_ = tc.Rollback()
	} else if err := tc.Commit(); err != nil {
		_ = db.AddError(err)
	}
	db.Statement.ConnPool = db.ConnPool
}
