package counting

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// builtinTemplatesJSON holds the templates every center starts with. They are
// data, not code, so a new catalogue is a JSON edit.
//
//go:embed templates_builtin.json
var builtinTemplatesJSON []byte

// TemplateTarget is one target of a template, without its year.
type TemplateTarget struct {
	Name        string      `json:"name"`
	Metric      Metric      `json:"metric"`
	Kinds       []string    `json:"kinds" enum:"kind"`
	Scope       TargetScope `json:"scope"`
	StaffIDs    []uint64    `json:"staff_ids,omitempty"`
	Value       int         `json:"value"`
	MonthlyPlan []int       `json:"monthly_plan,omitempty"`
}

// Template is a named set of targets that can be applied to any year.
type Template struct {
	Name    string           `json:"name"`
	Title   string           `json:"title,omitempty"`
	Builtin bool             `json:"builtin"`
	Targets []TemplateTarget `json:"targets"`
}

// builtinTemplates decodes the embedded templates. The file is part of the
// binary, so a decoding failure is a build mistake that tests catch.
func builtinTemplates() ([]Template, error) {
	var ts []Template
	if err := json.Unmarshal(builtinTemplatesJSON, &ts); err != nil {
		return nil, fmt.Errorf("built-in templates: %w", err)
	}
	for i := range ts {
		ts[i].Builtin = true
	}
	return ts, nil
}

// Templates lists the built-in templates, then the saved ones by name.
func (s *Targets) Templates(ctx context.Context, actor services.Actor) ([]Template, error) {
	out, err := builtinTemplates()
	if err != nil {
		return nil, err
	}
	var rows []models.TargetTemplate
	if err := s.db.WithContext(ctx).Order("name").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	for _, r := range rows {
		t := Template{Name: r.Name}
		if err := json.Unmarshal([]byte(r.Targets), &t.Targets); err != nil {
			return nil, fmt.Errorf("template %q: %w", r.Name, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// template finds a template by name, built-in first.
func (s *Targets) template(tx *gorm.DB, name string) (Template, error) {
	builtin, err := builtinTemplates()
	if err != nil {
		return Template{}, err
	}
	for _, t := range builtin {
		if t.Name == name {
			return t, nil
		}
	}
	var row models.TargetTemplate
	if err := tx.Where("name = ?", name).First(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			e := services.Fail(services.NotFound, services.ReasonNoTemplate, services.Params{"name": name}, "no template %q", name)
			e.Fields = map[string]services.Problem{"template": services.NewProblem(services.ProblemNotFound, nil, "unknown template")}
			return Template{}, e
		}
		return Template{}, fmt.Errorf("load template %q: %w", name, err)
	}
	t := Template{Name: row.Name}
	if err := json.Unmarshal([]byte(row.Targets), &t.Targets); err != nil {
		return Template{}, fmt.Errorf("template %q: %w", name, err)
	}
	return t, nil
}

// ApplyResult tells what applying a template did.
type ApplyResult struct {
	Created int          `json:"created"`
	Targets []TargetView `json:"items"`
}

// ApplyTemplate creates year's targets from a template. A target whose name
// the year already has is left as it is, so applying twice (or two managers
// applying at once) never duplicates. Managers and admins only.
func (s *Targets) ApplyTemplate(ctx context.Context, actor services.Actor, name string, year int) (ApplyResult, error) {
	if err := requireManager(actor); err != nil {
		return ApplyResult{}, err
	}
	var res ApplyResult
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		res, err = s.ApplyIn(tx, actor, name, year)
		return err
	})
	return res, err
}

// ApplyIn applies a template inside tx, a transaction the caller holds (the
// demo fills its center in one).
func (s *Targets) ApplyIn(tx *gorm.DB, actor services.Actor, name string, year int) (ApplyResult, error) {
	res := ApplyResult{}
	tpl, err := s.template(tx, name)
	if err != nil {
		return res, err
	}
	var existing []string
	if err := tx.Model(&models.Target{}).Where("year = ?", year).Pluck("name", &existing).Error; err != nil {
		return res, fmt.Errorf("apply template %q: %w", name, err)
	}
	names := make([]string, 0, len(tpl.Targets))
	for _, tt := range tpl.Targets {
		row, err := s.validTarget(tx, TargetInput{Year: year, Name: tt.Name, Metric: tt.Metric, Kinds: tt.Kinds,
			Scope: tt.Scope, StaffIDs: tt.StaffIDs, Value: tt.Value, MonthlyPlan: tt.MonthlyPlan})
		if err != nil {
			return res, err
		}
		names = append(names, row.Name)
		if slices.Contains(existing, row.Name) {
			continue
		}
		// A concurrent apply may insert the name after the read above. The
		// unique (year, name) index keeps one row: this insert waits for the
		// other transaction and then fails as a duplicate, which is skipped.
		// Neither "insert ignore" nor "on conflict do nothing" would do, as
		// MariaDB's INSERT ... RETURNING reports the existing row as if
		// inserted. A failed statement leaves the transaction usable.
		row.Version = 1
		if err := tx.Create(&row).Error; errors.Is(err, gorm.ErrDuplicatedKey) {
			continue
		} else if err != nil {
			return res, fmt.Errorf("apply template %q: %w", name, err)
		}
		res.Created++
		v, err := viewTarget(row)
		if err != nil {
			return res, err
		}
		if err := s.audit.Record(tx, actor, "create", "target", row.ID, nil, v); err != nil {
			return res, err
		}
	}
	return res, s.loadNamed(tx, year, names, &res.Targets)
}

func (s *Targets) loadNamed(tx *gorm.DB, year int, names []string, out *[]TargetView) error {
	var rows []models.Target
	if err := tx.Where("year = ? AND name IN ?", year, names).Order("id").Find(&rows).Error; err != nil {
		return fmt.Errorf("load applied targets: %w", err)
	}
	var err error
	*out, err = targetRows.views(rows)
	return err
}

// SaveTemplate stores year's targets as a new template called name, so a
// center can carry its own set into later years. Managers and admins only.
func (s *Targets) SaveTemplate(ctx context.Context, actor services.Actor, name string, year int) (Template, error) {
	if err := requireManager(actor); err != nil {
		return Template{}, err
	}
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 64 {
		if name == "" {
			return Template{}, services.FieldError("name", services.Required())
		}
		return Template{}, services.FieldError("name", services.NewProblem(services.ProblemMaxBytes, services.Params{"n": 64}, "must be at most 64 bytes"))
	}
	builtin, err := builtinTemplates()
	if err != nil {
		return Template{}, err
	}
	for _, b := range builtin {
		if b.Name == name {
			e := services.Fail(services.Conflict, services.ReasonBuiltinTemplate, services.Params{"name": name}, "%q is a built-in template", name)
			e.Fields = map[string]services.Problem{"name": services.Taken()}
			return Template{}, e
		}
	}
	tpl := Template{Name: name}
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var rows []models.Target
		if err := tx.Where("year = ?", year).Order("id").Find(&rows).Error; err != nil {
			return fmt.Errorf("load targets of %d: %w", year, err)
		}
		if len(rows) == 0 {
			return services.Fail(services.Rule, services.ReasonNoTargets, services.Params{"year": year}, "year %d has no targets to save", year)
		}
		tpl.Targets = make([]TemplateTarget, 0, len(rows))
		for _, r := range rows {
			v, err := viewTarget(r)
			if err != nil {
				return err
			}
			tpl.Targets = append(tpl.Targets, TemplateTarget{Name: v.Name, Metric: v.Metric, Kinds: v.Kinds,
				Scope: v.Scope, StaffIDs: v.StaffIDs, Value: v.Value, MonthlyPlan: v.MonthlyPlan})
		}
		row := models.TargetTemplate{Name: name, Targets: toJSON(tpl.Targets), CreatedBy: actor.UserID}
		if err := tx.Create(&row).Error; err != nil {
			return duplicate(err, "name", name)
		}
		return s.audit.Record(tx, actor, "create", "target_template", row.ID, nil, tpl)
	})
	return tpl, err
}
