package race

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/models/migrations"
)

// TestClusterBookingRace: two instances, each on its own node, start
// together on an empty database (so they migrate it at once through two
// nodes), then receive 16 concurrent bookings of one venue slot by 16
// different organizers (so the venue is the only resource they share), 20
// rounds on 20 different days. Each round must have exactly one winner, and
// no two bookings of the venue may overlap in the database, read through
// either node.
func TestClusterBookingRace(t *testing.T) {
	const rounds, racers = 20, 16
	c := dbtest.OpenCluster(t, false)
	bin := buildBinary(t)
	var envs [][]string
	for _, addr := range c.Addrs {
		envs = append(envs, instanceEnv(addr))
	}
	began := time.Now()
	bases := startServers(t, bin, envs)
	t.Logf("two instances migrated the empty database through two nodes and are ready in %v",
		time.Since(began).Round(time.Millisecond))
	assertMigratedOnce(t, c.DBs)
	run(t, bin, envs[0], "user", "create", "--username", "racer", "--password", "race-password-1", "--role", "manager")
	c.Sync(t)
	before := certStats(t, c.DBs)
	organizers := make([]uint64, racers)
	for i := range organizers {
		u := models.User{Username: fmt.Sprintf("organizer%02d", i), Name: fmt.Sprintf("组织者 %d", i),
			Role: "staff", Active: true, PasswordHash: "-", Version: 1}
		if err := c.DBs[i%2].Create(&u).Error; err != nil {
			t.Fatal(err)
		}
		organizers[i] = u.ID
	}
	c.Sync(t)
	token, venue := stage(t, bases)
	c.Sync(t)

	var multi int
	raceBegan := time.Now()
	for round := 0; round < rounds; round++ {
		day := time.Date(2026, 6, 1+round, 19, 0, 0, 0, time.FixedZone("CST", 8*3600))
		began := time.Now()
		statuses := raceBookings(t, fmt.Sprintf("round %d ", round), bases, token, racers, func(i int) map[string]any {
			return map[string]any{"kind": "performance", "title": fmt.Sprintf("演出 %d-%d", round, i),
				"venue_id": venue, "organizer_id": organizers[i],
				"start": day.Format(time.RFC3339), "end": day.Add(time.Hour + time.Duration(i)*time.Minute).Format(time.RFC3339)}
		})
		t.Logf("round %2d: %d winner(s), %d conflict(s), %v", round+1, statuses[http.StatusCreated],
			statuses[http.StatusConflict], time.Since(began).Round(time.Millisecond))
		if statuses[http.StatusCreated] != 1 {
			multi++
			t.Errorf("round %d: statuses %v, want exactly one 201", round+1, statuses)
		}
	}
	t.Logf("%d rounds of %d racers in %v; the nodes aborted %d transactions that lost to another node's write",
		rounds, racers, time.Since(raceBegan).Round(time.Millisecond), certStats(t, c.DBs)-before)
	c.Sync(t)
	for i, db := range c.DBs {
		n := overlaps(t, db)
		var rows int64
		if err := db.Raw(`SELECT COUNT(*) FROM activities`).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		t.Logf("node %d: %d activities, %d overlapping pairs", i+1, rows, n)
		if n != 0 {
			t.Errorf("node %d: the self-join finds %d overlapping pairs", i+1, n)
		}
	}
	if multi > 0 {
		t.Errorf("%d of %d rounds had more or fewer than one winner", multi, rounds)
	}
}

// certStats sums, over the nodes, the transactions the cluster aborted
// because another node's write won: certification failures and
// brute-force aborts by replicated writes.
func certStats(t *testing.T, dbs []*gorm.DB) int64 {
	t.Helper()
	var sum int64
	for _, db := range dbs {
		var n int64
		if err := db.Raw(`SELECT COALESCE(SUM(VARIABLE_VALUE), 0) FROM information_schema.GLOBAL_STATUS
			WHERE VARIABLE_NAME IN ('wsrep_local_cert_failures', 'wsrep_local_bf_aborts')`).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		sum += n
	}
	return sum
}

// assertMigratedOnce checks, through each node, that schema_migrations
// holds every step exactly once and that the migration lock is free.
func assertMigratedOnce(t *testing.T, dbs []*gorm.DB) {
	t.Helper()
	want := slices.Sorted(slices.Values(migrations.IDs()))
	for i, db := range dbs {
		var ids []string
		if err := db.Raw("SELECT id FROM schema_migrations ORDER BY id").Scan(&ids).Error; err != nil {
			t.Fatalf("node %d: %v", i+1, err)
		}
		if fmt.Sprint(ids) != fmt.Sprint(want) {
			t.Errorf("node %d: schema_migrations holds %v, want each of %v once", i+1, ids, want)
		}
		var holders int64
		if err := db.Raw("SELECT COUNT(*) FROM schema_migration_lock WHERE holder <> ''").Scan(&holders).Error; err != nil {
			t.Fatalf("node %d: %v", i+1, err)
		}
		if holders != 0 {
			t.Errorf("node %d: the migration lock is still held", i+1)
		}
	}
}

// TestClusterConcurrentMigration: four instances, two on each node, migrate
// one empty database at once, five times over. Every one must succeed (a
// step applied twice fails: its table or column already exists), and each
// step must be recorded once.
func TestClusterConcurrentMigration(t *testing.T) {
	for round := range 5 {
		c := dbtest.OpenCluster(t, false)
		began := time.Now()
		var wg sync.WaitGroup
		errs := make([]error, 4)
		start := make(chan struct{})
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db, err := models.Open(c.Addrs[i%2])
				if err != nil {
					errs[i] = err
					return
				}
				defer func() {
					if s, err := db.DB(); err == nil {
						s.Close()
					}
				}()
				<-start
				errs[i] = migrations.Run(context.Background(), db)
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d: instance %d on node %d: %v", round+1, i, i%2+1, err)
			}
		}
		c.Sync(t)
		assertMigratedOnce(t, c.DBs)
		t.Logf("round %d: 4 instances through 2 nodes migrated in %v", round+1, time.Since(began).Round(time.Millisecond))
	}
}
