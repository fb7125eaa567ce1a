package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"centerstage/models"
	"centerstage/models/migrations"
	"centerstage/services"
)

// Refusals of a restore; each leaves the database as it was.
var (
	// ErrNotEmpty: the database holds a center already and --force was not given.
	ErrNotEmpty = errors.New("the database is not empty")
	// ErrUnknownSchema: the backup's schema has steps this build does not know.
	ErrUnknownSchema = errors.New("the backup's schema is newer than this CenterStage")
	// ErrSchemaAhead: the database is migrated further than the backup.
	ErrSchemaAhead = errors.New("the database's schema is newer than the backup's")
	// ErrSchemaMismatch: the tables after migrating differ from the backup's.
	ErrSchemaMismatch = errors.New("the backup's tables do not match the schema")
)

// Batches of one INSERT: few enough variables for SQLite (32766) and a
// statement well under MySQL's max_allowed_packet.
const (
	batchRows  = 500
	batchVars  = 30000
	batchBytes = 1 << 20
)

// Restore verifies the backup in r, then loads it into the database: it
// migrates the database to the backup's schema, replaces every table's rows
// in one transaction (all or nothing), resets the id counters, and migrates
// on to this build's schema. A database holding a center already is refused
// unless force is set; force replaces everything in it.
func (b *Backups) Restore(ctx context.Context, r io.ReaderAt, size int64, force bool) (Manifest, error) {
	a, err := openArchive(r, size)
	if err != nil {
		return Manifest{}, err
	}
	m := a.manifest
	if err := b.admit(ctx, m, force); err != nil {
		return m, err
	}
	dialect := models.DialectOf(b.db)
	sqlDB, err := b.db.DB()
	if err != nil {
		return m, err
	}
	if err := migrations.RunTo(ctx, b.db, m.Schema); err != nil {
		return m, fmt.Errorf("migrate to the backup's schema: %w", err)
	}
	tables, err := readSchema(ctx, sqlDB, dialect)
	if err != nil {
		return m, err
	}
	plan, err := planLoad(m, tables)
	if err != nil {
		return m, err
	}
	if err := load(ctx, sqlDB, dialect, a, tables, plan); err != nil {
		return m, err
	}
	if dialect == models.MySQL {
		if err := resetMySQLCounters(ctx, sqlDB, tables); err != nil {
			return m, fmt.Errorf("loaded, then: %w", err)
		}
	}
	if err := migrations.Run(ctx, b.db); err != nil {
		return m, fmt.Errorf("loaded, then: %w", err)
	}
	// The load wrote through database/sql, past the hooks that raise the
	// data generation: raise it here (not counting on the migrations' run
	// to write something), and the auth stamp, so that no instance answers
	// from what it cached before.
	if err := models.BumpGeneration(b.db.WithContext(ctx)); err != nil {
		return m, fmt.Errorf("loaded, then: %w", err)
	}
	if err := services.RaiseAuthStamp(ctx, b.db); err != nil {
		return m, fmt.Errorf("loaded, then: %w", err)
	}
	return m, nil
}

// admit checks, changing nothing, that the backup m may be loaded: its
// schema is one this build knows, the database is not migrated past it, and
// the database holds no center unless force is set.
func (b *Backups) admit(ctx context.Context, m Manifest, force bool) error {
	known := migrations.IDs()
	if !isPrefix(m.Migrations, known) {
		return fmt.Errorf("%w: it was taken at schema %s, which this build does not know; restore it with a newer CenterStage",
			ErrUnknownSchema, m.Schema)
	}
	current, err := migrations.Applied(ctx, b.db)
	if err != nil {
		return err
	}
	if !isPrefix(current, known) {
		return fmt.Errorf("%w: the database has schema steps this build does not know", ErrSchemaAhead)
	}
	if len(current) > len(m.Migrations) {
		return fmt.Errorf("%w: the database is at %s, the backup at %s; restore into a new, empty database (the restore migrates it after loading)",
			ErrSchemaAhead, current[len(current)-1], m.Schema)
	}
	sqlDB, err := b.db.DB()
	if err != nil {
		return err
	}
	tables, err := readSchema(ctx, sqlDB, models.DialectOf(b.db))
	if err != nil {
		return err
	}
	if len(current) == 0 && len(tables) > 0 {
		return fmt.Errorf("%w: it holds %d tables but no CenterStage schema; restore into an empty database", ErrNotEmpty, len(tables))
	}
	if len(current) == 0 || force {
		return nil
	}
	held, err := heldRows(ctx, sqlDB, tables, current[len(current)-1])
	if err != nil {
		return err
	}
	if len(held) > 0 {
		return fmt.Errorf("%w: it holds rows (%s); give --force to replace all of it with the backup", ErrNotEmpty, strings.Join(held, ", "))
	}
	return nil
}

func isPrefix(ids, known []string) bool {
	return len(ids) <= len(known) && slices.Equal(ids, known[:len(ids)])
}

// heldRows names the backed-up tables holding more rows than the migrations
// alone put there (they fill some, such as the official lines): what a
// restore would overwrite.
func heldRows(ctx context.Context, q querier, tables []table, level string) ([]string, error) {
	seeds, err := seedCounts(ctx, level)
	if err != nil {
		return nil, fmt.Errorf("count what migrations create: %w", err)
	}
	var held []string
	for _, t := range tables {
		if _, skip := ExcludedTables[t.Name]; skip {
			continue
		}
		n, err := countRows(ctx, q, t)
		if err != nil {
			return nil, err
		}
		if n > seeds[t.Name] {
			held = append(held, fmt.Sprintf("%d %s", n, t.Name))
		}
	}
	return held, nil
}

// countRows counts the rows of t a backup would hold.
func countRows(ctx context.Context, q querier, t table) (int64, error) {
	query, args := selectAll(t)
	rows, err := q.QueryContext(ctx, "SELECT COUNT(*) FROM ("+query+") AS x", args...)
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", t.Name, err)
	}
	defer rows.Close()
	var n int64
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

// seedCounts migrates a scratch SQLite database to level and counts its rows.
func seedCounts(ctx context.Context, level string) (map[string]int64, error) {
	dir, err := os.MkdirTemp("", "centerstage-seed-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	db, err := models.Open("sqlite:" + filepath.Join(dir, "seed.db"))
	if err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	defer sqlDB.Close()
	if err := migrations.RunTo(ctx, db, level); err != nil {
		return nil, err
	}
	tables, err := readSchema(ctx, sqlDB, models.SQLite)
	if err != nil {
		return nil, err
	}
	out := map[string]int64{}
	for _, t := range tables {
		if out[t.Name], err = countRows(ctx, sqlDB, t); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// keptOnRestore are the excluded tables a restore leaves alone: the
// migrations' own, and the auth stamp and the data generation, raised after
// the load. It empties the other
// excluded tables, whose rows (sessions, throttles) belong to the center
// being replaced.
var keptOnRestore = map[string]bool{migrations.Table: true, "schema_migration_lock": true, "auth_stamps": true,
	models.GenerationTable: true}

// loadStep is one table to fill: its schema and its entry in the backup.
type loadStep struct {
	table table
	entry TableEntry
	cols  []column // the target's columns in the entry's order
}

// planLoad matches the backup's tables to the schema's, in dependency order.
func planLoad(m Manifest, tables []table) ([]loadStep, error) {
	entries := map[string]TableEntry{}
	for _, e := range m.Tables {
		entries[e.Name] = e
	}
	ordered, err := dependencyOrder(tables)
	if err != nil {
		return nil, err
	}
	var plan []loadStep
	for _, t := range ordered {
		e, ok := entries[t.Name]
		delete(entries, t.Name)
		if !ok {
			if _, excluded := ExcludedTables[t.Name]; excluded {
				continue
			}
			return nil, fmt.Errorf("%w: table %s is not in the backup", ErrSchemaMismatch, t.Name)
		}
		step := loadStep{table: t, entry: e}
		byName := map[string]column{}
		for _, c := range t.Columns {
			byName[c.Name] = c
		}
		for _, ec := range e.Columns {
			c, ok := byName[ec.Name]
			if !ok || c.Kind != ec.Kind {
				return nil, fmt.Errorf("%w: column %s.%s (%s) is not in the schema as such", ErrSchemaMismatch, t.Name, ec.Name, ec.Kind)
			}
			delete(byName, ec.Name)
			step.cols = append(step.cols, c)
		}
		for name := range byName {
			return nil, fmt.Errorf("%w: column %s.%s is not in the backup", ErrSchemaMismatch, t.Name, name)
		}
		plan = append(plan, step)
	}
	for name := range entries {
		return nil, fmt.Errorf("%w: the backup's table %s is not in the schema", ErrSchemaMismatch, name)
	}
	return plan, nil
}

// load replaces the rows of every table but the migrations' own in one
// transaction and, on SQLite, resets the id counters in it.
func load(ctx context.Context, sqlDB *sql.DB, dialect string, a *archive, tables []table, plan []loadStep) error {
	tx, err := sqlDB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	for i := len(plan) - 1; i >= 0; i-- { // dependants first
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+quote(plan[i].table.Name)); err != nil {
			return fmt.Errorf("empty %s: %w", plan[i].table.Name, err)
		}
	}
	for _, t := range tables {
		if _, excluded := ExcludedTables[t.Name]; excluded && !keptOnRestore[t.Name] {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+quote(t.Name)); err != nil {
				return fmt.Errorf("empty %s: %w", t.Name, err)
			}
		}
	}
	for _, s := range plan {
		if err := insertRows(ctx, tx, a, s); err != nil {
			return fmt.Errorf("load %s: %w", s.table.Name, err)
		}
	}
	if dialect == models.SQLite {
		for _, t := range tables {
			if t.AutoIncrement == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM sqlite_sequence WHERE name = ?", t.Name); err != nil {
				return fmt.Errorf("reset the counter of %s: %w", t.Name, err)
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO sqlite_sequence (name, seq) SELECT ?, MAX("+quote(t.AutoIncrement)+
				") FROM "+quote(t.Name)+" HAVING MAX("+quote(t.AutoIncrement)+") IS NOT NULL", t.Name); err != nil {
				return fmt.Errorf("reset the counter of %s: %w", t.Name, err)
			}
		}
	}
	return tx.Commit()
}

// insertRows inserts one table's rows in multi-row batches.
func insertRows(ctx context.Context, tx *sql.Tx, a *archive, s loadStep) error {
	names := make([]string, len(s.cols))
	for i, c := range s.cols {
		names[i] = quote(c.Name)
	}
	prefix := "INSERT INTO " + quote(s.table.Name) + " (" + strings.Join(names, ", ") + ") VALUES "
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(s.cols)), ", ") + ")"
	var args []any
	rows, bytes := 0, 0
	flush := func() error {
		if rows == 0 {
			return nil
		}
		q := prefix + strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
		_, err := tx.ExecContext(ctx, q, args...)
		args, rows, bytes = args[:0], 0, 0
		return err
	}
	err := a.eachRow(s.entry, nil, func(vals []any) error {
		for i, c := range s.cols {
			v, err := decodeValue(c, vals[i])
			if err != nil {
				return err
			}
			if str, ok := v.(string); ok {
				bytes += len(str)
			}
			args = append(args, v)
		}
		rows++
		bytes += 16 * len(s.cols)
		if rows >= batchRows || len(args)+len(s.cols) > batchVars || bytes >= batchBytes {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// resetMySQLCounters sets each AUTO_INCREMENT to one past the highest id,
// after the load has committed (ALTER TABLE commits by itself).
func resetMySQLCounters(ctx context.Context, sqlDB *sql.DB, tables []table) error {
	for _, t := range tables {
		if t.AutoIncrement == "" {
			continue
		}
		var top sql.NullInt64
		if err := sqlDB.QueryRowContext(ctx, "SELECT MAX("+quote(t.AutoIncrement)+") FROM "+quote(t.Name)).Scan(&top); err != nil {
			return fmt.Errorf("read the highest id of %s: %w", t.Name, err)
		}
		if _, err := sqlDB.ExecContext(ctx, fmt.Sprintf("ALTER TABLE %s AUTO_INCREMENT = %d", quote(t.Name), top.Int64+1)); err != nil {
			return fmt.Errorf("reset the counter of %s: %w", t.Name, err)
		}
	}
	return nil
}
