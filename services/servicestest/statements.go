package servicestest

import (
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"
)

// Statements counts the SQL statements GORM runs through one database handle
// (and every session and transaction made from it): one per INSERT, SELECT,
// UPDATE, DELETE or raw statement sent, batches counted one each. BEGIN and
// COMMIT are not GORM statements and are not counted; RoundTrips counts what
// the server saw on MySQL.
type Statements struct {
	mu   sync.Mutex
	on   bool
	sqls []string
}

// CountStatements starts counting db's statements; the counting stops when t
// ends. db must be the test's own handle: the callbacks it registers stay on
// it.
func CountStatements(t testing.TB, db *gorm.DB) *Statements {
	t.Helper()
	s := &Statements{on: true}
	record := func(tx *gorm.DB) {
		s.mu.Lock()
		defer s.mu.Unlock()
		// A subquery is built by a dry run of its own, which sends nothing.
		if s.on && !tx.DryRun && tx.Statement.SQL.Len() > 0 {
			s.sqls = append(s.sqls, tx.Statement.SQL.String())
		}
	}
	cb := db.Callback()
	name := "servicestest:count"
	for _, err := range []error{
		cb.Create().After("gorm:create").Register(name, record),
		cb.Query().After("gorm:query").Register(name, record),
		cb.Update().After("gorm:update").Register(name, record),
		cb.Delete().After("gorm:delete").Register(name, record),
		cb.Row().After("gorm:row").Register(name, record),
		cb.Raw().After("gorm:raw").Register(name, record),
	} {
		if err != nil {
			t.Fatalf("count statements: %v", err)
		}
	}
	t.Cleanup(func() {
		s.mu.Lock()
		s.on = false
		s.mu.Unlock()
	})
	return s
}

// Reset forgets the statements counted so far.
func (s *Statements) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sqls = nil
}

// N is the number of statements counted since the last Reset.
func (s *Statements) N() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sqls)
}

// String lists the statements counted since the last Reset, one a line,
// each cut to its first 120 characters.
func (s *Statements) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	for _, q := range s.sqls {
		if len(q) > 120 {
			q = q[:120] + "..."
		}
		b.WriteString(q)
		b.WriteByte('\n')
	}
	return b.String()
}

// ServerCounts is what a MySQL server counted for one connection: the
// statements it executed (Questions: every query, BEGIN, COMMIT and SET
// included) and the statements the client prepared apart from executing
// them (Com_stmt_prepare, each one more round trip and a close).
type ServerCounts struct {
	Questions, Prepares int64
}

// RoundTrips is the number of requests that waited for an answer.
func (c ServerCounts) RoundTrips() int64 { return c.Questions + c.Prepares }

// Sub is what was counted between an earlier reading and c, less the SHOW
// that read c.
func (c ServerCounts) Sub(earlier ServerCounts) ServerCounts {
	return ServerCounts{Questions: c.Questions - earlier.Questions - 1, Prepares: c.Prepares - earlier.Prepares}
}

// ReadServerCounts reads the session counters of the connection conn holds
// (a handle pinned to one connection, such as one with one open connection
// at most). The SHOW counts itself; Sub takes it off.
func ReadServerCounts(t testing.TB, conn *gorm.DB) ServerCounts {
	t.Helper()
	var rows []struct {
		VariableName string `gorm:"column:Variable_name"`
		Value        int64  `gorm:"column:Value"`
	}
	if err := conn.Raw("SHOW SESSION STATUS WHERE Variable_name IN ('Questions', 'Com_stmt_prepare')").Scan(&rows).Error; err != nil {
		t.Fatalf("read server counters: %v", err)
	}
	var c ServerCounts
	for _, r := range rows {
		switch r.VariableName {
		case "Questions":
			c.Questions = r.Value
		case "Com_stmt_prepare":
			c.Prepares = r.Value
		}
	}
	return c
}
