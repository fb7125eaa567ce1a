package services_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
)

// These tests run two copies of a service, each on its own node of a
// two-node cluster (MariaDB Galera), as two instances would; they skip unless
// CENTERSTAGE_TEST_CLUSTER names the nodes (scripts/cluster/test.sh).

// onNodes calls fn(i, node) from 2*perNode goroutines at once, alternating
// between the two nodes, and counts the outcomes by kind.
func onNodes(c *dbtest.Cluster, perNode int, fn func(i int, db *gorm.DB) error) map[services.ErrorKind]int {
	return raceResults(2*perNode, func(i int) error { return fn(i, c.DBs[i%2]) })
}

// Two instances starting together on an empty database, through different
// nodes, generate two different signing keys; both must end up with the one
// that was stored, or a token signed by one would be refused by the other.
func TestClusterSigningKeyIsShared(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	for round := range 10 {
		if err := c.DBs[0].Exec("DELETE FROM settings").Error; err != nil {
			t.Fatal(err)
		}
		c.Sync(t)
		keys := make([]string, 4)
		got := onNodes(c, 2, func(i int, db *gorm.DB) error {
			k, err := services.SigningKey(context.Background(), db, "", false)
			keys[i] = string(k)
			return err
		})
		if got[""] != 4 {
			t.Fatalf("round %d: outcomes %v, want 4 keys", round, got)
		}
		for i, k := range keys {
			if k != keys[0] || len(k) != 64 {
				t.Fatalf("round %d: instance %d got key %q, instance 0 %q", round, i, k, keys[0])
			}
		}
	}
}

// One refresh token presented to both nodes at once (a client retrying, or a
// thief racing the owner) gives at most one new session: exactly one
// refresh succeeds, the rest are refused, and the login's family holds the
// login's token plus that one.
func TestClusterRefreshTokenOnce(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	key := []byte("cluster-test-signing-key-0123456789abcdef")
	auths := []*services.Auth{services.NewAuth(c.DBs[0], clock, key, 4), services.NewAuth(c.DBs[1], clock, key, 4)}
	hash, err := auths[0].HashPassword("cluster-password")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DBs[0].Create(&models.User{Username: "owner", Name: "owner", Role: models.RoleStaff, Active: true,
		PasswordHash: hash, Version: 1}).Error; err != nil {
		t.Fatal(err)
	}
	c.Sync(t)
	for round := range 10 {
		tok, err := auths[round%2].Login(context.Background(), "owner", "cluster-password")
		if err != nil {
			t.Fatal(err)
		}
		got := onNodes(c, 4, func(i int, _ *gorm.DB) error {
			_, err := auths[i%2].Refresh(context.Background(), tok.RefreshToken)
			return err
		})
		if got[""] != 1 || got[services.Unauthorized] != 7 {
			t.Fatalf("round %d: outcomes %v, want one new session and 7 refusals", round, got)
		}
		c.Sync(t)
		var issued int64
		if err := c.DBs[1].Raw(`SELECT COUNT(*) FROM refresh_tokens WHERE family =
			(SELECT family FROM refresh_tokens WHERE token_hash = ?)`, sha256Hex(tok.RefreshToken)).
			Scan(&issued).Error; err != nil {
			t.Fatal(err)
		}
		if issued != 2 { // the login's token and the one refresh's
			t.Fatalf("round %d: the login's family holds %d tokens, want 2", round, issued)
		}
	}
}

// Failed logins through both nodes at once count in one place: of 10
// concurrent wrong guesses exactly MaxLoginFailures (5) are checked and the
// other 5 refused as throttled; then even the right password is throttled.
func TestClusterLoginThrottle(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	key := []byte("cluster-test-signing-key-0123456789abcdef")
	auths := []*services.Auth{services.NewAuth(c.DBs[0], clock, key, 4), services.NewAuth(c.DBs[1], clock, key, 4)}
	hash, err := auths[0].HashPassword("cluster-password")
	if err != nil {
		t.Fatal(err)
	}
	for round := range 5 {
		name := fmt.Sprintf("guessed%d", round)
		if err := c.DBs[0].Create(&models.User{Username: name, Name: name, Role: models.RoleStaff, Active: true,
			PasswordHash: hash, Version: 1}).Error; err != nil {
			t.Fatal(err)
		}
		c.Sync(t)
		got := onNodes(c, 5, func(i int, _ *gorm.DB) error {
			_, err := auths[i%2].Login(context.Background(), name, fmt.Sprintf("wrong-%d", i))
			return err
		})
		if got[services.Unauthorized] != services.MaxLoginFailures || got[services.Throttled] != 10-services.MaxLoginFailures {
			t.Fatalf("round %d: outcomes %v, want %d wrong-password answers and the rest throttled",
				round, got, services.MaxLoginFailures)
		}
		for node, a := range auths {
			if _, err := a.Login(context.Background(), name, "cluster-password"); !services.IsKind(err, services.Throttled) {
				t.Fatalf("round %d: right password through node %d after the burst: %v, want throttled", round, node+1, err)
			}
		}
	}
}

// Two admins deactivating each other through different nodes at once must
// not leave the center without an admin: each transaction reads the other
// as the remaining admin, which holds only if that read is a lock the
// cluster sees. Exactly one succeeds; the other is refused by the rule.
func TestClusterLastAdminKept(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	clock := func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }
	var users []*services.Users
	for _, db := range c.DBs {
		auth := services.NewAuth(db, clock, []byte("cluster-test-signing-key-0123456789abcdef"), 4)
		users = append(users, services.NewUsers(db, clock, auth, services.NewAudit(db, clock)))
	}
	for round := range 10 {
		var ids [2]uint64
		for i := range ids {
			u := models.User{Username: fmt.Sprintf("admin%d-%d", round, i), Name: "admin", Role: models.RoleAdmin,
				Active: true, PasswordHash: "x", Version: 1}
			if err := c.DBs[0].Create(&u).Error; err != nil {
				t.Fatal(err)
			}
			ids[i] = u.ID
		}
		c.Sync(t)
		got := onNodes(c, 1, func(i int, _ *gorm.DB) error {
			me := services.Actor{UserID: ids[i], Username: "admin", Role: models.RoleAdmin}
			_, err := users[i].Deactivate(context.Background(), me, ids[1-i])
			return err
		})
		c.Sync(t)
		var active int64
		if err := c.DBs[1].Model(&models.User{}).Where("role = ? AND active = ?", models.RoleAdmin, true).
			Count(&active).Error; err != nil {
			t.Fatal(err)
		}
		if got[""] != 1 || got[services.Rule] != 1 || active != 1 {
			t.Fatalf("round %d: outcomes %v, %d active admins; want one success, one refusal, one admin", round, got, active)
		}
		// The next round's pair are again the only admins.
		if err := c.DBs[0].Model(&models.User{}).Where("role = ?", models.RoleAdmin).Update("active", false).Error; err != nil {
			t.Fatal(err)
		}
		c.Sync(t)
	}
}

// sha256Hex is how refresh tokens are stored (models.RefreshToken).
func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
