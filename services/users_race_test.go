package services_test

import (
	"context"
	"testing"

	"centerstage/models"
	"centerstage/services"
)

// Two admins deactivating each other at once: one wins, the other is refused
// because it would leave no active admin, and one admin stays active.
func TestLastAdminRace(t *testing.T) {
	t.Parallel()
	for round := 0; round < 5; round++ {
		e := newAuthEnv(t)
		e.addUser(t, "admin2", models.RoleAdmin)
		actors := []services.Actor{
			{UserID: e.ids["admin"], Username: "admin", Role: models.RoleAdmin},
			{UserID: e.ids["admin2"], Username: "admin2", Role: models.RoleAdmin},
		}
		targets := []uint64{e.ids["admin2"], e.ids["admin"]}
		got := raceResults(2, func(i int) error {
			_, err := e.users.Deactivate(context.Background(), actors[i], targets[i])
			return err
		})
		var active int64
		if err := e.db.Model(&models.User{}).Where("role = ? AND active = ?", models.RoleAdmin, true).Count(&active).Error; err != nil {
			t.Fatal(err)
		}
		if got[""] != 1 || got[services.Rule] != 1 || active != 1 {
			t.Fatalf("round %d: outcomes %v, %d active admins; want one success, one rule refusal, one admin", round, got, active)
		}
	}
}
