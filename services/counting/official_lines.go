package counting

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// OfficialLines keeps the lines of the official return (统计年报). Centers
// differ in what they report under a yearbook category, so each line is
// data: a metric of the counting rules over some kinds, for the center.
type OfficialLines struct {
	store
	audit *services.Audit
}

// NewOfficialLines returns the service of the official return's lines.
func NewOfficialLines(db *gorm.DB, audit *services.Audit) *OfficialLines {
	return &OfficialLines{store: newStore(db), audit: audit}
}

// OfficialLineDef is one line of the return as the admin defines it.
type OfficialLineDef struct {
	Code   string   `json:"code" doc:"stable code, lowercase letters, digits and _ (e.g. training_classes)"`
	Name   string   `json:"name" doc:"the yearbook's Chinese name, e.g. 举办训练班"`
	NameEn string   `json:"name_en"`
	Unit   string   `json:"unit" doc:"e.g. 个, 次, 人次"`
	Metric Metric   `json:"metric" enum:"official" doc:"count, editions, attendance, person_days or active_teams"`
	Kinds  []string `json:"kinds" enum:"kind" doc:"kind codes counted; empty: every kind"`
}

// OfficialMetrics are the metrics a line may count: every metric that has
// a meaning for the whole center.
var OfficialMetrics = []Metric{MetricCount, MetricEditions, MetricAttendance, MetricPersonDays, MetricActiveTeams}

const maxOfficialLines = 50

var officialCode = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// List returns the lines in the return's order.
func (s *OfficialLines) List(ctx context.Context) ([]OfficialLineDef, error) {
	return loadOfficialLines(s.db.WithContext(ctx))
}

// Replace stores lines as the whole return, in the order given (admins
// only). Any bad line refuses the whole list and writes nothing.
func (s *OfficialLines) Replace(ctx context.Context, actor services.Actor, lines []OfficialLineDef) ([]OfficialLineDef, error) {
	if err := services.RequireAdmin(actor); err != nil {
		return nil, err
	}
	lines, err := checkOfficialLines(lines)
	if err != nil {
		return nil, err
	}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		before, err := loadOfficialLines(tx)
		if err != nil {
			return err
		}
		if err := tx.Where("1 = 1").Delete(&models.OfficialLine{}).Error; err != nil {
			return fmt.Errorf("clear official lines: %w", err)
		}
		rows := make([]models.OfficialLine, len(lines))
		for i, l := range lines {
			rows[i] = models.OfficialLine{Position: i + 1, Code: l.Code, Name: l.Name, NameEn: l.NameEn, Unit: l.Unit,
				Metric: string(l.Metric), Kinds: strings.Join(l.Kinds, ",")}
		}
		if len(rows) > 0 {
			if err := tx.Create(&rows).Error; err != nil {
				return fmt.Errorf("save official lines: %w", err)
			}
		}
		return s.audit.Record(tx, actor, "update", "official_lines", 0, before, lines)
	})
	if err != nil {
		return nil, err
	}
	return lines, nil
}

// checkOfficialLines validates lines, naming each bad field as items[i].field,
// and returns them trimmed, with kinds deduplicated in the order of models.Kinds.
func checkOfficialLines(lines []OfficialLineDef) ([]OfficialLineDef, error) {
	f := services.FieldErrors{}
	if len(lines) > maxOfficialLines {
		f.Add("items", services.MaxItems(maxOfficialLines))
		return nil, f.Err()
	}
	out := make([]OfficialLineDef, len(lines))
	seen := map[string]int{}
	for i, l := range lines {
		at := func(field string) string { return fmt.Sprintf("items[%d].%s", i, field) }
		l.Code, l.Name, l.NameEn, l.Unit = strings.TrimSpace(l.Code), strings.TrimSpace(l.Name),
			strings.TrimSpace(l.NameEn), strings.TrimSpace(l.Unit)
		switch {
		case !officialCode.MatchString(l.Code):
			f.Add(at("code"), services.NewProblem(services.ProblemLineCode, nil, "1-40 lowercase letters, digits or '_', starting with a letter"))
		case seen[l.Code] > 0:
			f.Add(at("code"), services.Taken())
		}
		seen[l.Code] = i + 1
		switch {
		case l.Name == "":
			f.Add(at("name"), services.Required())
		case utf8.RuneCountInString(l.Name) > 100:
			f.Add(at("name"), services.MaxChars(100))
		}
		if utf8.RuneCountInString(l.NameEn) > 100 {
			f.Add(at("name_en"), services.MaxChars(100))
		}
		if utf8.RuneCountInString(l.Unit) > 20 {
			f.Add(at("unit"), services.MaxChars(20))
		}
		if !slices.Contains(OfficialMetrics, l.Metric) {
			f.Add(at("metric"), services.OneOf(codes(OfficialMetrics)...))
		}
		kinds := []string{}
		for _, k := range l.Kinds {
			if !slices.Contains(models.Kinds, k) {
				f.Add(at("kinds"), services.NewProblem(services.ProblemOneOf, services.Params{"values": models.Kinds}, "unknown kind %q", k))
			}
		}
		for _, k := range models.Kinds {
			if slices.Contains(l.Kinds, k) {
				kinds = append(kinds, k)
			}
		}
		l.Kinds = kinds
		out[i] = l
	}
	return out, f.Err()
}

// loadOfficialLines reads the lines in the return's order.
func loadOfficialLines(db *gorm.DB) ([]OfficialLineDef, error) {
	var rows []models.OfficialLine
	if err := db.Order("position, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("load official lines: %w", err)
	}
	out := make([]OfficialLineDef, len(rows))
	for i, r := range rows {
		out[i] = OfficialLineDef{Code: r.Code, Name: r.Name, NameEn: r.NameEn, Unit: r.Unit, Metric: Metric(r.Metric), Kinds: []string{}}
		if r.Kinds != "" {
			out[i].Kinds = strings.Split(r.Kinds, ",")
		}
	}
	return out, nil
}
