package services_test

import (
	"context"
	"testing"
	"time"

	"centerstage/models/dbtest"
	"centerstage/services"
)

// A scoped change locks every covered member, the target included, in id
// order, so two scoped changes of one series made from different members
// cannot deadlock. Here another transaction holds the third member while the
// fifth is changed with scope all: the change must be waiting at the third
// member without holding the fifth (locking the target first would hold it,
// and a change from the third member locking the fifth next would deadlock).
// Row locks exist only on MySQL.
func TestScopedChangeLocksInIDOrder(t *testing.T) {
	if !dbtest.IsMySQL() {
		t.Skip("row locks are taken on MySQL only; set " + dbtest.MySQLEnv)
	}
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	res := s.weekly(t)
	third, fifth := res.Activities[2], res.Activities[4]
	if third.ID > fifth.ID {
		t.Fatalf("members not created in start order: %d, %d", third.ID, fifth.ID)
	}
	holder := s.db.Begin()
	s.must(holder.Exec("SELECT id FROM activities WHERE id = ? FOR UPDATE", third.ID).Error)
	done := make(chan error, 1)
	go func() {
		_, err := s.acts.Update(ctx, s.staff[0], fifth.ID, services.ActivityPatch{Version: fifth.Version, Title: ptr("x")},
			services.ScopeAll)
		done <- err
	}()
	time.Sleep(500 * time.Millisecond) // let the change reach the held row and wait there
	select {
	case err := <-done:
		holder.Rollback()
		t.Fatalf("the change did not wait for the held member: %v", err)
	default:
	}
	probe := s.db.Begin()
	probeErr := probe.Exec("SELECT id FROM activities WHERE id = ? FOR UPDATE NOWAIT", fifth.ID).Error
	probe.Rollback()
	holder.Rollback()
	if err := <-done; err != nil {
		t.Fatalf("the change after the holder let go: %v", err)
	}
	if probeErr != nil {
		t.Fatalf("the fifth member was locked while the change waited for the third (target locked first): %v", probeErr)
	}
}
