package server

import (
	"context"
	"testing"

	"centerstage/models"
	"centerstage/services"
)

// Each instance keeps the users of the tokens it has seen; a change through
// one instance is answered by the other at the very next request: a
// demoted manager is refused a managers' route, a deactivated user and an
// ended login get 401.
func TestTokenChangesSeenByAnotherInstance(t *testing.T) {
	t.Parallel()
	env := newTestServer(t)
	b := env.sibling(t)
	ctx := context.Background()
	// Both instances have seen every token once.
	for _, srv := range []*Server{env.srv, b.srv} {
		for _, role := range []string{"manager", "staff", "viewer"} {
			if code, body := env.getVia(t, srv, role, "/me"); code != 200 {
				t.Fatalf("%s: GET /me %d %s", role, code, body)
			}
		}
		if code, body := env.getVia(t, srv, "manager", "/audit"); code != 200 {
			t.Fatalf("manager: GET /audit %d %s", code, body)
		}
	}

	viewer := models.RoleViewer
	if _, err := env.svc.Users.Update(ctx, services.System, env.users["manager"].ID, services.UserChange{Role: &viewer}); err != nil {
		t.Fatal(err)
	}
	if code, body := env.getVia(t, b.srv, "manager", "/audit"); code != 403 {
		t.Errorf("demoted manager through the other instance: %d %s, want 403", code, body)
	}

	off := false
	if _, err := env.svc.Users.Update(ctx, services.System, env.users["staff"].ID, services.UserChange{Active: &off}); err != nil {
		t.Fatal(err)
	}
	if code, body := env.getVia(t, b.srv, "staff", "/me"); code != 401 {
		t.Errorf("deactivated user through the other instance: %d %s, want 401", code, body)
	}

	// The viewer logs in again and out through this instance: the other
	// refuses that login's access token.
	tok, err := env.svc.Auth.Login(ctx, "viewer", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	env.tokens["viewer2"] = tok.AccessToken
	if code, _ := env.getVia(t, b.srv, "viewer2", "/me"); code != 200 {
		t.Fatalf("new login through the other instance: %d", code)
	}
	if err := env.svc.Auth.Logout(ctx, tok.RefreshToken); err != nil {
		t.Fatal(err)
	}
	if code, body := env.getVia(t, b.srv, "viewer2", "/me"); code != 401 {
		t.Errorf("ended login through the other instance: %d %s, want 401", code, body)
	}
	// The first login of the viewer goes on.
	if code, body := env.getVia(t, b.srv, "viewer", "/me"); code != 200 {
		t.Errorf("the viewer's other login: %d %s, want 200", code, body)
	}
}
