package counting_test

import (
	"context"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services/counting"
	"centerstage/services/servicestest"
)

// TestApplyTemplateRace applies one template from many goroutines at once.
// However the inserts interleave, the year ends with each target once, the
// "created" counts of all callers add up to the template's size, and there is
// exactly one audit entry per target row, naming a row that exists.
func TestApplyTemplateRace(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	const n = 8
	created := make([]int, n)
	got := servicestest.Race(n, func(i int) error {
		res, err := c.targets.ApplyTemplate(context.Background(), c.admin, "duty-statement", 2026)
		created[i] = res.Created
		if err == nil && len(res.Targets) != 4 {
			t.Errorf("caller %d sees %d targets, want 4", i, len(res.Targets))
		}
		return err
	})
	if got[""] != n {
		t.Fatalf("outcomes %v, want %d successes", got, n)
	}
	sum := 0
	for _, k := range created {
		sum += k
	}
	// duty-statement has 4 targets: exactly 4 inserts happened, whoever made them.
	if sum != 4 {
		t.Errorf("created counts %v add up to %d, want 4", created, sum)
	}
	c.assertTargetAudits(2026, 4)
}

// TestApplyTemplateCountsOnlyItsOwnInserts pins down the interleaving the
// goroutine race above only hits by luck: another transaction inserts one of
// the template's names after ApplyTemplate has read the year's names and
// before its own insert. On MySQL the apply's insert waits on the other
// transaction's row lock and then finds the name taken; on SQLite it waits
// for the write lock. Either way the apply creates the three other targets
// and must say 3, with three audit entries, not 4.
func TestApplyTemplateCountsOnlyItsOwnInserts(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	other := c.db.Begin()
	c.must(other.Error)
	c.must(other.Create(&models.Target{Year: 2026, Name: "基层辅导天次", Metric: "person_days", Kinds: "outreach",
		Scope: "each_staff", StaffIDs: "", Value: 60, Version: 1}).Error)
	type result struct {
		res counting.ApplyResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := c.targets.ApplyTemplate(context.Background(), c.admin, "duty-statement", 2026)
		done <- result{res, err}
	}()
	if !c.waitForLockWait() {
		other.Rollback()
		<-done
		t.Fatal("the apply never waited for the other transaction's lock")
	}
	c.must(other.Commit().Error)
	r := <-done
	c.must(r.err)
	// 4 targets in the template - 1 inserted by the other transaction = 3.
	if r.res.Created != 3 || len(r.res.Targets) != 4 {
		t.Errorf("apply after a concurrent insert: created %d of %d targets, want 3 of 4", r.res.Created, len(r.res.Targets))
	}
	// The other transaction wrote no audit entry: 3 entries for 4 targets.
	var targets, audits int64
	c.must(c.db.Model(&models.Target{}).Where("year = ?", 2026).Count(&targets).Error)
	c.must(c.db.Model(&models.AuditEntry{}).Where("entity = ? AND action = ?", "target", "create").Count(&audits).Error)
	if targets != 4 || audits != 3 {
		t.Errorf("%d targets and %d create audits, want 4 and 3", targets, audits)
	}
}

// waitForLockWait reports once the apply is inserting targets, which it does
// only after reading the year's names (MySQL); on SQLite, where the apply
// waits for the write lock at BEGIN IMMEDIATE, it pauses long enough for the
// apply to get there.
func (c *center) waitForLockWait() bool {
	if !dbtest.IsMySQL() {
		time.Sleep(300 * time.Millisecond)
		return true
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var n int64
		c.must(c.db.Raw("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE db = DATABASE() AND info LIKE ?",
			"INSERT INTO `targets`%").Scan(&n).Error)
		if n > 0 {
			return true
		}
		time.Sleep(5 * time.Millisecond)
	}
	return false
}

// assertTargetAudits checks that year has want targets and that every target
// create audit entry names an existing target, one entry each.
func (c *center) assertTargetAudits(year int, want int64) {
	c.t.Helper()
	var targets, audits, orphans int64
	c.must(c.db.Model(&models.Target{}).Where("year = ?", year).Count(&targets).Error)
	c.must(c.db.Model(&models.AuditEntry{}).Where("entity = ? AND action = ?", "target", "create").Count(&audits).Error)
	c.must(c.db.Model(&models.AuditEntry{}).Where("entity = ? AND action = ?", "target", "create").
		Where("entity_id NOT IN (?)", c.db.Model(&models.Target{}).Select("id")).Count(&orphans).Error)
	if targets != want || audits != want || orphans != 0 {
		c.t.Errorf("%d targets, %d create audits (%d naming no target), want %d, %d, 0", targets, audits, orphans, want, want)
	}
}
