package services

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// Reasons a booking clashes with another.
const (
	ReasonVenue = "venue"
	ReasonStaff = "staff"
	ReasonTeam  = "team"
	// ReasonClosure is a clash with a center closure: ActivityID is 0,
	// ResourceID the closure's id, Title its name, Start and End its day.
	ReasonClosure = "closure"
)

// ConflictItem is one existing activity a create or change would clash with.
// Occurrence is set for series: the start of the new occurrence that clashes.
type ConflictItem struct {
	ActivityID uint64     `json:"activity_id"`
	Title      string     `json:"title"`
	Start      time.Time  `json:"start"`
	End        time.Time  `json:"end"`
	Reason     string     `json:"reason" enum:"conflict"`
	ResourceID uint64     `json:"resource_id"`
	Occurrence *time.Time `json:"occurrence,omitempty"`
}

// lockResources takes the row locks every conflict check of ins depends on:
// venues, then users, then teams, each in id order. All booking transactions
// lock in this one global order, so two of them cannot deadlock on these
// rows, and the second to come waits until the first has committed.
func lockResources(tx *gorm.DB, ins []ActivityInput) error {
	var venues, users, teams []uint64
	for _, in := range ins {
		venues = append(venues, idSet(in.VenueID)...)
		users = append(users, in.StaffIDs...)
		teams = append(teams, in.TeamIDs...)
	}
	for _, l := range []struct {
		model any
		ids   []uint64
	}{{&models.Venue{}, venues}, {&models.User{}, users}, {&models.Team{}, teams}} {
		if err := lockRows(tx, l.model, UniqueIDs(l.ids)); err != nil {
			return fmt.Errorf("lock booking resources: %w", err)
		}
	}
	return nil
}

// refuseConflicts returns a Conflict error listing every clash of ins with
// existing activities other than exclude, or nil when there is none. The
// caller must hold the locks of lockResources for ins.
func (s *Activities) refuseConflicts(tx *gorm.DB, ins []ActivityInput, exclude []uint64) error {
	found, err := findConflicts(tx, s.loc, ins, exclude)
	if err != nil {
		return err
	}
	return conflictError(found, ins, s.loc)
}

// conflictError returns a Conflict error listing the clashes found, as
// findConflicts returned them for ins, or nil when there is none. Times are
// given in loc; with more than one of ins each clash names its occurrence.
// found is not modified.
func conflictError(found [][]ConflictItem, ins []ActivityInput, loc *time.Location) error {
	var all []ConflictItem
	for i, items := range found {
		for _, c := range items {
			if len(ins) > 1 {
				occ := ins[i].Start.In(loc)
				c.Occurrence = &occ
			}
			c.Start, c.End = c.Start.In(loc), c.End.In(loc)
			all = append(all, c)
		}
	}
	if len(all) == 0 {
		return nil
	}
	e := Fail(Conflict, ReasonClash, Params{"count": len(all)}, "%s", conflictMessage(len(all)))
	e.Details = map[string]any{"conflicts": all}
	return e
}

func conflictMessage(n int) string {
	if n == 1 {
		return "the time clashes with another activity"
	}
	return fmt.Sprintf("the time clashes with other activities (%d clashes)", n)
}

// booking is an existing activity holding a resource during [Start, End).
type booking struct {
	ID         uint64
	Title      string
	StartAt    time.Time
	EndAt      time.Time
	ResourceID uint64
}

// findConflicts returns, for each of ins, the existing non-cancelled
// activities (other than exclude) that overlap it and share its venue, a
// staff member or a team, and for one with a venue the center closures on
// the local dates (in loc) it touches. Staff clash only when both sides
// occupy them (staff_busy). It reads the whole span of ins in one statement
// (see readBooking), so a series of 200 occurrences costs one query.
func findConflicts(tx *gorm.DB, loc *time.Location, ins []ActivityInput, exclude []uint64) ([][]ConflictItem, error) {
	if len(ins) == 0 {
		return nil, nil
	}
	read, err := readBooking(tx, loc, ins, exclude, true, false)
	if err != nil {
		return nil, err
	}
	return read.conflicts(ins, loc), nil
}

// closureClashes lists the closures on the local dates in touches, for an
// activity with a venue: a closed center closes its halls and rooms, not
// the stations and places elsewhere where outreach happens.
func closureClashes(in ActivityInput, closed map[string]models.Closure, loc *time.Location) []ConflictItem {
	if in.VenueID == nil || len(closed) == 0 {
		return nil
	}
	var out []ConflictItem
	for _, d := range CoveredDays(in.Start, in.End, loc) {
		c, ok := closed[d]
		if !ok {
			continue
		}
		day, _ := time.ParseInLocation(time.DateOnly, d, loc)
		out = append(out, ConflictItem{Title: c.Name, Start: day, End: day.AddDate(0, 0, 1),
			Reason: ReasonClosure, ResourceID: c.ID})
	}
	return out
}

// clashes matches one candidate against the bookings read for its span;
// extra are clashes found otherwise (closures), sorted in with them.
func clashes(in ActivityInput, held map[string][]booking, extra []ConflictItem) []ConflictItem {
	uses := map[string][]uint64{ReasonVenue: idSet(in.VenueID), ReasonStaff: in.StaffIDs, ReasonTeam: in.TeamIDs}
	if !in.busy() {
		uses[ReasonStaff] = nil
	}
	out := extra
	for _, reason := range []string{ReasonVenue, ReasonStaff, ReasonTeam} {
		for _, b := range held[reason] {
			if b.StartAt.Before(in.End) && b.EndAt.After(in.Start) && slices.Contains(uses[reason], b.ResourceID) {
				out = append(out, ConflictItem{ActivityID: b.ID, Title: b.Title, Start: b.StartAt,
					End: b.EndAt, Reason: reason, ResourceID: b.ResourceID})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].ActivityID < out[j].ActivityID
	})
	return out
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
