package models

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	sqlitedriver "github.com/glebarez/go-sqlite"
	"github.com/glebarez/sqlite"
	gomysql "github.com/go-sql-driver/mysql"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the database engine behind a *gorm.DB.
const (
	SQLite = "sqlite"
	MySQL  = "mysql"
)

// ParseDSN splits a "sqlite:PATH" or "mysql:DSN" database address.
func ParseDSN(addr string) (dialect, dsn string, err error) {
	switch {
	case strings.HasPrefix(addr, "sqlite:"):
		dsn = strings.TrimPrefix(addr, "sqlite:")
		if dsn == "" {
			return "", "", errors.New("sqlite: needs a file path, e.g. sqlite:centerstage.db")
		}
		return SQLite, dsn, nil
	case strings.HasPrefix(addr, "mysql:"):
		dsn = strings.TrimPrefix(addr, "mysql:")
		if _, err := gomysql.ParseDSN(dsn); err != nil {
			return "", "", fmt.Errorf("mysql DSN: %w", err)
		}
		return MySQL, dsn, nil
	default:
		return "", "", fmt.Errorf("database %q: must start with sqlite: or mysql: (sqlite:PATH or mysql:DSN)", addr)
	}
}

// DefaultDBTimeout is how long one database operation may wait by default:
// MySQL's read and write timeouts and SQLite's busy timeout.
const DefaultDBTimeout = 10 * time.Second

// maxDialTimeout bounds the opening of a MySQL connection.
const maxDialTimeout = 5 * time.Second

// Options tune how a database is opened.
type Options struct {
	// Timeout bounds one database operation: the MySQL driver's readTimeout
	// and writeTimeout (its dial timeout is the smaller of this and 5 s), and
	// SQLite's busy_timeout, how long a writer waits for the write lock.
	// Values written in a MySQL DSN win. Zero means DefaultDBTimeout.
	Timeout time.Duration
}

// Open connects to the database at addr ("sqlite:PATH" or "mysql:DSN") with
// the default options.
func Open(addr string) (*gorm.DB, error) {
	return OpenWith(addr, Options{})
}

// OpenWith connects to the database at addr ("sqlite:PATH" or "mysql:DSN").
//
// SQLite connections are opened with busy_timeout first, then foreign keys,
// and with immediate write transactions: its driver ignores SELECT ... FOR
// UPDATE, so a transaction must hold the write lock from its start for checks
// to stay true. The file is then switched to WAL (see useWAL).
// MySQL connections use UTC and utf8mb4; services begin their booking
// transactions at READ COMMITTED (see services.tx).
//
// Every operation is bounded (opts.Timeout), so a frozen MySQL server or a
// write lock another process holds on SQLite ends in an error instead of a
// wait as long as the outage; the server's per-request deadline bounds a
// whole request on top of that.
func OpenWith(addr string, opts Options) (*gorm.DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultDBTimeout
	}
	dialect, dsn, err := ParseDSN(addr)
	if err != nil {
		return nil, err
	}
	cfg := &gorm.Config{
		Logger:         logger.Discard,
		NowFunc:        func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
		TranslateError: true,
	}
	var db *gorm.DB
	switch dialect {
	case SQLite:
		db, err = gorm.Open(sqlite.Open(sqliteDSN(dsn, opts.Timeout)), cfg)
	case MySQL:
		db, err = gorm.Open(mysql.Open(mysqlDSN(dsn, opts.Timeout)), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	if err := registerJoinTx(db); err != nil {
		return nil, fmt.Errorf("register callbacks: %w", err)
	}
	if err := db.Use(&Counters{}); err != nil {
		return nil, err
	}
	if err := registerGeneration(db); err != nil {
		return nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if dialect == SQLite {
		if err := useWAL(sqlDB, opts.Timeout); err != nil {
			sqlDB.Close()
			return nil, err
		}
		// One writer at a time anyway; a small pool keeps readers concurrent under WAL.
		sqlDB.SetMaxOpenConns(8)
	} else {
		sqlDB.SetMaxOpenConns(32)
		sqlDB.SetMaxIdleConns(16)
		sqlDB.SetConnMaxLifetime(30 * time.Minute)
	}
	return db, nil
}

// DialectOf reports which engine db talks to.
func DialectOf(db *gorm.DB) string {
	if db.Dialector.Name() == "mysql" {
		return MySQL
	}
	return SQLite
}

func sqliteDSN(path string, busy time.Duration) string {
	q := url.Values{}
	// The driver does not stop a wait for the write lock when the context
	// ends: the busy timeout is what bounds it.
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return "file:" + path + sep + q.Encode()
}

// useWAL switches the SQLite file behind db to write-ahead logging. The mode
// is kept in the file, so every connection opened on it afterwards, by this
// process or another, uses WAL too.
//
// On a new file the switch upgrades the read lock the statement took to a
// write lock. When another connection holds that write lock (an instance
// starting at the same moment, making the same switch) SQLite answers
// SQLITE_BUSY at once instead of calling the busy handler, as waiting with
// the read lock held could deadlock; its documentation asks the caller to let
// go of the read lock and try again, which ending the statement does. The
// retries are bounded by the busy timeout, the bound of any other wait for
// the write lock.
func useWAL(db *sql.DB, busy time.Duration) error {
	deadline := time.Now().Add(busy)
	for {
		var mode string
		err := db.QueryRow("PRAGMA journal_mode=WAL").Scan(&mode)
		if err == nil {
			return nil
		}
		var se *sqlitedriver.Error
		if !errors.As(err, &se) || se.Code() != sqliteBusy || time.Now().After(deadline) {
			return fmt.Errorf("switch sqlite database to WAL: %w", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// sqliteBusy is SQLite's result code SQLITE_BUSY.
const sqliteBusy = 5

func mysqlDSN(dsn string, timeout time.Duration) string {
	c, err := gomysql.ParseDSN(dsn)
	if err != nil {
		return dsn // already validated by ParseDSN
	}
	c.ParseTime = true
	c.Loc = time.UTC
	if c.Params == nil {
		c.Params = map[string]string{}
	}
	c.Params["charset"] = "utf8mb4"
	c.Collation = "utf8mb4_unicode_ci"
	c.Params["time_zone"] = "'+00:00'"
	// Arguments are quoted by the driver (safe with utf8mb4) instead of
	// server-side prepared statements: one round trip per statement, and on
	// MariaDB Galera 10.11 a booking run through prepared statements could
	// now and then pass certification next to a conflicting one (a reopen or
	// a move racing a new booking through another node: about one run in
	// three of the cluster test, none in 30 runs with this).
	c.InterpolateParams = true
	// A frozen server accepts connections (its kernel does) and then says
	// nothing: without these a query waits as long as the freeze lasts.
	if c.Timeout == 0 {
		c.Timeout = min(timeout, maxDialTimeout)
	}
	if c.ReadTimeout == 0 {
		c.ReadTimeout = timeout
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = timeout
	}
	return c.FormatDSN()
}
