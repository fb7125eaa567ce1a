package services

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

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
}

// NewAuth returns the auth service signing with key. bcryptCost 0 means DefaultBcryptCost.
func NewAuth(db *gorm.DB, clock Clock, key []byte, bcryptCost int) *Auth {
	if bcryptCost == 0 {
		bcryptCost = DefaultBcryptCost
	}
	dummy, _ := bcrypt.GenerateFromPassword([]byte("not a real password"), bcryptCost)
	return &Auth{store: newStore(db), clock: clock, key: key, bcryptCost: bcryptCost, dummyHash: dummy}
}

// Tokens is what a login or refresh hands out.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int
	User         models.User
}

// accessClaims are the claims of an access token.
type accessClaims struct {
	Gen int64 `json:"gen"`
	jwt.RegisteredClaims
}

var errBadCredentials = Errorf(Unauthorized, "wrong username or password")

// Login checks a username and password. Unknown users and wrong passwords fail
// alike; MaxLoginFailures failures within ThrottleWindow lock the username for
// ThrottleWindow, counted in the database so every instance agrees.
func (a *Auth) Login(ctx context.Context, username, password string) (*Tokens, error) {
	now := a.clock().UTC()
	var th models.LoginThrottle
	err := a.db.WithContext(ctx).Where("username = ?", throttleKey(username)).Take(&th).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("read login throttle: %w", err)
	}
	if err == nil && th.LockedUntil != nil && th.LockedUntil.After(now) {
		return nil, throttled(th.LockedUntil.Sub(now))
	}
	var u models.User
	err = a.db.WithContext(ctx).Where("username = ?", username).Take(&u).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("load user %q: %w", username, err)
	}
	hash := a.dummyHash
	if err == nil {
		hash = []byte(u.PasswordHash)
	}
	ok := bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil && err == nil && u.Active
	if !ok {
		if err := a.recordFailure(ctx, username, now); err != nil {
			return nil, err
		}
		return nil, errBadCredentials
	}
	var t *Tokens
	err = a.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("username = ?", username).Delete(&models.LoginThrottle{}).Error; err != nil {
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
	return &Error{Kind: Throttled, Message: fmt.Sprintf("too many failed logins; try again in %d minutes", mins),
		Details: map[string]any{"retry_after_seconds": int(wait.Seconds()) + 1}}
}

// recordFailure counts one failed login in the username's current window.
func (a *Auth) recordFailure(ctx context.Context, username string, now time.Time) error {
	username = throttleKey(username)
	return a.tx(ctx, func(tx *gorm.DB) error {
		var th models.LoginThrottle
		err := lockedTake(tx, &th, "username = ?", username)
		if errors.Is(err, gorm.ErrRecordNotFound) {
			th = models.LoginThrottle{Username: username, Failures: 1, WindowStart: now}
			return tx.Create(&th).Error
		}
		if err != nil {
			return fmt.Errorf("read login throttle: %w", err)
		}
		if now.Sub(th.WindowStart) >= ThrottleWindow {
			th.Failures, th.WindowStart, th.LockedUntil = 0, now, nil
		}
		th.Failures++
		if th.Failures >= MaxLoginFailures {
			until := now.Add(ThrottleWindow)
			th.LockedUntil = &until
		}
		return tx.Save(&th).Error
	})
}

// issue creates a refresh token in family and signs a fresh access token.
func (a *Auth) issue(tx *gorm.DB, u models.User, family string, now time.Time) (*Tokens, error) {
	raw := randomToken()
	rt := models.RefreshToken{UserID: u.ID, Family: family, TokenHash: hashToken(raw), ExpiresAt: now.Add(RefreshTTL), CreatedAt: now}
	if err := tx.Create(&rt).Error; err != nil {
		return nil, fmt.Errorf("store refresh token: %w", err)
	}
	access, err := a.sign(u, now)
	if err != nil {
		return nil, err
	}
	return &Tokens{AccessToken: access, RefreshToken: raw, ExpiresIn: int(AccessTTL / time.Second), User: u}, nil
}

func (a *Auth) sign(u models.User, now time.Time) (string, error) {
	claims := accessClaims{Gen: u.TokenGen, RegisteredClaims: jwt.RegisteredClaims{
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
				return Errorf(Unauthorized, "invalid refresh token")
			}
			return err
		}
		if rt.UsedAt != nil {
			reused = rt.Family
			return Errorf(Unauthorized, "refresh token already used; please log in again")
		}
		if rt.RevokedAt != nil || !rt.ExpiresAt.After(now) {
			return Errorf(Unauthorized, "refresh token expired or revoked; please log in again")
		}
		res := tx.Model(&models.RefreshToken{}).Where("id = ? AND used_at IS NULL", rt.ID).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			reused = rt.Family
			return Errorf(Unauthorized, "refresh token already used; please log in again")
		}
		var u models.User
		if err := tx.Take(&u, rt.UserID).Error; err != nil {
			return err
		}
		if !u.Active {
			return Errorf(Unauthorized, "account deactivated")
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
	err := a.db.WithContext(ctx).Model(&models.RefreshToken{}).
		Where("family = ? AND revoked_at IS NULL", family).Update("revoked_at", now).Error
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

// Authenticate verifies an access token and returns its user, who must still
// be active and not have changed password since the token was signed.
func (a *Auth) Authenticate(ctx context.Context, token string) (models.User, error) {
	var claims accessClaims
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(tokenIssuer), jwt.WithAudience(tokenAudience),
		jwt.WithExpirationRequired(), jwt.WithIssuedAt(),
		jwt.WithTimeFunc(a.clock),
	)
	_, err := parser.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return a.key, nil })
	if err != nil {
		return models.User{}, Errorf(Unauthorized, "invalid or expired access token")
	}
	id, err := strconv.ParseUint(claims.Subject, 10, 64)
	if err != nil {
		return models.User{}, Errorf(Unauthorized, "invalid access token subject")
	}
	var u models.User
	if err := a.db.WithContext(ctx).Take(&u, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return models.User{}, Errorf(Unauthorized, "invalid access token subject")
		}
		return models.User{}, fmt.Errorf("load token user: %w", err)
	}
	if !u.Active || u.TokenGen != claims.Gen {
		return models.User{}, Errorf(Unauthorized, "access token revoked; please log in again")
	}
	return u, nil
}

// HashPassword hashes a password with the service's bcrypt cost.
func (a *Auth) HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), a.bcryptCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
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
