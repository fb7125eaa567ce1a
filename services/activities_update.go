package services

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// SeriesScope says which members of a series an edit or cancellation applies to.
type SeriesScope string

// The scopes of an edit or cancellation of a series member.
const (
	ScopeThis      SeriesScope = "this"      // only the given activity
	ScopeFollowing SeriesScope = "following" // it and the later planned members; an edit splits the series there
	ScopeAll       SeriesScope = "all"       // every planned member
)

// ParseScope reads a scope parameter; empty means ScopeThis.
func ParseScope(s string) (SeriesScope, error) {
	switch SeriesScope(s) {
	case "":
		return ScopeThis, nil
	case ScopeThis, ScopeFollowing, ScopeAll:
		return SeriesScope(s), nil
	}
	return "", FieldError("scope", NewProblem(ProblemOneOf, Params{"values": []string{"this", "following", "all"}}, "must be this, following or all"))
}

// OptionalID is a nullable id field of a patch: Set says whether the caller
// sent it at all, ID nil means they cleared it.
type OptionalID struct {
	Set bool
	ID  *uint64
}

// ActivityPatch changes some fields of an activity; nil fields stay as they
// are. Version is the version the caller read.
type ActivityPatch struct {
	Version            int64
	Kind               *string
	Title              *string
	Start, End         *time.Time
	VenueID            OptionalID
	Location           *string
	OrganizerID        *uint64
	StaffIDs           *[]uint64
	TeamIDs            *[]uint64
	StationID          OptionalID
	ExpectedAttendance *int
	Notes              *string
	// StaffBusy nil keeps the stored value, unless Kind changes the kind:
	// then the new kind's default applies.
	StaffBusy *bool
	// ActualAttendance mends a completed activity's record (with Notes);
	// it is refused on any other change.
	ActualAttendance *int
}

// apply returns in with the patch's fields set, except start and end, which
// the caller places (a series member moves relative to the edited one).
func (p ActivityPatch) apply(in ActivityInput) ActivityInput {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	switch {
	case p.StaffBusy != nil:
		busy := *p.StaffBusy
		in.StaffBusy = &busy
	case p.Kind != nil && *p.Kind != in.Kind:
		in.StaffBusy = nil
	}
	set(&in.Kind, p.Kind)
	set(&in.Title, p.Title)
	set(&in.Location, p.Location)
	set(&in.Notes, p.Notes)
	if p.VenueID.Set {
		in.VenueID = p.VenueID.ID
	}
	if p.StationID.Set {
		in.StationID = p.StationID.ID
	}
	if p.OrganizerID != nil {
		// The old organizer stays a participant only if listed again.
		in.StaffIDs = slices.DeleteFunc(in.StaffIDs, func(id uint64) bool { return id == in.OrganizerID })
		in.OrganizerID = *p.OrganizerID
	}
	if p.StaffIDs != nil {
		in.StaffIDs = slices.Clone(*p.StaffIDs)
	}
	if p.TeamIDs != nil {
		in.TeamIDs = slices.Clone(*p.TeamIDs)
	}
	if p.ExpectedAttendance != nil {
		in.ExpectedAttendance = *p.ExpectedAttendance
	}
	return in
}

// Update changes an activity, or with a scope several members of its series,
// all or nothing. The caller must send the version they read; a changed row
// is refused as stale rather than overwritten.
func (s *Activities) Update(ctx context.Context, actor Actor, id uint64, p ActivityPatch, scope SeriesScope) (*models.Activity, error) {
	if !actor.CanWrite() {
		return nil, viewerReadOnly()
	}
	if p.Version <= 0 {
		return nil, FieldError("version", Required())
	}
	status, err := currentStatus(s.db.WithContext(ctx), id)
	if err != nil {
		return nil, err
	}
	if status == models.StatusCompleted {
		return s.mend(ctx, actor, id, p, scope)
	}
	if p.ActualAttendance != nil {
		return nil, Fail(Rule, ReasonRecordByCompleting, nil, "actual attendance is recorded by completing the activity")
	}
	var out *models.Activity
	err = s.tx(ctx, func(tx *gorm.DB) error {
		target, members, err := s.lockForChange(tx, actor, id, p.Version, scope)
		if err != nil {
			return err
		}
		next, err := s.patchMembers(actor, target, members, p)
		if err != nil {
			return err
		}
		if err := s.checkPlacement(tx, members, next); err != nil {
			return err
		}
		if scope == ScopeFollowing {
			if err := s.split(tx, actor, target, members); err != nil {
				return err
			}
		}
		err = s.saveEach(tx, actor, "update", members, func(i int, m *models.Activity) error {
			next[i].assignTo(m, s.loc)
			return saveActivity(tx, s.loc, m, m.Version)
		})
		if err != nil {
			return err
		}
		out = target
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lockForChange locks the activity with the series members the scope covers
// (it included), checks its version and state, and returns it with those
// members ordered by start, each of which the actor must be allowed to change.
//
// Every covered row, the target included, is locked by one query in id
// order, so that two scoped changes of one series made from different
// members lock their common rows in the same order and cannot deadlock each
// other on MySQL (as locking the target first and the rest after would).
func (s *Activities) lockForChange(tx *gorm.DB, actor Actor, id uint64, version int64, scope SeriesScope) (*models.Activity, []*models.Activity, error) {
	target, members, err := lockCovered(tx, id, scope)
	if err != nil {
		return nil, nil, err
	}
	if version != 0 && version != target.Version {
		return nil, nil, staleErr(id)
	}
	if target.Status != models.StatusPlanned {
		return nil, nil, lockedErr(target.Status)
	}
	if err := authorizeMembers(actor, members); err != nil {
		return nil, nil, err
	}
	return target, members, nil
}

// lockCovered locks, in one id-ordered query, activity id and the planned
// members of its series that scope covers, and returns the activity with
// them all (it included) ordered by start. Which members are covered depends
// on the activity's series and start, read first without a lock; should the
// locked row no longer have them (it changed in between), the set is chosen
// again from the locked row, which can no longer change.
func lockCovered(tx *gorm.DB, id uint64, scope SeriesScope) (*models.Activity, []*models.Activity, error) {
	var seen models.Activity
	if err := tx.Select("id", "series_id", "start_at").First(&seen, id).Error; err != nil {
		return nil, nil, notFound(err, "activity", id)
	}
	for {
		cond, args := "id = ?", []any{id}
		if scope != ScopeThis && scope != "" && seen.SeriesID != nil {
			cond += " OR (series_id = ? AND status = ?"
			args = append(args, *seen.SeriesID, models.StatusPlanned)
			if scope == ScopeFollowing {
				cond += " AND start_at >= ?"
				args = append(args, seen.StartAt)
			}
			cond += ")"
		}
		var rows []*models.Activity
		if err := forUpdate(tx).Where(cond, args...).Order("id").Find(&rows).Error; err != nil {
			return nil, nil, fmt.Errorf("lock activity %d and its series: %w", id, err)
		}
		i := slices.IndexFunc(rows, func(a *models.Activity) bool { return a.ID == id })
		if i < 0 {
			return nil, nil, notFound(gorm.ErrRecordNotFound, "activity", id)
		}
		target := rows[i]
		if !sameSeriesPlace(target, &seen) {
			seen = *target
			continue
		}
		if err := loadParticipants(tx, rows); err != nil {
			return nil, nil, err
		}
		slices.SortStableFunc(rows, func(a, b *models.Activity) int { return a.StartAt.Compare(b.StartAt) })
		return target, rows, nil
	}
}

// sameSeriesPlace reports whether a and b have the same series and start,
// which are what decide the members a scope covers.
func sameSeriesPlace(a, b *models.Activity) bool {
	if (a.SeriesID == nil) != (b.SeriesID == nil) || (a.SeriesID != nil && *a.SeriesID != *b.SeriesID) {
		return false
	}
	return a.StartAt.Equal(b.StartAt)
}

// authorizeMembers refuses staff a change covering an activity they do not
// organize.
func authorizeMembers(actor Actor, members []*models.Activity) error {
	for _, m := range members {
		if !actor.IsManager() && m.OrganizerID != actor.UserID {
			return Fail(Forbidden, ReasonStaffOwnOnly, Params{"id": m.ID}, "staff may only change activities they organize (activity %d)", m.ID)
		}
	}
	return nil
}

// seriesMembers returns the activities scope covers, target included, in
// start order, without locks, as a dry run reads them (a change locks them
// with lockCovered).
func seriesMembers(tx *gorm.DB, target *models.Activity, scope SeriesScope) ([]*models.Activity, error) {
	if scope == ScopeThis || scope == "" || target.SeriesID == nil {
		return []*models.Activity{target}, nil
	}
	q := tx.Where("series_id = ? AND status = ? AND id <> ?", *target.SeriesID, models.StatusPlanned, target.ID)
	if scope == ScopeFollowing {
		q = q.Where("start_at >= ?", target.StartAt)
	}
	var others []*models.Activity
	if err := q.Order("id").Find(&others).Error; err != nil {
		return nil, fmt.Errorf("load series %d: %w", *target.SeriesID, err)
	}
	if err := loadParticipants(tx, others); err != nil {
		return nil, err
	}
	members := append(others, target)
	slices.SortFunc(members, func(a, b *models.Activity) int { return a.StartAt.Compare(b.StartAt) })
	return members, nil
}

// patchMembers computes the new state of every member. A new start moves
// each member by the same number of local days to the new local wall-clock
// time, and every member takes the new length, so a weekly class moved from
// 10:00 to 14:00 stays on its own days.
func (s *Activities) patchMembers(actor Actor, target *models.Activity, members []*models.Activity, p ActivityPatch) ([]ActivityInput, error) {
	newStart, newEnd := target.StartAt, target.EndAt
	if p.Start != nil {
		newStart = *p.Start
	}
	if p.End != nil {
		newEnd = *p.End
	}
	newStart, newEnd = utcSecond(newStart), utcSecond(newEnd)
	length := newEnd.Sub(newStart)
	dayShift := civilDays(target.StartAt.In(s.loc), newStart.In(s.loc))
	next := make([]ActivityInput, len(members))
	for i, m := range members {
		in := p.apply(inputOf(m))
		switch {
		case m.ID == target.ID:
			in.Start, in.End = newStart, newEnd
		case p.Start != nil:
			start, err := moveWallClock(m.StartAt, dayShift, newStart, s.loc)
			if err != nil {
				return nil, err
			}
			in.Start, in.End = start, start.Add(length)
		case p.End != nil:
			in.End = in.Start.Add(length)
		}
		if !actor.IsManager() && in.OrganizerID != actor.UserID {
			return nil, Fail(Forbidden, ReasonStaffOwnOnly, nil, "staff may only organize their own activities")
		}
		if err := in.normalize(); err != nil {
			return nil, err
		}
		next[i] = in
	}
	return next, nil
}

// checkPlacement validates the new states and refuses clashes with other
// activities or among the members themselves, under the resource locks.
func (s *Activities) checkPlacement(tx *gorm.DB, members []*models.Activity, next []ActivityInput) error {
	if err := lockResources(tx, next); err != nil {
		return err
	}
	if err := validateAllRefs(tx, next, members); err != nil {
		return err
	}
	if err := refuseSelfOverlap(next, s.loc); err != nil {
		return err
	}
	ids := make([]uint64, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	return s.refuseConflicts(tx, next, ids)
}

// split gives the members from target on a series of their own, so that the
// earlier part keeps its old shape. It is a no-op when target is first.
func (s *Activities) split(tx *gorm.DB, actor Actor, target *models.Activity, members []*models.Activity) error {
	if splits, err := splitsSeries(tx, target); err != nil || !splits {
		return err
	}
	var old models.Series
	if err := tx.First(&old, *target.SeriesID).Error; err != nil {
		return notFound(err, "series", *target.SeriesID)
	}
	// The split keeps the edition: the class goes on, in another shape.
	edition := old.EditionID
	if edition == 0 {
		edition = old.ID
	}
	ns := models.Series{RRule: old.RRule, SkipHolidays: old.SkipHolidays, TimeZone: old.TimeZone, CreatedBy: actor.UserID,
		EditionID: edition}
	if err := tx.Create(&ns).Error; err != nil {
		return fmt.Errorf("split series %d: %w", old.ID, err)
	}
	for _, m := range members {
		m.SeriesID = &ns.ID
		m.EditionID = &edition
	}
	return s.audit.Record(tx, actor, "split", "series", ns.ID, map[string]any{"series_id": old.ID},
		map[string]any{"series_id": ns.ID, "from_activity_id": target.ID, "edition_id": edition})
}

// splitsSeries reports whether a following-scope change from target moves
// the members it covers to a new series: it does when target's series has
// members (in any state) starting before it.
func splitsSeries(db *gorm.DB, target *models.Activity) (bool, error) {
	if target.SeriesID == nil {
		return false, nil
	}
	var earlier int64
	if err := db.Model(&models.Activity{}).Where("series_id = ? AND start_at < ?", *target.SeriesID, target.StartAt).
		Count(&earlier).Error; err != nil {
		return false, fmt.Errorf("count earlier members: %w", err)
	}
	return earlier > 0, nil
}

// refuseSelfOverlap refuses new states that clash with each other: a series
// whose members share an organizer can never overlap itself.
func refuseSelfOverlap(ins []ActivityInput, loc *time.Location) error {
	order := make([]int, len(ins))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return ins[a].Start.Compare(ins[b].Start) })
	for k := 1; k < len(order); k++ {
		prev, cur := ins[order[k-1]], ins[order[k]]
		if cur.Start.Before(prev.End) {
			a, b := cur.Start.In(loc).Format(time.RFC3339), prev.Start.In(loc).Format(time.RFC3339)
			e := FieldError("end", NewProblem(ProblemOccurrenceOverlap, Params{"a": a, "b": b},
				"the occurrence of %s overlaps the one of %s", a, b))
			e.Message = "occurrences overlap each other"
			return e
		}
	}
	return nil
}

// civilDays is the number of calendar days from a's local date to b's.
func civilDays(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// moveWallClock places start, shifted by days local days, at the local
// wall-clock time of like. A local time that does not exist that day (the
// hour skipped when DST starts) is refused rather than silently moved.
func moveWallClock(start time.Time, days int, like time.Time, loc *time.Location) (time.Time, error) {
	d := start.In(loc).AddDate(0, 0, days)
	w := like.In(loc)
	return wallClock(d.Year(), d.Month(), d.Day(), w.Hour(), w.Minute(), w.Second(), loc)
}

// wallClock is the instant of a local date and time, refusing a local time
// that the zone skips.
func wallClock(y int, m time.Month, d, hh, mm, ss int, loc *time.Location) (time.Time, error) {
	t := time.Date(y, m, d, hh, mm, ss, 0, loc)
	if t.Hour() != hh || t.Minute() != mm || t.Day() != d {
		hm, day := fmt.Sprintf("%02d:%02d", hh, mm), fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		e := FieldError("start", NewProblem(ProblemNoSuchTime, Params{"time": hm, "date": day, "zone": loc.String()},
			"%02d:%02d does not exist on %04d-%02d-%02d in %s (clocks move forward)", hh, mm, y, m, d, loc))
		e.Message = "a local time does not exist"
		return time.Time{}, e
	}
	return t, nil
}
