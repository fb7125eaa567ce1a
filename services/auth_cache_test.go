package services_test

import (
	"context"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/servicestest"
)

// Two instances (two Auth services with their own memory on one database)
// keep the users of the tokens they verified; every change made through one
// that ends or alters a token is refused or seen by the other at its next
// request, and a token already seen costs that instance one statement.
func TestCachedTokensAcrossInstances(t *testing.T) {
	e := newAuthEnv(t)
	ctx := context.Background()
	a, b := e.auth, e.newAuth()
	e.addUser(t, "zhang", models.RoleStaff)
	e.addUser(t, "wang", models.RoleStaff)
	e.addUser(t, "li", models.RoleStaff)
	stmts := servicestest.CountStatements(t, e.db)
	authenticate := func(inst *services.Auth, token string) (models.User, int, error) {
		stmts.Reset()
		u, err := inst.Authenticate(ctx, token)
		return u, stmts.N(), err
	}
	zhang, wang, li := e.login(t, "zhang"), e.login(t, "wang"), e.login(t, "li")
	for _, inst := range []*services.Auth{a, b} {
		for _, tok := range []*services.Tokens{zhang, wang, li} {
			// First sight: the stamp and the user (2 statements).
			if _, n, err := authenticate(inst, tok.AccessToken); err != nil || n != 2 {
				t.Fatalf("first use of %s's token: %v, %d statements, want 2", tok.User.Username, err, n)
			}
		}
	}
	// Seen before, nothing changed: the stamp alone.
	if u, n, err := authenticate(b, zhang.AccessToken); err != nil || n != 1 || u.ID != e.ids["zhang"] {
		t.Fatalf("cached token: %v, %d statements, user %d; want 1 statement, user %d", err, n, u.ID, e.ids["zhang"])
	}

	// A role changed through one instance is the role the other sees next.
	manager := models.RoleManager
	if _, err := e.users.Update(ctx, services.System, e.ids["zhang"], services.UserChange{Role: &manager}); err != nil {
		t.Fatal(err)
	}
	if u, _, err := authenticate(b, zhang.AccessToken); err != nil || u.Role != models.RoleManager {
		t.Fatalf("after the role change: %v, role %q, want manager", err, u.Role)
	}

	// Deactivated: both refuse at once.
	off := false
	if _, err := e.users.Update(ctx, services.System, e.ids["wang"], services.UserChange{Active: &off}); err != nil {
		t.Fatal(err)
	}
	for i, inst := range []*services.Auth{a, b} {
		_, _, err := authenticate(inst, wang.AccessToken)
		wantKind(t, "deactivated user through instance "+string(rune('A'+i)), err, services.Unauthorized)
	}

	// Logged out through A: B refuses the login's access token.
	if err := a.Logout(ctx, li.RefreshToken); err != nil {
		t.Fatal(err)
	}
	_, _, err := authenticate(b, li.AccessToken)
	wantKind(t, "ended login through B", err, services.Unauthorized)

	// Nothing of zhang's changed since: still one statement, until the
	// token expires, when the cache does not outlive it.
	if _, n, err := authenticate(b, zhang.AccessToken); err != nil || n > 2 {
		t.Fatalf("zhang after others' changes: %v, %d statements", err, n)
	}
	if _, n, err := authenticate(b, zhang.AccessToken); err != nil || n != 1 {
		t.Fatalf("zhang cached again: %v, %d statements, want 1", err, n)
	}
	e.clock.Advance(services.AccessTTL + time.Second)
	_, _, err = authenticate(b, zhang.AccessToken)
	wantKind(t, "expired cached token", err, services.Unauthorized)
}
