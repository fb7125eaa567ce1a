package main

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"centerstage/models"
	"centerstage/services"
)

// table is rows of one table to insert, column by column.
type table struct {
	name string
	cols []string
	rows [][]any
}

func (t *table) add(vals ...any) {
	if len(vals) != len(t.cols) {
		panic(fmt.Sprintf("%s: %d values for %d columns", t.name, len(vals), len(t.cols)))
	}
	t.rows = append(t.rows, vals)
}

// Tables returns the rows of ds as the app stores them: the reference
// rows, the series, and each activity with the rows services.InsertActivities
// derives from it (one per participant and team with the times copied, one
// per local date it touches).
func (ds *Dataset) Tables() []*table {
	users := &table{name: "users", cols: []string{"id", "username", "name", "role", "active", "password_hash", "token_gen",
		"joined_on", "left_on", "version", "created_at", "updated_at"}}
	for _, u := range ds.Users {
		users.add(u.ID, u.Username, u.Name, u.Role, u.Active, u.PasswordHash, u.TokenGen, u.JoinedOn, u.LeftOn, u.Version,
			u.CreatedAt, u.UpdatedAt)
	}
	venues := &table{name: "venues", cols: []string{"id", "name", "capacity", "active", "version", "created_at", "updated_at"}}
	for _, v := range ds.Venues {
		venues.add(v.ID, v.Name, v.Capacity, v.Active, v.Version, v.CreatedAt, v.UpdatedAt)
	}
	stations := &table{name: "stations", cols: []string{"id", "name", "address", "active", "version", "created_at", "updated_at"}}
	for _, s := range ds.Stations {
		stations.add(s.ID, s.Name, s.Address, s.Active, s.Version, s.CreatedAt, s.UpdatedAt)
	}
	pairs := &table{name: "station_staff", cols: []string{"station_id", "user_id"}}
	for _, p := range ds.Pairs {
		pairs.add(p.StationID, p.UserID)
	}
	teams := &table{name: "teams", cols: []string{"id", "name", "art_form", "founded_on", "leader_id", "member_count",
		"active", "version", "created_at", "updated_at"}}
	for _, t := range ds.Teams {
		teams.add(t.ID, t.Name, t.ArtForm, t.FoundedOn, t.LeaderID, t.MemberCount, t.Active, t.Version, t.CreatedAt, t.UpdatedAt)
	}
	series := &table{name: "series", cols: []string{"id", "rrule", "skip_holidays", "time_zone", "created_by", "edition_id", "created_at"}}
	for _, s := range ds.Series {
		series.add(s.ID, s.RRule, s.SkipHolidays, s.TimeZone, s.CreatedBy, s.EditionID, s.CreatedAt)
	}
	acts, staff, teamRows, days := activityTables(ds)
	return []*table{users, venues, stations, pairs, teams, series, acts, staff, teamRows, days}
}

// activityTables are the activities of ds and their derived rows.
func activityTables(ds *Dataset) (acts, staff, teams, days *table) {
	acts = &table{name: "activities", cols: []string{"id", "kind", "title", "start_at", "end_at", "local_date", "venue_id",
		"location", "organizer_id", "station_id", "expected_attendance", "actual_attendance", "status", "series_id",
		"edition_id", "notes", "completed_at", "staff_free", "cancel_reason", "version", "created_by", "created_at", "updated_at"}}
	staff = &table{name: "activity_staff", cols: []string{"activity_id", "user_id", "start_at", "end_at"}}
	teams = &table{name: "activity_teams", cols: []string{"activity_id", "team_id", "start_at", "end_at"}}
	days = &table{name: "activity_days", cols: []string{"activity_id", "day"}}
	for _, a := range ds.Acts {
		acts.add(a.ID, a.Kind, a.Title, a.StartAt, a.EndAt, services.LocalDate(a.StartAt, ds.Loc), a.VenueID, a.Location,
			a.OrganizerID, a.StationID, a.ExpectedAttendance, a.ActualAttendance, a.Status, a.SeriesID, a.EditionID,
			a.Notes, a.CompletedAt, a.StaffFree, a.CancelReason, a.Version, a.CreatedBy, a.CreatedAt, a.UpdatedAt)
		for _, id := range services.UniqueIDs(append(slices.Clone(a.StaffIDs), a.OrganizerID)) {
			staff.add(a.ID, id, a.StartAt, a.EndAt)
		}
		for _, id := range services.UniqueIDs(a.TeamIDs) {
			teams.add(a.ID, id, a.StartAt, a.EndAt)
		}
		for _, d := range services.CoveredDays(a.StartAt, a.EndAt, ds.Loc) {
			days.add(a.ID, d)
		}
	}
	return acts, staff, teams, days
}

// maxArgs bounds the placeholders of one MySQL INSERT (under 65,535; the
// driver quotes them in, interpolateParams). SQLite gets the values as
// literals instead, sqliteRows to a statement: its driver matches each
// placeholder against every argument, which makes a long statement's
// binding quadratic.
const (
	maxArgs    = 30000
	sqliteRows = 500
)

// Write inserts tables with multi-row INSERTs in one transaction. A column
// the schema does not have is left out (an older binary's schema), and a
// column the generator does not know keeps its default.
func Write(ctx context.Context, db *sql.DB, sqlite bool, tables []*table) error {
	if sqlite {
		// One connection, so the pragmas hold for the transaction: a
		// generated file needs no durability until it is complete.
		db.SetMaxOpenConns(1)
		for _, p := range []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144"} {
			if _, err := db.ExecContext(ctx, p); err != nil {
				return err
			}
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	for _, t := range tables {
		if err := insertTable(ctx, tx, sqlite, t); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func insertTable(ctx context.Context, tx *sql.Tx, sqlite bool, t *table) error {
	have, err := columnsOf(ctx, tx, t.name)
	if err != nil {
		return err
	}
	var keep []int
	var names []string
	for i, c := range t.cols {
		if slices.Contains(have, c) {
			keep = append(keep, i)
			names = append(names, quote(c))
		}
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(keep)), ",") + ")"
	per := maxArgs / len(keep)
	if sqlite {
		per = sqliteRows
	}
	for lo := 0; lo < len(t.rows); lo += per {
		hi := min(lo+per, len(t.rows))
		var sb strings.Builder
		sb.WriteString("INSERT INTO " + quote(t.name) + " (" + strings.Join(names, ",") + ") VALUES ")
		var args []any
		for r := lo; r < hi; r++ {
			if r > lo {
				sb.WriteByte(',')
			}
			if !sqlite {
				sb.WriteString(one)
				for _, i := range keep {
					args = append(args, t.rows[r][i])
				}
				continue
			}
			sb.WriteByte('(')
			for k, i := range keep {
				if k > 0 {
					sb.WriteByte(',')
				}
				if err := sqliteLiteral(&sb, t.rows[r][i]); err != nil {
					return fmt.Errorf("%s.%s: %w", t.name, t.cols[i], err)
				}
			}
			sb.WriteByte(')')
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("insert %s: %w", t.name, err)
		}
	}
	return nil
}

// sqliteTime is how the SQLite driver stores a time.Time (its default
// write format, which models.Open keeps).
const sqliteTime = "2006-01-02 15:04:05.999999999-07:00"

// sqliteLiteral writes v as the SQLite driver would bind it: integers and
// booleans as integers, strings and times as text, nil pointers as NULL.
func sqliteLiteral(sb *strings.Builder, v any) error {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		sb.WriteString("NULL")
		return nil
	}
	if rv.Kind() == reflect.Pointer {
		v = rv.Elem().Interface()
	}
	switch x := v.(type) {
	case string:
		sb.WriteString("'" + strings.ReplaceAll(x, "'", "''") + "'")
	case time.Time:
		sb.WriteString("'" + x.Format(sqliteTime) + "'")
	case bool:
		if x {
			sb.WriteString("1")
		} else {
			sb.WriteString("0")
		}
	case int, int64, uint64, int32:
		fmt.Fprint(sb, x)
	default:
		return fmt.Errorf("no SQLite literal for %T", v)
	}
	return nil
}

// quote quotes an identifier for both engines (both accept backticks).
func quote(name string) string { return "`" + name + "`" }

func columnsOf(ctx context.Context, tx *sql.Tx, name string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT * FROM "+quote(name)+" WHERE 1 = 0")
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", name, err)
	}
	defer rows.Close()
	return rows.Columns()
}

// harnessTimeout bounds one statement of the harness: writing and copying
// a dataset, or counting double bookings, may take minutes on a busy machine.
const harnessTimeout = 15 * time.Minute

// sqlDB opens addr as the app does (models.OpenWith: the same driver
// settings) and returns its database/sql handle.
func sqlDB(addr string) (*sql.DB, string, error) {
	gdb, err := models.OpenWith(addr, models.Options{Timeout: harnessTimeout})
	if err != nil {
		return nil, "", err
	}
	db, err := gdb.DB()
	if err != nil {
		return nil, "", err
	}
	return db, gdb.Dialector.Name(), nil
}
