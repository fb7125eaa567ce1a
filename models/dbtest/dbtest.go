// Package dbtest gives tests a real, migrated, private database: an SQLite file
// in the test's temporary folder, or, when CENTERSTAGE_TEST_MYSQL holds a DSN
// such as "root:@tcp(127.0.0.1:3306)/", a uniquely named MySQL database that is
// dropped when the test ends.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/migrations"
)

// MySQLEnv names the environment variable holding the server DSN for MySQL runs.
const MySQLEnv = "CENTERSTAGE_TEST_MYSQL"

// Open returns a migrated database private to t.
func Open(t testing.TB) *gorm.DB {
	t.Helper()
	db, _ := OpenAddr(t)
	return db
}

// OpenAddr is Open that also returns the database's address ("sqlite:..." or
// "mysql:..."), for tests that start server processes on the same database.
func OpenAddr(t testing.TB) (*gorm.DB, string) {
	t.Helper()
	addr := NewAddr(t)
	db := Connect(t, addr, models.Options{})
	if err := migrations.Run(context.Background(), db); err != nil {
		t.Fatalf("migrate test database: %v", err)
	}
	return db, addr
}

// Connect opens the database at addr as it is, unmigrated, with opts, and
// closes it when t ends.
func Connect(t testing.TB, addr string, opts models.Options) *gorm.DB {
	t.Helper()
	db, err := models.OpenWith(addr, opts)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return db
}

// IsMySQL reports whether tests run against MySQL.
func IsMySQL() bool { return os.Getenv(MySQLEnv) != "" }

// NewAddr creates an empty database private to t and returns its address.
func NewAddr(t testing.TB) string {
	t.Helper()
	server := os.Getenv(MySQLEnv)
	if server == "" {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	cfg, err := gomysql.ParseDSN(server)
	if err != nil {
		t.Fatalf("%s: %v", MySQLEnv, err)
	}
	name := "cs_test_" + randomSuffix()
	admin, err := models.Open("mysql:" + server)
	if err != nil {
		t.Fatalf("connect to MySQL: %v", err)
	}
	if err := admin.Exec("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").Error; err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if err := admin.Exec("DROP DATABASE IF EXISTS `" + name + "`").Error; err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
		if sqlDB, err := admin.DB(); err == nil {
			sqlDB.Close()
		}
	})
	cfg.DBName = name
	return "mysql:" + cfg.FormatDSN()
}

func randomSuffix() string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("random: %v", err))
	}
	return strings.ToLower(hex.EncodeToString(b))
}
