package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"centerstage/services"
)

func TestConfigValidation(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"bad database address", []string{"migrate", "--db", "postgres://x"}, nil, "must start with sqlite: or mysql:"},
		{"unknown time zone", []string{"migrate", "--tz", "Mars/Olympus"}, nil, `unknown time zone "Mars/Olympus"`},
		{"unknown environment", []string{"migrate"}, map[string]string{"CENTERSTAGE_ENV": "staging"}, "is not development or production"},
		{"production without secret", []string{"serve"}, map[string]string{"CENTERSTAGE_ENV": "production"}, "needs CENTERSTAGE_JWT_SECRET"},
		{"production with a short secret", []string{"serve", "--addr", "127.0.0.1:0"},
			map[string]string{"CENTERSTAGE_ENV": "production", "CENTERSTAGE_JWT_SECRET": "short"}, "at least 32 bytes"},
		{"demo in production", []string{"serve", "--demo", "--addr", "127.0.0.1:0"},
			map[string]string{"CENTERSTAGE_ENV": "production", "CENTERSTAGE_JWT_SECRET": strings.Repeat("k", 40)}, "--demo is not for production"},
		{"unknown command", []string{"frobnicate"}, nil, `unknown command "frobnicate"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("CENTERSTAGE_DB", "sqlite:"+filepath.Join(t.TempDir(), "cs.db"))
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			err := run(context.Background(), c.args, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("run(%v) = %v, want an error containing %q", c.args, err, c.want)
			}
		})
	}
}

func TestUserCommands(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "cs.db")
	var out bytes.Buffer
	ctx := context.Background()
	if err := run(ctx, []string{"user", "create", "--db", db, "--username", "lihua", "--password", "secret-123", "--role", "staff", "--name", "李华"}, &out, io.Discard); err != nil {
		t.Fatalf("user create: %v", err)
	}
	if !strings.Contains(out.String(), "created user lihua") {
		t.Errorf("user create printed %q", out.String())
	}
	err := run(ctx, []string{"user", "create", "--db", db, "--username", "lihua", "--password", "secret-123", "--role", "staff"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "already taken") {
		t.Errorf("duplicate user create = %v, want 'already taken'", err)
	}
	if err := run(ctx, []string{"user", "passwd", "--db", db, "--username", "lihua", "--password", "another-456"}, io.Discard, io.Discard); err != nil {
		t.Fatalf("user passwd: %v", err)
	}
	err = run(ctx, []string{"user", "passwd", "--db", db, "--username", "nobody", "--password", "another-456"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `no user "nobody"`) {
		t.Errorf("passwd of unknown user = %v", err)
	}
}

// serve prints the first admin's password once, answers, and stops cleanly
// when its context ends.
func TestServeFirstStartAndShutdown(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "cs.db")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}, pw, io.Discard)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var password, base string
	for lines.Scan() {
		line := lines.Text()
		if p, ok := strings.CutPrefix(strings.TrimSpace(line), "password: "); ok {
			password = p
		}
		if u, ok := strings.CutPrefix(line, "CenterStage listening on "); ok {
			base = u
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if password == "" || base == "" {
		t.Fatalf("serve did not print the admin password and address (password %q, address %q)", password, base)
	}
	body := strings.NewReader(`{"username":"admin","password":"` + password + `"}`)
	resp, err := http.Post(base+"/api/v1/auth/login", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login with the printed password: status %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10s of its context ending")
	}
}

// A request in flight when the shutdown signal arrives still gets its answer.
func TestShutdownLetsRequestsFinish(t *testing.T) {
	started := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "finished")
	})
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { done <- serveOn(ctx, ln, slow, pw, slogDiscard()); pw.Close() }()
	line, _ := bufio.NewReader(pr).ReadString('\n')
	go io.Copy(io.Discard, pr)
	base := strings.TrimSpace(strings.TrimPrefix(line, "CenterStage listening on "))
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get(base + "/")
		if err != nil {
			got <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- string(b)
	}()
	<-started
	cancel()
	if body := <-got; body != "finished" {
		t.Fatalf("in-flight request got %q, want %q", body, "finished")
	}
	if err := <-done; err != nil {
		t.Fatalf("listen returned %v", err)
	}
}

func slogDiscard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Every service the server can call is built by wire: a nil one would answer
// its routes with 500s.
func TestWireFillsEveryService(t *testing.T) {
	cfg := &config{DB: "sqlite:" + filepath.Join(t.TempDir(), "cs.db"), TZ: "Asia/Shanghai", Env: "development"}
	if err := cfg.validate(); err != nil {
		t.Fatal(err)
	}
	db, err := openDB(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB(db)
	svc, err := wire(context.Background(), cfg, db, services.SystemClock)
	if err != nil {
		t.Fatal(err)
	}
	v := reflect.ValueOf(svc)
	for i := 0; i < v.NumField(); i++ {
		if v.Field(i).IsNil() {
			t.Errorf("wire leaves server.Services.%s nil", v.Type().Field(i).Name)
		}
	}
}

func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "cs.db")
	ctx := context.Background()
	xlsx := filepath.Join(dir, "tally.xlsx")
	if err := run(ctx, []string{"export", "--db", db, "--year", "2026", "--out", xlsx}, io.Discard, io.Discard); err != nil {
		t.Fatalf("export xlsx: %v", err)
	}
	if _, err := zip.OpenReader(xlsx); err != nil {
		t.Fatalf("the workbook is not a zip file: %v", err)
	}
	csvPath := filepath.Join(dir, "activities.csv")
	if err := run(ctx, []string{"export", "--db", db, "--year", "2026", "--format", "csv", "--lang", "en", "--out", csvPath}, io.Discard, io.Discard); err != nil {
		t.Fatalf("export csv: %v", err)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil || !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Fatalf("the CSV does not start with a UTF-8 BOM (err %v)", err)
	}
	bad := filepath.Join(dir, "bad.out")
	err = run(ctx, []string{"export", "--db", db, "--year", "2026", "--format", "pdf", "--out", bad}, io.Discard, io.Discard)
	if err == nil {
		t.Fatal("export --format pdf succeeded")
	}
	if _, statErr := os.Stat(bad); !os.IsNotExist(statErr) {
		t.Errorf("a refused export left a file behind (stat: %v)", statErr)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// serve on a busy port fails before it creates the database or prints a
// first administrator's password that no server would accept.
func TestServeOnABusyPortCreatesNothing(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	path := filepath.Join(t.TempDir(), "cs.db")
	var out strings.Builder
	err = cmdServe(context.Background(), time.Now, []string{"--addr", busy.Addr().String(), "--db", "sqlite:" + path}, &out, slogDiscard())
	if err == nil || !strings.Contains(err.Error(), "listen on") {
		t.Fatalf("serve on a busy port: %v", err)
	}
	if _, statErr := os.Stat(path); !errors.Is(statErr, os.ErrNotExist) {
		t.Errorf("the database was created: %v", statErr)
	}
	if strings.Contains(out.String(), "password") {
		t.Errorf("a password was printed: %s", out.String())
	}
}

// backup and restore through the command line: a center moved to a new
// database, a second restore refused, then forced.
func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	src, dst := "sqlite:"+filepath.Join(dir, "src.db"), "sqlite:"+filepath.Join(dir, "dst.db")
	file := filepath.Join(dir, "center.backup")
	ctx := context.Background()
	if err := run(ctx, []string{"user", "create", "--db", src, "--username", "lihua", "--password", "secret-123", "--role", "staff"}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"backup", "--db", src, "--out", file}, &out, io.Discard); err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !strings.Contains(out.String(), "wrote "+file) {
		t.Errorf("backup printed %q", out.String())
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, mode %v; want 0600, it holds password hashes", err, st.Mode().Perm())
	}
	out.Reset()
	if err := run(ctx, []string{"restore", "--db", dst, "--in", file}, &out, io.Discard); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if !strings.Contains(out.String(), "restored "+file) {
		t.Errorf("restore printed %q", out.String())
	}
	err := run(ctx, []string{"restore", "--db", dst, "--in", file}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "--force") {
		t.Errorf("second restore = %v, want the not-empty refusal naming --force", err)
	}
	if err := run(ctx, []string{"restore", "--db", dst, "--in", file, "--force"}, io.Discard, io.Discard); err != nil {
		t.Errorf("forced restore: %v", err)
	}
	if err := run(ctx, []string{"user", "passwd", "--db", dst, "--username", "lihua", "--password", "another-456"}, io.Discard, io.Discard); err != nil {
		t.Errorf("the restored user is not there: %v", err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"backup", "--db", src}, "--out FILE is required"},
		{[]string{"backup", "--db", "sqlite:" + filepath.Join(dir, "missing.db"), "--out", file + "2"}, "no such file"},
		{[]string{"restore", "--db", dst}, "--in FILE is required"},
		{[]string{"restore", "--db", dst, "--in", filepath.Join(dir, "missing.backup")}, "no such file"},
		{[]string{"restore", "--db", "sqlite:" + filepath.Join(dir, "missing.db"), "--in", filepath.Join(dir, "src.db")}, "not a CenterStage backup"},
	} {
		if err := run(ctx, c.args, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("run(%v) = %v, want %q", c.args, err, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("a backup of a missing database created it")
	}
}
