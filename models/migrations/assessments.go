package migrations

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// assessments creates the tables of assessment schemes and their manual
// adjustments, of monthly submissions, and of the reminders' read state and
// digest addresses. The structs are frozen here, inside the step.
func assessments(db *gorm.DB) error {
	type assessment struct {
		ID        uint64   `gorm:"primaryKey"`
		Year      int      `gorm:"not null;uniqueIndex:idx_assessments_year_name,priority:1"`
		Name      string   `gorm:"size:100;not null;uniqueIndex:idx_assessments_year_name,priority:2"`
		Period    string   `gorm:"size:8;not null"`
		Base      float64  `gorm:"not null"`
		Floor     float64  `gorm:"not null"`
		Ceiling   *float64 //
		Rules     string   `gorm:"type:text;not null"`
		Version   int64    `gorm:"not null"`
		CreatedBy uint64   `gorm:"not null"`
		CreatedAt time.Time
		UpdatedAt time.Time
	}
	type assessmentAdjustment struct {
		ID           uint64  `gorm:"primaryKey"`
		AssessmentID uint64  `gorm:"not null;index:idx_assessment_adjustments_assessment"`
		StaffID      uint64  `gorm:"not null"`
		Points       float64 `gorm:"not null"`
		Reason       string  `gorm:"size:200;not null"`
		Date         string  `gorm:"size:10;not null"`
		CreatedBy    uint64  `gorm:"not null"`
		CreatedAt    time.Time
	}
	type monthlySubmission struct {
		ID          uint64    `gorm:"primaryKey"`
		Year        int       `gorm:"not null;index:idx_monthly_submissions_month,priority:1"`
		Month       int       `gorm:"not null;index:idx_monthly_submissions_month,priority:2"`
		SubmittedBy uint64    `gorm:"not null"`
		SubmittedAt time.Time `gorm:"not null"`
		Items       string    `gorm:"type:longtext;not null"`
	}
	type notificationRead struct {
		UserID         uint64    `gorm:"primaryKey"`
		NotificationID string    `gorm:"primaryKey;size:64"`
		ReadAt         time.Time `gorm:"not null"`
	}
	type notificationPref struct {
		UserID    uint64 `gorm:"primaryKey"`
		Email     string `gorm:"size:200;not null"`
		UpdatedAt time.Time
	}
	for _, t := range []struct {
		name string
		row  any
	}{
		{"assessments", &assessment{}},
		{"assessment_adjustments", &assessmentAdjustment{}},
		{"monthly_submissions", &monthlySubmission{}},
		{"notification_reads", &notificationRead{}},
		{"notification_prefs", &notificationPref{}},
	} {
		if err := db.Table(t.name).AutoMigrate(t.row); err != nil {
			return fmt.Errorf("create %s: %w", t.name, err)
		}
	}
	return nil
}
