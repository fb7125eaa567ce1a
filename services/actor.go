package services

import (
	"time"

	"centerstage/models"
)

// Actor is the authenticated caller of a service method.
type Actor struct {
	UserID    uint64
	Username  string
	Role      string
	RequestID string
}

// System is the actor of command-line and start-up work.
var System = Actor{Username: "system", Role: models.RoleAdmin}

// IsAdmin reports whether the actor administers the center.
func (a Actor) IsAdmin() bool { return a.Role == models.RoleAdmin }

// IsManager reports whether the actor may act on everyone's work (managers and admins).
func (a Actor) IsManager() bool { return a.Role == models.RoleManager || a.Role == models.RoleAdmin }

// CanWrite reports whether the actor may change anything at all.
func (a Actor) CanWrite() bool { return a.Role != models.RoleViewer && a.Role != "" }

// Clock tells the time; tests pass a fixed one.
type Clock func() time.Time

// SystemClock is the real clock.
func SystemClock() time.Time { return time.Now() }

// requireManager refuses anyone but managers and admins.
func requireManager(a Actor) error {
	if !a.IsManager() {
		return Fail(Forbidden, ReasonManagerOnly, nil, "only a manager or admin may do this")
	}
	return nil
}

// requireAdmin refuses anyone but admins.
func requireAdmin(a Actor) error {
	if !a.IsAdmin() {
		return Fail(Forbidden, ReasonAdminOnly, nil, "only an admin may do this")
	}
	return nil
}

// RequireManager refuses anyone but managers and admins.
func RequireManager(a Actor) error { return requireManager(a) }

// RequireAdmin refuses anyone but admins.
func RequireAdmin(a Actor) error { return requireAdmin(a) }
