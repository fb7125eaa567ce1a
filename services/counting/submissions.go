package counting

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// Submissions hands up a month's statistics (按月统计并汇报): the rows of that
// month for the center and every member, frozen with who and when, shown
// later beside the live figures and the activities changed since.
type Submissions struct {
	store
	clock    services.Clock
	loc      *time.Location
	audit    *services.Audit
	progress *Progress
}

// NewSubmissions returns the monthly submissions service.
func NewSubmissions(db *gorm.DB, clock services.Clock, loc *time.Location, audit *services.Audit, progress *Progress) *Submissions {
	return &Submissions{store: newStore(db), clock: clock, loc: loc, audit: audit, progress: progress}
}

// SubmissionRow is one target's month for the center (StaffID 0) or a member:
// the monthly statistics of that month with its rate (nil: nothing due).
type SubmissionRow struct {
	TargetID  uint64      `json:"target_id"`
	Name      string      `json:"name"`
	Metric    Metric      `json:"metric"`
	Scope     TargetScope `json:"scope"`
	StaffID   uint64      `json:"staff_id"`
	StaffName string      `json:"staff_name,omitempty"`
	Value     int         `json:"value"`
	Plan      int         `json:"plan"`
	Due       int         `json:"due"`
	Actual    int         `json:"actual"`
	Carry     int         `json:"carry"`
	Rate      *float64    `json:"rate"`
}

// Submitted is which month a submission handed up, who did and when.
type Submitted struct {
	ID              uint64    `json:"id"`
	Year            int       `json:"year"`
	Month           int       `json:"month"`
	SubmittedBy     uint64    `json:"submitted_by"`
	SubmittedByName string    `json:"submitted_by_name"`
	SubmittedAt     time.Time `json:"submitted_at"`
}

// submitted is what row says of its submission; name is the submitter's.
func submitted(row models.MonthlySubmission, name string) Submitted {
	return Submitted{ID: row.ID, Year: row.Year, Month: row.Month, SubmittedBy: row.SubmittedBy,
		SubmittedByName: name, SubmittedAt: row.SubmittedAt}
}

// SubmissionView is a submission with its frozen rows and, when read alone,
// the live rows and the activities changed since it was submitted.
type SubmissionView struct {
	Submitted
	Items              []SubmissionRow `json:"items"`
	Live               []SubmissionRow `json:"live"`
	ChangedActivityIDs []uint64        `json:"changed_activity_ids"`
}

// SubmissionSummary is a submission in a list.
type SubmissionSummary struct {
	Submitted
	ChangedCount int `json:"changed_count"`
}

func requireReader(actor services.Actor) error {
	switch actor.Role {
	case models.RoleAdmin, models.RoleManager, models.RoleViewer:
		return nil
	}
	return services.Fail(services.Forbidden, services.ReasonTallyRoles, nil, "only managers, admins and viewers read submissions")
}

// Submit freezes a month that has ended. Managers and admins only.
func (s *Submissions) Submit(ctx context.Context, actor services.Actor, year, month int) (SubmissionView, error) {
	if err := requireManager(actor); err != nil {
		return SubmissionView{}, err
	}
	fe := services.FieldErrors{}
	addYearProblem(fe, year)
	if month < 1 || month > 12 {
		fe.Add("month", services.OutOfRange(1, 12))
	}
	if err := fe.Err(); err != nil {
		return SubmissionView{}, err
	}
	_, last := monthBounds(year, month)
	if today := services.LocalDate(s.clock(), s.loc); today <= last {
		return SubmissionView{}, services.Fail(services.Rule, services.ReasonMonthNotEnded, services.Params{"year": year, "month": month, "from": shiftDate(last, 1)}, "%d-%02d has not ended yet; submit it from %s on", year, month, shiftDate(last, 1))
	}
	rows, err := s.monthRows(ctx, year, month)
	if err != nil {
		return SubmissionView{}, err
	}
	row := models.MonthlySubmission{Year: year, Month: month, SubmittedBy: actor.UserID,
		SubmittedAt: s.clock().UTC(), Items: toJSON(rows)}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store submission: %w", err)
		}
		return s.audit.Record(tx, actor, "submit", "monthly_submission", row.ID, nil,
			map[string]any{"year": year, "month": month, "rows": len(rows)})
	})
	if err != nil {
		return SubmissionView{}, err
	}
	name, err := userName(s.db.WithContext(ctx), actor.UserID)
	return SubmissionView{Submitted: submitted(row, name), Items: rows, Live: rows, ChangedActivityIDs: []uint64{}}, err
}

// monthRows is the month's row of every target for the center and every
// member, from the monthly statistics as of the month's last day: what became
// actual in that month, whenever it was recorded.
func (s *Submissions) monthRows(ctx context.Context, year, month int) ([]SubmissionRow, error) {
	_, last := monthBounds(year, month)
	rep, err := s.progress.Monthly(ctx, services.System, ProgressQuery{Year: year, AsOf: last})
	if err != nil {
		return nil, err
	}
	out := make([]SubmissionRow, 0, len(rep.Items))
	for _, it := range rep.Items {
		m := it.Months[month-1]
		r := SubmissionRow{TargetID: it.TargetID, Name: it.Name, Metric: it.Metric, Scope: it.Scope,
			StaffName: it.StaffName, Value: it.Value, Plan: m.Plan, Due: m.Due, Actual: m.Actual, Carry: m.Carry,
			Rate: m.CompletionRate}
		if it.StaffID != nil {
			r.StaffID = *it.StaffID
		}
		out = append(out, r)
	}
	return out, nil
}

// List returns the submissions of year (every year when 0), newest first.
func (s *Submissions) List(ctx context.Context, actor services.Actor, year int) ([]SubmissionSummary, error) {
	if err := requireReader(actor); err != nil {
		return nil, err
	}
	db := s.db.WithContext(ctx)
	q := db.Select("id, year, month, submitted_by, submitted_at").Order("submitted_at DESC, id DESC")
	if year != 0 {
		q = q.Where("year = ?", year)
	}
	var rows []models.MonthlySubmission
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list submissions: %w", err)
	}
	out := make([]SubmissionSummary, 0, len(rows))
	for _, r := range rows {
		changed, err := s.changedSince(db, r)
		if err != nil {
			return nil, err
		}
		name, err := userName(db, r.SubmittedBy)
		if err != nil {
			return nil, err
		}
		out = append(out, SubmissionSummary{Submitted: submitted(r, name), ChangedCount: len(changed)})
	}
	return out, nil
}

// Get returns one submission with the live rows beside the frozen ones.
func (s *Submissions) Get(ctx context.Context, actor services.Actor, id uint64) (SubmissionView, error) {
	if err := requireReader(actor); err != nil {
		return SubmissionView{}, err
	}
	db := s.db.WithContext(ctx)
	var row models.MonthlySubmission
	if err := db.First(&row, id).Error; err != nil {
		return SubmissionView{}, notFound(err, "submission", id)
	}
	v := SubmissionView{Submitted: submitted(row, "")}
	if err := json.Unmarshal([]byte(row.Items), &v.Items); err != nil {
		return v, fmt.Errorf("submission %d items: %w", id, err)
	}
	var err error
	if v.Live, err = s.monthRows(ctx, row.Year, row.Month); err != nil {
		return v, err
	}
	if v.ChangedActivityIDs, err = s.changedSince(db, row); err != nil {
		return v, err
	}
	v.SubmittedByName, err = userName(db, row.SubmittedBy)
	return v, err
}

// changedSince lists the activities with an audit entry after the
// submission that are dated in its month now, or were before or after that
// entry (moved into or out of the month).
func (s *Submissions) changedSince(db *gorm.DB, sub models.MonthlySubmission) ([]uint64, error) {
	var entries []models.AuditEntry
	if err := db.Where("entity = ? AND at > ?", "activity", sub.SubmittedAt).
		Find(&entries).Error; err != nil {
		return nil, fmt.Errorf("load changes since submission %d: %w", sub.ID, err)
	}
	prefix := fmt.Sprintf("%04d-%02d-", sub.Year, sub.Month)
	inMonth := func(raw string) bool {
		var a struct {
			Start time.Time `json:"start"`
		}
		if raw == "" || json.Unmarshal([]byte(raw), &a) != nil || a.Start.IsZero() {
			return false
		}
		return services.LocalDate(a.Start, s.loc)[:8] == prefix
	}
	ids := []uint64{}
	var rest []uint64
	for _, e := range entries {
		if inMonth(e.Before) || inMonth(e.After) {
			ids = append(ids, e.EntityID)
		} else {
			rest = append(rest, e.EntityID)
		}
	}
	if rest = uniqueIDs(rest); len(rest) > 0 {
		var now []uint64
		if err := db.Model(&models.Activity{}).Where("id IN ? AND local_date LIKE ?", rest, prefix+"%").
			Pluck("id", &now).Error; err != nil {
			return nil, fmt.Errorf("load changed activities: %w", err)
		}
		ids = append(ids, now...)
	}
	ids = uniqueIDs(ids)
	slices.Sort(ids)
	return ids, nil
}

// userName is a user's display name, empty when the user is gone.
func userName(db *gorm.DB, id uint64) (string, error) {
	var names []string
	if err := db.Model(&models.User{}).Where("id = ?", id).Pluck("name", &names).Error; err != nil {
		return "", fmt.Errorf("load user %d: %w", id, err)
	}
	if len(names) == 0 {
		return "", nil
	}
	return names[0], nil
}
