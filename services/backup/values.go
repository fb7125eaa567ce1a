package backup

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// sqliteTimeLayouts are the forms a time can take in an SQLite column when
// the driver hands it over as text rather than parsed.
var sqliteTimeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	time.RFC3339Nano,
}

// encodeValue turns a value read from the database into its portable JSON
// form: ints and floats as numbers, booleans, text as strings, times as
// RFC 3339 strings in UTC, NULL as null.
func encodeValue(kind string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	switch kind {
	case kindInt:
		switch x := v.(type) {
		case int64:
			return json.Number(strconv.FormatInt(x, 10)), nil
		case uint64:
			return json.Number(strconv.FormatUint(x, 10)), nil
		case string:
			if _, err := strconv.ParseInt(x, 10, 64); err != nil {
				if _, err := strconv.ParseUint(x, 10, 64); err != nil {
					return nil, fmt.Errorf("integer column holds %q", x)
				}
			}
			return json.Number(x), nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				return json.Number(strconv.FormatInt(int64(x), 10)), nil
			}
		}
	case kindFloat:
		var f float64
		switch x := v.(type) {
		case float64:
			f = x
		case int64:
			f = float64(x)
		case string:
			var err error
			if f, err = strconv.ParseFloat(x, 64); err != nil {
				return nil, fmt.Errorf("float column holds %q", x)
			}
		default:
			return nil, fmt.Errorf("float column holds %T", v)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("float column holds %v", f)
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	case kindBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		case float64:
			return x != 0, nil
		case string:
			switch strings.ToLower(x) {
			case "1", "true":
				return true, nil
			case "0", "false":
				return false, nil
			}
		}
	case kindText:
		if s, ok := v.(string); ok {
			if !utf8.ValidString(s) {
				// JSON would silently replace the bad bytes.
				return nil, fmt.Errorf("text column holds bytes that are not UTF-8: %q", s)
			}
			return s, nil
		}
	case kindTime:
		switch x := v.(type) {
		case time.Time:
			return x.UTC().Format(time.RFC3339Nano), nil
		case string:
			for _, layout := range sqliteTimeLayouts {
				if t, err := time.Parse(layout, x); err == nil {
					return t.UTC().Format(time.RFC3339Nano), nil
				}
			}
			return nil, fmt.Errorf("time column holds %q", x)
		}
	}
	return nil, fmt.Errorf("%s column holds %T %v", kind, v, v)
}

// decodeValue turns a portable JSON value (decoded with UseNumber) into what
// the database driver stores for a column of c's kind, times cut to the
// column's precision so that every engine keeps the same instant.
func decodeValue(c column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.Kind {
	case kindInt:
		if n, ok := v.(json.Number); ok {
			if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
				return i, nil
			}
			if u, err := strconv.ParseUint(string(n), 10, 64); err == nil {
				return u, nil
			}
		}
	case kindFloat:
		if n, ok := v.(json.Number); ok {
			if f, err := strconv.ParseFloat(string(n), 64); err == nil {
				return f, nil
			}
		}
	case kindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case kindText:
		if s, ok := v.(string); ok {
			return s, nil
		}
	case kindTime:
		if s, ok := v.(string); ok {
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return truncate(t.UTC(), c.Precision), nil
			}
		}
	}
	return nil, fmt.Errorf("column %s (%s) cannot hold %v", c.Name, c.Kind, v)
}

// truncate cuts t to digits fractional second digits; -1 keeps it whole.
func truncate(t time.Time, digits int) time.Time {
	if digits < 0 || digits >= 9 {
		return t
	}
	unit := time.Duration(1)
	for range 9 - digits {
		unit *= 10
	}
	return t.Truncate(unit)
}
