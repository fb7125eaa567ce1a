package backup

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
)

// ErrCorrupt is returned for a file that is not a whole, unaltered backup.
var ErrCorrupt = errors.New("the backup file is damaged or not a CenterStage backup")

// ErrNewerFormat is returned for a backup written in a format newer than
// this build reads.
var ErrNewerFormat = errors.New("the backup was written by a newer CenterStage")

// maxLine bounds one row's JSON line (a month's submission is the longest).
const maxLine = 256 << 20

// archive is an opened, verified backup file.
type archive struct {
	zr       *zip.Reader
	manifest Manifest
	files    map[string]*zip.File
}

func corrupt(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}

// Verify checks a backup file through, as a restore does before it writes
// anything, and returns its manifest.
func Verify(r io.ReaderAt, size int64) (Manifest, error) {
	a, err := openArchive(r, size)
	if err != nil {
		return Manifest{}, err
	}
	return a.manifest, nil
}

// openArchive reads the manifest and checks every table file against it:
// the archive's own checksums, the manifest's SHA-256 and row count, and
// that every value suits its column's kind. Nothing is trusted before this
// passes.
func openArchive(r io.ReaderAt, size int64) (*archive, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, corrupt("%v", err)
	}
	a := &archive{zr: zr, files: map[string]*zip.File{}}
	for _, f := range zr.File {
		a.files[f.Name] = f
	}
	mf := a.files[manifestName]
	if mf == nil {
		return nil, corrupt("no %s", manifestName)
	}
	raw, err := readAll(mf)
	if err != nil {
		return nil, corrupt("%s: %v", manifestName, err)
	}
	var head struct {
		Format        string `json:"format"`
		FormatVersion int    `json:"format_version"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, corrupt("%s: %v", manifestName, err)
	}
	if head.Format != Format {
		return nil, corrupt("format %q is not %q", head.Format, Format)
	}
	if head.FormatVersion > FormatVersion {
		return nil, fmt.Errorf("%w: format version %d, this build reads up to %d; restore it with a newer CenterStage",
			ErrNewerFormat, head.FormatVersion, FormatVersion)
	}
	if head.FormatVersion < 1 {
		return nil, corrupt("format version %d", head.FormatVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a.manifest); err != nil {
		return nil, corrupt("%s: %v", manifestName, err)
	}
	if len(a.manifest.Migrations) == 0 || a.manifest.Schema != a.manifest.Migrations[len(a.manifest.Migrations)-1] {
		return nil, corrupt("the manifest names no schema")
	}
	seen := map[string]bool{}
	for _, t := range a.manifest.Tables {
		if seen[t.Name] {
			return nil, corrupt("table %s listed twice", t.Name)
		}
		seen[t.Name] = true
		if err := a.verify(t); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func readAll(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// verify reads one table's file through, checking it against the manifest.
func (a *archive) verify(t TableEntry) error {
	cols := make([]column, len(t.Columns))
	for i, c := range t.Columns {
		if !slices.Contains([]string{kindInt, kindFloat, kindBool, kindText, kindTime}, c.Kind) {
			return corrupt("table %s: column %s has kind %q", t.Name, c.Name, c.Kind)
		}
		cols[i] = column{Name: c.Name, Kind: c.Kind, Precision: -1}
	}
	sum := sha256.New()
	var n int64
	err := a.eachRow(t, sum, func(vals []any) error {
		n++
		if len(vals) != len(cols) {
			return fmt.Errorf("row %d has %d values for %d columns", n, len(vals), len(cols))
		}
		for i, c := range cols {
			if _, err := decodeValue(c, vals[i]); err != nil {
				return fmt.Errorf("row %d: %w", n, err)
			}
		}
		return nil
	})
	if err != nil {
		return corrupt("table %s: %v", t.Name, err)
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != t.SHA256 {
		return corrupt("table %s: SHA-256 %s, the manifest says %s", t.Name, got, t.SHA256)
	}
	if n != t.Rows {
		return corrupt("table %s: %d rows, the manifest says %d", t.Name, n, t.Rows)
	}
	return nil
}

// eachRow calls fn with every row of t's file, decoded with numbers kept
// exact; the file's bytes also go to tee.
func (a *archive) eachRow(t TableEntry, tee io.Writer, fn func([]any) error) error {
	f := a.files[t.File]
	if f == nil {
		return fmt.Errorf("file %s is missing", t.File)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var src io.Reader = rc
	if tee != nil {
		src = io.TeeReader(rc, tee)
	}
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	for sc.Scan() {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		var vals []any
		if err := dec.Decode(&vals); err != nil {
			return err
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return sc.Err() // a zip checksum mismatch surfaces here
}
