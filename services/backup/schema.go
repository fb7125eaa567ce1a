package backup

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"centerstage/models"
)

// Portable kinds of a column: what a value means, whatever the engine
// stores it as (a boolean is numeric on SQLite and tinyint(1) on MySQL).
const (
	kindInt   = "int"
	kindFloat = "float"
	kindBool  = "bool"
	kindText  = "text"
	kindTime  = "time"
)

// column is one column of a table as the backup sees it.
type column struct {
	Name string
	Kind string
	// Precision is the number of fractional second digits a time column
	// keeps (MySQL's DATETIME(3) keeps 3); -1 when the engine keeps any.
	Precision int
	// PK is the column's position in the primary key from 1, 0 when outside it.
	PK int
}

// table is one table of the schema.
type table struct {
	Name    string
	Columns []column
	// AutoIncrement is the column whose counter the engine keeps, or "".
	AutoIncrement string
	// Refs are the tables its foreign keys point at.
	Refs []string
}

// querier is what the schema reads run on: a pinned connection or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// ExcludedTables are the tables of the schema a backup leaves out, with why.
// Every other table, including one a future migration adds, is backed up.
var ExcludedTables = map[string]string{
	"schema_migrations":     "the applied migrations are listed in the manifest; a restore records them by running the migrations",
	"schema_migration_lock": "the lock migrations take on MySQL: the state of a running migration, not the center's data",
	"login_throttles":       "counts of recent failed logins: short-lived protection against guessing, meaningless in another database",
	"refresh_tokens":        "login sessions: after a restore everyone logs in again",
	"login_address_throttles": "counts of recent login attempts per client address: short-lived protection, " +
		"meaningless in another database",
	"auth_stamps": "the counter telling this database's instances to read their cached logins again; " +
		"a restore keeps the database's own and raises it",
	"idempotency_keys": "the answers of recent creates, kept a day for clients retrying them: " +
		"a retry after a restore is a new request",
	"data_generations": "the counters telling the servers' cached dashboards that the data changed; " +
		"a restore keeps the database's own and raises them",
}

// rowExclusion leaves some rows of a backed-up table out.
type rowExclusion struct {
	Table, Column, Value, Reason string
}

// excludedRows are rows left out of otherwise backed-up tables.
var excludedRows = []rowExclusion{
	{Table: "settings", Column: "key", Value: models.SettingJWTKey,
		Reason: "the development signing key of logins is a secret; a restored center makes a new one, so earlier logins end"},
}

// internalTables are the engine's own tables, never listed.
func internalTable(name string) bool { return strings.HasPrefix(name, "sqlite_") }

// readSchema lists the tables of the database q is connected to, by name.
func readSchema(ctx context.Context, q querier, dialect string) ([]table, error) {
	names, err := strings1(ctx, q, map[string]string{
		models.SQLite: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
		models.MySQL:  "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name",
	}[dialect])
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	var out []table
	for _, name := range names {
		if internalTable(name) {
			continue
		}
		var t *table
		if dialect == models.MySQL {
			t, err = mysqlTable(ctx, q, name)
		} else {
			t, err = sqliteTable(ctx, q, name)
		}
		if err != nil {
			return nil, fmt.Errorf("read table %s: %w", name, err)
		}
		out = append(out, *t)
	}
	return out, nil
}

// strings1 runs a query whose rows are one string each.
func strings1(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

var autoIncrementRe = regexp.MustCompile(`(?i)\bAUTOINCREMENT\b`)

func sqliteTable(ctx context.Context, q querier, name string) (*table, error) {
	t := &table{Name: name}
	rows, err := q.QueryContext(ctx, "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c column
		var typ string
		if err := rows.Scan(&c.Name, &typ, &c.PK); err != nil {
			return nil, err
		}
		if c.Kind, err = sqliteKind(typ); err != nil {
			return nil, fmt.Errorf("column %s: %w", c.Name, err)
		}
		c.Precision = -1
		t.Columns = append(t.Columns, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ddl, err := strings1(ctx, q, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", name)
	if err != nil {
		return nil, err
	}
	if len(ddl) == 1 && autoIncrementRe.MatchString(ddl[0]) {
		for _, c := range t.Columns {
			if c.PK == 1 {
				t.AutoIncrement = c.Name
			}
		}
	}
	refs, err := strings1(ctx, q, `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`, name)
	if err != nil {
		return nil, err
	}
	t.Refs = refs
	return t, nil
}

// sqliteKind maps a declared SQLite type, as GORM's SQLite dialect and the
// migrations write them, to a portable kind.
func sqliteKind(declared string) (string, error) {
	base := strings.ToLower(strings.TrimSpace(declared))
	if i := strings.IndexByte(base, '('); i >= 0 {
		base = strings.TrimSpace(base[:i])
	}
	switch base {
	case "integer", "int", "bigint", "smallint", "tinyint", "mediumint":
		return kindInt, nil
	case "numeric", "boolean", "bool":
		return kindBool, nil // GORM declares Go's bool as numeric
	case "real", "double", "float":
		return kindFloat, nil
	case "text", "longtext", "mediumtext", "varchar", "char":
		return kindText, nil
	case "datetime", "timestamp":
		return kindTime, nil
	}
	return "", fmt.Errorf("type %q has no portable kind in the backup format", declared)
}

func mysqlTable(ctx context.Context, q querier, name string) (*table, error) {
	t := &table{Name: name}
	rows, err := q.QueryContext(ctx, `SELECT column_name, data_type, column_type, extra, COALESCE(datetime_precision, -1)
		FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position`, name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c column
		var dataType, colType, extra string
		if err := rows.Scan(&c.Name, &dataType, &colType, &extra, &c.Precision); err != nil {
			return nil, err
		}
		if c.Kind, err = mysqlKind(dataType, colType); err != nil {
			return nil, fmt.Errorf("column %s: %w", c.Name, err)
		}
		if c.Kind != kindTime {
			c.Precision = -1
		}
		if strings.Contains(strings.ToLower(extra), "auto_increment") {
			t.AutoIncrement = c.Name
		}
		t.Columns = append(t.Columns, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	pk, err := strings1(ctx, q, `SELECT column_name FROM information_schema.key_column_usage
		WHERE table_schema = DATABASE() AND table_name = ? AND constraint_name = 'PRIMARY' ORDER BY ordinal_position`, name)
	if err != nil {
		return nil, err
	}
	for i, name := range pk {
		for j := range t.Columns {
			if t.Columns[j].Name == name {
				t.Columns[j].PK = i + 1
			}
		}
	}
	refs, err := strings1(ctx, q, `SELECT DISTINCT referenced_table_name FROM information_schema.key_column_usage
		WHERE table_schema = DATABASE() AND table_name = ? AND referenced_table_name IS NOT NULL`, name)
	if err != nil {
		return nil, err
	}
	t.Refs = refs
	return t, nil
}

// mysqlKind maps a MySQL column type to a portable kind.
func mysqlKind(dataType, columnType string) (string, error) {
	switch strings.ToLower(dataType) {
	case "bigint", "int", "integer", "smallint", "mediumint":
		return kindInt, nil
	case "tinyint":
		if strings.HasPrefix(strings.ToLower(columnType), "tinyint(1)") {
			return kindBool, nil // GORM's bool
		}
		return kindInt, nil
	case "double", "float", "real":
		return kindFloat, nil
	case "varchar", "char", "text", "tinytext", "mediumtext", "longtext":
		return kindText, nil
	case "datetime", "timestamp":
		return kindTime, nil
	}
	return "", fmt.Errorf("type %q has no portable kind in the backup format", columnType)
}

// primaryKey returns the table's primary key columns in key order, or every
// column when it has none, for a stable row order.
func (t table) primaryKey() []string {
	var pk []column
	for _, c := range t.Columns {
		if c.PK > 0 {
			pk = append(pk, c)
		}
	}
	slices.SortFunc(pk, func(a, b column) int { return a.PK - b.PK })
	var out []string
	for _, c := range pk {
		out = append(out, c.Name)
	}
	if len(out) == 0 {
		for _, c := range t.Columns {
			out = append(out, c.Name)
		}
	}
	return out
}

// dependencyOrder sorts tables so that every table comes after the tables
// its foreign keys point at, by name otherwise.
func dependencyOrder(tables []table) ([]table, error) {
	byName := map[string]table{}
	for _, t := range tables {
		byName[t.Name] = t
	}
	state := map[string]int{} // 1 visiting, 2 done
	var out []table
	var visit func(name string) error
	visit = func(name string) error {
		switch state[name] {
		case 1:
			return fmt.Errorf("foreign keys of table %s form a cycle", name)
		case 2:
			return nil
		}
		t, ok := byName[name]
		if !ok {
			return nil // a reference to a table outside the set
		}
		state[name] = 1
		refs := slices.Clone(t.Refs)
		slices.Sort(refs)
		for _, r := range refs {
			if r != name {
				if err := visit(r); err != nil {
					return err
				}
			}
		}
		state[name] = 2
		out = append(out, t)
		return nil
	}
	names := make([]string, 0, len(tables))
	for _, t := range tables {
		names = append(names, t.Name)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := visit(n); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// quote quotes an identifier; both engines read backticks.
func quote(name string) string { return "`" + strings.ReplaceAll(name, "`", "``") + "`" }
