package counting

import "centerstage/models"

// overlay is the stored tables with some activities replaced by hypothetical
// states, for the dry run's quota impact (one activity, or the members of a
// series a scoped change covers). It is read-only: the hypothetical rows are
// UNION ALL-ed into derived tables, never written. A nil *overlay means the
// stored tables.
type overlay struct {
	hide []uint64 // ids of the stored activities to leave out; never empty (0 hides none)
	adds []overlayActivity
}

// overlayActivity is one hypothetical activity with its derived rows.
type overlayActivity struct {
	a     *models.Activity
	staff []uint64
	teams []uint64
	days  []string
}

const overlayActivityCols = "id, kind, local_date, status, series_id, edition_id, station_id, expected_attendance, actual_attendance"

// activities writes the activities table (or its overlay) restricted to the
// kinds and to local dates in [lo, hi] where those are given.
func (o *overlay) activities(b *sqlb, kinds []string, lo, hi string) {
	o.activitiesOf(b, kinds, lo, hi, nil)
}

// activitiesOf is activities limited to those of members when given, which
// keeps a member's dry run from reading everyone's year.
func (o *overlay) activitiesOf(b *sqlb, kinds []string, lo, hi string, members []uint64) {
	if o == nil {
		b.add("activities")
		return
	}
	b.add("(SELECT "+overlayActivityCols+" FROM activities WHERE id NOT IN ? AND kind IN ?", o.hide, kinds)
	if members != nil {
		b.add(" AND id IN (SELECT activity_id FROM activity_staff WHERE user_id IN ?", members)
		startRange(b, "start_at", lo, hi)
		b.add(")")
	}
	if lo != "" {
		b.add(" AND local_date >= ?", lo)
	}
	if hi != "" {
		b.add(" AND local_date <= ?", hi)
	}
	for _, x := range o.adds {
		a := x.a
		b.add(" UNION ALL SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?", a.ID, a.Kind, a.LocalDate, a.Status, a.SeriesID,
			a.EditionID, a.StationID, a.ExpectedAttendance, a.ActualAttendance)
	}
	b.add(")")
}

// staff writes activity_staff (or its overlay), limited to members if given,
// and for the overlay to the participation in activities of local dates in
// [lo, hi] (by the copied start; either may be empty).
func (o *overlay) staff(b *sqlb, members []uint64, lo, hi string) {
	if o == nil {
		b.add("activity_staff")
		return
	}
	b.add("(SELECT activity_id, user_id, start_at FROM activity_staff WHERE activity_id NOT IN ?", o.hide)
	if members != nil {
		b.add(" AND user_id IN ?", members)
	}
	startRange(b, "start_at", lo, hi)
	for _, x := range o.adds {
		for _, id := range x.staff {
			b.add(" UNION ALL SELECT ?, ?, ?", x.a.ID, id, x.a.StartAt.UTC())
		}
	}
	b.add(")")
}

// days writes activity_days (or its overlay) for the local dates [y0, y1],
// limited to the activities of members when given (their participation in
// activities of the year and of the countingMaxSpanDays before it).
func (o *overlay) days(b *sqlb, y0, y1 string, members []uint64) {
	if o == nil {
		b.add("activity_days")
		return
	}
	b.add("(SELECT activity_id, day FROM activity_days WHERE activity_id NOT IN ? AND day BETWEEN ? AND ?", o.hide, y0, y1)
	if members != nil {
		b.add(" AND activity_id IN (SELECT activity_id FROM activity_staff WHERE user_id IN ?", members)
		startRange(b, "start_at", shiftDate(y0, -countingMaxSpanDays), y1)
		b.add(")")
	}
	for _, x := range o.adds {
		for _, d := range x.days {
			b.add(" UNION ALL SELECT ?, ?", x.a.ID, d)
		}
	}
	b.add(")")
}

// teams writes activity_teams (or its overlay; for the overlay, the
// participation of the teams listed in activities of local dates in
// [lo, hi] by the copied start).
func (o *overlay) teams(b *sqlb, teams []uint64, lo, hi string) {
	if o == nil {
		b.add("activity_teams")
		return
	}
	b.add("(SELECT activity_id, team_id, start_at FROM activity_teams WHERE activity_id NOT IN ? AND team_id IN ?", o.hide, teams)
	startRange(b, "start_at", lo, hi)
	for _, x := range o.adds {
		for _, id := range x.teams {
			b.add(" UNION ALL SELECT ?, ?, ?", x.a.ID, id, x.a.StartAt.UTC())
		}
	}
	b.add(")")
}
