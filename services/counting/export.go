package counting

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// exportBatch is how many activities an export loads at a time, so a long
// year streams in constant memory.
const exportBatch = 1000

// ActivityRange selects activities for an export: those overlapping
// [From, To), or, when Year is set, those dated in that year.
type ActivityRange struct {
	From, To time.Time
	Year     int
}

// activityLine is one activity with its references resolved to names.
type activityLine struct {
	models.Activity
	venue, organizer, staff, teams, station string
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

// names resolves ids of the small reference tables once per export.
type names struct {
	users, venues, stations, teams map[uint64]string
}

func loadNames(db *gorm.DB) (names, error) {
	n := names{}
	for _, t := range []struct {
		table string
		dst   *map[uint64]string
	}{{"users", &n.users}, {"venues", &n.venues}, {"stations", &n.stations}, {"teams", &n.teams}} {
		var rows []struct {
			ID   uint64
			Name string
		}
		if err := db.Table(t.table).Select("id, name").Scan(&rows).Error; err != nil {
			return n, fmt.Errorf("load %s names: %w", t.table, err)
		}
		*t.dst = make(map[uint64]string, len(rows))
		for _, r := range rows {
			(*t.dst)[r.ID] = r.Name
		}
	}
	return n, nil
}

func (n names) of(m map[uint64]string, id *uint64) string {
	if id == nil {
		return ""
	}
	return m[*id]
}

// eachActivity calls fn for every activity in rng, by start. The ordered ids
// are read once (a narrow query); the rows follow in batches by id, so a long
// year streams in constant memory without re-sorting it for every batch.
func (r *Reports) eachActivity(ctx context.Context, rng ActivityRange, fn func(activityLine) error) error {
	db := r.db.WithContext(ctx)
	nm, err := loadNames(db)
	if err != nil {
		return err
	}
	q := db.Model(&models.Activity{})
	if rng.Year != 0 {
		y0, y1 := yearBounds(rng.Year)
		q = q.Where("kind IN ? AND local_date BETWEEN ? AND ?", models.Kinds, y0, y1)
	} else {
		q = q.Where("start_at < ? AND end_at > ?", rng.To.UTC(), rng.From.UTC())
	}
	var ids []uint64
	if err := q.Order("start_at, id").Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("export activities: %w", err)
	}
	for len(ids) > 0 {
		page := ids[:min(exportBatch, len(ids))]
		ids = ids[len(page):]
		var batch []models.Activity
		if err := db.Where("id IN ?", page).Order("start_at, id").Find(&batch).Error; err != nil {
			return fmt.Errorf("export activities: %w", err)
		}
		lines, err := resolveLines(db, nm, batch)
		if err != nil {
			return err
		}
		for _, l := range lines {
			if err := fn(l); err != nil {
				return err
			}
		}
	}
	return nil
}

func resolveLines(db *gorm.DB, nm names, batch []models.Activity) ([]activityLine, error) {
	ids := make([]uint64, len(batch))
	for i, a := range batch {
		ids[i] = a.ID
	}
	var staff []models.ActivityStaff
	if err := db.Where("activity_id IN ?", ids).Order("activity_id, user_id").Find(&staff).Error; err != nil {
		return nil, fmt.Errorf("export activity staff: %w", err)
	}
	var teams []models.ActivityTeam
	if err := db.Where("activity_id IN ?", ids).Order("activity_id, team_id").Find(&teams).Error; err != nil {
		return nil, fmt.Errorf("export activity teams: %w", err)
	}
	staffOf, teamsOf := map[uint64][]string{}, map[uint64][]string{}
	for _, s := range staff {
		staffOf[s.ActivityID] = append(staffOf[s.ActivityID], nm.users[s.UserID])
	}
	for _, t := range teams {
		teamsOf[t.ActivityID] = append(teamsOf[t.ActivityID], nm.teams[t.TeamID])
	}
	out := make([]activityLine, len(batch))
	for i, a := range batch {
		out[i] = activityLine{Activity: a, venue: nm.of(nm.venues, a.VenueID), organizer: nm.users[a.OrganizerID],
			staff: strings.Join(staffOf[a.ID], "、"), teams: strings.Join(teamsOf[a.ID], "、"),
			station: nm.of(nm.stations, a.StationID)}
	}
	return out, nil
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
