package counting_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"centerstage/models"
	"centerstage/services/counting"
)

// tallyCenter seeds a small year with every kind of line the tally has.
func tallyCenter(t *testing.T) (*center, uint64) {
	c := newCenter(t)
	s1, s2 := c.user("s1", models.RoleStaff), c.user("s2", models.RoleStaff)
	done := models.StatusCompleted
	team := c.team("腰鼓队", true)
	c.add(act{kind: "exhibition", start: "2026-02-01 09:00", status: done, actual: 300, staff: []uint64{s1}})
	sr := c.series()
	c.add(act{kind: "training", start: "2026-03-01 09:00", status: done, actual: 20, series: sr, staff: []uint64{s1}})
	c.add(act{kind: "training", start: "2026-03-08 09:00", status: done, actual: 18, series: sr, staff: []uint64{s1}})
	c.add(act{kind: "training", start: "2026-09-08 09:00", expected: 25, staff: []uint64{s2}})
	c.add(act{kind: "lecture", start: "2026-04-01 09:00", status: done, actual: 50, staff: []uint64{s2}, title: "书法讲座, \"入门\""})
	c.add(act{kind: "performance", start: "2026-05-01 19:00", status: done, actual: 400, staff: []uint64{s1, s2}, teams: []uint64{team}})
	c.add(act{kind: "team_activity", start: "2026-05-02 19:00", status: done, actual: 30, staff: []uint64{s2}, teams: []uint64{team}})
	c.add(act{kind: "outreach", start: "2026-05-03 09:00", status: done, staff: []uint64{s1}})
	c.add(act{kind: "outreach", start: "2026-07-03 09:00", status: models.StatusCancelled, staff: []uint64{s1}})
	_, err := c.targets.ApplyTemplate(context.Background(), c.admin, "duty-statement", 2026)
	c.must(err)
	return c, s1
}

func TestTallyOfficialReturn(t *testing.T) {
	t.Parallel()
	c, _ := tallyCenter(t)
	tally, err := c.reports.Tally(context.Background(), c.admin, 2026, "2026-06-15")
	c.must(err)
	got := map[string]int{}
	for _, l := range tally.Official {
		got[l.Code] = l.Value
	}
	want := map[string]int{
		"exhibitions":         1,  // the February exhibition
		"art_activities":      2,  // the performance and the team activity
		"training_classes":    1,  // one series (the September training is not yet held)
		"training_attendance": 38, // 20 + 18
		"lectures":            1,
		"teams_guided":        1, // 腰鼓队
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d", k, got[k], v)
		}
	}
	if len(tally.Summary) != 4 || len(tally.ByStaff) != 2*2 || len(tally.ByMonth) != 2+2*2 {
		t.Errorf("summary %d, by staff %d, by month %d", len(tally.Summary), len(tally.ByStaff), len(tally.ByMonth))
	}
	// editions of lectures and trainings: the series and the lecture actual, the September training scheduled.
	if s := tally.Summary[1]; s.Actual != 2 || s.Scheduled != 1 || s.Members != 1 {
		t.Errorf("editions summary: %+v", s)
	}
	// outreach person-days: s1 has 05-03, s2 none; two members, value 60 each.
	if s := tally.Summary[2]; s.Actual != 1 || s.Value != 120 || s.Members != 2 || s.Behind != 2 {
		t.Errorf("person-days summary: %+v", s)
	}
}

// TestTallyXLSXMatchesJSON reads the workbook back and compares every number
// with the JSON tally (each sheet: title, as-of line, header, then the rows).
func TestTallyXLSXMatchesJSON(t *testing.T) {
	t.Parallel()
	c, _ := tallyCenter(t)
	ctx := context.Background()
	tally, err := c.reports.Tally(ctx, c.admin, 2026, "2026-06-15")
	c.must(err)
	f := c.tallyXLSX(counting.LangEn)
	rows := func(sheet string) [][]string {
		r, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		c.must(err)
		return r
	}
	sum := rows(counting.SheetSummary)
	for i, s := range tally.Summary {
		r := sum[3+i]
		want := []string{s.Name, string(s.Metric), string(s.Scope), itoa(s.Members), itoa(s.Value), itoa(s.Actual), itoa(s.Scheduled),
			itoa(s.Projected), ftoa(s.ExpectedToDate), ftoa(s.CompletionRate), s.Status}
		compareRow(t, "Summary", r, want)
	}
	staff := rows(counting.SheetByStaff)
	for i, s := range tally.ByStaff {
		want := []string{s.StaffName, fmt.Sprint(*s.StaffID), s.Name, string(s.Metric), itoa(s.Value), itoa(s.TargetValue), "", "",
			itoa(s.Actual), itoa(s.Scheduled), itoa(s.Projected), ftoa(s.ExpectedToDate), ftoa(s.CompletionRate), itoa(s.Gap), s.Status}
		compareRow(t, "By staff", staff[3+i], want)
	}
	month := rows(counting.SheetByMonth)
	n := 3
	for _, it := range tally.ByMonth {
		for _, m := range it.Months {
			want := []string{it.Name, "", "", itoa(m.Month), itoa(m.Plan), itoa(m.Due), itoa(m.Actual), itoa(m.Carry)}
			r := month[n]
			want[1], want[2] = r[1], r[2] // names checked through By staff
			compareRow(t, "By month", r, want)
			n++
		}
		// the year row: value, actual and December's carry
		r := month[n]
		compareRow(t, "By month", r, []string{it.Name, r[1], r[2], "Year", itoa(it.Year.Value), "", itoa(it.Year.Actual), itoa(it.Year.Carry)})
		n++
	}
	if n != len(month) {
		t.Errorf("By month has %d rows, want %d", len(month), n)
	}
	off := rows(counting.SheetOfficial)
	for i, l := range tally.Official {
		compareRow(t, "Official return", off[3+i], []string{l.NameEn, l.Unit, itoa(l.Value), string(l.Metric)})
	}
	acts := rows(counting.SheetActivities)
	if len(acts) != 3+9 || acts[2][0] != "ID" || acts[3][1] != "exhibition" {
		t.Errorf("Activities: %d rows, first %v", len(acts), acts[:4])
	}
}

func compareRow(t *testing.T, sheet string, got, want []string) {
	t.Helper()
	for i, w := range want {
		if i >= len(got) || got[i] != w {
			t.Errorf("%s: row %v, want %v", sheet, got, want)
			return
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func TestActivitiesCSV(t *testing.T) {
	t.Parallel()
	c, _ := tallyCenter(t)
	var buf bytes.Buffer
	c.must(c.reports.WriteActivitiesCSV(context.Background(), c.admin,
		counting.ActivityRange{From: c.at("2026-03-01 00:00"), To: c.at("2026-05-02 00:00")}, counting.LangZh, &buf))
	if !strings.HasPrefix(buf.String(), "\uFEFF") {
		t.Fatal("no byte order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	c.must(err)
	// March's two trainings, the April lecture, the May 1 performance.
	if len(recs) != 1+4 || recs[0][0] != "编号" || recs[1][1] != "培训班" || recs[3][2] != "书法讲座, \"入门\"" || recs[4][10] != "腰鼓队" {
		t.Errorf("csv: %q", recs)
	}
	var all bytes.Buffer
	c.must(c.reports.Export(context.Background(), 2026, counting.FormatCSV, counting.LangEn, &all))
	if n := strings.Count(all.String(), "\n"); n != 1+9 {
		t.Errorf("year export has %d lines", n)
	}
}
