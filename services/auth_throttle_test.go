package services_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	"centerstage/models"
	"centerstage/services"

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
	var mu sync.Mutex
	kinds := map[services.ErrorKind]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := instances[i%2].Login(context.Background(), "staff", "wrong password "+strconv.Itoa(i))
			var se *services.Error
			k := services.ErrorKind("internal: " + errString(err))
			if errors.As(err, &se) {
				k = se.Kind
			}
			mu.Lock()
			kinds[k]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	if kinds[services.Unauthorized] > services.MaxLoginFailures || kinds[services.Unauthorized]+kinds[services.Throttled] != n {
		t.Errorf("outcomes %v: want at most %d wrong-password answers and the rest throttled", kinds, services.MaxLoginFailures)
	}
	_, err := e.auth.Login(context.Background(), "staff", authPassword)
	wantKind(t, "right password after the burst", err, services.Throttled)
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
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
	slow := services.NewAuth(e.db, e.clock, e.key, cost)
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
