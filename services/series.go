package services

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"centerstage/models"
)

// Series creates recurring activities (一期) from a recurrence rule: all
// occurrences or none. Editing and cancelling members is done through
// Activities with a Scope.
type Series struct {
	acts *Activities
}

// NewSeries returns the series service; it schedules through acts.
func NewSeries(acts *Activities) *Series { return &Series{acts: acts} }

// SeriesInput is a template activity and the rule that repeats it from the
// template's start.
type SeriesInput struct {
	Template     ActivityInput
	RRule        string
	SkipHolidays bool // skip statutory days off and center closures
	// SkipConflicts creates the occurrences that do not clash and reports
	// the others as skipped (SkipConflict); under COUNT the rule runs on
	// until COUNT occurrences are created.
	SkipConflicts bool
	DryRun        bool // only report the occurrences and their conflicts
}

// SkipConflict is the skip reason of an occurrence left out because it clashes.
const SkipConflict = "conflict"

// SeriesResult is a created series, or for a dry run the occurrences.
type SeriesResult struct {
	SeriesID    uint64
	Activities  []*models.Activity
	Occurrences []Occurrence
	// Skipped are the occurrences left out because they clash (SkipConflicts).
	Skipped []Occurrence
}

// Create expands the rule, checks every occurrence and creates them all in
// one transaction, or refuses with every clash of every occurrence listed.
// A dry run does the same reads without locks and writes nothing.
func (s *Series) Create(ctx context.Context, actor Actor, in SeriesInput) (*SeriesResult, error) {
	a := s.acts
	if err := a.authorizeNew(actor, &in.Template); err != nil {
		return nil, err
	}
	fe := in.Template.syntax()
	rule, err := parseRule(in.RRule, a.loc)
	var se *Error
	if errors.As(err, &se) && se.Kind == Invalid {
		for k, v := range se.Fields {
			fe.Add(k, v)
		}
	} else if err != nil {
		return nil, err
	}
	if len(fe) > 0 {
		// Name every problem at once: the references too, read without locks.
		if err := refProblems(a.db.WithContext(ctx), &in.Template, nil, fe); err != nil {
			return nil, err
		}
		return nil, fe.Err()
	}
	in.RRule = strings.ToUpper(strings.TrimPrefix(strings.TrimSpace(in.RRule), "RRULE:"))
	if in.DryRun {
		occs, _, _, err := s.plan(a.db.WithContext(ctx), in, rule)
		if err != nil {
			return nil, err
		}
		return &SeriesResult{Occurrences: occs}, nil
	}
	var out *SeriesResult
	err = a.tx(ctx, func(tx *gorm.DB) error {
		// Every occurrence uses the template's resources: one lock set. It
		// must be taken before plan, whose conflict reads are then the
		// locked check: no booking of these resources can commit in between.
		if err := lockResources(tx, []ActivityInput{in.Template}); err != nil {
			return err
		}
		occs, kept, found, err := s.plan(tx, in, rule)
		if err != nil {
			return err
		}
		if err := conflictError(found, kept, a.loc); err != nil {
			return err
		}
		out, err = s.write(tx, actor, in, kept)
		if out != nil {
			out.Occurrences = occs
			out.Skipped = skippedFor(occs, SkipConflict)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// plan validates the template's references, expands the rule and finds the
// conflicts of each kept occurrence. It returns every occurrence (skipped
// ones included), the inputs of the kept ones and, for each kept one, its
// conflicts as findConflicts gives them (for conflictError). With
// SkipConflicts the clashing occurrences are skipped too, and a COUNT rule
// is expanded further until COUNT are free (or the bounds are reached);
// should none be free, they are all kept, so that the caller refuses the
// series with every clash.
func (s *Series) plan(tx *gorm.DB, in SeriesInput, rule *parsedRule) ([]Occurrence, []ActivityInput, [][]ConflictItem, error) {
	if err := validateRefs(tx, &in.Template, nil); err != nil {
		return nil, nil, nil, err
	}
	var skip *skipper
	if in.SkipHolidays {
		var err error
		if skip, err = newSkipper(tx, LocalDate(in.Template.Start, s.acts.loc), "9999-12-31"); err != nil {
			return nil, nil, nil, err
		}
	}
	r := *rule
	for {
		occs, kept, found, err := s.planOnce(tx, in, &r, skip)
		if err != nil || !in.SkipConflicts {
			return occs, kept, found, err
		}
		free := 0
		for _, items := range found {
			if len(items) == 0 {
				free++
			}
		}
		short := rule.count - free
		if rule.count == 0 || short <= 0 || r.count+short > MaxOccurrences {
			if free == 0 {
				return occs, kept, found, nil
			}
			occs, kept = skipClashing(occs, kept, found)
			return occs, kept, make([][]ConflictItem, len(kept)), nil
		}
		r.count += short
	}
}

// planOnce expands r and finds the conflicts of its kept occurrences.
func (s *Series) planOnce(tx *gorm.DB, in SeriesInput, r *parsedRule, skip *skipper) ([]Occurrence, []ActivityInput, [][]ConflictItem, error) {
	a := s.acts
	length := in.Template.End.Sub(in.Template.Start)
	occs, err := expandRule(r, in.Template.Start, length, a.loc, skip)
	if err != nil {
		return nil, nil, nil, err
	}
	var kept []ActivityInput
	var keptIdx []int
	for i, o := range occs {
		if o.SkippedReason != "" {
			continue
		}
		k := in.Template
		k.Start, k.End = utcSecond(o.Start), utcSecond(o.End)
		kept = append(kept, k)
		keptIdx = append(keptIdx, i)
	}
	if err := refuseSelfOverlap(kept, a.loc); err != nil {
		return nil, nil, nil, err
	}
	found, err := findConflicts(tx, a.loc, kept, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	for j, items := range found {
		for _, c := range items {
			c.Start, c.End = c.Start.In(a.loc), c.End.In(a.loc)
			occs[keptIdx[j]].Conflicts = append(occs[keptIdx[j]].Conflicts, c)
		}
	}
	return occs, kept, found, nil
}

// skipClashing marks the kept occurrences that clash as skipped for
// SkipConflict and returns the occurrences with the inputs of the free ones.
func skipClashing(occs []Occurrence, kept []ActivityInput, found [][]ConflictItem) ([]Occurrence, []ActivityInput) {
	var free []ActivityInput
	j := 0
	for i := range occs {
		if occs[i].SkippedReason != "" {
			continue
		}
		if len(found[j]) > 0 {
			occs[i].SkippedReason = SkipConflict
		} else {
			free = append(free, kept[j])
		}
		j++
	}
	return occs, free
}

// skippedFor returns the occurrences skipped for reason.
func skippedFor(occs []Occurrence, reason string) []Occurrence {
	out := []Occurrence{}
	for _, o := range occs {
		if o.SkippedReason == reason {
			out = append(out, o)
		}
	}
	return out
}

// write creates the series row and its activities, and audits them.
func (s *Series) write(tx *gorm.DB, actor Actor, in SeriesInput, kept []ActivityInput) (*SeriesResult, error) {
	a := s.acts
	row := models.Series{RRule: in.RRule, SkipHolidays: in.SkipHolidays, TimeZone: a.loc.String(), CreatedBy: actor.UserID}
	if err := tx.Create(&row).Error; err != nil {
		return nil, fmt.Errorf("create series: %w", err)
	}
	// A new series is a new edition: its own.
	row.EditionID = row.ID
	if err := tx.Model(&row).Update("edition_id", row.ID).Error; err != nil {
		return nil, fmt.Errorf("create series edition: %w", err)
	}
	acts := make([]*models.Activity, len(kept))
	for i, k := range kept {
		acts[i] = a.newActivity(actor, k, &row.ID)
	}
	if err := InsertActivities(tx, a.loc, acts); err != nil {
		return nil, err
	}
	ids := make([]uint64, len(acts))
	for i, act := range acts {
		ids[i] = act.ID
	}
	if err := a.audit.RecordAll(tx, actor, "create", "activity", createdChanges(acts)); err != nil {
		return nil, err
	}
	after := map[string]any{"rrule": row.RRule, "skip_holidays": row.SkipHolidays,
		"time_zone": row.TimeZone, "activity_ids": ids}
	if err := a.audit.Record(tx, actor, "create", "series", row.ID, nil, after); err != nil {
		return nil, err
	}
	return &SeriesResult{SeriesID: row.ID, Activities: acts}, nil
}

// SeriesInfo is a series with its members' ids, in start order.
type SeriesInfo struct {
	models.Series
	ActivityIDs []uint64
}

// Get returns a series and its members.
func (s *Series) Get(ctx context.Context, id uint64) (*SeriesInfo, error) {
	db := s.acts.db.WithContext(ctx)
	var info SeriesInfo
	if err := db.First(&info.Series, id).Error; err != nil {
		return nil, notFound(err, "series", id)
	}
	if err := db.Model(&models.Activity{}).Where("series_id = ?", id).Order("start_at, id").
		Pluck("id", &info.ActivityIDs).Error; err != nil {
		return nil, fmt.Errorf("list series %d: %w", id, err)
	}
	return &info, nil
}

// SeriesPlace is an activity's position in its series ("3 of 12"): Index
// is 1-based by start (ties by id), cancelled members included, so that a
// struck-through session keeps its number.
type SeriesPlace struct {
	Index, Count int
}

// SeriesPlaces returns the place of every activity of acts that belongs to
// a series, by activity id, reading each series' members once.
func (s *Activities) SeriesPlaces(ctx context.Context, acts []*models.Activity) (map[uint64]SeriesPlace, error) {
	var series []uint64
	for _, a := range acts {
		if a != nil && a.SeriesID != nil {
			series = append(series, *a.SeriesID)
		}
	}
	out := map[uint64]SeriesPlace{}
	if len(series) == 0 {
		return out, nil
	}
	var rows []struct {
		ID       uint64
		SeriesID uint64
	}
	err := s.db.WithContext(ctx).Model(&models.Activity{}).Select("id, series_id").
		Where("series_id IN ?", UniqueIDs(series)).Order("series_id, start_at, id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("read series members: %w", err)
	}
	count := map[uint64]int{}
	for _, r := range rows {
		count[r.SeriesID]++
		out[r.ID] = SeriesPlace{Index: count[r.SeriesID]}
	}
	for _, r := range rows {
		p := out[r.ID]
		p.Count = count[r.SeriesID]
		out[r.ID] = p
	}
	return out, nil
}
