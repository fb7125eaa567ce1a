package server

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
)

// The bounds the timeout tests run with: short, so a test takes seconds. A
// request must answer within answerBound; without the timeouts it waits as
// long as the outage (the stalled proxy: forever; SQLite's old busy timeout:
// 10 s; a MySQL row lock: innodb_lock_wait_timeout, 50 s by default).
const (
	testDBTimeout      = time.Second
	testRequestTimeout = time.Second
	answerBound        = 4 * time.Second
)

// stallProxy forwards TCP connections to upstream until stalled, then holds
// every byte in both directions (and accepts new connections without
// forwarding anything), as a database process stopped with SIGSTOP does.
type stallProxy struct {
	ln       net.Listener
	upstream string
	mu       sync.Mutex
	cond     *sync.Cond
	stalled  bool
	conns    []net.Conn
}

func newStallProxy(t *testing.T, upstream string) *stallProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &stallProxy{ln: ln, upstream: upstream}
	p.cond = sync.NewCond(&p.mu)
	go p.serve()
	t.Cleanup(p.close)
	return p
}

func (p *stallProxy) addr() string { return p.ln.Addr().String() }

func (p *stallProxy) setStalled(on bool) {
	p.mu.Lock()
	p.stalled = on
	p.mu.Unlock()
	p.cond.Broadcast()
}

// waitFlowing blocks while the proxy is stalled.
func (p *stallProxy) waitFlowing() {
	p.mu.Lock()
	for p.stalled {
		p.cond.Wait()
	}
	p.mu.Unlock()
}

func (p *stallProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go func() {
			p.waitFlowing()
			up, err := net.Dial("tcp", p.upstream)
			if err != nil {
				c.Close()
				return
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go p.pipe(up, c)
			p.pipe(c, up)
		}()
	}
}

// pipe copies src to dst, holding what it read while the proxy is stalled.
func (p *stallProxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		p.waitFlowing()
		n, err := src.Read(buf)
		if n > 0 {
			p.waitFlowing()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (p *stallProxy) close() {
	p.setStalled(false)
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
}

// timedCall sends one request to a real HTTP server and reports its status
// and how long it took; the client gives up after 20 s, so a request that
// hangs fails the test instead of blocking it.
func timedCall(t *testing.T, base, token, method, path, body string) (int, string, time.Duration) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+apiPath(path), r)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
	took := time.Since(start)
	if err != nil {
		return 0, err.Error(), took
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw), took
}

// boundedServer is a server on addr (the migrated database of env, whose
// users it shares) through connections with the tests' short database
// timeout and request deadline. Only the requests under test go through it:
// the set-up goes through env's unbounded connections, so a slow database
// (a loaded cluster node) cannot fail the set-up on the short bounds.
func boundedServer(t *testing.T, env *testEnv, addr string) *httptest.Server {
	t.Helper()
	srv := env.instanceOn(openBounded(t, addr), Config{RequestTimeout: testRequestTimeout})
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return hs
}

// eventually calls try until it reports true, for at most 10 s; it reports
// the last failure.
func eventually(t *testing.T, what string, try func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, last := try()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %s after 10 s", what, last)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// openBounded opens addr (a migrated database) again with the tests' short
// database timeout.
func openBounded(t *testing.T, addr string) *gorm.DB {
	t.Helper()
	return dbtest.Connect(t, addr, models.Options{Timeout: testDBTimeout})
}

// A frozen MySQL server (here: a proxy in front of it that stops forwarding
// bytes) makes requests answer 503 within the request deadline, reads,
// writes and /readyz alike, and the server recovers by itself once the
// database answers again. Before the timeouts each of these requests hung
// for as long as the database did.
func TestFrozenDatabaseAnswers503AndRecovers(t *testing.T) {
	if !dbtest.IsMySQL() {
		t.Skip("freezes a database behind a TCP proxy; SQLite has no connection to stall (see TestHeldWriteLockAnswers503)")
	}
	direct, addr := dbtest.OpenAddr(t)
	env := newTestServerOn(t, direct, Config{})
	cfg, err := gomysql.ParseDSN(strings.TrimPrefix(addr, "mysql:"))
	if err != nil {
		t.Fatal(err)
	}
	proxy := newStallProxy(t, cfg.Addr)
	cfg.Addr = proxy.addr()
	hs := boundedServer(t, env, "mysql:"+cfg.FormatDSN())
	admin := env.tokens["admin"]
	eventually(t, "before the freeze", func() (bool, string) {
		code, body, _ := timedCall(t, hs.URL, admin, "GET", "/venues", "")
		return code == 200, fmt.Sprintf("%d %s", code, body)
	})

	proxy.setStalled(true)
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/venues", ""},
		{"POST", "/venues", `{"name":"冻结时的场地","capacity":10}`},
		{"GET", "/readyz", ""},
	} {
		code, body, took := timedCall(t, hs.URL, admin, c.method, c.path, c.body)
		if code != http.StatusServiceUnavailable || !strings.Contains(body, `"code":"unavailable"`) {
			t.Errorf("frozen %s %s: %d %s after %v, want 503 unavailable", c.method, c.path, code, body, took)
		}
		if took > answerBound {
			t.Errorf("frozen %s %s answered after %v, want within %v", c.method, c.path, took, answerBound)
		}
	}

	proxy.setStalled(false)
	// The connections cut during the freeze are dropped from the pool; the
	// next requests open new ones.
	eventually(t, "after the freeze", func() (bool, string) {
		code, body, _ := timedCall(t, hs.URL, admin, "POST", "/venues", `{"name":"解冻后的场地","capacity":10}`)
		return code == 201, fmt.Sprintf("%d %s", code, body)
	})
	eventually(t, "readyz after the freeze", func() (bool, string) {
		code, body, _ := timedCall(t, hs.URL, "", "GET", "/readyz", "")
		return code == 200, fmt.Sprintf("%d %s", code, body)
	})
	if n := env.count(t, &models.Venue{}, "name = ?", "冻结时的场地"); n != 0 {
		t.Errorf("the venue posted during the freeze was written %d times", n)
	}
}

// A write lock another connection holds (SQLite: a write transaction of
// another process; MySQL: a row lock on the venue) makes a change answer 503
// after the deadline instead of waiting as long as the lock is held, and the
// same change succeeds once the lock is released.
func TestHeldWriteLockAnswers503(t *testing.T) {
	t.Parallel()
	direct, addr := dbtest.OpenAddr(t)
	env := newTestServerOn(t, direct, Config{})
	hs := boundedServer(t, env, addr)
	manager := env.tokens["manager"]
	env.mustDo(t, "manager", "POST", "/venues", map[string]any{"name": "小剧场", "capacity": 80}, 201)
	var v models.Venue
	if err := direct.Where("name = ?", "小剧场").Take(&v).Error; err != nil {
		t.Fatal(err)
	}

	holder := holdWriteLock(t, direct, v.ID)
	patch := fmt.Sprintf(`{"version":%d,"capacity":120}`, v.Version)
	path := fmt.Sprintf("/venues/%d", v.ID)
	code, body, took := timedCall(t, hs.URL, manager, "PATCH", path, patch)
	if code != http.StatusServiceUnavailable || !strings.Contains(body, `"code":"unavailable"`) {
		t.Errorf("locked: %d %s after %v, want 503 unavailable", code, body, took)
	}
	if took > answerBound {
		t.Errorf("locked: answered after %v, want within %v", took, answerBound)
	}
	if err := holder.Rollback(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "after the lock", func() (bool, string) {
		code, body, _ := timedCall(t, hs.URL, manager, "PATCH", path, patch)
		return code == 200, fmt.Sprintf("%d %s", code, body)
	})
}

// holdWriteLock takes, on a connection of its own, the lock a change of
// venue id needs, and keeps it until the returned transaction ends.
func holdWriteLock(t *testing.T, db *gorm.DB, id uint64) *sql.Tx {
	t.Helper()
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	// SQLite's connections here begin immediate transactions: BEGIN takes
	// the database's write lock. On MySQL the row lock is taken explicitly.
	tx, err := sqlDB.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	if dbtest.IsMySQL() {
		if _, err := tx.Exec("SELECT id FROM venues WHERE id = ? FOR UPDATE", id); err != nil {
			t.Fatal(err)
		}
	} else if _, err := tx.Exec("UPDATE settings SET value = value WHERE 1 = 0"); err != nil {
		t.Fatal(err)
	}
	return tx
}
