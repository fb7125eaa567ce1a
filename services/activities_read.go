package services

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// Parts of the booking read, in the order its rows come back. The bookings
// come first: on SQLite a compound SELECT's columns take their declared type
// (which makes start_at a time) from its first part.
const (
	partVenue = iota + 1
	partStaff
	partTeam
	partClosure
	partRefVenue
	partRefStation
	partRefTeam
	partRefUser
)

// bookingRow is one row of the booking read: a booking holding a resource
// (venue, staff, team parts), a closure (ID, Title = its name, Day), or a
// referenced row (ID, Active, Role).
type bookingRow struct {
	Part       int
	ID         uint64
	Title      string
	StartAt    *time.Time
	EndAt      *time.Time
	ResourceID uint64
	Day        string
	Active     bool
	Role       string
}

// bookingRead is what a booking reads once it holds its locks, in one
// statement: the existing bookings and closures ins could clash with and,
// when asked, the venue, station, team and user rows ins refer to, for
// their validation. On MySQL the rows locked by lockResources are read
// right after their lock, at READ COMMITTED, so they are what the lock
// holder before committed.
type bookingRead struct {
	held   map[string][]booking
	closed map[string]models.Closure
	refs   refIndex
}

// refKey names a referenced row: its table's part and its id.
type refKey struct {
	part int
	id   uint64
}

// refIndex holds the referenced rows a booking read found.
type refIndex map[refKey]refRow

// span is the union of the intervals of ins and the resources they use:
// venues, the staff of those that occupy them, teams.
type span struct {
	from, to              time.Time
	venues, users, teams  []uint64
	refVenues, stations   []uint64
	refTeams, refUsers    []uint64
	conflicts, references bool
}

func spanOf(ins []ActivityInput, conflicts, references bool) span {
	sp := span{conflicts: conflicts, references: references}
	if len(ins) == 0 {
		return sp
	}
	sp.from, sp.to = ins[0].Start, ins[0].End
	for _, in := range ins {
		sp.from, sp.to = earlier(sp.from, in.Start), later(sp.to, in.End)
		sp.venues = append(sp.venues, idSet(in.VenueID)...)
		if in.busy() {
			sp.users = append(sp.users, in.StaffIDs...)
		}
		sp.teams = append(sp.teams, in.TeamIDs...)
		sp.stations = append(sp.stations, idSet(in.StationID)...)
		sp.refUsers = append(sp.refUsers, in.StaffIDs...)
		sp.refUsers = append(sp.refUsers, in.OrganizerID)
	}
	sp.refVenues, sp.refTeams = UniqueIDs(sp.venues), UniqueIDs(sp.teams)
	sp.venues, sp.users, sp.teams = UniqueIDs(sp.venues), UniqueIDs(sp.users), UniqueIDs(sp.teams)
	sp.stations, sp.refUsers = UniqueIDs(sp.stations), UniqueIDs(sp.refUsers)
	return sp
}

// readBooking reads, in one statement, the bookings of ins's resources
// overlapping their span (other than exclude) and the closures on its local
// dates when conflicts is set, and the rows ins refer to when references is
// set. The lower bound on start_at is implied by the maximum length and
// makes each part an index range; staff clash only when both sides occupy
// them (staff_busy).
func readBooking(tx *gorm.DB, loc *time.Location, ins []ActivityInput, exclude []uint64, conflicts, references bool) (*bookingRead, error) {
	sp := spanOf(ins, conflicts, references)
	var parts []string
	var args []any
	add := func(sql string, a ...any) {
		parts = append(parts, sql)
		args = append(args, a...)
	}
	notCancelled := fmt.Sprintf("status <> '%s'", models.StatusCancelled)
	if sp.conflicts {
		// window bounds a part to the span on the times of table t (the
		// activities or a join table's copies), excluding the activities a
		// change replaces.
		window := func(t, activity string) (string, []any) {
			w := t + ".start_at < ? AND " + t + ".end_at > ? AND " + t + ".start_at > ?"
			a := []any{sp.to, sp.from, sp.from.Add(-MaxActivityLength)}
			if len(exclude) > 0 {
				w += " AND " + activity + ".id NOT IN ?"
				a = append(a, exclude)
			}
			return w, a
		}
		cols := func(part int, resource string) string {
			return fmt.Sprintf("SELECT %d AS part, a.id AS id, a.title AS title, a.start_at AS start_at, a.end_at AS end_at, %s AS resource_id, '' AS day, 1 AS active, '' AS role", part, resource)
		}
		if len(sp.venues) > 0 {
			w, a := window("a", "a")
			add(cols(partVenue, "a.venue_id")+" FROM activities a WHERE a.venue_id IN ? AND a."+notCancelled+" AND "+w,
				append([]any{sp.venues}, a...)...)
		}
		join := func(part int, table, col string, ids []uint64, extra string, extraArgs ...any) {
			if len(ids) == 0 {
				return
			}
			w, a := window("j", "a")
			a = append([]any{ids}, a...)
			add(cols(part, "j."+col)+" FROM "+table+" j JOIN activities a ON a.id = j.activity_id WHERE j."+col+" IN ? AND "+
				w+" AND a."+notCancelled+extra, append(a, extraArgs...)...)
		}
		// An activity that leaves its staff free holds nobody.
		join(partStaff, "activity_staff", "user_id", sp.users, " AND a.staff_free = ?", false)
		join(partTeam, "activity_teams", "team_id", sp.teams, "")
		if len(sp.venues) > 0 {
			add(fmt.Sprintf("SELECT %d AS part, id, name AS title, NULL AS start_at, NULL AS end_at, 0 AS resource_id, date AS day, 1 AS active, '' AS role", partClosure)+
				" FROM closures WHERE date >= ? AND date <= ?", LocalDate(sp.from, loc), LocalDate(sp.to, loc))
		}
	}
	if sp.references {
		ref := func(part int, table string, ids []uint64, role string) {
			if len(ids) > 0 {
				add(fmt.Sprintf("SELECT %d AS part, id, '' AS title, NULL AS start_at, NULL AS end_at, 0 AS resource_id, '' AS day, active, %s AS role FROM %s WHERE id IN ?",
					part, role, table), ids)
			}
		}
		ref(partRefVenue, "venues", sp.refVenues, "''")
		ref(partRefStation, "stations", sp.stations, "''")
		ref(partRefTeam, "teams", sp.refTeams, "''")
		ref(partRefUser, "users", sp.refUsers, "role")
	}
	out := &bookingRead{held: map[string][]booking{}, closed: map[string]models.Closure{}, refs: refIndex{}}
	if len(parts) == 0 {
		return out, nil
	}
	var rows []bookingRow
	sql := strings.Join(parts, "\nUNION ALL\n") + "\nORDER BY part, start_at, id, resource_id"
	if err := tx.Raw(sql, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("read bookings: %w", err)
	}
	reasons := map[int]string{partVenue: ReasonVenue, partStaff: ReasonStaff, partTeam: ReasonTeam}
	for _, r := range rows {
		switch {
		case r.Part == partClosure:
			out.closed[r.Day] = models.Closure{ID: r.ID, Date: r.Day, Name: r.Title}
		case r.Part >= partRefVenue:
			out.refs[refKey{r.Part, r.ID}] = refRow{ID: r.ID, Active: r.Active, Role: r.Role}
		case r.StartAt != nil && r.EndAt != nil:
			reason := reasons[r.Part]
			out.held[reason] = append(out.held[reason], booking{ID: r.ID, Title: r.Title,
				StartAt: r.StartAt.UTC(), EndAt: r.EndAt.UTC(), ResourceID: r.ResourceID})
		}
	}
	return out, nil
}

// conflicts lists, for each of ins, the clashes the read found, as
// findConflicts returns them.
func (r *bookingRead) conflicts(ins []ActivityInput, loc *time.Location) [][]ConflictItem {
	out := make([][]ConflictItem, len(ins))
	for i, in := range ins {
		out[i] = clashes(in, r.held, closureClashes(in, r.closed, loc))
	}
	return out
}
