package models

import "time"

// Assessment periods.
const (
	PeriodYear  = "year"
	PeriodMonth = "month"
)

// Assessment is a scoring scheme of one year (考核方案): a base score, rules
// turning target figures into points, and the floor and ceiling of a total.
type Assessment struct {
	ID        uint64   `gorm:"primaryKey"`
	Year      int      `gorm:"not null;uniqueIndex:idx_assessments_year_name,priority:1"`
	Name      string   `gorm:"size:100;not null;uniqueIndex:idx_assessments_year_name,priority:2"`
	Period    string   `gorm:"size:8;not null"`
	Base      float64  `gorm:"not null"`
	Floor     float64  `gorm:"not null"`
	Ceiling   *float64 // nil: no ceiling
	Rules     string   `gorm:"type:text;not null"` // JSON array of rules
	Version   int64    `gorm:"not null"`
	CreatedBy uint64   `gorm:"not null"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// AssessmentAdjustment is a manual score change of one member (领导交办工作,
// 组织纪律): points, a reason and the local date it belongs to.
type AssessmentAdjustment struct {
	ID           uint64  `gorm:"primaryKey"`
	AssessmentID uint64  `gorm:"not null;index"`
	StaffID      uint64  `gorm:"not null"`
	Points       float64 `gorm:"not null"`
	Reason       string  `gorm:"size:200;not null"`
	Date         string  `gorm:"size:10;not null"`
	CreatedBy    uint64  `gorm:"not null"`
	CreatedAt    time.Time
}

// MonthlySubmission is a month's statistics as handed up: the frozen rows
// (JSON) with who submitted them and when. Every submission is kept.
type MonthlySubmission struct {
	ID          uint64    `gorm:"primaryKey"`
	Year        int       `gorm:"not null;index:idx_monthly_submissions_month,priority:1"`
	Month       int       `gorm:"not null;index:idx_monthly_submissions_month,priority:2"`
	SubmittedBy uint64    `gorm:"not null"`
	SubmittedAt time.Time `gorm:"not null"`
	Items       string    `gorm:"type:longtext;not null"`
}

// NotificationRead marks one computed reminder as read by one user.
type NotificationRead struct {
	UserID         uint64    `gorm:"primaryKey"`
	NotificationID string    `gorm:"primaryKey;size:64"`
	ReadAt         time.Time `gorm:"not null"`
}

// NotificationPref is where a user's reminder digest is mailed.
type NotificationPref struct {
	UserID    uint64 `gorm:"primaryKey"`
	Email     string `gorm:"size:200;not null"`
	UpdatedAt time.Time
}
