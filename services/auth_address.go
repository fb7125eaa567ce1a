package services

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"centerstage/models"
)

// Limits on login attempts per client address and on password checks.
const (
	// MaxLoginsPerAddress is how many login attempts not followed by a
	// success one client address may make within ThrottleWindow: enough for
	// an office behind one address to mistype, too few to try passwords on
	// many usernames. A success gives its attempt back.
	MaxLoginsPerAddress = 30
	// hashWait is how long a login waits for a free password check before
	// it is answered "busy".
	hashWait = 3 * time.Second
)

// addressKey is the throttle key of a client address: an IPv4 address as
// is, an IPv6 address by its /64 (one subscriber's network: its holder
// picks any address in it), anything else cut to 64 bytes.
func addressKey(addr string) string {
	ip := net.ParseIP(addr)
	switch {
	case ip == nil:
		if len(addr) > 64 {
			return addr[:64]
		}
		return addr
	case ip.To4() != nil:
		return ip.To4().String()
	default:
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
}

// countAddress refuses an address that made MaxLoginsPerAddress attempts
// within the window, and otherwise counts one more, before any password is
// checked. An empty address (a login not made over the network) is not
// counted.
func (a *Auth) countAddress(ctx context.Context, addr string, now time.Time) error {
	if addr == "" {
		return nil
	}
	created := false
	err := a.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).
			Create(&models.LoginAddressThrottle{Address: addr, WindowStart: now})
		if res.Error != nil {
			return fmt.Errorf("create address throttle: %w", res.Error)
		}
		created = res.RowsAffected > 0
		var th models.LoginAddressThrottle
		if err := lockedTake(tx, &th, "address = ?", addr); err != nil {
			return fmt.Errorf("read address throttle: %w", err)
		}
		if now.Sub(th.WindowStart) >= ThrottleWindow {
			th.Attempts, th.WindowStart = 0, now
		}
		if th.Attempts >= MaxLoginsPerAddress {
			return throttled(th.WindowStart.Add(ThrottleWindow).Sub(now))
		}
		return tx.Model(&models.LoginAddressThrottle{}).Where("address = ?", addr).
			Updates(map[string]any{"attempts": th.Attempts + 1, "window_start": th.WindowStart}).Error
	})
	if err != nil {
		return err
	}
	if created {
		return a.purgeThrottles(ctx, now)
	}
	return nil
}

// giveAddressBack returns the attempt of a successful login to its address.
func (a *Auth) giveAddressBack(tx *gorm.DB, addr string) error {
	if addr == "" {
		return nil
	}
	return tx.Model(&models.LoginAddressThrottle{}).Where("address = ? AND attempts > 0", addr).
		UpdateColumn("attempts", gorm.Expr("attempts - 1")).Error
}

// purgeThrottles deletes the throttle rows whose window (and lock) has
// passed: such a row counts as no row at all, and without the purge every
// username ever tried, real or not, and every address would keep one
// forever. It runs when an attempt created a row, so the tables hold about
// one window's attempts.
func (a *Auth) purgeThrottles(ctx context.Context, now time.Time) error {
	old := now.Add(-ThrottleWindow)
	err := a.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("window_start < ? AND (locked_until IS NULL OR locked_until < ?)", old, now).
			Delete(&models.LoginThrottle{}).Error; err != nil {
			return err
		}
		return tx.Where("window_start < ?", old).Delete(&models.LoginAddressThrottle{}).Error
	})
	if err != nil {
		return fmt.Errorf("purge login throttles: %w", err)
	}
	return nil
}

// hashSlots is how many password checks run at once: half the processors,
// at least one, so a flood of logins (each a bcrypt comparison of a quarter
// second) leaves the other requests processors to run on.
func hashSlots() int { return max(1, runtime.GOMAXPROCS(0)/2) }

// comparePassword runs one bcrypt comparison in a free slot; when none frees
// within hashWait, the login is answered busy, Throttled, without a check.
func (a *Auth) comparePassword(ctx context.Context, hash, password []byte) (bool, error) {
	wait := time.NewTimer(hashWait)
	defer wait.Stop()
	select {
	case a.slots <- struct{}{}:
	case <-wait.C:
		e := Fail(Throttled, ReasonLoginsBusy, nil, "too many logins at once; try again in a moment")
		e.Details = map[string]any{"retry_after_seconds": 1}
		return false, e
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-a.slots }()
	return a.compareHash(hash, password) == nil, nil
}
