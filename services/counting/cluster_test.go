package counting_test

import (
	"context"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/servicestest"
)

// Runs two copies of the targets service, each on its own node of a
// two-node cluster, as two instances would; skips unless
// CENTERSTAGE_TEST_CLUSTER names the nodes (scripts/cluster/test.sh).

// Two managers applying one template through different nodes at once
// create each target once: the created counts add up to the template's 4.
func TestClusterApplyTemplateOnce(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	clock := func() time.Time { return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC) }
	admin := models.User{Username: "admin", Name: "admin", Role: models.RoleAdmin, Active: true, PasswordHash: "x", Version: 1}
	if err := c.DBs[0].Create(&admin).Error; err != nil {
		t.Fatal(err)
	}
	c.Sync(t)
	actor := services.Actor{UserID: admin.ID, Username: "admin", Role: models.RoleAdmin}
	targets := []*counting.Targets{
		counting.NewTargets(c.DBs[0], clock, services.NewAudit(c.DBs[0], clock)),
		counting.NewTargets(c.DBs[1], clock, services.NewAudit(c.DBs[1], clock)),
	}
	for round := range 5 {
		year := 2026 + round
		created := make([]int, 8)
		got := servicestest.Race(8, func(i int) error {
			res, err := targets[i%2].ApplyTemplate(context.Background(), actor, "duty-statement", year)
			created[i] = res.Created
			return err
		})
		sum := 0
		for _, n := range created {
			sum += n
		}
		c.Sync(t)
		var rows int64
		if err := c.DBs[1].Model(&models.Target{}).Where("year = ?", year).Count(&rows).Error; err != nil {
			t.Fatal(err)
		}
		// duty-statement has 4 targets: 4 rows, 4 inserts counted, whoever made them.
		if got[""] != 8 || sum != 4 || rows != 4 {
			t.Fatalf("round %d: outcomes %v, created %v (sum %d), %d rows; want 8 successes, 4 created, 4 rows",
				round, got, created, sum, rows)
		}
	}
}
