package services_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
)

var idemAdmin = services.Actor{UserID: 1, Username: "admin", Role: models.RoleAdmin}

// createVenueOnce is Idempotency.Do of a venue create through db: the
// answer's body is the new venue's id.
func createVenueOnce(ctx context.Context, db *gorm.DB, key, name string) (services.Answer, bool, error) {
	clock := func() time.Time { return time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC) }
	idem := services.NewIdempotency(db, clock)
	venues := services.NewVenues(db, clock, services.NewAudit(db, clock))
	return idem.Do(ctx, services.IdempotentRequest{UserID: idemAdmin.UserID, Key: key, Fingerprint: "fp-" + name},
		func(ctx context.Context) (services.Answer, error) {
			v, err := venues.Create(ctx, idemAdmin, services.NewVenue{Name: name, Capacity: 10})
			if err != nil {
				return services.Answer{}, err
			}
			return services.Answer{Status: 201, ContentType: "text/plain", Body: []byte(strconv.FormatUint(v.ID, 10))}, nil
		})
}

// raceOneKey sends the create of one key from n goroutines through dbs in
// turn and checks that all got the same success and one row was written.
// settle runs before the rows are counted.
func raceOneKey(t *testing.T, dbs []*gorm.DB, count *gorm.DB, round, n int, settle func()) {
	t.Helper()
	key, name := fmt.Sprintf("race-%d", round), fmt.Sprintf("排练厅%d", round)
	bodies := make([]string, n)
	errs := make([]error, n)
	raceResults(n, func(i int) error {
		a, _, err := createVenueOnce(context.Background(), dbs[i%len(dbs)], key, name)
		bodies[i], errs[i] = string(a.Body), err
		return err
	})
	settle()
	for i := range n {
		if errs[i] != nil || bodies[i] == "" || bodies[i] != bodies[0] {
			t.Errorf("round %d, request %d: answer %q, %v; first %q", round, i, bodies[i], errs[i], bodies[0])
		}
	}
	var venues, keys int64
	if err := count.Model(&models.Venue{}).Where("name = ?", name).Count(&venues).Error; err != nil {
		t.Fatal(err)
	}
	if err := count.Model(&models.IdempotencyKey{}).Where("idempotency_key = ?", key).Count(&keys).Error; err != nil {
		t.Fatal(err)
	}
	if venues != 1 || keys != 1 {
		t.Errorf("round %d: %d venues and %d keys, want 1 and 1", round, venues, keys)
	}
}

// Concurrent retries of one create, on two handles of one database (two
// instances), write one row and all answer the first's answer.
func TestConcurrentIdempotentCreatesWriteOneRow(t *testing.T) {
	t.Parallel()
	db, addr := dbtest.OpenAddr(t)
	other := dbtest.Connect(t, addr, models.Options{})
	for round := range 5 {
		raceOneKey(t, []*gorm.DB{db, other}, db, round, 8, func() {})
	}
}

// A create that fails rolls its key back with it: the same key then
// creates, once.
func TestFailedCreateKeepsNoKey(t *testing.T) {
	t.Parallel()
	db := dbtest.Open(t)
	ctx := context.Background()
	idem := services.NewIdempotency(db, time.Now)
	req := services.IdempotentRequest{UserID: 1, Key: "k", Fingerprint: "f"}
	_, _, err := idem.Do(ctx, req, func(ctx context.Context) (services.Answer, error) {
		if err := db.WithContext(ctx).Create(&models.Venue{Name: "半途而废", Active: true, Version: 1}).Error; err != nil {
			return services.Answer{}, err
		}
		return services.Answer{}, services.Errorf(services.Conflict, "refused after a write")
	})
	wantKind(t, "the failing create", err, services.Conflict)
	var venues, keys int64
	db.Model(&models.Venue{}).Count(&venues)
	db.Model(&models.IdempotencyKey{}).Count(&keys)
	if venues != 0 || keys != 0 {
		t.Errorf("after a failed create: %d venues, %d keys; want none (its write ran in the key's transaction)", venues, keys)
	}
	if _, _, err := createVenueOnce(ctx, db, "k", "第二次"); err != nil {
		t.Errorf("the same key after the failure: %v", err)
	}
}

// The same key sent to two nodes of a cluster at once writes one row: the
// two commits conflict on the key's unique index, and the one that loses
// is run again and answers the winner's answer.
func TestClusterIdempotencyKeyOnce(t *testing.T) {
	c := dbtest.OpenCluster(t, true)
	for round := range 20 {
		raceOneKey(t, c.DBs, c.DBs[0], round, 4, func() { c.Sync(t) })
	}
}
