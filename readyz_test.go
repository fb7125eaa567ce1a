package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"centerstage/models/dbtest"
	"centerstage/server"
	"centerstage/services"
)

// tcpProxy forwards one local port to a backend and can be taken down and
// brought back on the same port, to play a database outage.
type tcpProxy struct {
	addr, backend string
	mu            sync.Mutex
	ln            net.Listener
	conns         []net.Conn
}

func (p *tcpProxy) up(t *testing.T) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatalf("proxy listen: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			b, err := net.Dial("tcp", p.backend)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, b)
			p.mu.Unlock()
			go func() { io.Copy(b, c); b.Close() }()
			go func() { io.Copy(c, b); c.Close() }()
		}
	}()
}

func (p *tcpProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// /readyz answers 503 while the database is unreachable and 200 again once it
// is back, without a restart.
func TestReadyzFollowsTheDatabase(t *testing.T) {
	if !dbtest.IsMySQL() {
		t.Skip("needs a database reached over the network; runs with CENTERSTAGE_TEST_MYSQL")
	}
	_, addr := dbtest.OpenAddr(t)
	cfg, err := gomysql.ParseDSN(strings.TrimPrefix(addr, "mysql:"))
	if err != nil {
		t.Fatal(err)
	}
	proxy := &tcpProxy{addr: "127.0.0.1:0", backend: cfg.Addr}
	proxy.up(t)
	defer proxy.down()
	cfg.Addr = proxy.addr
	conf := &config{DB: "mysql:" + cfg.FormatDSN(), TZ: "Asia/Shanghai", Env: "development"}
	if err := conf.validate(); err != nil {
		t.Fatal(err)
	}
	db, err := openDB(context.Background(), conf)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB(db)
	svc, err := wire(context.Background(), conf, db, services.SystemClock)
	if err != nil {
		t.Fatal(err)
	}
	password, err := svc.Users.EnsureAdmin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := svc.Auth.Login(context.Background(), "admin", password)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(svc, server.Config{}, slogDiscard()).Handler())
	defer ts.Close()

	status := func() int {
		resp, err := http.Get(ts.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status(); got != http.StatusOK {
		t.Fatalf("readyz with the database up = %d, want 200", got)
	}
	proxy.down()
	if got := status(); got != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database down = %d, want 503", got)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/api/v1/users", nil)
	req.Header.Set("Authorization", "Bearer "+tokens.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"code":"unavailable"`) {
		t.Fatalf("an API call with the database down = %d %s, want 503 unavailable", resp.StatusCode, body)
	}
	proxy.up(t)
	deadline := time.Now().Add(10 * time.Second)
	for status() != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("readyz did not return to 200 within 10s of the database coming back")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
