package counting

import (
	"fmt"
	"io"
	"slices"
	"strconv"
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
	// bodies writes the long tables into their sheets' zip entries.
	bodies map[string]func(io.Writer) error
}

func newBook(w words, loc *time.Location, center string) (*book, error) {
	b := &book{f: excelize.NewFile(), w: w, loc: loc, center: center, bodies: map[string]func(io.Writer) error{}}
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

// sheet is one sheet being written. Its rows are laid out first (titles,
// headers, the small tables) and then written in one pass by excelize's
// stream writer in finish, after the column widths, which a streamed sheet
// must state before its first row. A long table (the activity list) is not
// held as cells: its rows are made again one by one and written into the
// sheet's zip entry as the workbook is saved (see bookZip).
type sheet struct {
	b         *book
	name      string
	row       int
	cols      int
	header    int // the row of the (first) table's header
	lastTable int // the last row of that table
	widths    map[int]float64
	rows      []bookRow
	merges    [][2]string
	// body, when set, makes the rows after the last laid-out one, n of them,
	// appending row i's cells to dst.
	body func(i int, dst []cell) []cell
	n    int
}

// bookRow is one laid-out row.
type bookRow struct {
	num    int
	cells  []cell
	height float64
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

// titles lays out the title row and the row saying as of when, merged over
// the table's width.
func (s *sheet) titles(title, sub string) error {
	for _, t := range []struct {
		text   string
		style  int
		height float64
	}{{title, s.b.st.title, 30}, {sub, s.b.st.subtitle, 20}} {
		s.row++
		cells := make([]cell, s.cols)
		for i := range cells {
			cells[i].style = t.style
		}
		cells[0].v = t.text
		first, _ := excelize.CoordinatesToCellName(1, s.row)
		last, _ := excelize.CoordinatesToCellName(s.cols, s.row)
		s.merges = append(s.merges, [2]string{first, last})
		s.rows = append(s.rows, bookRow{num: s.row, cells: cells, height: t.height})
	}
	return nil
}

// open lays out the title rows and the head of the sheet's table.
func (s *sheet) open(title, sub string, head []string) error {
	if err := s.titles(title, sub); err != nil {
		return err
	}
	return s.head(head)
}

// head lays out a header row of glossary keys; the first one starts the
// table that is frozen, filtered and repeated on every printed page.
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
	s.rows[len(s.rows)-1].height = 22
	return nil
}

// add lays out one row of cells.
func (s *sheet) add(cells ...cell) error {
	s.next()
	for i, c := range cells {
		s.fit(i+1, c)
	}
	s.rows = append(s.rows, bookRow{num: s.row, cells: cells})
	return nil
}

// next moves to the next row.
func (s *sheet) next() {
	s.row++
	if s.header != 0 && s.lastTable == s.row-1 {
		s.lastTable = s.row
	}
}

// stream ends the sheet with n rows that row(i, dst) appends to dst when the
// sheet is written; they are made once now to fit the columns to them, and
// again then.
func (s *sheet) stream(n int, row func(i int, dst []cell) []cell) {
	var cells []cell
	for i := 0; i < n; i++ {
		s.next()
		cells = row(i, cells[:0])
		for j, c := range cells {
			s.fit(j+1, c)
		}
	}
	s.body, s.n = row, n
}

// gap ends the first table: rows after it are not filtered.
func (s *sheet) gap() {
	if s.lastTable == 0 {
		s.lastTable = s.row
	}
	s.row++
}

// note lays out a line of text under the tables (制表人 / 审核人).
func (s *sheet) note(text string) error {
	s.row++
	s.rows = append(s.rows, bookRow{num: s.row, cells: []cell{{text, s.b.st.note}}})
	return nil
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

// finish writes the sheet: the widths, the header frozen and filtered, A4
// landscape printing fitted to the width with the title and header rows
// repeated, the center's name in the page header and page numbers below,
// then the rows. A streamed sheet writes its properties before its rows
// (the sheet properties, which the filter sets, when it is opened) and its
// page set-up when flushed, so everything is set on the sheet first.
func (s *sheet) finish() error {
	f := s.b.f
	last, _ := excelize.CoordinatesToCellName(max(s.cols, 1), max(s.row, 1))
	if err := f.SetSheetDimension(s.name, "A1:"+last); err != nil {
		return err
	}
	if s.header > 0 {
		last := s.lastTable
		if last == 0 {
			last = s.row
		}
		first, _ := excelize.CoordinatesToCellName(1, s.header)
		end, _ := excelize.CoordinatesToCellName(s.cols, max(last, s.header))
		if err := f.AutoFilter(s.name, first+":"+end, nil); err != nil {
			return fmt.Errorf("xlsx %s filter: %w", s.name, err)
		}
	}
	if err := s.pageSetup(); err != nil {
		return err
	}
	sw, err := s.startStream()
	if err != nil {
		return err
	}
	num, err := s.writeRows(sw)
	if err != nil {
		return err
	}
	if s.n > 0 {
		// The long table goes into the sheet's zip entry as the file is
		// saved (see bookZip).
		entry := "xl/worksheets/sheet" + strconv.Itoa(sw.SheetID) + ".xml"
		s.b.bodies[entry] = func(w io.Writer) error { return s.writeBody(w, num+1) }
	}
	for _, m := range s.merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx %s: %w", s.name, err)
	}
	if s.header > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s.name,
			RefersTo: fmt.Sprintf("'%s'!$1:$%d", s.name, s.header)}); err != nil {
			return fmt.Errorf("xlsx %s print titles: %w", s.name, err)
		}
	}
	return nil
}

// startStream opens the sheet's stream writer with the column widths and
// the frozen header, which come before the first row.
func (s *sheet) startStream() (*excelize.StreamWriter, error) {
	sw, err := s.b.f.NewStreamWriter(s.name)
	if err != nil {
		return nil, err
	}
	cols := make([]int, 0, len(s.widths))
	for col := range s.widths {
		cols = append(cols, col)
	}
	// The stream writer puts each column it is given before the earlier
	// ones; the file wants them in ascending order.
	slices.Sort(cols)
	slices.Reverse(cols)
	for _, col := range cols {
		if err := sw.SetColWidth(col, col, s.widths[col]); err != nil {
			return nil, err
		}
	}
	if s.header > 0 {
		top, _ := excelize.CoordinatesToCellName(1, s.header+1)
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: s.header, TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
	}
	return sw, nil
}

// writeRows writes the laid-out rows and returns the last one's number.
func (s *sheet) writeRows(sw *excelize.StreamWriter) (int, error) {
	// One row's cells, passed by pointer so that no cell is boxed.
	xs, values := make([]excelize.Cell, s.cols), make([]any, 0, s.cols)
	num := 0
	for _, r := range s.rows {
		values = values[:0]
		for i, c := range r.cells {
			if i == len(xs) {
				xs = append(xs, excelize.Cell{})
			}
			xs[i] = excelize.Cell{StyleID: c.style, Value: c.v}
			values = append(values, &xs[i])
		}
		ref, _ := excelize.CoordinatesToCellName(1, r.num)
		if err := sw.SetRow(ref, values, excelize.RowOpts{Height: r.height}); err != nil {
			return 0, fmt.Errorf("xlsx %s %s: %w", s.name, ref, err)
		}
		num = r.num
	}
	return num, nil
}

// writeBody writes the long table's rows from row first on.
func (s *sheet) writeBody(w io.Writer, first int) error {
	rw := newRowWriter(w, s.cols)
	var cells []cell
	for i := 0; i < s.n; i++ {
		cells = s.body(i, cells[:0])
		if err := rw.row(first+i, cells); err != nil {
			return fmt.Errorf("xlsx %s: %w", s.name, err)
		}
	}
	return rw.w.Flush()
}

// pageSetup sets A4 landscape fitted to the width, the margins, and the
// center's name and page numbers in the page header and footer.
func (s *sheet) pageSetup() error {
	f := s.b.f
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
