package counting

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// A long table (the year's activity list) is not written through excelize's
// stream writer: that keeps a sheet's XML in memory up to 16 MB, in a
// buffer that doubles to 32 MB on its way there, before it turns to a
// temporary file. Its rows are written instead straight into the sheet's
// entry of the zip as the workbook is saved, in the cell forms the stream
// writer uses (inline strings, numbers, date serials, the same style ids),
// between the rows excelize wrote and the end of the sheet data.

// bookZip is the workbook's zip writer: it writes to the caller's writer
// and puts each sheet's long table in before the end of its sheet data.
type bookZip struct {
	zw      *zip.Writer
	bodies  map[string]func(io.Writer) error // by the sheet's entry name
	pending *splice
}

// splice is a sheet entry being written: excelize's XML, held (it is small
// without the long table) until the entry is complete.
type splice struct {
	name string
	to   io.Writer
	xml  bytes.Buffer
	body func(io.Writer) error
}

func newBookZip(w io.Writer, bodies map[string]func(io.Writer) error) *bookZip {
	// The fastest deflate: a third less time for the activity list's 19 MB
	// of XML, for a file 40% larger (2.5 MB for 20,000 activities), with one
	// compressor for every entry (they are written one after another).
	zw := zip.NewWriter(w)
	var fw *flate.Writer
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if fw != nil {
			fw.Reset(out)
			return fw, nil
		}
		var err error
		fw, err = flate.NewWriter(out, flate.BestSpeed)
		return fw, err
	})
	return &bookZip{zw: zw, bodies: bodies}
}

// Create starts the entry name, completing the one before.
func (z *bookZip) Create(name string) (io.Writer, error) {
	if err := z.complete(); err != nil {
		return nil, err
	}
	w, err := z.zw.Create(name)
	if err != nil {
		return nil, err
	}
	if body, ok := z.bodies[name]; ok {
		z.pending = &splice{name: name, to: w, body: body}
		delete(z.bodies, name)
		return &z.pending.xml, nil
	}
	return w, nil
}

// AddFS adds the files of fsys, completing the entry before.
func (z *bookZip) AddFS(fsys fs.FS) error {
	if err := z.complete(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

// Close completes the last entry and the zip; a long table whose sheet was
// never written is an error, not a silently shorter sheet.
func (z *bookZip) Close() error {
	if err := z.complete(); err != nil {
		return err
	}
	for name := range z.bodies {
		return fmt.Errorf("xlsx: no entry %s for its rows", name)
	}
	return z.zw.Close()
}

func (z *bookZip) complete() error {
	p := z.pending
	if p == nil {
		return nil
	}
	z.pending = nil
	x := p.xml.Bytes()
	end := bytes.LastIndex(x, []byte("</sheetData>"))
	if end < 0 {
		return fmt.Errorf("xlsx: %s has no sheet data to add rows to", p.name)
	}
	bw := bufio.NewWriterSize(p.to, 64<<10)
	_, _ = bw.Write(x[:end])
	if err := p.body(bw); err != nil {
		return err
	}
	_, _ = bw.Write(x[end:])
	return bw.Flush()
}

// rowWriter writes rows of cells as sheet XML.
type rowWriter struct {
	w    *bufio.Writer
	cols []string // column letters
	num  []byte
}

func newRowWriter(w io.Writer, cols int) *rowWriter {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriter(w)
	}
	r := &rowWriter{w: bw, cols: make([]string, cols)}
	for i := range r.cols {
		r.cols[i], _ = excelize.ColumnNumberToName(i + 1)
	}
	return r
}

// row writes row number n.
func (r *rowWriter) row(n int, cells []cell) error {
	if len(cells) > len(r.cols) {
		return fmt.Errorf("xlsx: row %d has %d cells for %d columns", n, len(cells), len(r.cols))
	}
	r.num = strconv.AppendInt(r.num[:0], int64(n), 10)
	w := r.w
	w.WriteString(`<row r="`)
	w.Write(r.num)
	w.WriteString(`">`)
	for i, c := range cells {
		w.WriteString(`<c r="`)
		w.WriteString(r.cols[i])
		w.Write(r.num)
		w.WriteByte('"')
		if c.style != 0 {
			w.WriteString(` s="`)
			w.WriteString(strconv.Itoa(c.style))
			w.WriteByte('"')
		}
		if err := r.value(c.v); err != nil {
			return fmt.Errorf("xlsx: row %d column %s: %w", n, r.cols[i], err)
		}
		w.WriteString(`</c>`)
	}
	_, err := w.WriteString(`</row>`)
	return err
}

// value ends the cell's start tag and writes its value as the stream writer
// does: integers and date serials as numbers, text inline.
func (r *rowWriter) value(v any) error {
	w := r.w
	switch v := v.(type) {
	case nil:
		w.WriteByte('>')
	case int:
		w.WriteString(`><v>`)
		w.WriteString(strconv.Itoa(v))
		w.WriteString(`</v>`)
	case string:
		inlineText(w, v)
	case time.Time:
		serial, ok := excelSerial(v)
		if !ok {
			inlineText(w, v.Format(time.RFC3339Nano))
			return nil
		}
		w.WriteString(`><v>`)
		w.WriteString(strconv.FormatFloat(serial, 'f', -1, 64))
		w.WriteString(`</v>`)
	default:
		return fmt.Errorf("no form for a %T", v)
	}
	return nil
}

// maxCellChars is the most UTF-16 units a cell holds.
const maxCellChars = 32767

// escapedCode is text a reader would take for an escaped character (_x0041_
// reads as A).
var escapedCode = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// escapeCodes escapes the underscore of every escapedCode in s (as _x005F_)
// so that it reads as written, as excelize does, an escaped underscore
// followed by a code included. Unlike excelize it keeps a code of a
// surrogate half (_xD800_), which excelize leaves out.
func escapeCodes(s string) string {
	var b strings.Builder
	cursor := 0
	for _, m := range escapedCode.FindAllStringIndex(s, -1) {
		b.WriteString(s[cursor:m[0]])
		code := s[m[0]:m[1]]
		cursor = m[1]
		if code == "_x005F_" {
			if next := s[m[1]:min(m[1]+6, len(s))]; len(next) == 6 && next[0] == 'x' && next[5] == '_' &&
				escapedCode.MatchString("_"+next) && !surrogate(next[1:5]) {
				b.WriteString("_x005F_x005F_x005F_")
				continue
			}
			b.WriteString("_x005F_x005F_")
			continue
		}
		b.WriteString("_x005F")
		b.WriteString(code)
	}
	b.WriteString(s[cursor:])
	return b.String()
}

// surrogate reports whether the four hex digits h name a UTF-16 surrogate.
func surrogate(h string) bool {
	n, err := strconv.ParseUint(h, 16, 32)
	return err == nil && n >= 0xD800 && n <= 0xDFFF
}

// inlineText writes s as an inline string: cut to what a cell holds, XML
// escaped with its line breaks kept, spaces at its ends preserved.
func inlineText(w *bufio.Writer, s string) {
	units := 0
	for i, r := range s {
		if units += utf16.RuneLen(r); units > maxCellChars {
			s = s[:i]
			break
		}
	}
	w.WriteString(` t="inlineStr"><is><t`)
	if s != "" && (strings.IndexByte("\t\n\r ", s[0]) >= 0 || strings.IndexByte("\t\n\r ", s[len(s)-1]) >= 0) {
		w.WriteString(` xml:space="preserve"`)
	}
	w.WriteByte('>')
	if strings.ContainsAny(s, "&<>\"'\t\n\r") || needsEscape(s) {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(s))
		s = strings.ReplaceAll(b.String(), "&#xA;", "\n")
	}
	if strings.Contains(s, "_x") {
		s = escapeCodes(s)
	}
	w.WriteString(s)
	w.WriteString(`</t></is>`)
}

// needsEscape reports whether s has a character XML cannot hold as it is.
func needsEscape(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0xFFFD || (r >= 0xD800 && r <= 0xDFFF) || r > 0x10FFFF || r == 0xFFFE || r == 0xFFFF {
			return true
		}
	}
	return false
}

// excelSerial is t's wall clock as a spreadsheet date serial (days since
// 1899-12-31, counting the 29 February 1900 that spreadsheets count),
// computed as the stream writer computes it; false before 1900-03-01.
func excelSerial(t time.Time) (float64, bool) {
	_, offset := t.Zone()
	t = t.Add(time.Duration(offset) * time.Second)
	epoch := time.Date(1899, time.December, 31, 0, 0, 0, 0, time.UTC)
	if t.Before(time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC)) {
		return 0, false
	}
	const day = 24 * time.Hour
	diff := t.Sub(epoch)
	rem := diff % day
	return float64(diff-rem)/float64(day) + float64(rem)/float64(day) + 1, true
}
