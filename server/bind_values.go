package server

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"centerstage/services"
)

// The supported range of instants: local years 1900 to 2100 in the center's
// zone. Outside it the databases disagree (SQLite stores year 10000, MySQL
// refuses year 0) and the calendar code has nothing to say.
const minYear, maxYear = 1900, 2100

// maxOffset bounds a time's UTC offset: RFC 3339 allows at most 23:59.
const maxOffset = 24 * time.Hour

// inRange reports whether t falls in the supported local years.
func inRange(t time.Time, loc *time.Location) bool {
	y := t.In(loc).Year()
	return y >= minYear && y <= maxYear
}

// checkValues walks a decoded request and names every value no service
// should see: an instant outside the supported range or with an offset of
// 24 hours or more, an id above the largest signed 64-bit number (the
// databases' integers), and text holding NUL or other control characters
// (tab and line breaks are text).
func checkValues(v reflect.Value, path string, loc *time.Location, f services.FieldErrors) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkValues(v.Elem(), path, loc, f)
		}
		return
	}
	switch {
	case v.Type() == timeKind:
		t := v.Interface().(time.Time)
		if t.IsZero() {
			return
		}
		if _, off := t.Zone(); time.Duration(math.Abs(float64(off)))*time.Second >= maxOffset {
			f.Add(path, services.InvalidFormat("2026-03-01T09:00:00+08:00", "must have a UTC offset under 24 hours"))
		} else if !inRange(t, loc) {
			f.Add(path, services.DateOutOfRange())
		}
	case v.Kind() == reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if name == "-" || (!sf.IsExported() && !sf.Anonymous) {
				continue
			}
			if sf.Anonymous && name == "" {
				checkValues(v.Field(i), path, loc, f)
				continue
			}
			if name == "" {
				name = sf.Name
			}
			if path != "" {
				name = path + "." + name
			}
			checkValues(v.Field(i), name, loc, f)
		}
	case v.Kind() == reflect.Slice || v.Kind() == reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // raw JSON, read by its handler
		}
		for i := 0; i < v.Len(); i++ {
			checkValues(v.Index(i), fmt.Sprintf("%s[%d]", path, i), loc, f)
		}
	case v.Kind() == reflect.Map:
		for _, k := range v.MapKeys() {
			checkValues(v.MapIndex(k), fmt.Sprintf("%s.%v", path, k), loc, f)
		}
	case v.Kind() == reflect.Uint64 || v.Kind() == reflect.Uint:
		if v.Uint() > math.MaxInt64 {
			f.Add(path, services.Max(math.MaxInt64))
		}
	case v.Kind() == reflect.String:
		if hasControl(v.String()) {
			f.Add(path, services.NewProblem(services.ProblemControlChars, nil, "must not contain NUL or other control characters"))
		}
	}
}

// hasControl reports whether s holds a control character other than tab,
// line feed and carriage return.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f
	})
}
