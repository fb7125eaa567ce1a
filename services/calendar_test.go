package services_test

import (
	"context"
	"testing"

	"centerstage/services"
)

func TestCalendarDays(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	c, _, err := s.closure.Create(ctx, s.admin, services.ClosureInput{Date: "2026-07-15", Name: "馆内消杀"})
	s.must(err)
	if _, _, err := s.closure.Create(ctx, s.admin, services.ClosureInput{Date: "2026-07-15", Name: "again"}); kindOf(err) != services.Conflict {
		t.Fatalf("duplicate closure: %v", err)
	}
	if _, _, err := s.closure.Create(ctx, s.manager, services.ClosureInput{Date: "2026-07-16", Name: "x"}); kindOf(err) != services.Forbidden {
		t.Fatalf("manager wrote a closure: %v", err)
	}
	if _, _, err := s.closure.Create(ctx, s.admin, services.ClosureInput{Date: "2026-7-16", Name: ""}); kindOf(err) != services.Invalid {
		t.Fatalf("bad closure: %v", err)
	}
	days, err := s.cal.Days(ctx, 2026)
	s.must(err)
	if len(days) != 365 {
		t.Fatalf("%d days in 2026", len(days))
	}
	byDate := map[string]services.CalendarDay{}
	for _, d := range days {
		byDate[d.Date] = d
	}
	for _, want := range []services.CalendarDay{
		{Date: "2026-03-02", Type: "workday"}, // a Monday
		{Date: "2026-03-07", Type: "weekend"}, // a Saturday
		{Date: "2026-10-01", Type: "holiday", Name: "国庆节", NameEn: "National Day"},
		{Date: "2026-02-17", Type: "holiday", Name: "春节", NameEn: "Spring Festival"},
		{Date: "2026-09-20", Type: "adjusted_workday", Name: "国庆节", NameEn: "National Day"}, // a Sunday worked for National Day
		{Date: "2026-04-05", Type: "holiday", Name: "清明节", NameEn: "Qingming Festival"},
		{Date: "2026-07-15", Type: "closure", Name: "馆内消杀", NameEn: "馆内消杀"}, // the center's own
	} {
		if got := byDate[want.Date]; got != want {
			t.Errorf("%s: got %+v, want %+v", want.Date, got, want)
		}
	}
	s.must(s.closure.Delete(ctx, s.admin, c.ID))
	days, err = s.cal.Days(ctx, 2026)
	s.must(err)
	if d := days[195]; d.Date != "2026-07-15" || d.Type != "workday" {
		t.Fatalf("after delete: %+v", d)
	}
	if _, err := s.cal.Days(ctx, 0); kindOf(err) != services.Invalid {
		t.Fatalf("year 0: %v", err)
	}
}
