package counting

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"centerstage/models"
	"centerstage/services"
)

// Kinds of reminder.
const (
	NoticeToRecord    = "to_record"    // a past activity of the user not yet recorded
	NoticeBehind      = "behind"       // a target at risk or behind
	NoticeSubmitMonth = "submit_month" // a finished month not yet submitted
)

// Notifications computes each user's reminders from the data they are
// about, so a reminder disappears as soon as its cause is gone; only the
// read state is stored.
type Notifications struct {
	store
	clock    services.Clock
	loc      *time.Location
	progress *Progress
}

// NewNotifications returns the reminders service.
func NewNotifications(db *gorm.DB, clock services.Clock, loc *time.Location, progress *Progress) *Notifications {
	return &Notifications{store: newStore(db), clock: clock, loc: loc, progress: progress}
}

// Notification is one reminder; the ids that apply are set.
type Notification struct {
	ID         string  `json:"id"`
	Kind       string  `json:"kind"`
	Status     string  `json:"status,omitempty"` // behind: at_risk or behind
	Title      string  `json:"title"`
	Date       string  `json:"date,omitempty"` // to_record: the activity's local date
	ActivityID *uint64 `json:"activity_id"`
	TargetID   *uint64 `json:"target_id"`
	StaffID    *uint64 `json:"staff_id"`
	StaffName  string  `json:"staff_name,omitempty"`
	Year       int     `json:"year,omitempty"`
	Month      int     `json:"month,omitempty"`
	Actual     int     `json:"actual,omitempty"`
	Value      int     `json:"value,omitempty"`
	Read       bool    `json:"read"`
}

// maxToRecord bounds the to_record reminders listed (the newest first).
const maxToRecord = 50

// List computes the actor's reminders: for anyone who schedules, their past
// activities not yet recorded and their own targets at risk or behind; for
// managers and admins also the last finished month when it is not submitted
// and the members behind.
func (n *Notifications) List(ctx context.Context, actor services.Actor) ([]Notification, error) {
	if actor.Role == "" {
		return nil, services.Fail(services.Forbidden, services.ReasonNotAllowed, nil, "not allowed")
	}
	out := []Notification{}
	if !actor.CanWrite() {
		return out, nil
	}
	db := n.db.WithContext(ctx)
	toRecord, err := n.toRecord(db, actor.UserID)
	if err != nil {
		return nil, err
	}
	out = append(out, toRecord...)
	behind, err := n.behind(ctx, actor)
	if err != nil {
		return nil, err
	}
	out = append(out, behind...)
	if actor.IsManager() {
		month, err := n.monthToSubmit(db)
		if err != nil {
			return nil, err
		}
		out = append(out, month...)
	}
	return out, n.markRead(db, actor.UserID, out)
}

func (n *Notifications) toRecord(db *gorm.DB, user uint64) ([]Notification, error) {
	var acts []models.Activity
	err := db.Where("status = ? AND end_at <= ? AND id IN (?)", models.StatusPlanned, n.clock().UTC(),
		db.Model(&models.ActivityStaff{}).Select("activity_id").Where("user_id = ?", user)).
		Order("start_at DESC, id DESC").Limit(maxToRecord).Find(&acts).Error
	if err != nil {
		return nil, fmt.Errorf("load activities to record: %w", err)
	}
	out := make([]Notification, 0, len(acts))
	for _, a := range acts {
		id := a.ID
		out = append(out, Notification{ID: fmt.Sprintf("%s-%d", NoticeToRecord, a.ID), Kind: NoticeToRecord,
			Title: a.Title, Date: a.LocalDate, ActivityID: &id})
	}
	return out, nil
}

// behind lists this year's each_staff rows at risk or behind: the actor's
// own, and for managers every member's that is behind.
func (n *Notifications) behind(ctx context.Context, actor services.Actor) ([]Notification, error) {
	year := n.clock().In(n.loc).Year()
	q := ProgressQuery{Year: year}
	if !actor.IsManager() {
		q.StaffID = actor.UserID // only their own rows need counting
	}
	rep, err := n.progress.Rows(ctx, services.System, q)
	if err != nil {
		return nil, err
	}
	out := []Notification{}
	for _, r := range rep.Rows {
		if r.StaffID == nil || (r.Status != StatusBehind && r.Status != StatusAtRisk) {
			continue
		}
		own := *r.StaffID == actor.UserID
		if !own && !(actor.IsManager() && r.Status == StatusBehind) {
			continue
		}
		tid, sid := r.TargetID, *r.StaffID
		out = append(out, Notification{ID: fmt.Sprintf("%s-%d-%d-%d", NoticeBehind, year, r.TargetID, sid),
			Kind: NoticeBehind, Status: r.Status, Title: r.Name, TargetID: &tid, StaffID: &sid,
			StaffName: r.StaffName, Year: year, Actual: r.Actual, Value: r.Value})
	}
	return out, nil
}

// monthToSubmit is the last finished month, when it has no submission.
func (n *Notifications) monthToSubmit(db *gorm.DB) ([]Notification, error) {
	now := n.clock().In(n.loc)
	prev := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	year, month := prev.Year(), int(prev.Month())
	var count int64
	if err := db.Model(&models.MonthlySubmission{}).Where("year = ? AND month = ?", year, month).
		Count(&count).Error; err != nil {
		return nil, fmt.Errorf("check submission of %d-%02d: %w", year, month, err)
	}
	if count > 0 {
		return nil, nil
	}
	return []Notification{{ID: fmt.Sprintf("%s-%d-%02d", NoticeSubmitMonth, year, month), Kind: NoticeSubmitMonth,
		Title: fmt.Sprintf("%d-%02d", year, month), Year: year, Month: month}}, nil
}

// markRead sets Read on the items the user has marked.
func (n *Notifications) markRead(db *gorm.DB, user uint64, items []Notification) error {
	if len(items) == 0 {
		return nil
	}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	var read []string
	if err := db.Model(&models.NotificationRead{}).Where("user_id = ? AND notification_id IN ?", user, ids).
		Pluck("notification_id", &read).Error; err != nil {
		return fmt.Errorf("load read reminders: %w", err)
	}
	for i := range items {
		items[i].Read = slices.Contains(read, items[i].ID)
	}
	return nil
}

// MarkRead marks one of the actor's current reminders as read.
func (n *Notifications) MarkRead(ctx context.Context, actor services.Actor, id string) error {
	items, err := n.List(ctx, actor)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(items, func(it Notification) bool { return it.ID == id }) {
		return services.Fail(services.NotFound, services.ReasonNotFound, services.Params{"entity": "reminder", "id": id}, "no such reminder %q", id)
	}
	row := models.NotificationRead{UserID: actor.UserID, NotificationID: id, ReadAt: n.clock().UTC()}
	if err := n.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return fmt.Errorf("mark reminder read: %w", err)
	}
	return nil
}

// Unread counts the items not yet read.
func Unread(items []Notification) int {
	n := 0
	for _, it := range items {
		if !it.Read {
			n++
		}
	}
	return n
}

// digestText renders a user's unread reminders as a plain-text mail body.
func digestText(items []Notification) string {
	var b strings.Builder
	b.WriteString("CenterStage 待办提醒 / reminders\n\n")
	for _, it := range items {
		if it.Read {
			continue
		}
		switch it.Kind {
		case NoticeToRecord:
			fmt.Fprintf(&b, "- 待记录 / to record: %s (%s)\n", it.Title, it.Date)
		case NoticeBehind:
			who := ""
			if it.StaffName != "" {
				who = it.StaffName + ": "
			}
			fmt.Fprintf(&b, "- 进度落后 / %s: %s%s %d / %d\n", strings.ReplaceAll(it.Status, "_", " "), who, it.Title, it.Actual, it.Value)
		case NoticeSubmitMonth:
			fmt.Fprintf(&b, "- 月报待提交 / month to submit: %s\n", it.Title)
		}
	}
	return b.String()
}
