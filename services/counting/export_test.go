package counting_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/glossary"
)

// setCenterName names the center, as its workbooks' titles show it.
func (c *center) setCenterName(name string) {
	_, err := services.NewSettings(c.db, services.NewAudit(c.db, func() time.Time { return c.now })).
		Update(context.Background(), c.admin, services.SettingsChange{CenterName: &name})
	c.must(err)
}

// openXLSX reads a workbook back; it is closed when the test ends.
func (c *center) openXLSX(r io.Reader) *excelize.File {
	f, err := excelize.OpenReader(r)
	c.must(err)
	c.t.Cleanup(func() { f.Close() })
	return f
}

// tallyXLSX is the tally workbook of 2026 as of 2026-06-15 in lang, read back.
func (c *center) tallyXLSX(lang string) *excelize.File {
	var buf bytes.Buffer
	c.must(c.reports.WriteTallyXLSX(context.Background(), c.admin, 2026, "2026-06-15", lang, &buf))
	return c.openXLSX(&buf)
}

// csvRecords reads the records of a CSV export, its byte order mark taken off.
func (c *center) csvRecords(buf *bytes.Buffer) [][]string {
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	c.must(err)
	return recs
}

// appGlossary is the app's own glossary, read from its locale files as the
// binary embeds them.
func appGlossary(t testing.TB) *glossary.Glossary {
	t.Helper()
	files := map[string][]byte{}
	for lang, name := range map[string]string{"zh": "glossary.zh-CN.json", "en": "glossary.en.json"} {
		b, err := os.ReadFile("../../frontend/src/i18n/locales/" + name)
		if err != nil {
			t.Fatal(err)
		}
		files[lang] = b
	}
	g, err := glossary.Parse(files)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestTallyXLSXReadsLikeADocument reads the workbook back: the same numbers
// as the JSON, in typed cells with their number formats, under the app's
// words, with a title naming the center, a bold frozen filtered header and
// A4 landscape print set-up repeating the header rows.
func TestTallyXLSXReadsLikeADocument(t *testing.T) {
	t.Parallel()
	c, _ := tallyCenter(t)
	ctx := context.Background()
	name := "示例区文化馆"
	c.setCenterName(name)
	tally, err := c.reports.Tally(ctx, c.admin, 2026, "2026-06-15")
	c.must(err)
	f := c.tallyXLSX(counting.LangZh)
	get := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref)
		c.must(err)
		return v
	}
	raw := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		c.must(err)
		return v
	}
	// Titles: center, year and what; then as of when.
	if got := get(counting.SheetSummary, "A1"); got != "示例区文化馆 2026年度业务统计表" {
		t.Errorf("title %q", got)
	}
	if got := get(counting.SheetSummary, "A2"); !strings.HasPrefix(got, "统计截至 2026-06-15") {
		t.Errorf("as-of line %q", got)
	}
	// The header is row 3, in the app's words (已安排, not 已排期).
	for ref, want := range map[string]string{"A3": "指标", "F3": "已完成", "G3": "已安排", "J3": "完成率", "L3": "已达标人数"} {
		if got := get(counting.SheetSummary, ref); got != want {
			t.Errorf("Summary %s = %q, want %q", ref, got, want)
		}
	}
	hs, err := f.GetCellStyle(counting.SheetSummary, "A3")
	c.must(err)
	if st, err := f.GetStyle(hs); err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style %+v %v, want bold", st, err)
	}
	// Numbers as typed cells: integers, percentages, the status in words.
	for i, s := range tally.Summary {
		row := itoa(4 + i)
		if got := raw(counting.SheetSummary, "F"+row); got != itoa(s.Actual) {
			t.Errorf("Summary row %d actual %q, want %d", i, got, s.Actual)
		}
		if got := raw(counting.SheetSummary, "J"+row); got != ftoa(s.CompletionRate) {
			t.Errorf("Summary row %d rate %q, want %v", i, got, s.CompletionRate)
		}
		typ, err := f.GetCellType(counting.SheetSummary, "J"+row)
		c.must(err)
		sid, _ := f.GetCellStyle(counting.SheetSummary, "J"+row)
		st, _ := f.GetStyle(sid)
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || st.NumFmt != 10 {
			t.Errorf("rate cell type %v format %d, want a number shown as 0.00%%", typ, st.NumFmt)
		}
	}
	if got := get(counting.SheetSummary, "J4"); !strings.HasSuffix(got, "%") {
		t.Errorf("rate shown as %q, want a percentage", got)
	}
	// Frozen below the header, filtered, A4 landscape fitted to the width,
	// the header rows repeated on every page.
	panes, err := f.GetPanes(counting.SheetSummary)
	c.must(err)
	if !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes %+v, want frozen below row 3", panes)
	}
	pl, err := f.GetPageLayout(counting.SheetSummary)
	c.must(err)
	if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("page layout %+v, want A4 (9) landscape fitted to one page wide", pl)
	}
	titles, filter := false, false
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" && d.Scope == counting.SheetSummary && strings.HasSuffix(d.RefersTo, "$1:$3") {
			titles = true
		}
		if d.Name == "_xlnm._FilterDatabase" && d.Scope == counting.SheetSummary {
			filter = true
		}
	}
	if !titles || !filter {
		t.Errorf("defined names %+v: print titles %v, filter %v", f.GetDefinedName(), titles, filter)
	}
	if w, err := f.GetColWidth(counting.SheetByStaff, "P"); err != nil || w < float64(2*len([]rune("未走访的对口文化站"))) {
		t.Errorf("column P is %v wide for 未走访的对口文化站", w)
	}
	// By month: the app's words for due and carry, a year row with
	// December's carry, and an empty (not 0%) rate where nothing was due.
	if get(counting.SheetByMonth, "F3") != "应完成（含滚动）" || get(counting.SheetByMonth, "H3") != "滚入下月" {
		t.Errorf("By month header %q %q", get(counting.SheetByMonth, "F3"), get(counting.SheetByMonth, "H3"))
	}
	rowOf := 4
	for _, it := range tally.ByMonth {
		for _, m := range it.Months {
			r := itoa(rowOf)
			if raw(counting.SheetByMonth, "F"+r) != itoa(m.Due) || raw(counting.SheetByMonth, "H"+r) != itoa(m.Carry) {
				t.Errorf("By month row %s: due %s carry %s, want %d %d", r, raw(counting.SheetByMonth, "F"+r), raw(counting.SheetByMonth, "H"+r), m.Due, m.Carry)
			}
			if m.CompletionRate == nil && get(counting.SheetByMonth, "I"+r) != "" {
				t.Errorf("By month row %s: rate %q where nothing was due", r, get(counting.SheetByMonth, "I"+r))
			}
			rowOf++
		}
		r := itoa(rowOf)
		if get(counting.SheetByMonth, "D"+r) != "全年" || raw(counting.SheetByMonth, "H"+r) != itoa(it.Year.Carry) {
			t.Errorf("year row %s: %q carry %q, want 全年 and %d", r, get(counting.SheetByMonth, "D"+r), raw(counting.SheetByMonth, "H"+r), it.Year.Carry)
		}
		rowOf++
	}
	// Activities: times are date-time cells in the center's zone.
	typ, err := f.GetCellType(counting.SheetActivities, "D4")
	c.must(err)
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || get(counting.SheetActivities, "D4") != "2026-02-01 09:00" {
		t.Errorf("start cell %q of type %v, want the date-time 2026-02-01 09:00", get(counting.SheetActivities, "D4"), typ)
	}
	// The return says which kinds each line counted, and has lines to sign.
	off, err := f.GetRows(counting.SheetOfficial)
	c.must(err)
	found := false
	for _, r := range off {
		if len(r) >= 5 && r[0] == "组织文艺活动" && r[2] == "2" && r[4] == "演出、团队活动" {
			found = true
		}
	}
	if !found || !strings.Contains(strings.Join(off[len(off)-1], ""), "制表人") {
		t.Errorf("Official return %q", off)
	}
}

// Texts a spreadsheet program would run as formulas are exported as text.
func TestExportsNeutraliseFormulas(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	s1 := c.user("s1", models.RoleStaff)
	id := c.add(act{kind: "lecture", start: "2026-03-03 09:00", staff: []uint64{s1}, title: `=HYPERLINK("http://x","y")`})
	c.must(c.db.Model(&models.Activity{}).Where("id = ?", id).Updates(map[string]any{"location": "+cmd|' /C calc'!A0", "notes": "@SUM(1+1)"}).Error)
	c.add(act{kind: "lecture", start: "2026-03-04 09:00", staff: []uint64{s1}, title: "\tTab", expected: 5})
	c.add(act{kind: "lecture", start: "2026-03-05 09:00", staff: []uint64{s1}, title: "-2+3"})
	c.add(act{kind: "lecture", start: "2026-03-06 09:00", staff: []uint64{s1}, title: "\r=1"})
	c.target(counting.TargetInput{Name: "=1+1", Metric: "count", Scope: "center", Value: 5})
	ctx := context.Background()
	var buf bytes.Buffer
	c.must(c.reports.WriteActivitiesCSV(ctx, c.admin, counting.ActivityRange{Year: 2026}, counting.LangZh, &buf))
	recs := c.csvRecords(&buf)
	want := []string{`'=HYPERLINK("http://x","y")`, "'\tTab", "'-2+3", "'\r=1"}
	for i, w := range want {
		if recs[1+i][2] != w {
			t.Errorf("csv title %q, want %q", recs[1+i][2], w)
		}
	}
	if recs[1][7] != "'+cmd|' /C calc'!A0" || recs[1][16] != "'@SUM(1+1)" {
		t.Errorf("csv location %q notes %q", recs[1][7], recs[1][16])
	}
	buf.Reset()
	c.must(c.reports.WriteTallyCSV(ctx, c.admin, 2026, "2026-06-15", counting.LangZh, &buf))
	if !strings.Contains(buf.String(), "\n'=1+1,") {
		t.Errorf("tally.csv target name not neutralised: %q", buf.String())
	}
	f := c.tallyXLSX(counting.LangZh)
	for ref, w := range map[string]string{"C4": `'=HYPERLINK("http://x","y")`, "H4": "'+cmd|' /C calc'!A0", "Q4": "'@SUM(1+1)", "C6": "'-2+3"} {
		if got, _ := f.GetCellValue(counting.SheetActivities, ref); got != w {
			t.Errorf("workbook Activities %s = %q, want %q", ref, got, w)
		}
		if formula, _ := f.GetCellFormula(counting.SheetActivities, ref); formula != "" {
			t.Errorf("workbook Activities %s holds the formula %q", ref, formula)
		}
	}
	if got, _ := f.GetCellValue(counting.SheetSummary, "A4"); got != "'=1+1" {
		t.Errorf("workbook target name %q", got)
	}
}

// The tally's progress rows as CSV: one per target and member, the app's words.
func TestTallyCSV(t *testing.T) {
	t.Parallel()
	c, s1 := tallyCenter(t)
	ctx := context.Background()
	var buf bytes.Buffer
	if err := c.reports.WriteTallyCSV(ctx, c.actor(s1, models.RoleStaff), 2026, "", counting.LangZh, &buf); !services.IsKind(err, services.Forbidden) {
		t.Errorf("staff read the tally CSV: %v", err)
	}
	c.must(c.reports.WriteTallyCSV(ctx, c.admin, 2026, "2026-06-15", counting.LangZh, &buf))
	if !strings.HasPrefix(buf.String(), "\uFEFF") {
		t.Fatal("no byte order mark")
	}
	recs := c.csvRecords(&buf)
	rep, err := c.progress.Rows(ctx, c.admin, counting.ProgressQuery{Year: 2026, AsOf: "2026-06-15"})
	c.must(err)
	if len(recs) != 1+len(rep.Rows) || strings.Join(recs[0][:8], ",") != "指标,统计口径,适用对象,业务干部,人员编号,本人目标,指标目标,已完成" {
		t.Fatalf("tally.csv: %d records for %d rows, header %q", len(recs), len(rep.Rows), recs[0])
	}
	for i, r := range rep.Rows {
		rec := recs[1+i]
		if rec[0] != r.Name || rec[7] != itoa(r.Actual) || rec[8] != itoa(r.Scheduled) {
			t.Errorf("record %q, row %+v", rec, r)
		}
	}
}
