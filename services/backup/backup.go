// Package backup writes the whole center to one portable file and restores
// it into an empty database of either engine (docs/backup.md describes the
// format).
//
// A backup reads every table in one read transaction: on SQLite a deferred
// transaction, whose snapshot WAL keeps while the server goes on writing;
// on MySQL a REPEATABLE READ transaction started WITH CONSISTENT SNAPSHOT.
// The table list comes from the schema itself, so a table a later
// migration adds is backed up unless ExcludedTables names it with a reason.
package backup

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/migrations"
	"centerstage/services"
)

// Format names the file format in its manifest; FormatVersion is the
// version this build writes and the newest it reads.
const (
	Format        = "centerstage-backup"
	FormatVersion = 1
	manifestName  = "manifest.json"
)

// Manifest describes a backup; it is the archive's manifest.json.
type Manifest struct {
	Format        string `json:"format"`
	FormatVersion int    `json:"format_version"`
	CreatedAt     string `json:"created_at"` // RFC 3339, UTC
	AppVersion    string `json:"app_version"`
	SourceEngine  string `json:"source_engine"` // sqlite or mysql
	// Migrations are the applied schema steps in run order; Schema is the last.
	Migrations []string        `json:"migrations"`
	Schema     string          `json:"schema"`
	Tables     []TableEntry    `json:"tables"`
	Excluded   []ExcludedEntry `json:"excluded"`
}

// TableEntry is one backed-up table: its file of JSON lines, one array of
// values per row in the order of Columns.
type TableEntry struct {
	Name    string        `json:"name"`
	File    string        `json:"file"`
	Columns []ColumnEntry `json:"columns"`
	Rows    int64         `json:"rows"`
	SHA256  string        `json:"sha256"` // of the file's bytes
}

// ColumnEntry is a column and its portable kind: int, float, bool, text or time.
type ColumnEntry struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// ExcludedEntry is a table, or some rows of one (Where), left out and why.
type ExcludedEntry struct {
	Table  string `json:"table"`
	Where  string `json:"where,omitempty"`
	Reason string `json:"reason"`
}

// RowCount is the number of rows of all tables in m.
func (m Manifest) RowCount() int64 {
	var n int64
	for _, t := range m.Tables {
		n += t.Rows
	}
	return n
}

// Backups writes and restores backups of one database.
type Backups struct {
	db         *gorm.DB
	clock      services.Clock
	appVersion string
}

// New returns the backups of db; appVersion is recorded in each manifest.
func New(db *gorm.DB, clock services.Clock, appVersion string) *Backups {
	return &Backups{db: db, clock: clock, appVersion: appVersion}
}

// ErrNoSchema is returned for a backup of a database CenterStage never migrated.
var ErrNoSchema = errors.New("the database has no CenterStage schema (no applied migrations)")

// Write writes a backup of the whole database to w, read in one snapshot.
func (b *Backups) Write(ctx context.Context, w io.Writer) (Manifest, error) {
	dialect := models.DialectOf(b.db)
	sqlDB, err := b.db.DB()
	if err != nil {
		return Manifest{}, err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return Manifest{}, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	if err := beginSnapshot(ctx, conn, dialect); err != nil {
		return Manifest{}, err
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); err != nil {
			// Never hand the pool a connection still inside the snapshot.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	now := b.clock().UTC()
	m := Manifest{Format: Format, FormatVersion: FormatVersion, AppVersion: b.appVersion, SourceEngine: dialect,
		CreatedAt: now.Format(time.RFC3339Nano)}
	tables, err := readSchema(ctx, conn, dialect)
	if err != nil {
		return Manifest{}, err
	}
	if hasTable(tables, migrations.Table) {
		if m.Migrations, err = appliedIn(ctx, conn); err != nil {
			return Manifest{}, err
		}
	}
	if len(m.Migrations) == 0 {
		return Manifest{}, ErrNoSchema
	}
	m.Schema = m.Migrations[len(m.Migrations)-1]
	zw := zip.NewWriter(w)
	for _, t := range tables {
		if reason, ok := ExcludedTables[t.Name]; ok {
			m.Excluded = append(m.Excluded, ExcludedEntry{Table: t.Name, Reason: reason})
			continue
		}
		entry, err := writeTable(ctx, conn, zw, t, now)
		if err != nil {
			return Manifest{}, fmt.Errorf("table %s: %w", t.Name, err)
		}
		m.Tables = append(m.Tables, entry)
	}
	for _, x := range excludedRows {
		m.Excluded = append(m.Excluded, ExcludedEntry{Table: x.Table, Where: x.Column + " = '" + x.Value + "'", Reason: x.Reason})
	}
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: manifestName, Method: zip.Deflate, Modified: now})
	if err != nil {
		return Manifest{}, err
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return Manifest{}, err
	}
	if err := zw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("finish archive: %w", err)
	}
	return m, nil
}

// beginSnapshot starts the read transaction every table is read in. On
// SQLite a plain BEGIN is deferred (the pool's connections begin IMMEDIATE,
// which would hold the write lock for the whole backup); its snapshot is
// taken by the first read and kept by WAL while others write.
func beginSnapshot(ctx context.Context, conn *sql.Conn, dialect string) error {
	stmts := []string{"BEGIN"}
	if dialect == models.MySQL {
		stmts = []string{"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
			"START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"}
	}
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("begin snapshot: %w", err)
		}
	}
	return nil
}

// appliedIn lists the applied migrations through q in run order.
func appliedIn(ctx context.Context, q querier) ([]string, error) {
	rows, err := strings1(ctx, q, "SELECT id FROM "+quote(migrations.Table)+" ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	return migrations.InRunOrder(rows), nil
}

// hasTable reports whether tables holds one named name.
func hasTable(tables []table, name string) bool {
	for _, t := range tables {
		if t.Name == name {
			return true
		}
	}
	return false
}

// writeTable writes t's rows as JSON lines into a new entry of zw.
func writeTable(ctx context.Context, q querier, zw *zip.Writer, t table, modified time.Time) (TableEntry, error) {
	e := TableEntry{Name: t.Name, File: "tables/" + t.Name + ".jsonl"}
	for _, c := range t.Columns {
		e.Columns = append(e.Columns, ColumnEntry{Name: c.Name, Kind: c.Kind})
	}
	zf, err := zw.CreateHeader(&zip.FileHeader{Name: e.File, Method: zip.Deflate, Modified: modified})
	if err != nil {
		return e, err
	}
	sum := sha256.New()
	enc := json.NewEncoder(io.MultiWriter(zf, sum))
	enc.SetEscapeHTML(false)
	query, args := selectAll(t)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return e, err
	}
	defer rows.Close()
	vals := make([]any, len(t.Columns))
	ptrs := make([]any, len(t.Columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := make([]any, len(t.Columns))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return e, err
		}
		for i, c := range t.Columns {
			if out[i], err = encodeValue(c.Kind, vals[i]); err != nil {
				return e, fmt.Errorf("column %s: %w", c.Name, err)
			}
		}
		if err := enc.Encode(out); err != nil {
			return e, err
		}
		e.Rows++
	}
	if err := rows.Err(); err != nil {
		return e, err
	}
	e.SHA256 = hex.EncodeToString(sum.Sum(nil))
	return e, nil
}

// selectAll is the query reading every backed-up row of t in key order.
func selectAll(t table) (string, []any) {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = quote(c.Name)
	}
	order := t.primaryKey()
	for i, c := range order {
		order[i] = quote(c)
	}
	var where []string
	var args []any
	for _, x := range excludedRows {
		if x.Table == t.Name {
			where = append(where, quote(x.Column)+" <> ?")
			args = append(args, x.Value)
		}
	}
	q := "SELECT " + strings.Join(cols, ", ") + " FROM " + quote(t.Name)
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	return q + " ORDER BY " + strings.Join(order, ", "), args
}
