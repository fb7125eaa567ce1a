package services_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/servicestest"
)

// authEnv is an auth fixture: one database, an adjustable clock, the auth and
// user services, and users by username (password authPassword).
type authEnv struct {
	db    *gorm.DB
	key   []byte
	clock *servicestest.Clock
	audit *services.Audit
	auth  *services.Auth
	users *services.Users
	ids   map[string]uint64
}

const authPassword = "a-long-enough-password"

func newAuthEnv(t *testing.T) *authEnv {
	t.Helper()
	e := &authEnv{db: dbtest.Open(t), key: []byte("0123456789abcdef0123456789abcdef"),
		clock: servicestest.NewClock(time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)), ids: map[string]uint64{}}
	e.audit = services.NewAudit(e.db, e.clock.Now)
	e.auth = e.newAuth()
	e.users = services.NewUsers(e.db, e.clock.Now, time.UTC, e.auth, e.audit)
	for _, r := range []string{models.RoleAdmin, models.RoleStaff} {
		e.addUser(t, r, r)
	}
	return e
}

// newAuth is another instance of the auth service on the same database and key.
func (e *authEnv) newAuth() *services.Auth {
	return services.NewAuth(e.db, e.clock.Now, e.key, bcrypt.MinCost)
}

func (e *authEnv) addUser(t *testing.T, username, role string) uint64 {
	t.Helper()
	u, err := e.users.Create(context.Background(), services.System,
		services.NewUser{Username: username, Password: authPassword, Role: role})
	if err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
	e.ids[username] = u.ID
	return u.ID
}

func (e *authEnv) login(t *testing.T, username string) *services.Tokens {
	t.Helper()
	tok, err := e.auth.Login(context.Background(), username, authPassword)
	if err != nil {
		t.Fatalf("log in %s: %v", username, err)
	}
	return tok
}

// refresh trades tok's refresh token for the next tokens of its login.
func (e *authEnv) refresh(t *testing.T, tok *services.Tokens) *services.Tokens {
	t.Helper()
	next, err := e.auth.Refresh(context.Background(), tok.RefreshToken)
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	return next
}

// wantKind fails unless err is a services error of kind k.
func wantKind(t *testing.T, what string, err error, k services.ErrorKind) {
	t.Helper()
	if !services.IsKind(err, k) {
		t.Fatalf("%s: err = %v, want kind %s", what, err, k)
	}
}

// claims are valid access-token claims for user id at now, in a live login
// of theirs; tests break one rule each.
func (e *authEnv) claims(id uint64) jwt.MapClaims {
	now := e.clock.Now()
	return jwt.MapClaims{"sub": strconv.FormatUint(id, 10), "gen": 0, "iss": "centerstage", "aud": []string{"centerstage-api"},
		"iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(), "sid": e.liveLogin(id)}
}

// liveLogin returns the id (refresh-token family) of a login of user id that
// has not ended, logging them in when they have none.
func (e *authEnv) liveLogin(id uint64) string {
	var families []string
	e.db.Model(&models.RefreshToken{}).Where("user_id = ? AND revoked_at IS NULL", id).Pluck("family", &families)
	if len(families) > 0 {
		return families[0]
	}
	for name, uid := range e.ids {
		if uid == id {
			if _, err := e.auth.Login(context.Background(), name, authPassword); err == nil {
				return e.liveLogin(id)
			}
		}
	}
	return ""
}

func (e *authEnv) signHS(t *testing.T, m jwt.SigningMethod, c jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, c).SignedString(e.key)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return s
}

func TestAccessTokenRules(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	staff := e.ids["staff"]
	without := func(key string) jwt.MapClaims { c := e.claims(staff); delete(c, key); return c }
	with := func(key string, v any) jwt.MapClaims { c := e.claims(staff); c[key] = v; return c }
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rs256, err := jwt.NewWithClaims(jwt.SigningMethodRS256, e.claims(staff)).SignedString(rsaKey)
	if err != nil {
		t.Fatal(err)
	}
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, e.claims(staff)).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	good := e.signHS(t, jwt.SigningMethodHS256, e.claims(staff))
	// The hand-made token passes, so each refusal below is due to the one rule it breaks.
	if u, err := e.auth.Authenticate(ctx, good); err != nil || u.ID != staff {
		t.Fatalf("hand-made valid token refused: %v", err)
	}
	parts := strings.Split(good, ".")
	forged := e.signHS(t, jwt.SigningMethodHS256, with("sub", strconv.FormatUint(e.ids["admin"], 10)))
	for _, c := range []struct{ name, token string }{
		{"tampered payload (admin's claims, staff's signature)", parts[0] + "." + strings.Split(forged, ".")[1] + "." + parts[2]},
		{"tampered signature", parts[0] + "." + parts[1] + "." + flipLast(parts[2])},
		{"HS384", e.signHS(t, jwt.SigningMethodHS384, e.claims(staff))},
		{"HS512", e.signHS(t, jwt.SigningMethodHS512, e.claims(staff))},
		{"RS256", rs256},
		{"alg none", none},
		{"wrong issuer", e.signHS(t, jwt.SigningMethodHS256, with("iss", "someone-else"))},
		{"missing issuer", e.signHS(t, jwt.SigningMethodHS256, without("iss"))},
		{"wrong audience", e.signHS(t, jwt.SigningMethodHS256, with("aud", []string{"another-api"}))},
		{"missing audience", e.signHS(t, jwt.SigningMethodHS256, without("aud"))},
		{"missing exp", e.signHS(t, jwt.SigningMethodHS256, without("exp"))},
		{"expired", e.signHS(t, jwt.SigningMethodHS256, with("exp", e.clock.Now().Add(-time.Second).Unix()))},
		{"issued in the future", e.signHS(t, jwt.SigningMethodHS256, with("iat", e.clock.Now().Add(time.Hour).Unix()))},
		{"other key", mustSign(t, jwt.SigningMethodHS256, e.claims(staff), []byte("another-key-of-32-bytes-or-more!!"))},
		{"old token generation", e.signHS(t, jwt.SigningMethodHS256, with("gen", 7))},
		{"unknown subject", e.signHS(t, jwt.SigningMethodHS256, with("sub", "999999"))},
		{"no login id", e.signHS(t, jwt.SigningMethodHS256, without("sid"))},
		{"unknown login id", e.signHS(t, jwt.SigningMethodHS256, with("sid", "0123456789abcdef0123456789abcdef"))},
		{"another user's login id", e.signHS(t, jwt.SigningMethodHS256, with("sid", e.liveLogin(e.ids["admin"])))},
		{"garbage", "not.a.token"},
		{"far-future exp", e.signHS(t, jwt.SigningMethodHS256, with("exp", e.clock.Now().Add(24*time.Hour*365).Unix()))},
		{"exp as a string", e.signHS(t, jwt.SigningMethodHS256, with("exp", strconv.FormatInt(e.clock.Now().Add(5*time.Minute).Unix(), 10)))},
		{"iat as a string", e.signHS(t, jwt.SigningMethodHS256, with("iat", strconv.FormatInt(e.clock.Now().Unix(), 10)))},
		{"no iat", e.signHS(t, jwt.SigningMethodHS256, without("iat"))},
		{"an unknown crit header", func() string {
			tok := jwt.NewWithClaims(jwt.SigningMethodHS256, e.claims(staff))
			tok.Header["crit"] = []string{"exp-policy"}
			tok.Header["exp-policy"] = "lenient"
			s, err := tok.SignedString(e.key)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}()},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.auth.Authenticate(ctx, c.token)
			wantKind(t, c.name, err, services.Unauthorized)
		})
	}
}

func mustSign(t *testing.T, m jwt.SigningMethod, c jwt.MapClaims, key []byte) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// flipLast changes the last base64url character of s.
func flipLast(s string) string {
	last := s[len(s)-1]
	repl := byte('A')
	if last == 'A' {
		repl = 'B'
	}
	return s[:len(s)-1] + string(repl)
}

func TestAccessTokenExpiresAfterFifteenMinutes(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	tok := e.login(t, "staff")
	if tok.ExpiresIn != 900 {
		t.Errorf("expires_in = %d, want 900", tok.ExpiresIn)
	}
	e.clock.Advance(14*time.Minute + 59*time.Second)
	if _, err := e.auth.Authenticate(ctx, tok.AccessToken); err != nil {
		t.Fatalf("token refused before expiry: %v", err)
	}
	e.clock.Advance(2 * time.Second)
	_, err := e.auth.Authenticate(ctx, tok.AccessToken)
	wantKind(t, "after 15 minutes", err, services.Unauthorized)
}

func TestRefreshTokenRotation(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	first := e.login(t, "staff")
	other := e.login(t, "staff") // a second login: another family
	second := e.refresh(t, first)
	if second.RefreshToken == first.RefreshToken || second.AccessToken == "" || second.User.ID != e.ids["staff"] {
		t.Fatalf("refresh did not rotate: %+v", second)
	}
	_, err := e.auth.Refresh(ctx, first.RefreshToken)
	wantKind(t, "reused refresh token", err, services.Unauthorized)
	_, err = e.auth.Refresh(ctx, second.RefreshToken)
	wantKind(t, "token rotated from a reused one", err, services.Unauthorized)
	if _, err := e.auth.Refresh(ctx, other.RefreshToken); err != nil {
		t.Errorf("another login's token was revoked too: %v", err)
	}
	var stored models.RefreshToken
	e.db.Order("id").First(&stored)
	if stored.TokenHash == first.RefreshToken || len(stored.TokenHash) != 64 {
		t.Errorf("refresh token not stored hashed: %q", stored.TokenHash)
	}
	_, err = e.auth.Refresh(ctx, "made-up")
	wantKind(t, "unknown refresh token", err, services.Unauthorized)
	// The reuse ended the whole login, its access tokens included.
	for _, tok := range []*services.Tokens{first, second} {
		_, err = e.auth.Authenticate(ctx, tok.AccessToken)
		wantKind(t, "access token of a login ended by reuse", err, services.Unauthorized)
	}
	if _, err := e.auth.Authenticate(ctx, other.AccessToken); err != nil {
		t.Errorf("another login's access token was refused: %v", err)
	}
}

func TestRefreshTokenExpires(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	tok := e.login(t, "staff")
	e.clock.Advance(services.RefreshTTL + time.Second)
	_, err := e.auth.Refresh(context.Background(), tok.RefreshToken)
	wantKind(t, "expired refresh token", err, services.Unauthorized)
}

func TestLogoutRevokesTheLogin(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	second := e.refresh(t, e.login(t, "staff"))
	if err := e.auth.Logout(ctx, second.RefreshToken); err != nil {
		t.Fatalf("logout: %v", err)
	}
	_, err := e.auth.Refresh(ctx, second.RefreshToken)
	wantKind(t, "refresh after logout", err, services.Unauthorized)
	_, err = e.auth.Authenticate(ctx, second.AccessToken)
	wantKind(t, "access token after logout", err, services.Unauthorized)
	if err := e.auth.Logout(ctx, "never-issued"); err != nil {
		t.Errorf("logout of an unknown token: %v", err)
	}
}

func TestPasswordChangeAndDeactivationEndLogins(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	newPass := "another-long-password"
	off := false
	for _, c := range []struct {
		name   string
		change services.UserChange
		actor  func(e *authEnv) services.Actor
	}{
		{"own password change", services.UserChange{Password: &newPass, CurrentPassword: ptr(authPassword)},
			func(e *authEnv) services.Actor {
				return services.Actor{UserID: e.ids["staff"], Username: "staff", Role: models.RoleStaff}
			}},
		{"password set by an admin", services.UserChange{Password: &newPass},
			func(e *authEnv) services.Actor {
				return services.Actor{UserID: e.ids["admin"], Username: "admin", Role: models.RoleAdmin}
			}},
		{"deactivation", services.UserChange{Active: &off},
			func(e *authEnv) services.Actor {
				return services.Actor{UserID: e.ids["admin"], Username: "admin", Role: models.RoleAdmin}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newAuthEnv(t)
			tok := e.login(t, "staff")
			adminTok := e.login(t, "admin")
			if _, err := e.users.Update(ctx, c.actor(e), e.ids["staff"], c.change); err != nil {
				t.Fatalf("update: %v", err)
			}
			_, err := e.auth.Authenticate(ctx, tok.AccessToken)
			wantKind(t, "old access token at once", err, services.Unauthorized)
			_, err = e.auth.Refresh(ctx, tok.RefreshToken)
			wantKind(t, "old refresh token", err, services.Unauthorized)
			if _, err := e.auth.Authenticate(ctx, adminTok.AccessToken); err != nil {
				t.Errorf("another user's login ended too: %v", err)
			}
			if c.change.Password != nil {
				if _, err := e.auth.Login(ctx, "staff", newPass); err != nil {
					t.Errorf("login with the new password: %v", err)
				}
			} else {
				_, err := e.auth.Login(ctx, "staff", authPassword)
				wantKind(t, "deactivated user logs in", err, services.Unauthorized)
			}
		})
	}
}

func TestLoginThrottlingAcrossInstances(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	a1, a2 := e.auth, e.newAuth()
	for i := 0; i < services.MaxLoginFailures; i++ {
		a := []*services.Auth{a1, a2}[i%2] // failures spread over two instances
		_, err := a.Login(ctx, "staff", "wrong password")
		wantKind(t, "wrong password", err, services.Unauthorized)
	}
	for _, a := range []*services.Auth{a1, a2} {
		_, err := a.Login(ctx, "staff", authPassword)
		wantKind(t, "right password while locked", err, services.Throttled)
	}
	var se *services.Error
	_, err := a2.Login(ctx, "staff", authPassword)
	if !errors.As(err, &se) || se.Details["retry_after_seconds"] == nil {
		t.Errorf("throttled error lacks retry_after_seconds: %v", err)
	}
	if _, err := a1.Login(ctx, "admin", authPassword); err != nil {
		t.Errorf("another username was locked too: %v", err)
	}
	e.clock.Advance(services.ThrottleWindow - time.Second)
	_, err = a1.Login(ctx, "staff", authPassword)
	wantKind(t, "just before the lock ends", err, services.Throttled)
	e.clock.Advance(2 * time.Second)
	if _, err := a2.Login(ctx, "staff", authPassword); err != nil {
		t.Fatalf("login after the lock ended: %v", err)
	}
}

func TestLoginThrottlingWindowAndSuccessReset(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	fail := func(n int) {
		t.Helper()
		for i := 0; i < n; i++ {
			_, err := e.auth.Login(ctx, "staff", "wrong password")
			wantKind(t, "wrong password", err, services.Unauthorized)
		}
	}
	// Four failures, then the window passes: four more do not lock.
	fail(4)
	e.clock.Advance(services.ThrottleWindow)
	fail(4)
	e.login(t, "staff")
	// A success clears the count: four more failures still do not lock.
	fail(4)
	e.login(t, "staff")
	// But five in one window do.
	fail(5)
	_, err := e.auth.Login(ctx, "staff", authPassword)
	wantKind(t, "five failures in one window", err, services.Throttled)
	// Unknown usernames are throttled alike, so probing them is no faster.
	for i := 0; i < 5; i++ {
		_, _ = e.auth.Login(ctx, "nobody", "x")
	}
	_, err = e.auth.Login(ctx, "nobody", "x")
	wantKind(t, "unknown user after five failures", err, services.Throttled)
}

func TestUnknownUserAndWrongPasswordFailAlike(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	off := false
	e.addUser(t, "retired", models.RoleStaff)
	if _, err := e.users.Update(ctx, services.System, e.ids["retired"], services.UserChange{Active: &off}); err != nil {
		t.Fatal(err)
	}
	_, wrong := e.auth.Login(ctx, "staff", "wrong password")
	_, unknown := e.auth.Login(ctx, "no-such-user", "wrong password")
	_, inactive := e.auth.Login(ctx, "retired", authPassword)
	if wrong == nil || unknown == nil || inactive == nil {
		t.Fatalf("a bad login succeeded: %v %v %v", wrong, unknown, inactive)
	}
	if wrong.Error() != unknown.Error() || wrong.Error() != inactive.Error() {
		t.Errorf("failures differ: wrong password %q, unknown user %q, inactive user %q", wrong, unknown, inactive)
	}
}

func TestBcryptDefaultCost(t *testing.T) {
	t.Parallel()
	if services.DefaultBcryptCost < 12 {
		t.Fatalf("DefaultBcryptCost = %d, want at least 12", services.DefaultBcryptCost)
	}
	a := services.NewAuth(dbtest.Open(t), time.Now, []byte("k"), 0)
	h, err := a.HashPassword("a-long-enough-password")
	if err != nil {
		t.Fatal(err)
	}
	if cost, err := bcrypt.Cost([]byte(h)); err != nil || cost < 12 {
		t.Errorf("hash cost = %d (%v), want at least 12", cost, err)
	}
}

func TestSigningKey(t *testing.T) {
	t.Parallel()
	db := dbtest.Open(t)
	ctx := context.Background()
	if _, err := services.SigningKey(ctx, db, "", true); err == nil {
		t.Error("production without a secret accepted")
	}
	if _, err := services.SigningKey(ctx, db, "short", false); err == nil {
		t.Error("a short secret accepted")
	}
	k1, err := services.SigningKey(ctx, db, "", false)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := services.SigningKey(ctx, db, "", false)
	if err != nil || string(k1) != string(k2) || len(k1) < services.MinSecretLen {
		t.Errorf("generated keys differ or are short: %q %q (%v)", k1, k2, err)
	}
}

// A long name of multi-byte characters is counted, not cut inside a character
// (MySQL refused that, a 500) and not keyed differently for reading (never locked).
func TestLongMultibyteUsernameIsThrottled(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	name := strings.Repeat("中", 70)
	for i := 0; i < services.MaxLoginFailures; i++ {
		_, err := e.auth.Login(ctx, name, "wrong password")
		wantKind(t, "long multi-byte username", err, services.Unauthorized)
	}
	_, err := e.auth.Login(ctx, name, "wrong password")
	wantKind(t, "long multi-byte username after five failures", err, services.Throttled)
}
