package services

import (
	"context"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// maxCachedTokens bounds the access tokens an instance keeps in memory: a
// quarter of an hour's logins of a large center. Past it the cache starts
// over; tokens are then verified and their users read again.
const maxCachedTokens = 10_000

// tokenCache keeps, for each access token verified lately, its user as read
// then, the auth stamp read just before, and the token's expiry. A token
// whose entry carries the current stamp and has not expired stands without
// verifying its signature again or reading its user: no change that could
// end or alter it (see bumpAuthStamp) has committed since. Every instance
// has its own cache and reads the one stamp in the database, so a user
// deactivated or a login ended through one instance is refused by all at
// their next request.
type tokenCache struct {
	mu      sync.Mutex
	entries map[string]tokenEntry
}

type tokenEntry struct {
	user    models.User
	stamp   int64
	expires time.Time
}

func newTokenCache() *tokenCache { return &tokenCache{entries: map[string]tokenEntry{}} }

// get returns token's user when its entry is current at stamp and now.
func (c *tokenCache) get(token string, stamp int64, now time.Time) (models.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[token]
	if !ok || e.stamp != stamp || !now.Before(e.expires) {
		return models.User{}, false
	}
	return e.user, true
}

// put keeps token's user, read after stamp, until expires.
func (c *tokenCache) put(token string, u models.User, stamp int64, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedTokens {
		c.entries = map[string]tokenEntry{}
	}
	c.entries[token] = tokenEntry{user: u, stamp: stamp, expires: expires}
}

// readAuthStamp reads the auth stamp: one primary-key read of a one-row
// table.
func readAuthStamp(db *gorm.DB) (int64, error) {
	var n []int64
	if err := db.Model(&models.AuthStamp{}).Where("id = ?", 1).Pluck("n", &n).Error; err != nil {
		return 0, fmt.Errorf("read auth stamp: %w", err)
	}
	if len(n) == 0 {
		return 0, fmt.Errorf("read auth stamp: no row")
	}
	return n[0], nil
}

// bumpAuthStamp raises the auth stamp inside tx, the transaction of a change
// that can end or alter an access token's standing: a user's role, name,
// password or active flag, a login ended. Every instance then reads its
// cached users again.
func bumpAuthStamp(tx *gorm.DB) error {
	if err := tx.Model(&models.AuthStamp{}).Where("id = ?", 1).UpdateColumn("n", gorm.Expr("n + 1")).Error; err != nil {
		return fmt.Errorf("raise auth stamp: %w", err)
	}
	return nil
}

// RaiseAuthStamp raises the auth stamp on its own, for a change made
// outside the services, such as a restore that replaced every user: every
// instance then reads its cached users again.
func RaiseAuthStamp(ctx context.Context, db *gorm.DB) error {
	return bumpAuthStamp(db.WithContext(ctx))
}

// cachedUser returns the user of a token this instance verified before,
// when nothing has changed since; stamp is the current stamp, for put.
func (a *Auth) cachedUser(ctx context.Context, token string) (models.User, int64, bool, error) {
	stamp, err := readAuthStamp(a.db.WithContext(ctx))
	if err != nil {
		return models.User{}, 0, false, err
	}
	u, ok := a.tokens.get(token, stamp, a.clock())
	return u, stamp, ok, nil
}
