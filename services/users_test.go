package services_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"centerstage/models"
	"centerstage/services"
)

func adminActor(e *authEnv, name string) services.Actor {
	return services.Actor{UserID: e.ids[name], Username: name, Role: models.RoleAdmin}
}

func TestLastActiveAdminStays(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	admin := e.ids["admin"]
	staffRole, off := models.RoleStaff, false
	_, err := e.users.Update(ctx, adminActor(e, "admin"), admin, services.UserChange{Role: &staffRole})
	wantKind(t, "demote the only admin", err, services.Rule)
	_, err = e.users.Deactivate(ctx, adminActor(e, "admin"), admin)
	wantKind(t, "deactivate the only admin", err, services.Rule)

	// An inactive second admin does not count.
	second := e.addUser(t, "admin2", models.RoleAdmin)
	if _, err := e.users.Update(ctx, adminActor(e, "admin"), second, services.UserChange{Active: &off}); err != nil {
		t.Fatalf("deactivate the second admin: %v", err)
	}
	_, err = e.users.Update(ctx, adminActor(e, "admin"), admin, services.UserChange{Role: &staffRole})
	wantKind(t, "demote with only an inactive second admin", err, services.Rule)

	// With another active admin, the first may step down.
	on := true
	if _, err := e.users.Update(ctx, adminActor(e, "admin"), second, services.UserChange{Active: &on}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.users.Update(ctx, adminActor(e, "admin"), admin, services.UserChange{Role: &staffRole}); err != nil {
		t.Fatalf("demote with a second admin: %v", err)
	}
	_, err = e.users.Deactivate(ctx, adminActor(e, "admin2"), second)
	wantKind(t, "deactivate the admin left", err, services.Rule)
	var n int64
	e.db.Model(&models.User{}).Where("role = ? AND active = ?", models.RoleAdmin, true).Count(&n)
	if n != 1 {
		t.Errorf("%d active admins, want 1", n)
	}
}

func TestUserPermissions(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	staff := services.Actor{UserID: e.ids["staff"], Username: "staff", Role: models.RoleStaff}
	manager := services.Actor{UserID: e.addUser(t, "manager", models.RoleManager), Username: "manager", Role: models.RoleManager}
	name, role := "新名字", models.RoleAdmin
	for _, c := range []struct {
		name string
		err  error
	}{
		{"staff creates a user", errOf(e.users.Create(ctx, staff, services.NewUser{Username: "x1", Password: authPassword, Role: "staff"}))},
		{"manager creates a user", errOf(e.users.Create(ctx, manager, services.NewUser{Username: "x2", Password: authPassword, Role: "staff"}))},
		{"staff renames another", errOf(e.users.Update(ctx, staff, e.ids["admin"], services.UserChange{Name: &name}))},
		{"staff promotes self", errOf(e.users.Update(ctx, staff, staff.UserID, services.UserChange{Role: &role}))},
		{"manager deactivates staff", errOf(e.users.Deactivate(ctx, manager, staff.UserID))},
	} {
		wantKind(t, c.name, c.err, services.Forbidden)
	}
	if _, err := e.users.Update(ctx, staff, staff.UserID, services.UserChange{Name: &name}); err != nil {
		t.Errorf("staff renames self: %v", err)
	}
	_, err := e.users.Create(ctx, adminActor(e, "admin"), services.NewUser{Username: "staff", Password: authPassword, Role: "staff"})
	wantKind(t, "duplicate username", err, services.Conflict)
	var entries int64
	e.db.Model(&models.AuditEntry{}).Where("entity = ? AND entity_id = ? AND action = ?", "user", staff.UserID, "update").Count(&entries)
	if entries != 1 {
		t.Errorf("%d audit entries for the rename, want 1", entries)
	}
}

func errOf[T any](_ T, err error) error { return err }

func TestUserNameUTF8MB4RoundTrip(t *testing.T) {
	t.Parallel()
	e := newAuthEnv(t)
	ctx := context.Background()
	name := "𠮷田 明 🎻"
	u, err := e.users.Create(ctx, adminActor(e, "admin"), services.NewUser{Username: "yoshida", Password: authPassword, Name: name, Role: "staff"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.users.Get(ctx, services.System, u.ID)
	if err != nil || got.Name != name {
		t.Errorf("name = %q (%v), want %q", got.Name, err, name)
	}
	list, _, err := e.users.List(ctx, services.System, services.UserFilter{Query: "𠮷"})
	if err != nil || len(list) != 1 || list[0].Name != name {
		t.Errorf("search by 𠮷 = %v (%v)", list, err)
	}
}

// TestOwnPasswordChangeNeedsCurrent: users changing their own password prove
// they know the present one; an admin resetting someone else's need not.
func TestOwnPasswordChangeNeedsCurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	newPass := "a-brand-new-password"
	staffSelf := func(e *authEnv) services.Actor {
		return services.Actor{UserID: e.ids["staff"], Username: "staff", Role: models.RoleStaff}
	}
	for _, c := range []struct {
		name    string
		actor   func(e *authEnv) services.Actor
		target  string
		current *string
		problem string // the current_password problem; "" means the change succeeds
	}{
		{"own change without the current password", staffSelf, "staff", nil, "is required"},
		{"own change with an empty current password", staffSelf, "staff", ptr(""), "is required"},
		{"own change with a wrong current password", staffSelf, "staff", ptr("not-the-password"), "is not your current password"},
		{"an admin's own change without the current password", func(e *authEnv) services.Actor { return adminActor(e, "admin") }, "admin", nil, "is required"},
		{"own change with the current password", staffSelf, "staff", ptr(authPassword), ""},
		{"an admin resets someone else's without it", func(e *authEnv) services.Actor { return adminActor(e, "admin") }, "staff", nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newAuthEnv(t)
			tok := e.login(t, c.target)
			id := e.ids[c.target]
			before := userRow(t, e, id)
			_, err := e.users.Update(ctx, c.actor(e), id, services.UserChange{Password: &newPass, CurrentPassword: c.current})
			if c.problem != "" {
				wantKind(t, "update", err, services.Invalid)
				var se *services.Error
				errors.As(err, &se)
				if len(se.Fields) != 1 || se.Fields["current_password"].Message != c.problem {
					t.Errorf("fields = %v, want only current_password: %q", se.Fields, c.problem)
				}
				if after := userRow(t, e, id); after != before {
					t.Errorf("a refused change changed the user: %+v, was %+v", after, before)
				}
				if _, err := e.auth.Authenticate(ctx, tok.AccessToken); err != nil {
					t.Errorf("a refused change ended the login: %v", err)
				}
				// A wrong current password counts as one failed login; a missing
				// one was never checked and counts nothing.
				var failures int64
				e.db.Model(&models.LoginThrottle{}).Select("COALESCE(SUM(failures), 0)").Scan(&failures)
				want := int64(0)
				if c.current != nil && *c.current != "" {
					want = 1
				}
				if failures != want {
					t.Errorf("%d failed logins counted, want %d", failures, want)
				}
				if _, err := e.auth.Login(ctx, c.target, authPassword); err != nil {
					t.Errorf("the old password stopped working: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("update: %v", err)
			}
			_, err = e.auth.Login(ctx, c.target, authPassword)
			wantKind(t, "log in with the old password", err, services.Unauthorized)
			if _, err := e.auth.Login(ctx, c.target, newPass); err != nil {
				t.Errorf("log in with the new password: %v", err)
			}
			_, err = e.auth.Authenticate(ctx, tok.AccessToken)
			wantKind(t, "the access token in use", err, services.Unauthorized)
		})
	}
}

// userRowState is what a refused change must leave as it was.
type userRowState struct {
	Hash             string
	Version, Gen     int64
	LiveRefreshToken int64
}

func userRow(t *testing.T, e *authEnv, id uint64) userRowState {
	t.Helper()
	var u models.User
	if err := e.db.Take(&u, id).Error; err != nil {
		t.Fatal(err)
	}
	s := userRowState{Hash: u.PasswordHash, Version: u.Version, Gen: u.TokenGen}
	e.db.Model(&models.RefreshToken{}).Where("user_id = ? AND revoked_at IS NULL", id).Count(&s.LiveRefreshToken)
	return s
}

// Guessing the current password through a session is throttled like the
// login form: after MaxLoginFailures wrong guesses even the right one is
// refused with Throttled, and so is a login.
func TestCurrentPasswordGuessesAreThrottled(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	e := newAuthEnv(t)
	self := services.Actor{UserID: e.ids["staff"], Username: "staff", Role: models.RoleStaff}
	newPass := "a-brand-new-password"
	for i := 1; i <= services.MaxLoginFailures; i++ {
		wrong := fmt.Sprintf("guess-number-%d", i)
		_, err := e.users.Update(ctx, self, e.ids["staff"], services.UserChange{Password: &newPass, CurrentPassword: &wrong})
		wantKind(t, fmt.Sprintf("guess %d", i), err, services.Invalid)
	}
	right := authPassword
	_, err := e.users.Update(ctx, self, e.ids["staff"], services.UserChange{Password: &newPass, CurrentPassword: &right})
	wantKind(t, "the right password after five wrong ones", err, services.Throttled)
	_, err = e.auth.Login(ctx, "staff", authPassword)
	wantKind(t, "a login after five wrong guesses", err, services.Throttled)
}
