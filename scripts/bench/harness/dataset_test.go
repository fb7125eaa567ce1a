package main

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/models/dbtest"
	"centerstage/services"
)

// small is a scale for tests: two years, every kind of row.
var small = Scale{Name: "test", FirstYear: 2025, LastYear: 2026, Staff: 12, Venues: 5, Stations: 3, Teams: 3, PerYear: 360, Galleries: 1}

func testData(t *testing.T) (*Dataset, *time.Location) {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return Generate(small, loc, time.Date(2026, 7, 1, 12, 0, 0, 0, loc), 3), loc
}

// TestGeneratedShapes: the dataset holds what the harness claims to
// measure: history years, series with a split one, multi-day and
// midnight-crossing activities, every status, no double booking.
func TestGeneratedShapes(t *testing.T) {
	ds, loc := testData(t)
	n := map[string]int{}
	for _, a := range ds.Acts {
		n[a.Status]++
		n[fmt.Sprint("year ", a.StartAt.In(loc).Year())]++
		days := len(services.CoveredDays(a.StartAt, a.EndAt, loc))
		if days > 2 {
			n["multi-day"]++
		}
		if days == 2 && a.EndAt.In(loc).Hour() == 1 {
			n["midnight"]++
		}
		if a.SeriesID != nil {
			n["in a series"]++
			if *a.EditionID != *a.SeriesID {
				n["in a split series"]++
			}
		}
	}
	for _, k := range []string{"planned", "completed", "cancelled", "year 2025", "year 2026", "multi-day", "midnight",
		"in a series", "in a split series"} {
		if n[k] == 0 {
			t.Errorf("no activity %s among %d: %v", k, len(ds.Acts), n)
		}
	}
	if got := n["year 2025"] + n["year 2026"]; got != 2*small.PerYear+4 {
		t.Errorf("%d activities in 2025-2026, want %d a year and the 4 blockers", got, small.PerYear)
	}
	// No venue, busy member or team is booked twice at overlapping times,
	// as the app's conflict check guarantees.
	for i, a := range ds.Acts {
		for _, b := range ds.Acts[i+1:] {
			if !a.StartAt.Before(b.EndAt) || !b.StartAt.Before(a.EndAt) || a.Status == "cancelled" || b.Status == "cancelled" {
				continue
			}
			venue := a.VenueID != nil && b.VenueID != nil && *a.VenueID == *b.VenueID
			staff := !a.StaffFree && !b.StaffFree && shares(a.StaffIDs, b.StaffIDs)
			if venue || staff || shares(a.TeamIDs, b.TeamIDs) {
				t.Fatalf("activities %d and %d clash", a.ID, b.ID)
			}
		}
	}
}

func shares(a, b []uint64) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// TestGeneratedRowsAreTheWritersRows: the generator's multi-row INSERTs
// store exactly what the app's one writer of activities and their derived
// rows (services.InsertActivities) and GORM store for the same rows, every
// column of every table compared.
func TestGeneratedRowsAreTheWritersRows(t *testing.T) {
	ctx := context.Background()
	ds, loc := testData(t)
	raw, viaApp := dbtest.Open(t), dbtest.Open(t)
	rawSQL, err := raw.DB()
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(ctx, rawSQL, raw.Dialector.Name() == "sqlite", ds.Tables()); err != nil {
		t.Fatal(err)
	}
	err = viaApp.Transaction(func(tx *gorm.DB) error {
		for _, rows := range []any{ds.Users, ds.Venues, ds.Stations, ds.Pairs, ds.Teams, ds.Series} {
			if err := tx.Create(rows).Error; err != nil {
				return err
			}
		}
		acts := make([]*models.Activity, len(ds.Acts))
		for i, a := range ds.Acts {
			c := *a
			c.StaffIDs, c.TeamIDs, c.LocalDate = slices.Clone(a.StaffIDs), slices.Clone(a.TeamIDs), ""
			acts[i] = &c
		}
		return services.InsertActivities(tx, loc, acts)
	})
	if err != nil {
		t.Fatal(err)
	}
	appSQL, err := viaApp.DB()
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range ds.Tables() {
		got, want := dump(t, rawSQL, tb.name, ""), dump(t, appSQL, tb.name, "")
		if len(want) == 0 {
			t.Errorf("%s: no rows", tb.name)
		}
		if len(got) != len(want) {
			t.Errorf("%s: %d generated rows, %d through the writer", tb.name, len(got), len(want))
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s row %d:\n generated %s\n writer    %s", tb.name, i, got[i], want[i])
				break
			}
		}
	}
}

// dump returns every row of table (where cond, if any) in primary-key
// order, each as its columns' names and values.
func dump(t *testing.T, db *sql.DB, table, cond string) []string {
	t.Helper()
	var out []string
	for _, r := range dumpMaps(t, db, table, cond) {
		var parts []string
		for _, c := range r.cols {
			parts = append(parts, c+"="+r.vals[c])
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

type dumped struct {
	cols []string
	vals map[string]string
}

func dumpMaps(t *testing.T, db *sql.DB, table, cond string) []dumped {
	t.Helper()
	q := "SELECT * FROM " + quote(table)
	if cond != "" {
		q += " WHERE " + cond
	}
	rows, err := db.Query(q + " ORDER BY 1, 2")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []dumped
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		d := dumped{cols: cols, vals: map[string]string{}}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			d.vals[cols[i]] = fmt.Sprintf("%v", v)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGeneratedActivitiesAreTheAPIs: a generated activity of each status,
// kind and shape (with a venue and a team, at a station, multi-day,
// across midnight) and a generated series hold the same columns as the
// same activity booked, completed or cancelled through the scheduling
// service the API calls, apart from ids and the instants of writing.
func TestGeneratedActivitiesAreTheAPIs(t *testing.T) {
	ctx := context.Background()
	ds, loc := testData(t)
	gdb := dbtest.Open(t)
	db, err := gdb.DB()
	if err != nil {
		t.Fatal(err)
	}
	tables := ds.Tables()
	if err := Write(ctx, db, gdb.Dialector.Name() == "sqlite", tables[:5]); err != nil { // the reference rows
		t.Fatal(err)
	}
	clock := func() time.Time { return ds.Now }
	acts := services.NewActivities(gdb, clock, loc, services.NewAudit(gdb, clock), nil)
	picked := pickShapes(t, ds, loc)
	for name, a := range picked {
		t.Run(name, func(t *testing.T) {
			actor := services.Actor{UserID: a.OrganizerID, Username: "organizer", Role: models.RoleStaff}
			in := services.ActivityInput{Kind: a.Kind, Title: a.Title, Start: a.StartAt, End: a.EndAt, VenueID: a.VenueID,
				Location: a.Location, OrganizerID: a.OrganizerID, StaffIDs: a.StaffIDs, TeamIDs: a.TeamIDs, StationID: a.StationID,
				ExpectedAttendance: a.ExpectedAttendance}
			made, err := acts.Create(ctx, actor, in)
			if err != nil {
				t.Fatal(err)
			}
			switch a.Status {
			case models.StatusCompleted:
				_, err = acts.Complete(ctx, actor, made.ID, services.Completion{ActualAttendance: *a.ActualAttendance})
			case models.StatusCancelled:
				_, err = acts.Cancel(ctx, actor, made.ID, made.Version, services.ScopeThis)
			}
			if err != nil {
				t.Fatal(err)
			}
			compareActivity(t, db, ds, a, made.ID)
		})
	}
	t.Run("series", func(t *testing.T) {
		var sr models.Series
		var occ []*models.Activity
		for _, s := range ds.Series {
			if s.EditionID == s.ID {
				occ = occurrencesOf(ds, s.ID)
				if len(occ) == 12 && occ[0].Status == models.StatusPlanned {
					sr = s
					break
				}
			}
		}
		if sr.ID == 0 {
			t.Fatal("no planned series of 12 generated")
		}
		a := occ[0]
		actor := services.Actor{UserID: a.OrganizerID, Username: "organizer", Role: models.RoleStaff}
		res, err := services.NewSeries(acts).Create(ctx, actor, services.SeriesInput{RRule: sr.RRule,
			Template: services.ActivityInput{Kind: a.Kind, Title: a.Title, Start: a.StartAt, End: a.EndAt, VenueID: a.VenueID,
				OrganizerID: a.OrganizerID, StaffIDs: a.StaffIDs, ExpectedAttendance: a.ExpectedAttendance}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Activities) != 12 {
			t.Fatalf("%d occurrences made, want 12", len(res.Activities))
		}
		var rule, tz string
		var skip bool
		var edition, by uint64
		if err := db.QueryRow("SELECT rrule, skip_holidays, time_zone, edition_id, created_by FROM series WHERE id = ?", res.SeriesID).
			Scan(&rule, &skip, &tz, &edition, &by); err != nil {
			t.Fatal(err)
		}
		if rule != sr.RRule || skip != sr.SkipHolidays || tz != sr.TimeZone || edition != res.SeriesID || by != sr.CreatedBy {
			t.Errorf("series row %q %v %q edition %d by %d, generated %q %v %q edition = id by %d",
				rule, skip, tz, edition, by, sr.RRule, sr.SkipHolidays, sr.TimeZone, sr.CreatedBy)
		}
		for i, m := range res.Activities {
			compareActivity(t, db, ds, occ[i], m.ID)
		}
	})
}

func occurrencesOf(ds *Dataset, series uint64) []*models.Activity {
	var out []*models.Activity
	for _, a := range ds.Acts {
		if a.SeriesID != nil && *a.SeriesID == series {
			out = append(out, a)
		}
	}
	return out
}

// pickShapes finds one generated activity of each shape, in the future of
// nothing else picked (each is booked into an empty calendar).
func pickShapes(t *testing.T, ds *Dataset, loc *time.Location) map[string]*models.Activity {
	t.Helper()
	out := map[string]*models.Activity{}
	want := map[string]func(a *models.Activity) bool{
		"planned with a venue and a team": func(a *models.Activity) bool {
			return a.Status == "planned" && a.VenueID != nil && len(a.TeamIDs) > 0 && a.SeriesID == nil
		},
		"completed outreach at a station": func(a *models.Activity) bool {
			return a.Status == "completed" && a.Kind == "outreach" && a.StationID != nil && len(a.StaffIDs) > 1
		},
		"cancelled": func(a *models.Activity) bool { return a.Status == "cancelled" && a.SeriesID == nil },
		"multi-day exhibition": func(a *models.Activity) bool {
			return a.Kind == "exhibition" && len(services.CoveredDays(a.StartAt, a.EndAt, loc)) > 2
		},
		"across midnight": func(a *models.Activity) bool {
			return len(services.CoveredDays(a.StartAt, a.EndAt, loc)) == 2 && a.EndAt.In(loc).Hour() == 1
		},
	}
	for name, ok := range want {
		for _, a := range ds.Acts {
			if ok(a) && !slices.Contains(ds.Blockers[:], a.ID) {
				out[name] = a
				break
			}
		}
		if out[name] == nil {
			t.Fatalf("no generated activity is %s", name)
		}
	}
	return out
}

// compareActivity compares the stored activity id with the generated a,
// and their staff, team and day rows; ids, series ids and the instants of
// writing (created, updated, completed) are the database's and the clock's.
func compareActivity(t *testing.T, db *sql.DB, ds *Dataset, a *models.Activity, id uint64) {
	t.Helper()
	one := *a
	one.ID = id
	acts, staff, teams, days := activityTables(&Dataset{Loc: ds.Loc, Acts: []*models.Activity{&one}})
	skip := map[string]bool{"id": true, "created_at": true, "updated_at": true, "completed_at": true, "series_id": true,
		"edition_id": true, "created_by": true}
	rows := dumpMaps(t, db, "activities", fmt.Sprintf("id = %d", id))
	if len(rows) != 1 {
		t.Fatalf("activity %d: %d rows", id, len(rows))
	}
	stored := rows[0].vals
	fresh := openLike(t)
	if err := Write(context.Background(), fresh.db, fresh.sqlite, []*table{acts}); err != nil {
		t.Fatal(err)
	}
	gen := dumpMaps(t, fresh.db, "activities", fmt.Sprintf("id = %d", id))[0]
	for _, k := range gen.cols {
		if !skip[k] && stored[k] != gen.vals[k] {
			t.Errorf("activity %d: %s is %q through the API, %q generated", id, k, stored[k], gen.vals[k])
		}
	}
	if (stored["completed_at"] == "<nil>") != (a.CompletedAt == nil) {
		t.Errorf("activity %d: completed_at %s through the API, generated %v", id, stored["completed_at"], a.CompletedAt)
	}
	for _, tb := range []*table{staff, teams, days} {
		if err := Write(context.Background(), fresh.db, fresh.sqlite, []*table{tb}); err != nil {
			t.Fatal(err)
		}
		cond := fmt.Sprintf("activity_id = %d", id)
		if got, want := dump(t, db, tb.name, cond), dump(t, fresh.db, tb.name, cond); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s of activity %d:\n API       %v\n generated %v", tb.name, id, got, want)
		}
	}
}

type freshDB struct {
	db     *sql.DB
	sqlite bool
}

// openLike opens an empty migrated database of the engine under test.
func openLike(t *testing.T) freshDB {
	t.Helper()
	g := dbtest.Open(t)
	db, err := g.DB()
	if err != nil {
		t.Fatal(err)
	}
	return freshDB{db: db, sqlite: g.Dialector.Name() == "sqlite"}
}
