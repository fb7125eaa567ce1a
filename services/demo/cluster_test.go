package demo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/demo"
)

// A demo fill through node 1 of a two-node cluster while an instance on
// node 2 writes: the fill's transaction runs for seconds and 8 writes
// through node 2 commit meanwhile, each raising one generation slot. The
// fill raises one slot too, once, as its last statement; should it be one
// of theirs, the cluster aborts the fill and it is run again. The fill
// creates the center, and every write lands. Skips unless
// CENTERSTAGE_TEST_CLUSTER names two nodes (scripts/cluster/test.sh).
func TestClusterDemoFillBesideWrites(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return time.Date(2026, 6, 15, 12, 0, 0, 0, loc) }
	ctx := context.Background()
	wrote := make(chan error, 1)
	go func() {
		for i := range 8 {
			err := services.Tx(ctx, c.DBs[1], func(tx *gorm.DB) error {
				return tx.Create(&models.Closure{Date: fmt.Sprintf("2027-01-%02d", i+1), Name: "closed"}).Error
			})
			if err != nil {
				wrote <- err
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		wrote <- nil
	}()
	res, err := demo.Fill(ctx, c.DBs[0], clock, loc, demo.Options{Seed: 1, Password: "demo-password",
		HashPassword: func(p string) (string, error) { return "hash:" + p, nil }})
	if werr := <-wrote; werr != nil {
		t.Errorf("writes through node 2: %v", werr)
	}
	if err != nil || !res.Created {
		t.Fatalf("fill through node 1: %+v, %v; want the center created", res, err)
	}
}
