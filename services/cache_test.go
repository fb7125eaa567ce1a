package services_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
)

func generation(t *testing.T, db *gorm.DB) models.Generation {
	t.Helper()
	g, err := models.ReadGeneration(db)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestGenerationRaisedByWrites: which writes raise the data generation.
func TestGenerationRaisedByWrites(t *testing.T) {
	t.Parallel()
	db := dbtest.Open(t)
	ctx := context.Background()
	venue := models.Venue{Name: "厅", Active: true}
	cases := []struct {
		name  string
		write func() error
		moves bool
	}{
		{"a create outside a transaction", func() error { return db.Create(&venue).Error }, true},
		{"a transaction that writes", func() error {
			return services.Tx(ctx, db, func(tx *gorm.DB) error {
				return tx.Model(&models.Venue{}).Where("id = ?", venue.ID).Update("capacity", 10).Error
			})
		}, true},
		{"a transaction that only reads", func() error {
			return services.Tx(ctx, db, func(tx *gorm.DB) error {
				var n int64
				return tx.Model(&models.Venue{}).Count(&n).Error
			})
		}, false},
		{"a transaction that writes, then fails", func() error {
			err := services.Tx(ctx, db, func(tx *gorm.DB) error {
				if err := tx.Model(&models.Venue{}).Where("id = ?", venue.ID).Update("capacity", 20).Error; err != nil {
					return err
				}
				return errors.New("refused")
			})
			if err == nil {
				return errors.New("the transaction did not fail")
			}
			return nil
		}, false},
		{"an update that changes no row", func() error {
			return db.Model(&models.Venue{}).Where("id = ?", venue.ID+100).Update("capacity", 30).Error
		}, false},
		{"a raw UPDATE", func() error {
			return db.Exec("UPDATE venues SET capacity = capacity + 1 WHERE id = ?", venue.ID).Error
		}, true},
		{"a raw UPDATE in a transaction of GORM's", func() error {
			return db.Transaction(func(tx *gorm.DB) error {
				return tx.Exec("UPDATE venues SET capacity = capacity + 1 WHERE id = ?", venue.ID).Error
			})
		}, true},
		{"a raw UPDATE of the logins' stamp", func() error {
			return db.Exec("UPDATE `auth_stamps` SET n = n + 1").Error
		}, false},
		{"a raw INSERT", func() error {
			return db.Exec("INSERT INTO closures (date, name, created_at) VALUES ('2026-05-01', 'x', ?)", time.Now()).Error
		}, true},
		{"a row of the audit trail", func() error {
			return db.Create(&models.AuditEntry{At: time.Now(), Action: "x", Entity: "venue", EntityID: venue.ID}).Error
		}, false},
	}
	for _, c := range cases {
		before := generation(t, db)
		if err := c.write(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if moved := generation(t, db) != before; moved != c.moves {
			t.Errorf("%s: generation moved %v, want %v", c.name, moved, c.moves)
		}
	}
}

// TestCacheAcrossInstances: an answer is reused until a write through
// another connection pool on the same database (another instance).
func TestCacheAcrossInstances(t *testing.T) {
	t.Parallel()
	a, addr := dbtest.OpenAddr(t)
	b, err := models.Open(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s, err := b.DB(); err == nil {
			s.Close()
		}
	})
	ctx := context.Background()
	cache := services.NewCache(a, 0)
	computed := 0
	venues := func(ctx context.Context) (int64, error) {
		computed++
		var n int64
		return n, a.WithContext(ctx).Model(&models.Venue{}).Count(&n).Error
	}
	get := func(want int64, wantComputed int) {
		t.Helper()
		n, err := services.Cached(ctx, cache, "venues", venues)
		if err != nil {
			t.Fatal(err)
		}
		if n != want || computed != wantComputed {
			t.Fatalf("venues %d (computed %d times), want %d (%d times)", n, computed, want, wantComputed)
		}
	}
	get(0, 1)
	get(0, 1) // kept
	if err := b.Create(&models.Venue{Name: "厅", Active: true}).Error; err != nil {
		t.Fatal(err)
	}
	get(1, 2) // the other instance wrote
	get(1, 2)

}

// TestCacheRacedAnswerNotKept: an answer whose computation saw a write
// commit in the middle is returned but not kept.
func TestCacheRacedAnswerNotKept(t *testing.T) {
	t.Parallel()
	db := dbtest.Open(t)
	ctx := context.Background()
	cache := services.NewCache(db, 0)
	calls := 0
	compute := func(ctx context.Context) (int, error) {
		calls++
		if calls == 1 {
			// A write commits after the generation was read.
			if err := db.Create(&models.Venue{Name: "厅", Active: true}).Error; err != nil {
				return 0, err
			}
		}
		return calls, nil
	}
	for want := 1; want <= 3; want++ {
		got, err := services.Cached(ctx, cache, "k", compute)
		if err != nil {
			t.Fatal(err)
		}
		// 1: raced, not kept; 2: computed and kept; 3rd call: the kept 2.
		if w := min(want, 2); got != w {
			t.Fatalf("call %d: %d, want %d", want, got, w)
		}
	}
	if s := cache.Stats(); s.Raced != 1 || s.Misses != 2 || s.Hits != 1 {
		t.Errorf("stats %+v, want 1 raced, 2 misses, 1 hit", s)
	}
}

// TestCacheBound: past its bound the cache drops the least recently used
// answers, and a bound below zero keeps nothing.
func TestCacheBound(t *testing.T) {
	t.Parallel()
	db := dbtest.Open(t)
	ctx := context.Background()
	// Each answer is 1000 bytes of JSON plus the entry's overhead: a
	// 2500-byte bound holds two.
	cache := services.NewCache(db, 2500)
	big := func(ctx context.Context) ([]byte, error) { return make([]byte, 748), nil } // base64: 1000 bytes
	for _, k := range []string{"a", "b", "c"} {
		if _, err := services.Cached(ctx, cache, k, big); err != nil {
			t.Fatal(err)
		}
	}
	s := cache.Stats()
	if s.Entries != 2 || s.Evicted != 1 || s.Bytes > 2500 {
		t.Errorf("stats %+v, want 2 entries, 1 evicted, at most 2500 bytes", s)
	}
	off := services.NewCache(db, -1)
	for range 2 {
		if _, err := services.Cached(ctx, off, "a", big); err != nil {
			t.Fatal(err)
		}
	}
	if s := off.Stats(); s.Entries != 0 || s.Hits != 0 {
		t.Errorf("a cache turned off: %+v", s)
	}
}

// TestCacheSharesOneComputation: callers asking the same question at the
// same generation while it is computed wait for that computation, and a
// computation that panics still releases them.
func TestCacheSharesOneComputation(t *testing.T) {
	t.Parallel()
	db := dbtest.Open(t)
	ctx := context.Background()
	cache := services.NewCache(db, 0)
	release := make(chan struct{})
	var computed atomic.Int32
	slow := func(ctx context.Context) (int, error) {
		computed.Add(1)
		<-release
		return 7, nil
	}
	results := make(chan int, 4)
	for range 4 {
		go func() {
			v, err := services.Cached(ctx, cache, "k", slow)
			if err != nil {
				t.Error(err)
			}
			results <- v
		}()
	}
	// Let the four reach the cache before the computation ends.
	for deadline := time.Now().Add(5 * time.Second); computed.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	for range 4 {
		if v := <-results; v != 7 {
			t.Fatalf("answer %d, want 7", v)
		}
	}
	if n := computed.Load(); n != 1 {
		t.Errorf("computed %d times, want once", n)
	}

	func() {
		defer func() { _ = recover() }()
		_, _ = services.Cached(ctx, cache, "p", func(ctx context.Context) (int, error) { panic("boom") })
	}()
	done := make(chan struct{})
	go func() {
		_, _ = services.Cached(ctx, cache, "p", func(ctx context.Context) (int, error) { return 1, nil })
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a call after a panicking computation still waits for it")
	}
}
