package services

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// Clashes returns, for each of ins, the existing activities it would clash
// with, by the same rules as a booking, without locks and without writing:
// a preview, such as the planner's search for free slots. ins must be in
// stored form (see NormalizeInput). The calendar is read once for the whole
// span of ins, so thousands of candidates cost a handful of queries.
func (s *Activities) Clashes(ctx context.Context, ins []ActivityInput) ([][]ConflictItem, error) {
	return findConflicts(s.db.WithContext(ctx), s.loc, ins, nil)
}

// NormalizeInput puts in in stored form (instants in UTC whole seconds, the
// organizer among the staff, id lists sorted) and reports its syntax
// problems, as a create would.
func NormalizeInput(in *ActivityInput) error { return in.normalize() }

// CreateAll schedules several unrelated activities in one transaction under
// the booking locks: every one or none. Each is checked against the calendar
// and against the others (two of them may not share a venue, a staff member
// or a team at overlapping times). field names the request's list, so that
// problems are reported as field[i].name.
func (s *Activities) CreateAll(ctx context.Context, actor Actor, field string, ins []ActivityInput) ([]*models.Activity, error) {
	if len(ins) == 0 {
		return nil, FieldError(field, Required())
	}
	if len(ins) > MaxOccurrences {
		return nil, FieldError(field, MaxItems(MaxOccurrences))
	}
	fe := FieldErrors{}
	for i := range ins {
		if err := s.authorizeNew(actor, &ins[i]); err != nil {
			return nil, err
		}
		for k, v := range ins[i].syntax() {
			fe.Add(fmt.Sprintf("%s[%d].%s", field, i, k), v)
		}
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	if err := refuseSharedOverlap(ins, field, s.loc); err != nil {
		return nil, err
	}
	var out []*models.Activity
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := lockResources(tx, ins); err != nil {
			return err
		}
		read, err := readBooking(tx, s.loc, ins, nil, true, true)
		if err != nil {
			return err
		}
		for i := range ins {
			refs := FieldErrors{}
			read.refs.problems(&ins[i], nil, refs)
			for k, v := range refs {
				fe.Add(fmt.Sprintf("%s[%d].%s", field, i, k), v)
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if err := conflictError(read.conflicts(ins, s.loc), ins, s.loc); err != nil {
			return err
		}
		acts := make([]*models.Activity, len(ins))
		for i, in := range ins {
			acts[i] = s.newActivity(actor, in, nil)
		}
		if err := InsertActivities(tx, s.loc, acts); err != nil {
			return err
		}
		if err := s.audit.RecordAll(tx, actor, "create", "activity", createdChanges(acts)); err != nil {
			return err
		}
		out = acts
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// refuseSharedOverlap refuses two of ins that overlap in time and share a
// venue, a team or (both occupying their staff) a staff member: they would
// clash with each other, by the rules of findConflicts.
func refuseSharedOverlap(ins []ActivityInput, field string, loc *time.Location) error {
	for i := range ins {
		for j := i + 1; j < len(ins); j++ {
			a, b := ins[i], ins[j]
			if !a.Start.Before(b.End) || !b.Start.Before(a.End) {
				continue
			}
			staffClash := a.busy() && b.busy() && shareAny(a.StaffIDs, b.StaffIDs) // one not occupying its staff never clashes on them
			if shareAny(idSet(a.VenueID), idSet(b.VenueID)) || staffClash || shareAny(a.TeamIDs, b.TeamIDs) {
				// Worded as a series' overlapping occurrences, which it is much like.
				x, y := b.Start.In(loc).Format(time.RFC3339), a.Start.In(loc).Format(time.RFC3339)
				e := FieldError(fmt.Sprintf("%s[%d].start", field, j), NewProblem(ProblemOccurrenceOverlap, Params{"a": x, "b": y},
					"the occurrence of %s overlaps the one of %s", x, y))
				e.Message = "occurrences overlap each other"
				return e
			}
		}
	}
	return nil
}

func shareAny(a, b []uint64) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
