package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const (
	adminUser     = "bench-admin"
	adminPassword = "bench-password-1"
	// jwtSecret is shared by the instances of one binary, as in production.
	jwtSecret = "bench-secret-shared-by-the-instances-of-one-run"
)

// instance is one running server process.
type instance struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:PORT/api/v1
	log  *bytes.Buffer
	done chan struct{}
}

// syncBuffer is a bytes.Buffer the process and the harness may share.
type syncBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

// maxLog bounds what is kept of a server's output (every request is
// logged; what matters is why it did not start).
const maxLog = 1 << 20

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.Len() < maxLog {
		b.Buffer.Write(p)
	}
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.String()
}

// runBinary runs a one-off command of bin (migrate, user create) on addr.
func runBinary(bin, addr string, args ...string) error {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "CENTERSTAGE_DB="+addr, "CENTERSTAGE_ENV=development", "CENTERSTAGE_JWT_SECRET="+jwtSecret)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", bin, strings.Join(args, " "), err, out)
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// startServer starts `bin serve` on addr and waits until it answers.
func startServer(bin, addr string) (*instance, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:"+strconv.Itoa(port))
	cmd.Env = append(os.Environ(), "CENTERSTAGE_DB="+addr, "CENTERSTAGE_ENV=development", "CENTERSTAGE_JWT_SECRET="+jwtSecret,
		"GIN_MODE=release")
	log := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	in := &instance{cmd: cmd, base: fmt.Sprintf("http://127.0.0.1:%d/api/v1", port), log: &log.Buffer, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(in.done) }()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case <-in.done:
			return nil, fmt.Errorf("%s serve exited:\n%s", bin, log.String())
		default:
		}
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/readyz", port))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return in, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	in.stop()
	return nil, fmt.Errorf("%s serve did not get ready in 2 minutes:\n%s", bin, log.String())
}

// stop ends the process the harness started, by its pid.
func (in *instance) stop() {
	if in == nil || in.cmd.Process == nil {
		return
	}
	_ = in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.done:
	case <-time.After(20 * time.Second):
		_ = in.cmd.Process.Kill()
		<-in.done
	}
}

// resetPeak clears the process's peak resident memory (Linux, our own
// process only), so peakMB reads the peak since.
func (in *instance) resetPeak() bool {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", in.cmd.Process.Pid), []byte("5"), 0) == nil
}

// peakMB is the process's peak resident memory (VmHWM) in MB, or -1.
func (in *instance) peakMB() float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", in.cmd.Process.Pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return -1
}

// client calls one instance's API as the bench admin.
type client struct {
	base  string
	hc    *http.Client
	mu    sync.Mutex
	token string
}

func newClient(base string) *client {
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}
	return &client{base: base, hc: &http.Client{Transport: tr, Timeout: 5 * time.Minute}}
}

func (c *client) login(ctx context.Context) error {
	body, _ := json.Marshal(map[string]string{"username": adminUser, "password": adminPassword})
	req, _ := http.NewRequestWithContext(ctx, "POST", c.base+"/auth/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("login: %d %s", resp.StatusCode, b)
	}
	var t struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(b, &t); err != nil {
		return err
	}
	c.mu.Lock()
	c.token = t.AccessToken
	c.mu.Unlock()
	return nil
}

// do sends one request and returns the status and body; a 401 (the
// access token expired during a long run) logs in again once.
func (c *client) do(ctx context.Context, method, path string, body any) (int, []byte, error) {
	for attempt := 0; ; attempt++ {
		var rd io.Reader
		if body != nil {
			b, err := json.Marshal(body)
			if err != nil {
				return 0, nil, err
			}
			rd = bytes.NewReader(b)
		}
		req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
		if err != nil {
			return 0, nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		c.mu.Lock()
		req.Header.Set("Authorization", "Bearer "+c.token)
		c.mu.Unlock()
		resp, err := c.hc.Do(req)
		if err != nil {
			return 0, nil, err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return 0, nil, err
		}
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 {
			if err := c.login(ctx); err != nil {
				return 0, nil, err
			}
			continue
		}
		return resp.StatusCode, b, nil
	}
}

// call is do that wants one status and decodes the body into out (if any).
func (c *client) call(ctx context.Context, method, path string, body any, want int, out any) error {
	st, b, err := c.do(ctx, method, path, body)
	if err != nil {
		return err
	}
	if st != want {
		return fmt.Errorf("%s %s: status %d, want %d: %.500s", method, path, st, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: decode: %w", method, path, err)
		}
	}
	return nil
}

var errMismatch = errors.New("the API's answer differs from the floor's")
