package services

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"centerstage/models"
)

// Bounds of free-text fields, in characters.
const (
	maxTitleLen    = 200
	maxLocationLen = 200
	maxNotesLen    = 10000
	maxListedIDs   = 100
)

// normalize checks the syntax of in and puts it in stored form; see syntax.
func (in *ActivityInput) normalize() error { return in.syntax().Err() }

// syntax checks in without the database and puts it in stored form: instants
// in UTC whole seconds, text trimmed, id lists sorted without duplicates and
// the organizer among the staff (the organizer always takes part). It
// returns the problems found, so that reference checks can add theirs.
func (in *ActivityInput) syntax() FieldErrors {
	fe := FieldErrors{}
	in.Title = strings.TrimSpace(in.Title)
	in.Location = strings.TrimSpace(in.Location)
	if !slices.Contains(models.Kinds, in.Kind) {
		fe.Add("kind", OneOf(models.Kinds...))
	}
	checkText(fe, "title", in.Title, maxTitleLen, true)
	checkText(fe, "location", in.Location, maxLocationLen, false)
	checkText(fe, "notes", in.Notes, maxNotesLen, false)
	checkInterval(fe, in.Start, in.End)
	in.Start, in.End = utcSecond(in.Start), utcSecond(in.End)
	checkAttendance(fe, "expected_attendance", in.ExpectedAttendance)
	if in.OrganizerID == 0 {
		fe.Add("organizer_id", Required())
	}
	busy := in.busy()
	in.StaffBusy = &busy
	staff := slices.Clone(in.StaffIDs)
	if in.OrganizerID != 0 {
		staff = append(staff, in.OrganizerID)
	}
	// A zero is noted before UniqueIDs drops it, and counts toward the bound.
	zeroStaff, zeroTeam := slices.Contains(in.StaffIDs, 0), slices.Contains(in.TeamIDs, 0)
	in.StaffIDs = UniqueIDs(staff)
	in.TeamIDs = UniqueIDs(in.TeamIDs)
	if len(in.StaffIDs)+oneIf(zeroStaff) > maxListedIDs {
		fe.Add("staff_ids", NewProblem(ProblemMaxItems, Params{"n": maxListedIDs}, "at most %d staff members", maxListedIDs))
	}
	if len(in.TeamIDs)+oneIf(zeroTeam) > maxListedIDs {
		fe.Add("team_ids", NewProblem(ProblemMaxItems, Params{"n": maxListedIDs}, "at most %d teams", maxListedIDs))
	}
	if zeroStaff {
		fe.Add("staff_ids", NewProblem(ProblemNotPositive, nil, "ids must be positive"))
	}
	if zeroTeam {
		fe.Add("team_ids", NewProblem(ProblemNotPositive, nil, "ids must be positive"))
	}
	return fe
}

// oneIf is 1 for true.
func oneIf(b bool) int {
	if b {
		return 1
	}
	return 0
}

func checkText(fe FieldErrors, field, v string, max int, required bool) {
	switch {
	case required && v == "":
		fe.Add(field, Required())
	case !utf8.ValidString(v):
		fe.Add(field, NewProblem(ProblemInvalidUTF8, nil, "must be valid UTF-8"))
	case utf8.RuneCountInString(v) > max:
		fe.Add(field, MaxChars(max))
	}
}

func checkInterval(fe FieldErrors, start, end time.Time) {
	switch {
	case start.IsZero():
		fe.Add("start", Required())
	case end.IsZero():
		fe.Add("end", Required())
	case !utcSecond(end).After(utcSecond(start)):
		fe.Add("end", NewProblem(ProblemAfter, Params{"field": "start"}, "must be after start"))
	case utcSecond(end).Sub(utcSecond(start)) > MaxActivityLength:
		fe.Add("end", NewProblem(ProblemMaxDays, Params{"n": int(MaxActivityLength / (24 * time.Hour))}, "an activity lasts at most %d days", int(MaxActivityLength/(24*time.Hour))))
	}
}

// assignTo copies in onto a, deriving the local date.
func (in ActivityInput) assignTo(a *models.Activity, loc *time.Location) {
	a.Kind, a.Title, a.Location, a.Notes = in.Kind, in.Title, in.Location, in.Notes
	a.StartAt, a.EndAt = utcSecond(in.Start), utcSecond(in.End)
	a.LocalDate = LocalDate(a.StartAt, loc)
	a.VenueID, a.StationID = in.VenueID, in.StationID
	a.OrganizerID = in.OrganizerID
	a.ExpectedAttendance = in.ExpectedAttendance
	a.StaffFree = !in.busy()
	a.StaffIDs, a.TeamIDs = slices.Clone(in.StaffIDs), slices.Clone(in.TeamIDs)
}

// inputOf is the current state of a as an input, the base a patch applies to.
func inputOf(a *models.Activity) ActivityInput {
	busy := !a.StaffFree
	return ActivityInput{StaffBusy: &busy,
		Kind: a.Kind, Title: a.Title, Start: a.StartAt, End: a.EndAt, VenueID: a.VenueID,
		Location: a.Location, OrganizerID: a.OrganizerID, StaffIDs: slices.Clone(a.StaffIDs),
		TeamIDs: slices.Clone(a.TeamIDs), StationID: a.StationID,
		ExpectedAttendance: a.ExpectedAttendance, Notes: a.Notes,
	}
}

// validateRefs checks that the venue, station, teams and people in exist and
// are active, and that people are not viewers. A reference the activity
// already had (prev) only has to exist: deactivating a venue must not freeze
// the activities booked in it.
func validateRefs(tx *gorm.DB, in *ActivityInput, prev *models.Activity) error {
	fe := FieldErrors{}
	if err := refProblems(tx, in, prev, fe); err != nil {
		return err
	}
	return fe.Err()
}

// refProblems adds the reference problems of in to fe; see validateRefs.
func refProblems(tx *gorm.DB, in *ActivityInput, prev *models.Activity, fe FieldErrors) error {
	read, err := readBooking(tx, nil, []ActivityInput{*in}, nil, false, true)
	if err != nil {
		return err
	}
	read.refs.problems(in, prev, fe)
	return nil
}

// validateAllRefs is validateRefs for each of ins, whose previous states
// are prevs (nil, or one per input, an element nil for a new activity),
// read in one statement. It returns the problems of the first input that
// has any.
func validateAllRefs(tx *gorm.DB, ins []ActivityInput, prevs []*models.Activity) error {
	read, err := readBooking(tx, nil, ins, nil, false, true)
	if err != nil {
		return err
	}
	for i := range ins {
		fe := FieldErrors{}
		var prev *models.Activity
		if prevs != nil {
			prev = prevs[i]
		}
		read.refs.problems(&ins[i], prev, fe)
		if err := fe.Err(); err != nil {
			return err
		}
	}
	return nil
}

// problems adds the reference problems of in to fe, from the rows a booking
// read found: see validateRefs. A reference the activity already had (prev)
// only has to exist.
func (r refIndex) problems(in *ActivityInput, prev *models.Activity, fe FieldErrors) {
	var had ActivityInput
	if prev != nil {
		had = inputOf(prev)
	}
	others := slices.DeleteFunc(slices.Clone(in.StaffIDs), func(id uint64) bool { return id == in.OrganizerID })
	checks := []struct {
		field        string
		part         int
		ids, allowed []uint64
	}{
		{"venue_id", partRefVenue, idSet(in.VenueID), idSet(had.VenueID)},
		{"station_id", partRefStation, idSet(in.StationID), idSet(had.StationID)},
		{"team_ids", partRefTeam, in.TeamIDs, had.TeamIDs},
		{"organizer_id", partRefUser, []uint64{in.OrganizerID}, had.StaffIDs},
		{"staff_ids", partRefUser, others, had.StaffIDs},
	}
	for _, c := range checks {
		r.check(fe, c.field, c.part, c.ids, c.allowed)
	}
}

type refRow struct {
	ID     uint64
	Active bool
	Role   string
}

// check records a problem under field for each id of part's table that does
// not exist, or is inactive and not among allowed. People must also not be
// viewers: a viewer account does no work of the center.
func (r refIndex) check(fe FieldErrors, field string, part int, ids, allowed []uint64) {
	for _, id := range ids {
		row, ok := r[refKey{part, id}]
		switch {
		case !ok:
			fe.Add(field, MissingRow(id))
		case !row.Active && !slices.Contains(allowed, id):
			fe.Add(field, NewProblem(ProblemInactive, Params{"id": id}, "%d is not active", id))
		case part == partRefUser && row.Role == models.RoleViewer:
			fe.Add(field, NewProblem(ProblemViewer, Params{"id": id}, "%d is a viewer account and cannot take part", id))
		}
	}
}

func idSet(id *uint64) []uint64 {
	if id == nil {
		return nil
	}
	return []uint64{*id}
}

// MaxAttendance bounds every head count of one activity, so that the sums of
// a year's tally cannot overflow and a typo does not become the center's
// figure.
const MaxAttendance = 1_000_000

// checkAttendance refuses a head count below 0 or above MaxAttendance.
func checkAttendance(fe FieldErrors, field string, n int) {
	switch {
	case n < 0:
		fe.Add(field, NewProblem(ProblemMin, Params{"n": 0}, "must not be negative"))
	case n > MaxAttendance:
		fe.Add(field, Max(MaxAttendance))
	}
}
