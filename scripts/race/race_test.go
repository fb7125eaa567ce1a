// Package race holds the two-instance booking race: two `centerstage serve`
// processes on one fresh MySQL database receive 50 concurrent requests for
// the same slot. Exactly one may succeed. It runs only when CENTERSTAGE_RACE=1
// and CENTERSTAGE_TEST_MYSQL holds a server DSN; scripts/race.sh sets both.
package race

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models/dbtest"
)

const requests = 50

func TestTwoInstanceRace(t *testing.T) {
	if os.Getenv("CENTERSTAGE_RACE") != "1" || !dbtest.IsMySQL() {
		t.Skip("set CENTERSTAGE_RACE=1 and CENTERSTAGE_TEST_MYSQL (see scripts/race.sh)")
	}
	db, addr := dbtest.OpenAddr(t) // a fresh, migrated database, dropped afterwards
	bin := buildBinary(t)
	env := instanceEnv(addr)
	run(t, bin, env, "user", "create", "--username", "racer", "--password", "race-password-1", "--role", "manager")

	var bases []string
	for i := 0; i < 2; i++ {
		bases = append(bases, startServer(t, bin, env))
	}
	token, venue := stage(t, bases)
	statuses := raceBookings(t, "", bases, token, requests, func(i int) map[string]any {
		// Each request ends at a different minute, so only the overlap collides.
		return map[string]any{"kind": "performance", "title": fmt.Sprintf("演出 %d", i), "venue_id": venue,
			"start": "2026-06-01T19:00:00+08:00", "end": fmt.Sprintf("2026-06-01T20:%02d:00+08:00", i)}
	})
	t.Logf("statuses: %v", statuses)
	if statuses[http.StatusCreated] != 1 || statuses[http.StatusConflict] != requests-1 {
		t.Fatalf("statuses %v: want exactly one 201 and %d 409", statuses, requests-1)
	}
	if n := overlaps(t, db); n != 0 {
		t.Fatalf("the self-join finds %d overlapping pairs", n)
	}
}

// instanceEnv is the environment of an instance on the database at addr;
// every instance has the same signing secret.
func instanceEnv(addr string) []string {
	return append(os.Environ(), "CENTERSTAGE_DB="+addr, "CENTERSTAGE_ENV=development",
		"CENTERSTAGE_JWT_SECRET=race-test-secret-shared-by-both-instances")
}

// stage logs the racer in through the first instance and creates, through
// the second, the venue the bookings race for.
func stage(t *testing.T, bases []string) (token string, venue uint64) {
	t.Helper()
	token = login(t, bases[0])
	r := post(t, bases[1], token, "/venues", map[string]any{"name": "主剧场", "capacity": 800})
	if r.status != http.StatusCreated {
		t.Fatalf("create venue: %d %s", r.status, r.body)
	}
	var v struct{ ID uint64 }
	mustJSON(t, r.body, &v)
	return token, v.ID
}

// raceBookings posts n bookings at once, booking i to instance i%2, and
// counts the answers by status. An answer other than 201 or 409 fails t;
// what, when not empty, starts its message ("round 3 ").
func raceBookings(t *testing.T, what string, bases []string, token string, n int, booking func(i int) map[string]any) map[int]int {
	statuses := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := post(t, bases[i%2], token, "/activities", booking(i))
			mu.Lock()
			statuses[r.status]++
			mu.Unlock()
			if r.status != http.StatusCreated && r.status != http.StatusConflict {
				t.Errorf("%srequest %d: status %d %s", what, i, r.status, r.body)
			}
		}()
	}
	close(start)
	wg.Wait()
	return statuses
}

// overlaps counts the pairs of activities, neither cancelled, that hold one
// venue at once.
func overlaps(t *testing.T, db *gorm.DB) int64 {
	t.Helper()
	var n int64
	if err := db.Raw(`SELECT COUNT(*) FROM activities a JOIN activities b
		ON a.id < b.id AND a.venue_id = b.venue_id AND a.start_at < b.end_at AND b.start_at < a.end_at
		WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// buildBinary builds the centerstage command from the module root with go build.
func buildBinary(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "centerstage")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func run(t *testing.T, bin string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", bin, args, err, out)
	}
}

// startServer starts one serve process on a free port and waits until it is ready.
func startServer(t *testing.T, bin string, env []string) string {
	t.Helper()
	return startServers(t, bin, [][]string{env})[0]
}

// startServers starts one serve process per environment, all at once (so
// they migrate a fresh database together), and waits until each is ready.
func startServers(t *testing.T, bin string, envs [][]string) []string {
	t.Helper()
	var bases []string
	var logs []*bytes.Buffer
	for _, env := range envs {
		base, log := launch(t, bin, env)
		bases, logs = append(bases, base), append(logs, log)
	}
	for i, base := range bases {
		waitReady(t, base, logs[i])
	}
	return bases
}

// launch starts one serve process on a free port; it is stopped when t ends.
func launch(t *testing.T, bin string, env []string) (string, *bytes.Buffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hostport := ln.Addr().String()
	ln.Close()
	var logs bytes.Buffer
	cmd := exec.Command(bin, "serve", "--addr", hostport)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
		}
		if t.Failed() {
			t.Logf("server %s log:\n%s", hostport, logs.String())
		}
	})
	return "http://" + hostport, &logs
}

// waitReady waits until the server at base answers /readyz with 200.
func waitReady(t *testing.T, base string, logs *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("server on %s did not become ready:\n%s", base, logs.String())
}

type answer struct {
	status int
	body   []byte
}

func post(t *testing.T, base, token, path string, body any) answer {
	raw, _ := json.Marshal(body)
	req, err := http.NewRequest(http.MethodPost, base+"/api/v1"+path, bytes.NewReader(raw))
	if err != nil {
		t.Error(err)
		return answer{}
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return answer{}
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, body: b}
}

func login(t *testing.T, base string) string {
	t.Helper()
	r := post(t, base, "", "/auth/login", map[string]any{"username": "racer", "password": "race-password-1"})
	if r.status != http.StatusOK {
		t.Fatalf("login: %d %s", r.status, r.body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	mustJSON(t, r.body, &tok)
	if strings.TrimSpace(tok.AccessToken) == "" {
		t.Fatalf("login gave no token: %s", r.body)
	}
	return tok.AccessToken
}

func mustJSON(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
}
