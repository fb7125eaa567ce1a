package services_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/servicestest"

	"golang.org/x/crypto/bcrypt"
)

// Concurrent guesses cannot get past the throttle: each attempt is counted
// before its password is checked, so of many wrong passwords sent at once (to
// two instances) at most MaxLoginFailures are tried and the rest are refused
// as throttled. Checking the lock first and counting after the password
// check let every request of a burst through.
func TestConcurrentLoginGuessesAreThrottled(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	instances := []*services.Auth{e.auth, e.newAuth()}
	const n = 20
	kinds := servicestest.Race(n, func(i int) error {
		_, err := instances[i%2].Login(context.Background(), "staff", "wrong password "+strconv.Itoa(i))
		return err
	})
	if kinds[services.Unauthorized] > services.MaxLoginFailures || kinds[services.Unauthorized]+kinds[services.Throttled] != n {
		t.Errorf("outcomes %v: want at most %d wrong-password answers and the rest throttled", kinds, services.MaxLoginFailures)
	}
	_, err := e.auth.Login(context.Background(), "staff", authPassword)
	wantKind(t, "right password after the burst", err, services.Throttled)
}

// An unknown username costs as much time as a wrong password: the password
// is compared against a dummy hash of the same cost, so response times do not
// tell which usernames exist. Without it an unknown user is answered about a
// hundred times faster at cost 10. Timing the two under a loaded machine is
// noise, so the test watches the comparison itself: each login, of a known
// user with a wrong password and of an unknown user, runs exactly one bcrypt
// comparison, against a hash of the service's cost. It fails if the unknown
// path skips bcrypt (no comparison) or compares against a cheaper hash.
func TestUnknownUserTakesAsLongAsWrongPassword(t *testing.T) {
	e := newAuthEnv(t)
	ctx := context.Background()
	const cost = bcrypt.MinCost + 2
	slow := services.NewAuth(e.db, e.clock.Now, e.key, cost)
	var seen []int
	services.WatchPasswordChecks(slow, func(c int) { seen = append(seen, c) })
	hash, err := slow.HashPassword(authPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.Model(&models.User{}).Where("username = ?", "staff").Update("password_hash", hash).Error; err != nil {
		t.Fatal(err)
	}
	for _, username := range []string{"staff", "no-such-user", "staff", "no-such-user"} {
		e.db.Where("1 = 1").Delete(&models.LoginThrottle{})
		seen = nil
		_, err := slow.Login(ctx, username, "wrong password")
		wantKind(t, "bad login of "+username, err, services.Unauthorized)
		if len(seen) != 1 || seen[0] != cost {
			t.Errorf("login of %q with a wrong password compared hashes of costs %v, want exactly one of cost %d", username, seen, cost)
		}
	}
}

// One client address trying many usernames (each under the username
// limit) is refused after MaxLoginsPerAddress attempts, through any
// instance, and the refused attempts run no password check; other addresses
// and the right password from elsewhere are unaffected. Before the address
// limit all 40 attempts below ran bcrypt and were answered 401.
func TestLoginFloodFromOneAddressIsThrottled(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	instances := []*services.Auth{e.auth, e.newAuth()}
	checks := 0
	var mu sync.Mutex
	for _, a := range instances {
		services.WatchPasswordChecks(a, func(int) { mu.Lock(); checks++; mu.Unlock() })
	}
	ctx := context.Background()
	const flood = "203.0.113.9"
	kinds := map[services.ErrorKind]int{}
	for i := 0; i < 40; i++ {
		_, err := instances[i%2].LoginFrom(ctx, flood, "nobody"+strconv.Itoa(i), "guess")
		var se *services.Error
		if !errors.As(err, &se) {
			t.Fatalf("attempt %d: %v", i, err)
		}
		kinds[se.Kind]++
	}
	// 30 attempts counted and checked (401), the other 10 refused (429).
	if kinds[services.Unauthorized] != services.MaxLoginsPerAddress || kinds[services.Throttled] != 40-services.MaxLoginsPerAddress {
		t.Errorf("outcomes %v: want %d unauthorized, %d throttled", kinds, services.MaxLoginsPerAddress, 40-services.MaxLoginsPerAddress)
	}
	if checks != services.MaxLoginsPerAddress {
		t.Errorf("%d password checks, want %d: a refused attempt must not hash", checks, services.MaxLoginsPerAddress)
	}
	_, err := e.auth.LoginFrom(ctx, flood, "staff", authPassword)
	wantKind(t, "the right password from the flooding address", err, services.Throttled)
	if _, err := e.auth.LoginFrom(ctx, "198.51.100.7", "staff", authPassword); err != nil {
		t.Errorf("the right password from another address: %v", err)
	}
	// An IPv6 client is counted by its /64: changing the last bits does
	// not give it a new budget.
	for i := 0; i < services.MaxLoginsPerAddress; i++ {
		_, _ = e.auth.LoginFrom(ctx, fmt.Sprintf("2001:db8:1:2::%x", i+1), "v6-"+strconv.Itoa(i), "guess")
	}
	_, err = e.auth.LoginFrom(ctx, "2001:db8:1:2:ffff::1", "staff", authPassword)
	wantKind(t, "another address of the same /64", err, services.Throttled)
	// The window passes: the address may try again.
	e.clock.Advance(services.ThrottleWindow)
	if _, err := e.auth.LoginFrom(ctx, flood, "staff", authPassword); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

// Successful logins give their attempt back: an office behind one address
// can log in all day.
func TestSuccessfulLoginsDoNotUseTheAddressBudget(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	for i := 0; i < 2*services.MaxLoginsPerAddress; i++ {
		if _, err := e.auth.LoginFrom(context.Background(), "192.0.2.10", "staff", authPassword); err != nil {
			t.Fatalf("login %d: %v", i+1, err)
		}
	}
}

// Throttle rows whose window has passed are deleted when a new row is made,
// so usernames that do not exist (and addresses) do not leave rows forever.
// Before the purge the 12 rows below stayed.
func TestOldThrottleRowsArePurged(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	for i := 0; i < 6; i++ {
		_, _ = e.auth.LoginFrom(ctx, fmt.Sprintf("192.0.2.%d", i+1), "ghost"+strconv.Itoa(i), "guess")
	}
	// 6 username rows + 6 address rows.
	if n, m := e.rows(t, &models.LoginThrottle{}), e.rows(t, &models.LoginAddressThrottle{}); n != 6 || m != 6 {
		t.Fatalf("before: %d username rows, %d address rows; want 6 and 6", n, m)
	}
	// A locked username keeps its row while the lock lasts.
	for i := 0; i < services.MaxLoginFailures; i++ {
		_, _ = e.auth.Login(ctx, "staff", "wrong")
	}
	e.clock.Advance(services.ThrottleWindow + time.Minute)
	_, _ = e.auth.LoginFrom(ctx, "198.51.100.1", "ghost-new", "guess")
	// staff's lock ran from its fifth failure for one window, which has
	// passed too: left are ghost-new's two rows.
	if n, m := e.rows(t, &models.LoginThrottle{}), e.rows(t, &models.LoginAddressThrottle{}); n != 1 || m != 1 {
		t.Errorf("after: %d username rows, %d address rows; want 1 and 1", n, m)
	}
}

// At most hashSlots password checks run at once, so a flood of logins
// leaves processors to the other requests; without the slots all eight
// below ran together.
func TestPasswordChecksShareBoundedSlots(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	services.SetHashSlots(e.auth, 2)
	var mu sync.Mutex
	running, most := 0, 0
	services.WrapPasswordChecks(e.auth, func(check func() error) error {
		mu.Lock()
		running++
		most = max(most, running)
		mu.Unlock()
		time.Sleep(30 * time.Millisecond)
		defer func() { mu.Lock(); running--; mu.Unlock() }()
		return check()
	})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = e.auth.LoginFrom(context.Background(), fmt.Sprintf("192.0.2.%d", i+1), "user"+strconv.Itoa(i), "guess")
		}()
	}
	wg.Wait()
	if most != 2 {
		t.Errorf("%d password checks ran at once, want 2", most)
	}
}

func (e *authEnv) rows(t *testing.T, model any) int64 {
	t.Helper()
	var n int64
	if err := e.db.Model(model).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
