package models

import (
	"strings"
	"testing"
	"time"
)

// Every MySQL connection gets dial, read and write timeouts (a frozen server
// otherwise holds a query for as long as it is frozen); the ones an
// operator wrote in the DSN are kept.
func TestMySQLDSNHasTimeouts(t *testing.T) {
	t.Parallel()
	got := mysqlDSN("cs:pw@tcp(db:3306)/centerstage", 7*time.Second)
	for _, want := range []string{"timeout=5s", "readTimeout=7s", "writeTimeout=7s"} {
		if !strings.Contains(got, want) {
			t.Errorf("DSN %q lacks %s", got, want)
		}
	}
	got = mysqlDSN("cs:pw@tcp(db:3306)/centerstage?readTimeout=1m&timeout=2s", 7*time.Second)
	for _, want := range []string{"timeout=2s", "readTimeout=1m0s", "writeTimeout=7s"} {
		if !strings.Contains(got, want) {
			t.Errorf("DSN %q lacks %s", got, want)
		}
	}
}

// SQLite's busy timeout is the configured bound: the driver does not end a
// wait for the write lock when the request's context ends.
func TestSQLiteBusyTimeoutIsTheBound(t *testing.T) {
	t.Parallel()
	if got := sqliteDSN("x.db", 1500*time.Millisecond); !strings.Contains(got, "busy_timeout%281500%29") {
		t.Errorf("DSN %q lacks busy_timeout(1500)", got)
	}
}
