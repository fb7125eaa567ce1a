package services

import "centerstage/models"

// overlay is the stored tables with one activity replaced by a hypothetical
// state, for the dry run's quota impact. It is read-only: the hypothetical
// rows are UNION ALL-ed into derived tables, never written. A nil *overlay
// means the stored tables.
type overlay struct {
	hide     uint64 // id of the stored activity to leave out; 0 leaves none out
	add      *models.Activity
	addStaff []uint64
	addTeams []uint64
	addDays  []string
}

const overlayActivityCols = "id, kind, local_date, status, series_id, station_id, expected_attendance, actual_attendance"

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
	b.add("(SELECT "+overlayActivityCols+" FROM activities WHERE id <> ? AND kind IN ?", o.hide, kinds)
	if members != nil {
		b.add(" AND id IN (SELECT activity_id FROM activity_staff WHERE user_id IN ?)", members)
	}
	if lo != "" {
		b.add(" AND local_date >= ?", lo)
	}
	if hi != "" {
		b.add(" AND local_date <= ?", hi)
	}
	if a := o.add; a != nil {
		b.add(" UNION ALL SELECT ?, ?, ?, ?, ?, ?, ?, ?", a.ID, a.Kind, a.LocalDate, a.Status, a.SeriesID,
			a.StationID, a.ExpectedAttendance, a.ActualAttendance)
	}
	b.add(")")
}

// staff writes activity_staff (or its overlay), limited to members if given.
func (o *overlay) staff(b *sqlb, members []uint64) {
	if o == nil {
		b.add("activity_staff")
		return
	}
	b.add("(SELECT activity_id, user_id FROM activity_staff WHERE activity_id <> ?", o.hide)
	if members != nil {
		b.add(" AND user_id IN ?", members)
	}
	if o.add != nil {
		for _, id := range o.addStaff {
			b.add(" UNION ALL SELECT ?, ?", o.add.ID, id)
		}
	}
	b.add(")")
}

// days writes activity_days (or its overlay) for the local dates [y0, y1],
// limited to the activities of members when given.
func (o *overlay) days(b *sqlb, y0, y1 string, members []uint64) {
	if o == nil {
		b.add("activity_days")
		return
	}
	b.add("(SELECT activity_id, day FROM activity_days WHERE activity_id <> ? AND day BETWEEN ? AND ?", o.hide, y0, y1)
	if members != nil {
		b.add(" AND activity_id IN (SELECT activity_id FROM activity_staff WHERE user_id IN ?)", members)
	}
	if o.add != nil {
		for _, d := range o.addDays {
			b.add(" UNION ALL SELECT ?, ?", o.add.ID, d)
		}
	}
	b.add(")")
}

// teams writes activity_teams (or its overlay).
func (o *overlay) teams(b *sqlb) {
	if o == nil {
		b.add("activity_teams")
		return
	}
	b.add("(SELECT activity_id, team_id FROM activity_teams WHERE activity_id <> ?", o.hide)
	if o.add != nil {
		for _, id := range o.addTeams {
			b.add(" UNION ALL SELECT ?, ?", o.add.ID, id)
		}
	}
	b.add(")")
}
