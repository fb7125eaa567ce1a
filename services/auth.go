package services

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"centerstage/models"
)

// Token lifetimes and login throttling limits.
const (
	AccessTTL         = 15 * time.Minute
	RefreshTTL        = 30 * 24 * time.Hour
	MaxLoginFailures  = 5
	ThrottleWindow    = 15 * time.Minute
	DefaultBcryptCost = 12

	tokenIssuer   = "centerstage"
	tokenAudience = "centerstage-api"
)

// Auth logs users in and out, and turns access tokens back into actors.
type Auth struct {
	store
	clock      Clock
	key        []byte
	bcryptCost int
	// dummyHash is compared against when the user is unknown, so that an
	// unknown user costs as much time as a wrong password.
	dummyHash []byte
	// compareHash checks a password against a hash: bcrypt's, replaced only
	// by tests that count the comparisons.
	compareHash func(hash, password []byte) error
	// slots bounds the password checks running at once (hashSlots).
	slots chan struct{}
	// tokens keeps the users of verified access tokens (see tokenCache).
	tokens *tokenCache
}

// NewAuth returns the auth service signing with key. bcryptCost 0 means DefaultBcryptCost.
func NewAuth(db *gorm.DB, clock Clock, key []byte, bcryptCost int) *Auth {
	if bcryptCost == 0 {
		bcryptCost = DefaultBcryptCost
	}
	dummy, _ := bcrypt.GenerateFromPassword([]byte("not a real password"), bcryptCost)
	return &Auth{store: newStore(db), clock: clock, key: key, bcryptCost: bcryptCost, dummyHash: dummy,
		compareHash: bcrypt.CompareHashAndPassword, slots: make(chan struct{}, hashSlots()), tokens: newTokenCache()}
}

// Tokens is what a login or refresh hands out.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int
	User         models.User
}

// accessClaims are the claims of an access token. Gen is the user's token
// generation (raised by a password change or deactivation); Sid is the login
// (refresh-token family) the token belongs to, so that ending a login by
// logout or by a reused refresh token ends its access tokens too.
type accessClaims struct {
	Gen int64  `json:"gen"`
	Sid string `json:"sid"`
	jwt.RegisteredClaims
}

// badCredentials is the one answer to an unknown user, a wrong password and
// an inactive account alike; a fresh value each time, as callers may keep it.
func badCredentials() error {
	return Fail(Unauthorized, ReasonBadCredentials, nil, "wrong username or password")
}

// Login is LoginFrom without a client address: for logins not made over
// the network (commands, tests), which only the username throttle counts.
func (a *Auth) Login(ctx context.Context, username, password string) (*Tokens, error) {
	return a.LoginFrom(ctx, "", username, password)
}

// LoginFrom checks a username and password sent from the client address
// addr. Unknown users and wrong passwords fail alike, in the same time;
// MaxLoginFailures failures within ThrottleWindow lock the username for
// ThrottleWindow, and MaxLoginsPerAddress attempts not followed by a success
// refuse the address for the rest of the window, both counted in the
// database so every instance agrees. Each attempt is counted before its
// password is checked, so a burst of concurrent guesses gets no more than
// the limits allow, and a refused attempt is answered without hashing.
func (a *Auth) LoginFrom(ctx context.Context, addr, username, password string) (*Tokens, error) {
	now := a.clock().UTC()
	key := throttleKey(username)
	addr = addressKey(addr)
	if err := a.countAddress(ctx, addr, now); err != nil {
		return nil, err
	}
	if err := a.countAttempt(ctx, key, now); err != nil {
		return nil, err
	}
	var u models.User
	err := a.db.WithContext(ctx).Where("username = ?", username).Take(&u).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("load user %q: %w", username, err)
	}
	hash := a.dummyHash
	if err == nil {
		hash = []byte(u.PasswordHash)
	}
	matches, cerr := a.comparePassword(ctx, hash, []byte(password))
	if cerr != nil {
		return nil, cerr
	}
	if !matches || err != nil || !u.Active {
		if err := a.recordFailure(ctx, key, now); err != nil {
			return nil, err
		}
		return nil, badCredentials()
	}
	var t *Tokens
	err = a.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("username = ?", key).Delete(&models.LoginThrottle{}).Error; err != nil {
			return err
		}
		if err := a.giveAddressBack(tx, addr); err != nil {
			return err
		}
		var err error
		t, err = a.issue(tx, u, randomHex(16), now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("log in %q: %w", username, err)
	}
	return t, nil
}

// throttleKey is the username as the throttle table keeps it: at most 64
// characters (not bytes, so a multi-byte name is never cut inside a character,
// which MySQL would refuse), and the same key for reading and counting.
func throttleKey(username string) string {
	if utf8.RuneCountInString(username) <= 64 {
		return username
	}
	return string([]rune(username)[:64])
}

func throttled(wait time.Duration) error {
	mins := int(wait.Round(time.Minute) / time.Minute)
	if mins < 1 {
		mins = 1
	}
	e := Fail(Throttled, ReasonTooManyLogins, Params{"minutes": mins}, "too many failed logins; try again in %d minutes", mins)
	e.Details = map[string]any{"retry_after_seconds": int(wait.Seconds()) + 1}
	return e
}

// countAttempt refuses a locked username, and otherwise counts one attempt
// in its window before the password is checked. The count is of attempts not
// followed by a success (which deletes the row): failures plus attempts in
// flight. Once it reaches MaxLoginFailures, further attempts are refused until
// the window or the lock has passed.
func (a *Auth) countAttempt(ctx context.Context, key string, now time.Time) error {
	created := false
	err := a.tx(ctx, func(tx *gorm.DB) error {
		th, fresh, err := lockThrottle(tx, key, now)
		if err != nil {
			return err
		}
		created = fresh
		if th.LockedUntil != nil && th.LockedUntil.After(now) {
			return throttled(th.LockedUntil.Sub(now))
		}
		if th.LockedUntil != nil || now.Sub(th.WindowStart) >= ThrottleWindow {
			th.Failures, th.WindowStart, th.LockedUntil = 0, now, nil
		}
		if th.Failures >= MaxLoginFailures {
			// The last allowed attempts are still being checked.
			return throttled(ThrottleWindow)
		}
		th.Failures++
		return saveThrottle(tx, th)
	})
	if err != nil {
		return err
	}
	if created {
		return a.purgeThrottles(ctx, now)
	}
	return nil
}

// recordFailure keeps the failed attempt counted by countAttempt and locks
// the username once the window holds MaxLoginFailures of them.
func (a *Auth) recordFailure(ctx context.Context, key string, now time.Time) error {
	return a.tx(ctx, func(tx *gorm.DB) error {
		th, _, err := lockThrottle(tx, key, now)
		if err != nil {
			return err
		}
		if th.Failures == 0 {
			th.Failures = 1 // a concurrent success cleared the count meanwhile
		}
		if th.Failures >= MaxLoginFailures && th.LockedUntil == nil {
			until := now.Add(ThrottleWindow)
			th.LockedUntil = &until
		}
		return saveThrottle(tx, th)
	})
}

// lockThrottle returns the throttle row of key, locked, creating an empty one
// first if there is none (created). The insert does nothing when the row
// exists or a concurrent transaction creates it; the locking read then waits
// for that one.
func lockThrottle(tx *gorm.DB, key string, now time.Time) (th *models.LoginThrottle, created bool, err error) {
	fresh := models.LoginThrottle{Username: key, WindowStart: now}
	res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&fresh)
	if res.Error != nil {
		return nil, false, fmt.Errorf("create login throttle: %w", res.Error)
	}
	th = &models.LoginThrottle{}
	if err := lockedTake(tx, th, "username = ?", key); err != nil {
		return nil, false, fmt.Errorf("read login throttle: %w", err)
	}
	return th, res.RowsAffected > 0, nil
}

func saveThrottle(tx *gorm.DB, th *models.LoginThrottle) error {
	err := tx.Model(&models.LoginThrottle{}).Where("username = ?", th.Username).
		Select("failures", "window_start", "locked_until").Updates(th).Error
	if err != nil {
		return fmt.Errorf("save login throttle: %w", err)
	}
	return nil
}

// issue creates a refresh token in family and signs a fresh access token.
func (a *Auth) issue(tx *gorm.DB, u models.User, family string, now time.Time) (*Tokens, error) {
	raw := randomToken()
	rt := models.RefreshToken{UserID: u.ID, Family: family, TokenHash: hashToken(raw), ExpiresAt: now.Add(RefreshTTL), CreatedAt: now}
	if err := tx.Create(&rt).Error; err != nil {
		return nil, fmt.Errorf("store refresh token: %w", err)
	}
	access, err := a.sign(u, family, now)
	if err != nil {
		return nil, err
	}
	return &Tokens{AccessToken: access, RefreshToken: raw, ExpiresIn: int(AccessTTL / time.Second), User: u}, nil
}

func (a *Auth) sign(u models.User, family string, now time.Time) (string, error) {
	claims := accessClaims{Gen: u.TokenGen, Sid: family, RegisteredClaims: jwt.RegisteredClaims{
		Issuer: tokenIssuer, Audience: jwt.ClaimStrings{tokenAudience}, Subject: strconv.FormatUint(u.ID, 10),
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(AccessTTL)),
	}}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(a.key)
	if err != nil {
		return "", fmt.Errorf("sign access token: %w", err)
	}
	return s, nil
}

// Refresh trades a refresh token for new tokens. Each refresh token works
// once: presenting a used one again means it was stolen, so every token of
// that login is revoked.
func (a *Auth) Refresh(ctx context.Context, raw string) (*Tokens, error) {
	now := a.clock().UTC()
	var t *Tokens
	var reused string
	err := a.tx(ctx, func(tx *gorm.DB) error {
		reused = ""
		var rt models.RefreshToken
		if err := lockedTake(tx, &rt, "token_hash = ?", hashToken(raw)); err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return Fail(Unauthorized, ReasonRefreshInvalid, nil, "invalid refresh token")
			}
			return err
		}
		if rt.UsedAt != nil {
			reused = rt.Family
			return Fail(Unauthorized, ReasonRefreshReused, nil, "refresh token already used; please log in again")
		}
		if rt.RevokedAt != nil || !rt.ExpiresAt.After(now) {
			return Fail(Unauthorized, ReasonRefreshExpired, nil, "refresh token expired or revoked; please log in again")
		}
		res := tx.Model(&models.RefreshToken{}).Where("id = ? AND used_at IS NULL", rt.ID).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			reused = rt.Family
			return Fail(Unauthorized, ReasonRefreshReused, nil, "refresh token already used; please log in again")
		}
		var u models.User
		if err := tx.Take(&u, rt.UserID).Error; err != nil {
			return err
		}
		if !u.Active {
			return Fail(Unauthorized, ReasonDeactivated, nil, "account deactivated")
		}
		var err error
		t, err = a.issue(tx, u, rt.Family, now)
		return err
	})
	if reused != "" {
		if rerr := a.revokeFamily(ctx, reused, now); rerr != nil {
			return nil, rerr
		}
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (a *Auth) revokeFamily(ctx context.Context, family string, now time.Time) error {
	// In a transaction for its retries: two nodes revoking one family at
	// once conflict on a cluster, and the one that loses must still succeed.
	err := a.tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&models.RefreshToken{}).
			Where("family = ? AND revoked_at IS NULL", family).Update("revoked_at", now)
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		return bumpAuthStamp(tx)
	})
	if err != nil {
		return fmt.Errorf("revoke token family: %w", err)
	}
	return nil
}

// Logout revokes the refresh token and every token rotated from the same login.
// An unknown token is not an error: the caller is logged out either way.
func (a *Auth) Logout(ctx context.Context, raw string) error {
	var rt models.RefreshToken
	err := a.db.WithContext(ctx).Where("token_hash = ?", hashToken(raw)).Take(&rt).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find refresh token: %w", err)
	}
	return a.revokeFamily(ctx, rt.Family, a.clock().UTC())
}

// strictClaims holds a verified token to what this server signs: no crit
// header (no extension is understood), iat and exp as JSON numbers (the
// library also reads numbers in strings), and a lifetime of at most AccessTTL.
func strictClaims(tok *jwt.Token, raw string, c *accessClaims) bool {
	if _, has := tok.Header["crit"]; has || c.IssuedAt == nil || c.ExpiresAt == nil {
		return false
	}
	if c.ExpiresAt.Sub(c.IssuedAt.Time) > AccessTTL {
		return false
	}
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return false
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return false
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(payload, &fields) != nil {
		return false
	}
	for _, k := range []string{"iat", "exp"} {
		if v := fields[k]; len(v) == 0 || v[0] < '0' || v[0] > '9' {
			return false
		}
	}
	return true
}

// Authenticate verifies an access token and returns its user, who must still
// be active and not have changed password since the token was signed.
//
// A token verified before by this instance costs one read of the auth stamp
// while no change that could end or alter it has committed (see tokenCache).
func (a *Auth) Authenticate(ctx context.Context, token string) (models.User, error) {
	u, stamp, ok, err := a.cachedUser(ctx, token)
	if err != nil {
		return models.User{}, err
	}
	if ok {
		return u, nil
	}
	u, exp, err := a.authenticate(ctx, token)
	if err != nil {
		return models.User{}, err
	}
	// The stamp was read before the user: a change committed in between
	// leaves an entry that the next request already finds stale.
	a.tokens.put(token, u, stamp, exp)
	return u, nil
}

// authenticate verifies token and reads its user, returning the token's
// expiry too.
func (a *Auth) authenticate(ctx context.Context, token string) (models.User, time.Time, error) {
	var claims accessClaims
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(tokenIssuer), jwt.WithAudience(tokenAudience),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt(),
		// One token, one spelling: base64 with stray padding bits is refused.
		jwt.WithStrictDecoding(),
		jwt.WithTimeFunc(a.clock),
	)
	tok, err := parser.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return a.key, nil })
	if err != nil || !strictClaims(tok, token, &claims) {
		return models.User{}, time.Time{}, Fail(Unauthorized, ReasonTokenInvalid, nil, "invalid or expired access token")
	}
	id, err := strconv.ParseUint(claims.Subject, 10, 64)
	if err != nil {
		return models.User{}, time.Time{}, Fail(Unauthorized, ReasonTokenInvalid, nil, "invalid access token subject")
	}
	if claims.Sid == "" {
		return models.User{}, time.Time{}, Fail(Unauthorized, ReasonTokenInvalid, nil, "invalid access token: no login")
	}
	// One query per request: the user, provided the login (sid) still has a
	// refresh token that is not revoked (a rotated one is used, not revoked).
	var u models.User
	load := func(db *gorm.DB) error {
		return db.Where("id = ? AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family = ? AND r.user_id = users.id AND r.revoked_at IS NULL)", id, claims.Sid).
			Take(&u).Error
	}
	err = load(a.db.WithContext(ctx))
	if errors.Is(err, gorm.ErrRecordNotFound) && isMySQL(a.db) {
		err = loadCaughtUp(a.db.WithContext(ctx), load)
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return models.User{}, time.Time{}, Fail(Unauthorized, ReasonTokenRevoked, nil, "this login has ended; please log in again")
	}
	if err != nil {
		return models.User{}, time.Time{}, fmt.Errorf("load token user: %w", err)
	}
	if !u.Active || u.TokenGen != claims.Gen {
		return models.User{}, time.Time{}, Fail(Unauthorized, ReasonTokenRevoked, nil, "access token revoked; please log in again")
	}
	return u, claims.ExpiresAt.Time, nil
}

// loadCaughtUp runs load again after the node has applied every write the
// cluster committed before it (MariaDB Galera's wsrep_sync_wait), so a login
// made through another node a moment ago is seen. Only a refusal takes this
// path. Where the setting does not exist (MySQL), the first answer stands.
func loadCaughtUp(db *gorm.DB, load func(*gorm.DB) error) error {
	return db.Connection(func(conn *gorm.DB) error {
		c := conn.Session(&gorm.Session{NewDB: true})
		var was int
		if c.Raw("SELECT @@SESSION.wsrep_sync_wait").Scan(&was).Error != nil {
			return gorm.ErrRecordNotFound
		}
		if err := c.Exec("SET SESSION wsrep_sync_wait = 1").Error; err != nil {
			return fmt.Errorf("wait for the cluster: %w", err)
		}
		err := load(c)
		if rerr := c.Exec("SET SESSION wsrep_sync_wait = ?", was).Error; rerr != nil && err == nil {
			err = rerr
		}
		return err
	})
}

// HashPassword hashes a password with the service's bcrypt cost.
func (a *Auth) HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), a.bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// CheckPassword tells whether password is username's, whose stored hash is
// hash. It is counted by the login throttle exactly like a login, so someone
// holding a stolen session cannot guess the password faster than the login
// form allows; a locked username gets Throttled.
func (a *Auth) CheckPassword(ctx context.Context, username, hash, password string) (bool, error) {
	now := a.clock().UTC()
	key := throttleKey(username)
	if err := a.countAttempt(ctx, key, now); err != nil {
		return false, err
	}
	matches, err := a.comparePassword(ctx, []byte(hash), []byte(password))
	if err != nil {
		return false, err
	}
	if !matches {
		return false, a.recordFailure(ctx, key, now)
	}
	if err := a.db.WithContext(ctx).Where("username = ?", key).Delete(&models.LoginThrottle{}).Error; err != nil {
		return false, fmt.Errorf("clear login throttle: %w", err)
	}
	return true, nil
}

// revokeUser ends every login of user id: refresh tokens revoked, access tokens
// invalidated by raising the token generation.
func revokeUser(tx *gorm.DB, id uint64, now time.Time) error {
	if err := tx.Model(&models.RefreshToken{}).Where("user_id = ? AND revoked_at IS NULL", id).
		Update("revoked_at", now).Error; err != nil {
		return fmt.Errorf("revoke refresh tokens: %w", err)
	}
	return tx.Model(&models.User{}).Where("id = ?", id).
		UpdateColumn("token_gen", gorm.Expr("token_gen + 1")).Error
}

func hashToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

func randomToken() string {
	b := make([]byte, 32)
	mustRandom(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func randomHex(n int) string {
	b := make([]byte, n)
	mustRandom(b)
	return hex.EncodeToString(b)
}

func mustRandom(b []byte) {
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
}
