package models_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite" // the "sqlite" database/sql driver

	"centerstage/models"
	"centerstage/models/dbtest"
)

func TestParseDSN(t *testing.T) {
	t.Parallel()
	cases := []struct {
		addr, dialect, wantErr string
	}{
		{"sqlite:centerstage.db", models.SQLite, ""},
		{"mysql:root:@tcp(127.0.0.1:3306)/cs?parseTime=true", models.MySQL, ""},
		{"sqlite:", "", "needs a file path"},
		{"postgres://x", "", "must start with sqlite: or mysql:"},
		{"mysql:not a dsn", "", "mysql DSN"},
	}
	for _, c := range cases {
		d, _, err := models.ParseDSN(c.addr)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("ParseDSN(%q) = %v, want error containing %q", c.addr, err, c.wantErr)
			}
			continue
		}
		if err != nil || d != c.dialect {
			t.Errorf("ParseDSN(%q) = %q, %v; want %q", c.addr, d, err, c.dialect)
		}
	}
}

// Chinese names, including characters outside the Basic Multilingual Plane
// such as 𠮷, must round-trip unchanged on both engines.
func TestUnicodeRoundTrip(t *testing.T) {
	t.Parallel()
	db := dbtest.Open(t)
	names := []string{"𠮷野家文化站", "书法培训班·第3期", "🎭 戏曲社"}
	for _, n := range names {
		v := models.Venue{Name: n, Active: true, Version: 1}
		if err := db.Create(&v).Error; err != nil {
			t.Fatalf("insert %q: %v", n, err)
		}
		var got models.Venue
		if err := db.Take(&got, v.ID).Error; err != nil {
			t.Fatal(err)
		}
		if got.Name != n {
			t.Errorf("round trip: got %q, want %q", got.Name, n)
		}
	}
}

func TestSQLitePragmas(t *testing.T) {
	t.Parallel()
	if dbtest.IsMySQL() {
		t.Skip("checks SQLite connection settings; this run uses MySQL")
	}
	db := dbtest.Open(t)
	var mode string
	var fk, timeout int
	db.Raw("PRAGMA journal_mode").Scan(&mode)
	db.Raw("PRAGMA foreign_keys").Scan(&fk)
	db.Raw("PRAGMA busy_timeout").Scan(&timeout)
	if mode != "wal" || fk != 1 || timeout < 1000 {
		t.Fatalf("journal_mode=%q foreign_keys=%d busy_timeout=%d; want wal, 1, >=1000", mode, fk, timeout)
	}
}

// Instances starting together on a new SQLite file each switch it to WAL.
// The switch takes the write lock while holding a read lock, so SQLite
// answers SQLITE_BUSY at once, without waiting, when another connection holds
// the write lock: Open must wait for it and come up, not fail.
func TestSQLiteOpenWaitsForAnotherWriter(t *testing.T) {
	t.Parallel()
	if dbtest.IsMySQL() {
		t.Skip("checks how SQLite files are opened; this run uses MySQL")
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new.db")
	other, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	const held = 300 * time.Millisecond
	committed := make(chan error, 1)
	time.AfterFunc(held, func() {
		_, err := conn.ExecContext(ctx, "COMMIT")
		committed <- err
	})
	start := time.Now()
	db := dbtest.Connect(t, "sqlite:"+path, models.Options{Timeout: 10 * time.Second})
	if waited := time.Since(start); waited < held {
		t.Errorf("opened after %v, before the other connection let go of the write lock (%v)", waited, held)
	}
	if err := <-committed; err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := db.Raw("PRAGMA journal_mode").Scan(&mode).Error; err != nil || mode != "wal" {
		t.Fatalf("journal_mode=%q (%v); want wal", mode, err)
	}
}
