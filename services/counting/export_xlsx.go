package counting

import (
	"context"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"centerstage/services"
)

// Sheet names of the tally workbook; scripts read them, so they stay English.
const (
	SheetSummary    = "Summary"
	SheetByStaff    = "By staff"
	SheetByMonth    = "By month"
	SheetActivities = "Activities"
	SheetOfficial   = "Official return"
)

// WriteTallyXLSX writes the year's tally as a workbook with headers in lang.
// Every sheet is streamed, so the Activities sheet of a busy year does not
// sit in memory as cells. The numbers are those of Tally, always.
func (r *Reports) WriteTallyXLSX(ctx context.Context, actor services.Actor, year int, asOf, lang string, w io.Writer) error {
	t, err := r.Tally(ctx, actor, year, asOf)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for _, name := range []string{SheetByStaff, SheetByMonth, SheetActivities, SheetOfficial} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	steps := []struct {
		sheet string
		fill  func(*sheetRows) error
	}{
		{SheetSummary, func(s *sheetRows) error { return summaryRows(s, t, lang) }},
		{SheetByStaff, func(s *sheetRows) error { return staffRows(s, t, lang) }},
		{SheetByMonth, func(s *sheetRows) error { return monthRows(s, t, lang) }},
		{SheetActivities, func(s *sheetRows) error {
			if err := s.add(labels(lang, hdrActivity...)); err != nil {
				return err
			}
			return r.eachActivity(ctx, ActivityRange{Year: t.Year}, func(l activityLine) error {
				return s.add(l.cells(lang, r.loc))
			})
		}},
		{SheetOfficial, func(s *sheetRows) error { return officialRows(s, t, lang) }},
	}
	for _, st := range steps {
		sw, err := f.NewStreamWriter(st.sheet)
		if err != nil {
			return fmt.Errorf("xlsx %s: %w", st.sheet, err)
		}
		if err := st.fill(&sheetRows{sw: sw}); err != nil {
			return err
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("xlsx %s: %w", st.sheet, err)
		}
	}
	return f.Write(w)
}

// sheetRows appends rows to a streamed sheet.
type sheetRows struct {
	sw *excelize.StreamWriter
	n  int
}

func (s *sheetRows) add(cells []any) error {
	s.n++
	cell, err := excelize.CoordinatesToCellName(1, s.n)
	if err != nil {
		return err
	}
	return s.sw.SetRow(cell, cells)
}

func summaryRows(s *sheetRows, t Tally, lang string) error {
	title := label{"年度统计", "Yearly tally"}.in(lang)
	if err := s.add([]any{title, t.Year, label{"截至", "As of"}.in(lang), t.AsOf}); err != nil {
		return err
	}
	if err := s.add(labels(lang, hdrSummary...)); err != nil {
		return err
	}
	for _, x := range t.Summary {
		err := s.add([]any{x.Name, codeIn(lang, x.Metric), codeIn(lang, x.Scope), x.Members, x.Value, x.Actual,
			x.Scheduled, x.Projected, x.ExpectedToDate, x.CompletionRate, codeIn(lang, x.Status),
			x.Met, x.OnTrack, x.AtRisk, x.Behind})
		if err != nil {
			return err
		}
	}
	if err := s.add(nil); err != nil {
		return err
	}
	if err := s.add(labels(lang, hdrByKind...)); err != nil {
		return err
	}
	for _, k := range t.ByKind {
		if err := s.add([]any{codeIn(lang, k.Kind), k.Planned, k.Completed, k.Cancelled, k.Attendance}); err != nil {
			return err
		}
	}
	return nil
}

func staffRows(s *sheetRows, t Tally, lang string) error {
	if err := s.add(labels(lang, hdrByStaff...)); err != nil {
		return err
	}
	for _, x := range t.ByStaff {
		err := s.add([]any{x.StaffName, *x.StaffID, x.Name, codeIn(lang, x.Metric), x.Value, x.Actual,
			x.Scheduled, x.Projected, x.ExpectedToDate, x.CompletionRate, x.Gap, codeIn(lang, x.Status)})
		if err != nil {
			return err
		}
	}
	return nil
}

func monthRows(s *sheetRows, t Tally, lang string) error {
	if err := s.add(labels(lang, hdrByMonth...)); err != nil {
		return err
	}
	center := label{"全馆", "center"}.in(lang)
	for _, it := range t.ByMonth {
		who, id := center, any("")
		if it.StaffID != nil {
			who, id = it.StaffName, *it.StaffID
		}
		for _, m := range it.Months {
			rate := any("")
			if m.CompletionRate != nil {
				rate = *m.CompletionRate
			}
			if err := s.add([]any{it.Name, who, id, m.Month, m.Plan, m.Due, m.Actual, m.Carry, rate}); err != nil {
				return err
			}
		}
	}
	return nil
}

func officialRows(s *sheetRows, t Tally, lang string) error {
	title := label{"文化馆统计年报", "Official return"}.in(lang)
	if err := s.add([]any{title, t.Year, label{"截至", "As of"}.in(lang), t.AsOf}); err != nil {
		return err
	}
	if err := s.add(labels(lang, hdrOfficial...)); err != nil {
		return err
	}
	for _, l := range t.Official {
		name := l.Name
		if lang == LangEn {
			name = l.NameEn
		}
		if err := s.add([]any{name, l.Code, l.Value}); err != nil {
			return err
		}
	}
	return nil
}
