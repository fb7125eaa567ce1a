package counting_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"centerstage/models"
	"centerstage/services/counting"
)

// TestExportsNameEveryReference holds the activity list of both exports to
// the stored rows: the venue, organizer, station, staff and teams by name
// (staff and teams in id order, joined with 、), empty where there is none,
// the activities by start and then id; and a list of a hundred staff with
// long names comes out whole (30,000 bytes of names, far over what MySQL
// joins by default).
func TestExportsNameEveryReference(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	ctx := context.Background()
	long := make([]uint64, 100)
	var longNames []string
	for i := range long {
		name := fmt.Sprintf("%03d", i) + strings.Repeat("文", 97)
		u := models.User{Username: fmt.Sprintf("long%03d", i), Name: name, Role: models.RoleStaff, Active: true, PasswordHash: "x", Version: 1}
		c.must(c.db.Create(&u).Error)
		long[i], longNames = u.ID, append(longNames, name)
	}
	a, b := c.user("甲", models.RoleStaff), c.user("乙", models.RoleStaff)
	drums, fans := c.team("腰鼓队", true), c.team("扇子舞队", true)
	st := c.station("东风街道文化站", a)
	v := models.Venue{Name: "多功能厅", Capacity: 100, Active: true, Version: 1}
	c.must(c.db.Create(&v).Error)
	// Listed as b, a and fans, drums: the export names them in id order.
	full := c.add(act{kind: "performance", start: "2026-04-01 19:00", staff: []uint64{b, a}, teams: []uint64{fans, drums}, station: st})
	c.must(c.db.Model(&models.Activity{}).Where("id = ?", full).Updates(map[string]any{"venue_id": v.ID,
		"location": "二楼", "notes": "加演一场", "status": models.StatusCancelled, "cancel_reason": "暴雨"}).Error)
	crowd := c.add(act{kind: "lecture", start: "2026-04-01 09:00", staff: long})
	bare := c.add(act{kind: "lecture", start: "2026-04-01 09:00", staff: []uint64{a}})
	c.add(act{kind: "lecture", start: "2025-12-31 09:00", staff: []uint64{a}}) // another year

	var buf bytes.Buffer
	c.must(c.reports.WriteActivitiesCSV(ctx, c.admin, counting.ActivityRange{Year: 2026}, counting.LangZh, &buf))
	recs := c.csvRecords(&buf)
	// id, venue, location, organizer, staff, teams, station, status, notes, cancel reason
	pick := func(r []string) []string {
		return []string{r[0], r[6], r[7], r[8], r[9], r[10], r[11], r[14], r[16], r[17]}
	}
	want := [][]string{
		// 09:00 twice: by id, the crowd first.
		{fmt.Sprint(crowd), "", "", longNames[0], strings.Join(longNames, "、"), "", "", "计划中", "", ""},
		{fmt.Sprint(bare), "", "", "甲", "甲", "", "", "计划中", "", ""},
		{fmt.Sprint(full), "多功能厅", "二楼", "乙", "甲、乙", "腰鼓队、扇子舞队", "东风街道文化站", "已取消", "加演一场", "暴雨"},
	}
	if len(recs) != 1+len(want) {
		t.Fatalf("%d records, want a header and %d", len(recs), len(want))
	}
	for i, w := range want {
		if got := pick(recs[1+i]); strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("csv line %d\n got %q\nwant %q", i+1, got, w)
		}
	}

	f := c.tallyXLSX(counting.LangZh)
	rows, err := f.GetRows(counting.SheetActivities)
	c.must(err)
	if len(rows) != 3+len(want) {
		t.Fatalf("Activities has %d rows, want 3 title and header rows and %d", len(rows), len(want))
	}
	for i, w := range want {
		r := append(rows[3+i], make([]string, 18)...)
		if got := pick(r); strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("workbook line %d\n got %q\nwant %q", i+1, got, w)
		}
	}
}
