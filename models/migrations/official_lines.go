package migrations

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// officialLines creates the lines of the official return (统计年报) as data
// the admin edits, filled with the defaults of the statistical yearbooks'
// 群众文化 tables. Kinds are comma-separated codes; empty means every kind.
func officialLines(db *gorm.DB) error {
	type v1OfficialLine struct {
		ID        uint64 `gorm:"primaryKey"`
		Position  int    `gorm:"not null"`
		Code      string `gorm:"size:40;not null;uniqueIndex"`
		Name      string `gorm:"size:100;not null"`
		NameEn    string `gorm:"size:100;not null"`
		Unit      string `gorm:"size:20;not null"`
		Metric    string `gorm:"size:20;not null"`
		Kinds     string `gorm:"size:200;not null"`
		CreatedAt time.Time
		UpdatedAt time.Time
	}
	t := db.Table("official_lines")
	if err := t.Migrator().CreateTable(&v1OfficialLine{}); err != nil {
		return fmt.Errorf("create official_lines: %w", err)
	}
	now := time.Now().UTC()
	lines := []v1OfficialLine{
		{Code: "exhibitions", Name: "举办展览", NameEn: "Exhibitions held", Unit: "个", Metric: "editions", Kinds: "exhibition"},
		{Code: "art_activities", Name: "组织文艺活动", NameEn: "Art activities organised", Unit: "次", Metric: "count", Kinds: "performance,team_activity"},
		{Code: "training_classes", Name: "举办训练班", NameEn: "Training classes held", Unit: "次", Metric: "editions", Kinds: "training"},
		{Code: "training_attendance", Name: "培训人次", NameEn: "Training attendances", Unit: "人次", Metric: "attendance", Kinds: "training"},
		{Code: "lectures", Name: "组织公益性讲座", NameEn: "Public lectures given", Unit: "次", Metric: "count", Kinds: "lecture"},
		{Code: "participants", Name: "参加活动人次", NameEn: "Activity attendances", Unit: "人次", Metric: "attendance", Kinds: ""},
		{Code: "teams_guided", Name: "指导业余团队", NameEn: "Amateur teams guided", Unit: "支", Metric: "active_teams", Kinds: ""},
	}
	for i := range lines {
		lines[i].Position, lines[i].CreatedAt, lines[i].UpdatedAt = i+1, now, now
	}
	if err := db.Table("official_lines").Create(&lines).Error; err != nil {
		return fmt.Errorf("fill official_lines: %w", err)
	}
	return nil
}
