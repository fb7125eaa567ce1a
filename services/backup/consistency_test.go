package backup

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/servicestest"
)

// TestBackupWhileWritingIsConsistent takes backups while four writers
// create and delete activities (each a transaction of the activity, its
// staff and day rows and an audit entry), and finds every backup whole:
// the activities are exactly those created and not deleted by the audit,
// and every one has its derived rows, none left over. Tables read one after
// another outside one snapshot miss this at once.
func TestBackupWhileWritingIsConsistent(t *testing.T) {
	db := dbtest.Open(t)
	ctx := context.Background()
	audit := services.NewAudit(db, testClock)
	acts := services.NewActivities(db, testClock, shanghai, audit, counting.NewProgress(db, testClock, shanghai))
	const writers = 4
	staff := make([]uint64, writers)
	for i := range staff {
		staff[i] = servicestest.User(t, db, fmt.Sprintf("writer%d", i), models.RoleStaff)
	}
	// Bulk for the backup to read, so that writes land while it does.
	bulk := make([]models.AuditEntry, 10000)
	for i := range bulk {
		bulk[i] = models.AuditEntry{At: testNow, Action: "update", Entity: "setting", Before: `{"center_name":"旧"}`, After: `{"center_name":"新"}`}
	}
	must(t, db.CreateInBatches(bulk, 500).Error)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var written atomic.Int64
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Date(2026, 7, 1, 8, 0, 0, 0, shanghai)
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				at := start.Add(time.Duration(n) * time.Hour)
				a, err := acts.Create(ctx, services.System, services.ActivityInput{Kind: "training", Title: fmt.Sprintf("课 %d-%d", w, n),
					Start: at, End: at.Add(45 * time.Minute), Location: "教室", OrganizerID: staff[w], ExpectedAttendance: 20})
				if err == nil && n%3 == 2 { // every third one goes again
					err = acts.Delete(ctx, services.System, a.ID, a.Version)
				}
				if err != nil {
					errs <- err
					return
				}
				written.Add(1)
			}
		}()
	}
	for written.Load() < 20 {
		time.Sleep(5 * time.Millisecond)
	}
	for range 3 {
		before := written.Load()
		var buf bytes.Buffer
		m, err := New(db, testClock, "test").Write(ctx, &buf)
		if err != nil {
			close(stop)
			t.Fatal(err)
		}
		t.Logf("%d writes finished while the backup was read", written.Load()-before)
		checkWhole(t, buf.Bytes(), m)
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("writer: %v", err)
	}
}

// checkWhole holds one backup's activities to its audit and derived rows.
func checkWhole(t *testing.T, file []byte, m Manifest) {
	t.Helper()
	a, err := openArchive(bytes.NewReader(file), int64(len(file)))
	must(t, err)
	ids := func(table, col string, keep func(row map[string]any) bool) []string {
		var e TableEntry
		for _, x := range m.Tables {
			if x.Name == table {
				e = x
			}
		}
		seen := map[string]bool{}
		must(t, a.eachRow(e, nil, func(vals []any) error {
			row := map[string]any{}
			for i, c := range e.Columns {
				row[c.Name] = vals[i]
			}
			if keep == nil || keep(row) {
				seen[fmt.Sprint(row[col])] = true
			}
			return nil
		}))
		var out []string
		for id := range seen {
			out = append(out, id)
		}
		slices.Sort(out)
		return out
	}
	action := func(act string) func(map[string]any) bool {
		return func(r map[string]any) bool { return r["entity"] == "activity" && r["action"] == act }
	}
	created, deleted := ids("audit_entries", "entity_id", action("create")), ids("audit_entries", "entity_id", action("delete"))
	var alive []string
	for _, id := range created {
		if !slices.Contains(deleted, id) {
			alive = append(alive, id)
		}
	}
	got := ids("activities", "id", nil)
	if len(got) == 0 || !slices.Equal(got, alive) {
		t.Fatalf("backup holds %d activities, the audit says %d (created %d, deleted %d)", len(got), len(alive), len(created), len(deleted))
	}
	for _, derived := range []string{"activity_staff", "activity_days"} {
		if d := ids(derived, "activity_id", nil); !slices.Equal(d, got) {
			t.Fatalf("%s covers %d activities of %d", derived, len(d), len(got))
		}
	}
	t.Logf("a whole backup: %d activities alive of %d created", len(got), len(created))
}
