package counting

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// ActivityRange selects activities for an export: those overlapping
// [From, To), or, when Year is set, those dated in that year.
type ActivityRange struct {
	From, To time.Time
	Year     int
}

// activityLine is one activity's printed columns, its references resolved
// to names.
type activityLine struct {
	ID                               uint64
	Kind, Title                      string
	StartAt, EndAt                   time.Time
	LocalDate                        string
	venue, Location                  string
	organizer, staff, teams, station string
	ExpectedAttendance               int
	ActualAttendance                 *int
	Status                           string
	SeriesID                         *uint64
	Notes, CancelReason              string
}

// csvRecord is the line as a CSV record in the words w: times in the
// center's zone, texts neutralised against formulas.
func (l activityLine) csvRecord(w words, loc *time.Location) []string {
	actual, series := "", ""
	if l.ActualAttendance != nil {
		actual = strconv.Itoa(*l.ActualAttendance)
	}
	if l.SeriesID != nil {
		series = strconv.FormatUint(*l.SeriesID, 10)
	}
	return []string{strconv.FormatUint(l.ID, 10), w.code(groupKind, l.Kind), safeText(l.Title),
		l.StartAt.In(loc).Format(time.RFC3339), l.EndAt.In(loc).Format(time.RFC3339), l.LocalDate, safeText(l.venue),
		safeText(l.Location), safeText(l.organizer), safeText(l.staff), safeText(l.teams), safeText(l.station),
		strconv.Itoa(l.ExpectedAttendance), actual, w.code(groupActivityStatus, l.Status), series, safeText(l.Notes),
		safeText(l.CancelReason)}
}

// activityLinesSQL is the one query of the exported activities: their
// printed columns by start, the venue, organizer and station named by
// joins, the staff and teams as their names joined with 、 in id order.
// where selects on the activities a.
func activityLinesSQL(mysql bool, where string) string {
	names := func(join, table, id string) string {
		if mysql {
			return fmt.Sprintf(`(SELECT GROUP_CONCAT(n.name ORDER BY j.%[3]s SEPARATOR '、') FROM %[1]s j JOIN %[2]s n ON n.id = j.%[3]s WHERE j.activity_id = a.id)`, join, table, id)
		}
		// SQLite keeps a subquery's order for the aggregate over it: an ordered
		// subquery is not flattened into an aggregate query.
		return fmt.Sprintf(`(SELECT group_concat(name, '、') FROM (SELECT n.name FROM %[1]s j JOIN %[2]s n ON n.id = j.%[3]s WHERE j.activity_id = a.id ORDER BY j.%[3]s))`, join, table, id)
	}
	return `SELECT a.id, a.kind, a.title, a.start_at, a.end_at, a.local_date, COALESCE(v.name, ''), a.location,
	COALESCE(o.name, ''), COALESCE(` + names("activity_staff", "users", "user_id") + `, ''),
	COALESCE(` + names("activity_teams", "teams", "team_id") + `, ''), COALESCE(st.name, ''),
	a.expected_attendance, a.actual_attendance, a.status, a.series_id, a.notes, a.cancel_reason
FROM activities a
LEFT JOIN venues v ON v.id = a.venue_id
LEFT JOIN users o ON o.id = a.organizer_id
LEFT JOIN stations st ON st.id = a.station_id
WHERE ` + where + `
ORDER BY a.start_at, a.id`
}

// maxNamesLen is MySQL's group_concat_max_len for the export: a hundred
// staff names of up to a hundred characters, in bytes, with room to spare.
// The default (1024 bytes) would cut a long list silently.
const maxNamesLen = 1 << 20

// eachActivity calls fn for every activity in rng, by start, as the one
// ordered query streams it: nothing of the list is held here, whatever its
// length.
func (r *Reports) eachActivity(ctx context.Context, rng ActivityRange, fn func(activityLine) error) error {
	where, args := "a.start_at < ? AND a.end_at > ?", []any{rng.To.UTC(), rng.From.UTC()}
	if rng.Year != 0 {
		y0, y1 := yearBounds(rng.Year)
		where, args = "a.kind IN ? AND a.local_date BETWEEN ? AND ?", []any{models.Kinds, y0, y1}
	}
	mysql := models.DialectOf(r.db) == models.MySQL
	query := activityLinesSQL(mysql, where)
	read := func(db *gorm.DB) error {
		rows, err := db.Raw(query, args...).Rows()
		if err != nil {
			return fmt.Errorf("export activities: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var l activityLine
			if err := rows.Scan(&l.ID, &l.Kind, &l.Title, &l.StartAt, &l.EndAt, &l.LocalDate, &l.venue, &l.Location,
				&l.organizer, &l.staff, &l.teams, &l.station, &l.ExpectedAttendance, &l.ActualAttendance, &l.Status,
				&l.SeriesID, &l.Notes, &l.CancelReason); err != nil {
				return fmt.Errorf("export activities: %w", err)
			}
			if err := fn(l); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("export activities: %w", err)
		}
		return nil
	}
	db := r.db.WithContext(ctx)
	if !mysql {
		return read(db)
	}
	// The session setting holds on one connection: keep the query on it, and
	// put the default back before the connection returns to the pool.
	return db.Connection(func(conn *gorm.DB) error {
		if err := conn.Exec(fmt.Sprintf("SET SESSION group_concat_max_len = %d", maxNamesLen)).Error; err != nil {
			return fmt.Errorf("export activities: %w", err)
		}
		err := read(conn)
		if rerr := conn.Exec("SET SESSION group_concat_max_len = DEFAULT").Error; err == nil && rerr != nil {
			err = fmt.Errorf("export activities: %w", rerr)
		}
		return err
	})
}

// WriteActivitiesCSV writes the activities of rng as CSV in UTF-8 with a byte
// order mark, so spreadsheet programs read the Chinese text, with headers in
// lang (zh or en).
func (r *Reports) WriteActivitiesCSV(ctx context.Context, actor services.Actor, rng ActivityRange, lang string, w io.Writer) error {
	if actor.Role == "" {
		return services.Fail(services.Forbidden, services.ReasonNotAllowed, nil, "not allowed")
	}
	if rng.Year == 0 && (rng.From.IsZero() || rng.To.IsZero() || !rng.To.After(rng.From)) {
		return services.FieldError("to", services.NewProblem(services.ProblemAfter, services.Params{"field": "from"}, "from and to are required, to after from"))
	}
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	w8 := r.words(lang)
	if err := cw.Write(toStrings(w8.row(hdrActivity))); err != nil {
		return err
	}
	err := r.eachActivity(ctx, rng, func(l activityLine) error {
		return cw.Write(l.csvRecord(w8, r.loc))
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func toStrings(cells []any) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case string:
			out[i] = safeText(v)
		case int:
			out[i] = strconv.Itoa(v)
		case uint64:
			out[i] = strconv.FormatUint(v, 10)
		default:
			out[i] = fmt.Sprint(v)
		}
	}
	return out
}

// Export formats for the command line.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

// Export writes year's tally workbook (FormatXLSX) or the year's activities
// (FormatCSV) to w with headers in lang, as the system: it is what
// `centerstage export` runs.
func (r *Reports) Export(ctx context.Context, year int, format, lang string, w io.Writer) error {
	if err := checkYear(year); err != nil {
		return err
	}
	switch format {
	case FormatXLSX:
		return r.WriteTallyXLSX(ctx, services.System, year, "", lang, w)
	case FormatCSV:
		return r.WriteActivitiesCSV(ctx, services.System, ActivityRange{Year: year}, lang, w)
	}
	return services.FieldError("format", services.NewProblem(services.ProblemOneOf, services.Params{"values": []string{FormatXLSX, FormatCSV}}, "must be xlsx or csv"))
}
