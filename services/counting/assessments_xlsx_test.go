package counting_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"centerstage/models"
	"centerstage/services/counting"
)

// TestAssessmentWorkbook reads the assessment sheet back: the glossary's
// words in the header, typed cells (integers, a percentage, points with 2
// decimals), a frozen header and A4 landscape print set-up, under a title
// with the center's name.
// x has 13 of 16 lectures: 81.25%, -18.75 points, total 81.25.
func TestAssessmentWorkbook(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	ctx := context.Background()
	x := c.user("x", models.RoleStaff)
	manager := c.head()
	for i := range 13 {
		c.add(act{kind: "lecture", start: "2026-02-" + twoDigits(i+1) + " 09:00", status: models.StatusCompleted, staff: []uint64{x}})
	}
	tid := c.target(counting.TargetInput{Name: "讲座", Metric: "count", Kinds: []string{"lecture"}, Scope: "each_staff", StaffIDs: []uint64{x}, Value: 16})
	s := c.assessments()
	v, err := s.Create(ctx, manager, counting.AssessmentInput{Year: 2026, Name: "年度考核", Period: "year", Base: 100,
		Rules: []counting.AssessmentRule{{TargetID: tid, Method: "per_point", Bonus: 1, Penalty: 1}}})
	c.must(err)
	name := "示例区文化馆"
	c.setCenterName(name)
	var buf bytes.Buffer
	c.must(s.WriteScoresXLSX(ctx, manager, v.ID, counting.ScoresQuery{AsOf: "2026-06-15"}, counting.LangZh, &buf))
	f := c.openXLSX(&buf)
	sh := counting.SheetAssessment
	cell := func(ref string) string {
		v, err := f.GetCellValue(sh, ref)
		c.must(err)
		return v
	}
	if got := cell("A1"); got != "示例区文化馆 年度考核 考核评分表" {
		t.Errorf("title %q", got)
	}
	want := []string{"排名", "业务干部", "基础分", "讲座 本人目标", "讲座 已完成", "讲座 完成率", "讲座 得分", "加减分", "总分"}
	for i, w := range want {
		ref, _ := excelize.CoordinatesToCellName(i+1, 3)
		if got := cell(ref); got != w {
			t.Errorf("header %s: %q, want %q", ref, got, w)
		}
	}
	// Typed cells: the rate is the fraction 0.8125 shown as a percentage,
	// points are numbers shown with 2 decimals.
	for ref, w := range map[string]struct {
		raw    string
		numFmt int
	}{"D4": {"16", 1}, "E4": {"13", 1}, "F4": {"0.8125", 10}, "G4": {"-18.75", 2}, "I4": {"81.25", 2}} {
		typ, err := f.GetCellType(sh, ref)
		c.must(err)
		raw, err := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
		c.must(err)
		id, err := f.GetCellStyle(sh, ref)
		c.must(err)
		st, err := f.GetStyle(id)
		c.must(err)
		if raw != w.raw || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) || st.NumFmt != w.numFmt {
			t.Errorf("%s: %q (type %v, format %d), want the number %s in format %d", ref, raw, typ, st.NumFmt, w.raw, w.numFmt)
		}
	}
	id, err := f.GetCellStyle(sh, "A3")
	c.must(err)
	if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("the header is not bold")
	}
	panes, err := f.GetPanes(sh)
	c.must(err)
	if !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes %+v, want the header frozen", panes)
	}
	layout, err := f.GetPageLayout(sh)
	c.must(err)
	if layout.Size == nil || *layout.Size != 9 || layout.Orientation == nil || *layout.Orientation != "landscape" {
		t.Errorf("page layout %+v, want A4 landscape", layout)
	}
	if got := cell("B6"); got != "制表人：" {
		t.Errorf("sign-off line %q", got)
	}
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }
