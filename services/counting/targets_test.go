package counting_test

import (
	"context"
	"testing"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
)

func TestTargetValidation(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	ok := counting.TargetInput{Year: 2026, Name: "讲座", Metric: "count", Kinds: []string{"lecture"}, Scope: "center", Value: 12}
	cases := []struct {
		name  string
		edit  func(*counting.TargetInput)
		field string
	}{
		{"unknown metric", func(in *counting.TargetInput) { in.Metric = "hours" }, "metric"},
		{"paired stations need each_staff", func(in *counting.TargetInput) { in.Metric = "paired_stations" }, "scope"},
		{"unknown kind", func(in *counting.TargetInput) { in.Kinds = []string{"lecture", "party"} }, "kinds"},
		{"zero value", func(in *counting.TargetInput) { in.Value = 0 }, "value"},
		{"plan of 11 months", func(in *counting.TargetInput) { in.MonthlyPlan = make([]int, 11) }, "monthly_plan"},
		{"plan not summing to value", func(in *counting.TargetInput) { in.MonthlyPlan = []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0} }, "monthly_plan"},
		{"negative month", func(in *counting.TargetInput) { in.MonthlyPlan = []int{13, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0} }, "monthly_plan"},
		{"staff on a center target", func(in *counting.TargetInput) { in.StaffIDs = []uint64{1} }, "staff_ids"},
		{"unknown staff", func(in *counting.TargetInput) { in.Scope = "each_staff"; in.StaffIDs = []uint64{999} }, "staff_ids"},
		{"bad scope", func(in *counting.TargetInput) { in.Scope = "team" }, "scope"},
		{"empty name", func(in *counting.TargetInput) { in.Name = " " }, "name"},
		{"year", func(in *counting.TargetInput) { in.Year = 1999 }, "year"},
	}
	for _, tc := range cases {
		in := ok
		tc.edit(&in)
		_, err := c.targets.Create(context.Background(), c.admin, in)
		var se *services.Error
		if !services.IsKind(err, services.Invalid) || !asError(err, &se) || se.Fields[tc.field].Message == "" {
			t.Errorf("%s: %v, want invalid %s", tc.name, err, tc.field)
		}
	}
	var n int64
	c.must(c.db.Model(&models.Target{}).Count(&n).Error)
	if n != 0 {
		t.Fatalf("refused creates left %d targets", n)
	}
	in := ok
	in.MonthlyPlan = []int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	v, err := c.targets.Create(context.Background(), c.admin, in)
	c.must(err)
	if _, err := c.targets.Create(context.Background(), c.admin, ok); !services.IsKind(err, services.Conflict) {
		t.Errorf("same name twice in a year: %v", err)
	}
	staff := c.actor(c.user("s", models.RoleStaff), models.RoleStaff)
	if _, err := c.targets.Create(context.Background(), staff, ok); !services.IsKind(err, services.Forbidden) {
		t.Errorf("staff creating a target: %v", err)
	}
	value := 24
	if _, err := c.targets.Update(context.Background(), c.admin, v.ID, counting.TargetPatch{Value: &value, Version: v.Version}); !services.IsKind(err, services.Invalid) {
		t.Errorf("value no longer matching the plan: %v", err)
	}
	var none []int
	u, err := c.targets.Update(context.Background(), c.admin, v.ID, counting.TargetPatch{Value: &value, MonthlyPlan: &none, Version: v.Version})
	c.must(err)
	if u.Plan[0] != 2 || u.Version != v.Version+1 || u.MonthlyPlan != nil {
		t.Errorf("updated: %+v", u)
	}
	if _, err := c.targets.Update(context.Background(), c.admin, v.ID, counting.TargetPatch{Value: &value, Version: v.Version}); !services.IsKind(err, services.Stale) {
		t.Errorf("stale version: %v", err)
	}
	c.must(c.targets.Delete(context.Background(), c.admin, v.ID))
}

func asError(err error, se **services.Error) bool {
	e, ok := err.(*services.Error)
	*se = e
	return ok
}

func TestTemplates(t *testing.T) {
	t.Parallel()
	c := newCenter(t)
	ctx := context.Background()
	res, err := c.targets.ApplyTemplate(ctx, c.admin, "duty-statement", 2026)
	c.must(err)
	if res.Created != 4 || len(res.Targets) != 4 {
		t.Fatalf("first apply: %+v", res)
	}
	res, err = c.targets.ApplyTemplate(ctx, c.admin, "duty-statement", 2026)
	c.must(err)
	if res.Created != 0 || len(res.Targets) != 4 {
		t.Errorf("second apply duplicated: %+v", res)
	}
	res, err = c.targets.ApplyTemplate(ctx, c.admin, "county-catalogue", 2026)
	c.must(err)
	if res.Created != 4 {
		t.Errorf("county catalogue: %+v", res)
	}
	if _, err := c.targets.ApplyTemplate(ctx, c.admin, "nope", 2026); !services.IsKind(err, services.NotFound) {
		t.Errorf("unknown template: %v", err)
	}
	if _, err := c.targets.SaveTemplate(ctx, c.admin, "duty-statement", 2026); !services.IsKind(err, services.Conflict) {
		t.Errorf("saving over a built-in: %v", err)
	}
	_, err = c.targets.SaveTemplate(ctx, c.admin, "our-2026", 2026)
	c.must(err)
	res, err = c.targets.ApplyTemplate(ctx, c.admin, "our-2026", 2027)
	c.must(err)
	if res.Created != 8 {
		t.Errorf("saved template applied to 2027: %+v", res)
	}
	list, err := c.targets.Templates(ctx, c.admin)
	c.must(err)
	if len(list) != 3 || !list[0].Builtin || list[2].Name != "our-2026" {
		t.Errorf("templates: %+v", list)
	}
}
