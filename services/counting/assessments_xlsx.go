package counting

import (
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"centerstage/services"
)

// SheetAssessment is the sheet name of the assessment workbook.
const SheetAssessment = "Assessment"

// Labels of the assessment sheet: the glossary's words (glossary.*.json) where
// it has them, so the sheet says what the app says.
var (
	lblAssessment  = label{"考核评分表", "Assessment sheet"}
	lblAsOf        = label{"统计截至", "As of"}
	lblRank        = label{"排名", "Rank"}
	lblStaff       = label{"业务干部", "Staff member"}
	lblBase        = label{"基础分", "Base"}
	lblValue       = label{"本人目标", "Own target"}
	lblDue         = label{"应完成（含滚动）", "Due (with carry-over)"}
	lblActual      = label{"已完成", "Actual"}
	lblMonthActual = label{"实际完成", "Done"}
	lblRate        = label{"完成率", "Completion"}
	lblPoints      = label{"得分", "Points"}
	lblAdjustments = label{"加减分", "Adjustments"}
	lblTotal       = label{"总分", "Total"}
	lblPreparedBy  = label{"制表人", "Prepared by"}
	lblReviewedBy  = label{"审核人", "Reviewed by"}
)

// WriteScoresXLSX writes the assessment sheet: one row per member in rank
// order with each rule's figures and points, the adjustments and the total.
func (s *Assessments) WriteScoresXLSX(ctx context.Context, actor services.Actor, id uint64, q ScoresQuery, lang string, w io.Writer) error {
	sheet, err := s.Scores(ctx, actor, id, q)
	if err != nil {
		return err
	}
	_, v, err := assessmentRows.load(s.db.WithContext(ctx), id)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetAssessment); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	x := &xlsxSheet{f: f, name: SheetAssessment}
	x.styles()
	valueLabel, actualLabel := lblValue, lblActual
	if sheet.Month != 0 {
		valueLabel, actualLabel = lblDue, lblMonthActual
	}
	header := labels(lang, lblRank, lblStaff, lblBase)
	names := map[uint64]string{}
	for _, it := range sheet.Items {
		for _, r := range it.Rules {
			names[r.TargetID] = r.Name
		}
	}
	for _, r := range v.Rules {
		n := names[r.TargetID]
		for _, l := range []label{valueLabel, actualLabel, lblRate, lblPoints} {
			header = append(header, n+" "+l.in(lang))
		}
	}
	header = append(header, labels(lang, lblAdjustments, lblTotal)...)
	period := fmt.Sprintf("%d  %s %s", sheet.Year, lblAsOf.in(lang), sheet.AsOf)
	if sheet.Month != 0 {
		period = fmt.Sprintf("%d-%02d  %s %s", sheet.Year, sheet.Month, lblAsOf.in(lang), sheet.AsOf)
	}
	center, err := services.CenterName(s.db.WithContext(ctx))
	if err != nil {
		return err
	}
	title := sheet.Name + " " + lblAssessment.in(lang)
	if center != "" {
		title = center + " " + title
	}
	x.set(1, 1, title, x.title)
	x.set(1, 2, period, 0)
	for i, h := range header {
		x.set(i+1, 3, h, x.head)
	}
	row := 4
	for _, it := range sheet.Items {
		x.set(1, row, it.Rank, x.integer)
		x.set(2, row, it.StaffName, 0)
		x.set(3, row, it.Base, x.points)
		col := 4
		for _, r := range v.Rules {
			i := indexRule(it.Rules, r.TargetID)
			if i >= 0 {
				sr := it.Rules[i]
				x.set(col, row, sr.Value, x.integer)
				x.set(col+1, row, sr.Actual, x.integer)
				if sr.Rate != nil {
					x.set(col+2, row, *sr.Rate, x.percent)
				}
				x.set(col+3, row, sr.Points, x.points)
			}
			col += 4
		}
		x.set(col, row, it.Adjustments, x.points)
		x.set(col+1, row, it.Total, x.points)
		row++
	}
	colon := "："
	if lang == LangEn {
		colon = ": "
	}
	x.set(2, row+1, lblPreparedBy.in(lang)+colon, 0)
	x.set(6, row+1, lblReviewedBy.in(lang)+colon, 0)
	x.finish(len(header), 3, row-1)
	if x.err != nil {
		return fmt.Errorf("xlsx: %w", x.err)
	}
	return f.Write(w)
}

func indexRule(rs []ScoreRule, target uint64) int {
	for i, r := range rs {
		if r.TargetID == target {
			return i
		}
	}
	return -1
}

// xlsxSheet writes typed, styled cells to one sheet, keeping the first error.
type xlsxSheet struct {
	f                                     *excelize.File
	name                                  string
	err                                   error
	title, head, integer, percent, points int
	widths                                map[int]float64
}

func (x *xlsxSheet) style(s *excelize.Style) int {
	id, err := x.f.NewStyle(s)
	if err != nil && x.err == nil {
		x.err = err
	}
	return id
}

func (x *xlsxSheet) styles() {
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	x.title = x.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	x.head = x.style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	x.integer = x.style(&excelize.Style{NumFmt: 1, Border: border})
	x.percent = x.style(&excelize.Style{NumFmt: 10, Border: border})
	x.points = x.style(&excelize.Style{NumFmt: 2, Border: border})
	x.widths = map[int]float64{}
}

// set writes one cell and widens its column to fit the text.
func (x *xlsxSheet) set(col, row int, v any, style int) {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if text, ok := v.(string); ok {
		v = safeText(text) // a name like =HYPERLINK(...) stays text
	}
	if err == nil {
		err = x.f.SetCellValue(x.name, cell, v)
	}
	if err == nil && style != 0 {
		err = x.f.SetCellStyle(x.name, cell, cell, style)
	}
	if err != nil && x.err == nil {
		x.err = err
	}
	if row > 2 { // titles span the sheet
		w := 0.0
		for _, r := range fmt.Sprint(v) {
			if r > 0x2E80 {
				w += 2.1 // a CJK character is about two Latin ones wide
			} else {
				w += 1.1
			}
		}
		x.widths[col] = max(x.widths[col], min(w+2, 40))
	}
}

// finish sets widths, the frozen filterable header and the A4 print set-up.
func (x *xlsxSheet) finish(cols, headRow, lastRow int) {
	for c, w := range x.widths {
		name, _ := excelize.ColumnNumberToName(c)
		if err := x.f.SetColWidth(x.name, name, name, max(w, 8)); err != nil && x.err == nil {
			x.err = err
		}
	}
	last, _ := excelize.CoordinatesToCellName(cols, max(lastRow, headRow))
	first, _ := excelize.CoordinatesToCellName(1, headRow)
	below, _ := excelize.CoordinatesToCellName(1, headRow+1)
	size, landscape, fit := 9, "landscape", true
	one, zero := 1, 0
	for _, err := range []error{
		x.f.SetPanes(x.name, &excelize.Panes{Freeze: true, YSplit: headRow, TopLeftCell: below, ActivePane: "bottomLeft"}),
		x.f.AutoFilter(x.name, first+":"+last, nil),
		x.f.SetPageLayout(x.name, &excelize.PageLayoutOptions{Size: &size, Orientation: &landscape,
			FitToWidth: &one, FitToHeight: &zero}),
		x.f.SetSheetProps(x.name, &excelize.SheetPropsOptions{FitToPage: &fit}),
		x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: x.name,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", x.name, headRow, headRow)}),
	} {
		if err != nil && x.err == nil {
			x.err = err
		}
	}
}
