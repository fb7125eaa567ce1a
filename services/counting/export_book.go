package counting

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// A workbook that reads like an office document: title rows with the
// center's name, the year and the as-of date; a bold, frozen, filterable
// header; columns as wide as their Chinese text; typed cells (integers,
// percentages, dates and times in the center's zone); A4 landscape, fitted
// to the width, with the title and header rows repeated on every page.

// bookStyles are the cell styles of a workbook.
type bookStyles struct {
	title, subtitle, header, text, integer, decimal, percent, date, dateTime, note int
	// the year row of the monthly statistics, in bold
	totalText, totalInteger, totalPercent int
}

// book is a workbook being written.
type book struct {
	f      *excelize.File
	w      words
	st     bookStyles
	loc    *time.Location
	center string
}

func newBook(w words, loc *time.Location, center string) (*book, error) {
	b := &book{f: excelize.NewFile(), w: w, loc: loc, center: center}
	border := []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	cell := func(numFmt int, custom string, horizontal string) *excelize.Style {
		s := &excelize.Style{Border: border, NumFmt: numFmt, Alignment: &excelize.Alignment{Horizontal: horizontal, Vertical: "center"}}
		if horizontal == "total" {
			s.Font = &excelize.Font{Bold: true}
			s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}
			s.Alignment.Horizontal = map[int]string{0: "left"}[numFmt]
		}
		if custom != "" {
			s.CustomNumFmt = &custom
		}
		return s
	}
	for _, x := range []struct {
		dst *int
		s   *excelize.Style
	}{
		{&b.st.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&b.st.subtitle, &excelize.Style{Font: &excelize.Font{Size: 10, Color: "404040"}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&b.st.header, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&b.st.text, cell(0, "", "left")},
		{&b.st.integer, cell(1, "", "right")},
		{&b.st.decimal, cell(2, "", "right")},
		{&b.st.percent, cell(10, "", "right")},
		{&b.st.date, cell(0, "yyyy-mm-dd", "center")},
		{&b.st.dateTime, cell(0, "yyyy-mm-dd hh:mm", "center")},
		{&b.st.note, &excelize.Style{Font: &excelize.Font{Size: 11}}},
		{&b.st.totalText, cell(0, "", "total")},
		{&b.st.totalInteger, cell(1, "", "total")},
		{&b.st.totalPercent, cell(10, "", "total")},
	} {
		id, err := b.f.NewStyle(x.s)
		if err != nil {
			return nil, fmt.Errorf("xlsx style: %w", err)
		}
		*x.dst = id
	}
	return b, nil
}

// cell is one value with its style.
type cell struct {
	v     any
	style int
}

func (b *book) text(s string) cell { return cell{safeText(s), b.st.text} }
func (b *book) integer(n int) cell { return cell{n, b.st.integer} }
func (b *book) decimal(x float64) cell {
	return cell{x, b.st.decimal}
}
func (b *book) percent(x float64) cell { return cell{x, b.st.percent} }
func (b *book) blank() cell            { return cell{nil, b.st.text} }

// ratePtr is a rate cell, empty when there is none.
func (b *book) ratePtr(x *float64) cell {
	if x == nil {
		return b.blank()
	}
	return b.percent(*x)
}

// optInt is an integer cell, empty when nil.
func (b *book) optInt(n *int) cell {
	if n == nil {
		return b.blank()
	}
	return b.integer(*n)
}

// localDate is a date cell for YYYY-MM-DD, empty for nil or "".
func (b *book) localDate(d *string) cell {
	if d == nil || *d == "" {
		return b.blank()
	}
	t, err := time.Parse(time.DateOnly, *d)
	if err != nil {
		return b.text(*d)
	}
	return cell{t, b.st.date}
}

// instant is a date-time cell showing the center's wall clock.
func (b *book) instant(t time.Time) cell {
	l := t.In(b.loc)
	return cell{time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC), b.st.dateTime}
}

// sheet is one sheet being written, row by row.
type sheet struct {
	b         *book
	name      string
	row       int
	cols      int
	header    int // the row of the (first) table's header
	lastTable int // the last row of that table
	widths    map[int]float64
}

func (b *book) sheet(name string, cols int) (*sheet, error) {
	if b.f.SheetCount == 1 && b.f.GetSheetName(0) == "Sheet1" {
		if err := b.f.SetSheetName("Sheet1", name); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return &sheet{b: b, name: name, cols: cols, widths: map[int]float64{}}, nil
}

// titles writes the title row and the row saying as of when, merged over
// the table's width.
func (s *sheet) titles(title, sub string) error {
	for _, t := range []struct {
		text   string
		style  int
		height float64
	}{{title, s.b.st.title, 30}, {sub, s.b.st.subtitle, 20}} {
		s.row++
		first, _ := excelize.CoordinatesToCellName(1, s.row)
		last, _ := excelize.CoordinatesToCellName(s.cols, s.row)
		if err := s.b.f.SetCellStr(s.name, first, t.text); err != nil {
			return err
		}
		if err := s.b.f.MergeCell(s.name, first, last); err != nil {
			return err
		}
		if err := s.b.f.SetCellStyle(s.name, first, last, t.style); err != nil {
			return err
		}
		if err := s.b.f.SetRowHeight(s.name, s.row, t.height); err != nil {
			return err
		}
	}
	return nil
}

// head writes a header row of glossary keys; the first one starts the table
// that is frozen, filtered and repeated on every printed page.
func (s *sheet) head(keys []string) error {
	cells := make([]cell, len(keys))
	for i, k := range keys {
		cells[i] = cell{s.b.w.t(k), s.b.st.header}
	}
	if err := s.add(cells...); err != nil {
		return err
	}
	if s.header == 0 {
		s.header = s.row
	}
	return s.b.f.SetRowHeight(s.name, s.row, 22)
}

// add writes one row of cells.
func (s *sheet) add(cells ...cell) error {
	s.row++
	for i, c := range cells {
		ref, err := excelize.CoordinatesToCellName(i+1, s.row)
		if err != nil {
			return err
		}
		if c.v != nil {
			if err := s.b.f.SetCellValue(s.name, ref, c.v); err != nil {
				return fmt.Errorf("xlsx %s %s: %w", s.name, ref, err)
			}
		}
		if err := s.b.f.SetCellStyle(s.name, ref, ref, c.style); err != nil {
			return err
		}
		s.fit(i+1, c)
	}
	if s.header != 0 && s.lastTable == s.row-1 {
		s.lastTable = s.row
	}
	return nil
}

// gap ends the first table: rows after it are not filtered.
func (s *sheet) gap() {
	if s.lastTable == 0 {
		s.lastTable = s.row
	}
	s.row++
}

// note writes a line of text under the tables (制表人 / 审核人).
func (s *sheet) note(text string) error {
	s.row++
	ref, _ := excelize.CoordinatesToCellName(1, s.row)
	if err := s.b.f.SetCellStr(s.name, ref, text); err != nil {
		return err
	}
	return s.b.f.SetCellStyle(s.name, ref, ref, s.b.st.note)
}

// fit widens column col for c: a Chinese character takes two widths.
func (s *sheet) fit(col int, c cell) {
	var w float64
	switch v := c.v.(type) {
	case nil:
		return
	case string:
		for _, r := range v {
			if r >= 0x2E80 {
				w += 2.1
			} else {
				w += 1.1
			}
		}
	case time.Time:
		w = 11
		if c.style == s.b.st.dateTime {
			w = 17
		}
	case float64:
		w = 9
	default:
		w = float64(utf8.RuneCountInString(fmt.Sprint(v))) + 1
	}
	w = min(max(w+2, 6), 60)
	if w > s.widths[col] {
		s.widths[col] = w
	}
}

// finish sets the widths, freezes and filters the header, and sets up A4
// landscape printing fitted to the width with the title and header rows
// repeated, the center's name in the page header and page numbers below.
func (s *sheet) finish() error {
	f := s.b.f
	for col, w := range s.widths {
		name, _ := excelize.ColumnNumberToName(col)
		if err := f.SetColWidth(s.name, name, name, w); err != nil {
			return err
		}
	}
	if s.header > 0 {
		top, _ := excelize.CoordinatesToCellName(1, s.header+1)
		if err := f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: s.header, TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		last := s.lastTable
		if last == 0 {
			last = s.row
		}
		first, _ := excelize.CoordinatesToCellName(1, s.header)
		end, _ := excelize.CoordinatesToCellName(s.cols, max(last, s.header))
		if err := f.AutoFilter(s.name, first+":"+end, nil); err != nil {
			return fmt.Errorf("xlsx %s filter: %w", s.name, err)
		}
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s.name,
			RefersTo: fmt.Sprintf("'%s'!$1:$%d", s.name, s.header)}); err != nil {
			return fmt.Errorf("xlsx %s print titles: %w", s.name, err)
		}
	}
	size, orientation, wide, tall := 9, "landscape", 1, 0 // 9: A4
	if err := f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation,
		FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	margin := 0.5
	if err := f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin}); err != nil {
		return err
	}
	return f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + escapeHF(s.b.center), OddFooter: "&C&P / &N"})
}

// escapeHF keeps a text literal in a page header (& starts a code there).
func escapeHF(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '&' {
			out = append(out, '&')
		}
		out = append(out, r)
	}
	return string(out)
}
