package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"centerstage/services"
)

// The floor of a booking: what a booking must do at least, through
// database/sql. One transaction (immediate on SQLite, READ COMMITTED on
// MySQL) that takes the same locks as the product (lock_seq writes on the
// venue, staff and team rows in id order, MySQL only), checks the
// references in one statement and the clashes in one, inserts the
// activities, their derived rows and the audit entries in one multi-row
// statement per table, and commits.

// clash is one conflict as the floor and the API's 409 both list it.
type clash struct {
	ActivityID uint64 `json:"activity_id"`
	Reason     string `json:"reason"`
	ResourceID uint64 `json:"resource_id"`
}

// floor is the raw-SQL side of a variant's database.
type floor struct {
	db      *sql.DB
	mysql   bool
	loc     *time.Location
	actorID uint64
}

func (f *floor) begin(ctx context.Context) (*sql.Tx, error) {
	if f.mysql {
		return f.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	}
	return f.db.BeginTx(ctx, nil) // the DSN makes it BEGIN IMMEDIATE
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func anyIDs(ids []uint64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// book books the occurrences of b (one, or a series' starts) in one
// transaction, or lists their clashes and writes nothing. seriesRule, when
// not empty, makes them one new series.
func (f *floor) book(ctx context.Context, b Booking, starts []time.Time, seriesRule string) ([]uint64, []clash, error) {
	tx, err := f.begin(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	staff := services.UniqueIDs(append(slices.Clone(b.StaffIDs), b.OrganizerID))
	if f.mysql {
		for _, l := range []struct {
			table string
			ids   []uint64
		}{{"venues", idsOf(b.VenueID)}, {"users", staff}, {"teams", services.UniqueIDs(b.TeamIDs)}} {
			if len(l.ids) == 0 {
				continue
			}
			q := "UPDATE " + l.table + " SET lock_seq = lock_seq + 1 WHERE id IN (" + placeholders(len(l.ids)) + ") ORDER BY id"
			if _, err := tx.ExecContext(ctx, q, anyIDs(l.ids)...); err != nil {
				return nil, nil, fmt.Errorf("lock %s: %w", l.table, err)
			}
		}
	}
	if err := f.checkRefs(ctx, tx, b, staff); err != nil {
		return nil, nil, err
	}
	length := b.End.Sub(b.Start)
	clashes, err := f.clashes(ctx, tx, b, staff, starts, length)
	if err != nil || len(clashes) > 0 {
		return nil, clashes, err
	}
	ids, err := f.insert(ctx, tx, b, staff, starts, length, seriesRule)
	if err != nil {
		return nil, nil, err
	}
	return ids, nil, tx.Commit()
}

func idsOf(id uint64) []uint64 {
	if id == 0 {
		return nil
	}
	return []uint64{id}
}

// checkRefs reads every referenced row in one statement: each must exist
// and be active, people must not be viewers.
func (f *floor) checkRefs(ctx context.Context, tx *sql.Tx, b Booking, staff []uint64) error {
	var parts []string
	var args []any
	add := func(table, role string, ids []uint64) {
		if len(ids) > 0 {
			parts = append(parts, "SELECT '"+table+"' AS t, id, active, "+role+" AS role FROM "+table+" WHERE id IN ("+placeholders(len(ids))+")")
			args = append(args, anyIDs(ids)...)
		}
	}
	add("venues", "''", idsOf(b.VenueID))
	add("users", "role", staff)
	add("teams", "''", services.UniqueIDs(b.TeamIDs))
	rows, err := tx.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return fmt.Errorf("check references: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var t, role string
		var id uint64
		var active bool
		if err := rows.Scan(&t, &id, &active, &role); err != nil {
			return err
		}
		if !active || role == "viewer" {
			return fmt.Errorf("%s %d may not be booked", t, id)
		}
		n++
	}
	if want := len(idsOf(b.VenueID)) + len(staff) + len(services.UniqueIDs(b.TeamIDs)); n != want {
		return fmt.Errorf("references: %d of %d rows exist", n, want)
	}
	return rows.Err()
}

// clashes finds, in one statement, the non-cancelled bookings of the venue,
// the busy staff and the teams that overlap any of the occurrences, and
// closures on their dates for a booking with a venue.
func (f *floor) clashes(ctx context.Context, tx *sql.Tx, b Booking, staff []uint64, starts []time.Time,
	length time.Duration) ([]clash, error) {
	from, to := starts[0], starts[len(starts)-1].Add(length)
	lower := from.Add(-services.MaxActivityLength)
	// The range bounds let the index walk the span; the OR keeps what
	// overlaps one of the occurrences.
	overlap := func(p string) (string, []any) {
		var ors []string
		args := []any{to.UTC(), lower.UTC()}
		for _, st := range starts {
			ors = append(ors, "("+p+"start_at < ? AND "+p+"end_at > ?)")
			args = append(args, st.Add(length).UTC(), st.UTC())
		}
		return " AND " + p + "start_at < ? AND " + p + "start_at > ? AND (" + strings.Join(ors, " OR ") + ")", args
	}
	var parts []string
	var args []any
	if b.VenueID != 0 {
		cond, cargs := overlap("")
		parts = append(parts, "SELECT id, 'venue', venue_id FROM activities WHERE venue_id = ? AND status <> 'cancelled'"+cond)
		args = append(append(args, b.VenueID), cargs...)
	}
	cond, cargs := overlap("j.")
	parts = append(parts, "SELECT a.id, 'staff', j.user_id FROM activity_staff j JOIN activities a ON a.id = j.activity_id"+
		" WHERE j.user_id IN ("+placeholders(len(staff))+")"+cond+" AND a.status <> 'cancelled' AND a.staff_free = ?")
	args = append(append(append(args, anyIDs(staff)...), cargs...), false)
	if teams := services.UniqueIDs(b.TeamIDs); len(teams) > 0 {
		parts = append(parts, "SELECT a.id, 'team', j.team_id FROM activity_teams j JOIN activities a ON a.id = j.activity_id"+
			" WHERE j.team_id IN ("+placeholders(len(teams))+")"+cond+" AND a.status <> 'cancelled'")
		args = append(append(args, anyIDs(teams)...), cargs...)
	}
	if b.VenueID != 0 {
		// The harness books on no closed day; any closure in the span is a clash.
		parts = append(parts, "SELECT 0, 'closure', id FROM closures WHERE date BETWEEN ? AND ?")
		args = append(args, services.LocalDate(from, f.loc), services.LocalDate(to, f.loc))
	}
	rows, err := tx.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, fmt.Errorf("read clashes: %w", err)
	}
	defer rows.Close()
	var out []clash
	for rows.Next() {
		var c clash
		if err := rows.Scan(&c.ActivityID, &c.Reason, &c.ResourceID); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// insert writes the series (if any), the activities, their staff, team and
// day rows and one audit entry per activity.
func (f *floor) insert(ctx context.Context, tx *sql.Tx, b Booking, staff []uint64, starts []time.Time,
	length time.Duration, rule string) ([]uint64, error) {
	now := time.Now().UTC().Truncate(time.Microsecond)
	var seriesID *uint64
	if rule != "" {
		res, err := tx.ExecContext(ctx, "INSERT INTO series (rrule, skip_holidays, time_zone, created_by, edition_id, created_at) VALUES (?, ?, ?, ?, 0, ?)",
			rule, false, f.loc.String(), f.actorID, now)
		if err != nil {
			return nil, fmt.Errorf("insert series: %w", err)
		}
		id, _ := res.LastInsertId()
		sid := uint64(id)
		seriesID = &sid
		if _, err := tx.ExecContext(ctx, "UPDATE series SET edition_id = ? WHERE id = ?", sid, sid); err != nil {
			return nil, err
		}
	}
	var venue *uint64
	if b.VenueID != 0 {
		venue = &b.VenueID
	}
	cols := "kind, title, start_at, end_at, local_date, venue_id, location, organizer_id, station_id, expected_attendance," +
		" actual_attendance, status, series_id, edition_id, notes, completed_at, staff_free, cancel_reason, version, created_by, created_at, updated_at"
	var args []any
	for _, st := range starts {
		args = append(args, b.Kind, b.Title, st.UTC(), st.Add(length).UTC(), services.LocalDate(st, f.loc), venue, "", b.OrganizerID,
			nil, 0, nil, "planned", seriesID, seriesID, "", nil, b.Kind == "exhibition", "", 1, f.actorID, now, now)
	}
	one := "(" + placeholders(22) + ")"
	q := "INSERT INTO activities (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+",", len(starts)), ",")
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("insert activities: %w", err)
	}
	last, _ := res.LastInsertId()
	// A multi-row INSERT numbers its rows consecutively on both engines;
	// MySQL reports the first id, SQLite the last.
	first := uint64(last)
	if !f.mysql {
		first = uint64(last) - uint64(len(starts)) + 1
	}
	ids := make([]uint64, len(starts))
	for i := range ids {
		ids[i] = first + uint64(i)
	}
	var sArgs, tArgs, dArgs, aArgs []any
	for i, st := range starts {
		en := st.Add(length)
		for _, u := range staff {
			sArgs = append(sArgs, ids[i], u, st.UTC(), en.UTC())
		}
		for _, t := range services.UniqueIDs(b.TeamIDs) {
			tArgs = append(tArgs, ids[i], t, st.UTC(), en.UTC())
		}
		for _, d := range services.CoveredDays(st, en, f.loc) {
			dArgs = append(dArgs, ids[i], d)
		}
		after, _ := json.Marshal(map[string]any{"id": ids[i], "kind": b.Kind, "title": b.Title, "start": st.UTC(), "end": en.UTC(),
			"venue_id": venue, "organizer_id": b.OrganizerID, "staff_ids": staff, "team_ids": b.TeamIDs, "status": "planned",
			"series_id": seriesID, "version": 1})
		aArgs = append(aArgs, now, f.actorID, "create", "activity", ids[i], "", string(after), "")
	}
	for _, ins := range []struct {
		q    string
		n    int
		args []any
	}{
		{"INSERT INTO activity_staff (activity_id, user_id, start_at, end_at) VALUES ", 4, sArgs},
		{"INSERT INTO activity_teams (activity_id, team_id, start_at, end_at) VALUES ", 4, tArgs},
		{"INSERT INTO activity_days (activity_id, day) VALUES ", 2, dArgs},
		{"INSERT INTO audit_entries (`at`, actor_id, action, entity, entity_id, `before`, `after`, request_id) VALUES ", 8, aArgs},
	} {
		if len(ins.args) == 0 {
			continue
		}
		one := "(" + placeholders(ins.n) + ")"
		q := ins.q + strings.TrimSuffix(strings.Repeat(one+",", len(ins.args)/ins.n), ",")
		if _, err := tx.ExecContext(ctx, q, ins.args...); err != nil {
			return nil, fmt.Errorf("insert rows: %w", err)
		}
	}
	return ids, nil
}
