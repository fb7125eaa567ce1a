package counting

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestRowWriterWritesWhatTheStreamWriterWrites holds the rows the workbook
// writes itself to excelize's stream writer, byte for byte, on the values
// its cells hold, the awkward ones included.
func TestRowWriterWritesWhatTheStreamWriterWrites(t *testing.T) {
	t.Parallel()
	values := []any{
		nil, 0, -5, 1 << 40, "", "书法讲座", " leading", "trailing\n", "\tTab", "a & b < c > \"d\" 'e'",
		"line\r\nbreak", "_x0041_", "_x005F_", "_x005F_x0041_", "_x12_", "ctrl\x01\x1fchar", "bad \xff utf-8",
		"_x005F_xD800_", "'=HYPERLINK(\"http://x\",\"y\")", strings.Repeat("文", 40000), strings.Repeat("𠮷", 20000),
		time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC), time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(1899, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("CST", 8*3600)),
	}
	rows := [][]cell{}
	for i, v := range values {
		// A date cell always has a style in the book; without one excelize
		// would add a date format of its own.
		plain := 0
		if _, ok := v.(time.Time); ok {
			plain = 1
		}
		rows = append(rows, []cell{{v, plain}, {v, 3 + i%4}, {nil, 2}})
	}

	f := excelize.NewFile()
	defer f.Close()
	for i := 0; i < 8; i++ {
		if _, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: float64(9 + i)}}); err != nil {
			t.Fatal(err)
		}
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		var vs []any
		for _, c := range r {
			vs = append(vs, excelize.Cell{StyleID: c.style, Value: c.v})
		}
		ref, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(ref, vs); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var file bytes.Buffer
	if err := f.Write(&file); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(file.Bytes()), int64(file.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var sheet []byte
	for _, e := range zr.File {
		if e.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := e.Open()
			sheet, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	want := regexp.MustCompile(`(?s)<row .*</row>`).Find(sheet)

	var got bytes.Buffer
	bw := bufio.NewWriter(&got)
	rw := newRowWriter(bw, 3)
	for i, r := range rows {
		if err := rw.row(i+1, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || !bytes.Equal(got.Bytes(), want) {
		g, w := strings.Split(got.String(), "</row>"), strings.Split(string(want), "</row>")
		for i := range min(len(g), len(w)) {
			if g[i] != w[i] {
				t.Fatalf("row %d (%q):\n got %.300s\nwant %.300s", i+1, values[min(i, len(values)-1)], g[i], w[i])
			}
		}
		t.Fatalf("%d rows written, want %d", len(g), len(w))
	}
}
