package counting

import (
	"context"
	"fmt"
	"io"
	"strings"

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

// WriteTallyXLSX writes the year's tally as a workbook in lang. The numbers
// are those of Tally, always; the words are the glossary's.
func (r *Reports) WriteTallyXLSX(ctx context.Context, actor services.Actor, year int, asOf, lang string, w io.Writer) error {
	t, err := r.Tally(ctx, actor, year, asOf)
	if err != nil {
		return err
	}
	return r.WriteTallyBook(ctx, t, lang, w)
}

// WriteTallyBook writes t, a tally as Tally computed it (perhaps kept from
// an earlier call), as a workbook in lang: its numbers are t's, not counted
// again; the Activities sheet lists the activities of t's year as they are
// now, read in one ordered query.
func (r *Reports) WriteTallyBook(ctx context.Context, t Tally, lang string, w io.Writer) error {
	center, err := services.CenterName(r.db.WithContext(ctx))
	if err != nil {
		return err
	}
	b, err := newBook(r.words(lang), r.loc, center)
	if err != nil {
		return err
	}
	defer b.f.Close()
	// Each sheet opens with its title, the as-of line and its table's head.
	steps := []struct {
		name  string
		title string
		head  []string
		fill  func(*sheet) error
	}{
		{SheetSummary, "yearTally", hdrSummary, func(s *sheet) error { return summarySheet(s, t) }},
		{SheetByStaff, "progressRows", hdrByStaff, func(s *sheet) error { return staffSheet(s, t) }},
		{SheetByMonth, "monthlyReport", hdrByMonth, func(s *sheet) error { return monthSheet(s, t) }},
		{SheetActivities, "activityList", hdrActivity, func(s *sheet) error {
			var lines []activityLine
			err := r.eachActivity(ctx, ActivityRange{Year: t.Year}, func(l activityLine) error {
				lines = append(lines, l)
				return nil
			})
			s.stream(len(lines), func(i int, dst []cell) []cell { return lines[i].bookCells(b, dst) })
			return err
		}},
		{SheetOfficial, "officialReturn", hdrOfficial, func(s *sheet) error { return officialSheet(s, t) }},
	}
	for _, st := range steps {
		s, err := b.sheet(st.name, len(st.head))
		if err != nil {
			return err
		}
		if err := s.open(b.title(t.Year, st.title), b.asOf(t), st.head); err != nil {
			return fmt.Errorf("xlsx %s: %w", st.name, err)
		}
		if err := st.fill(s); err != nil {
			return fmt.Errorf("xlsx %s: %w", st.name, err)
		}
		if err := s.finish(); err != nil {
			return fmt.Errorf("xlsx %s: %w", st.name, err)
		}
	}
	// excelize builds the whole file in a buffer of its own before copying
	// it to w; its zip writer writes straight to w instead, so the file is
	// not held twice (what it hands excelize's buffer is nothing), and puts
	// the activity list in.
	b.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newBookZip(w, b.bodies) })
	return b.f.Write(io.Discard)
}

// title is "<center> <year>年度<what>" (English: "<center> — <what> <year>").
func (b *book) title(year int, what string) string {
	if b.w.lang == LangEn {
		s := fmt.Sprintf("%s %d", b.w.t(what), year)
		if b.center != "" {
			s = b.center + " — " + s
		}
		return s
	}
	return strings.TrimSpace(fmt.Sprintf("%s %d年度%s", b.center, year, b.w.t(what)))
}

// asOf is the line under a title: as of when, and when it was made.
func (b *book) asOf(t Tally) string {
	return fmt.Sprintf("%s %s    %s %s", b.w.t("asOf"), t.AsOf, b.w.t("generatedAt"),
		t.GeneratedAt.In(b.loc).Format("2006-01-02 15:04"))
}

func summarySheet(s *sheet, t Tally) error {
	b := s.b
	for _, x := range t.Summary {
		err := s.add(b.text(x.Name), b.text(b.w.code(groupMetric, string(x.Metric))), b.text(b.w.code(groupScope, string(x.Scope))),
			b.integer(x.Members), b.integer(x.Value), b.integer(x.Actual), b.integer(x.Scheduled), b.integer(x.Projected),
			b.decimal(x.ExpectedToDate), b.percent(x.CompletionRate), b.text(b.w.code(groupStatus, x.Status)),
			b.integer(x.Met), b.integer(x.OnTrack), b.integer(x.AtRisk), b.integer(x.Behind))
		if err != nil {
			return err
		}
	}
	s.gap()
	if err := s.head(hdrByKind); err != nil {
		return err
	}
	for _, k := range t.ByKind {
		if err := s.add(b.text(b.w.code(groupKind, k.Kind)), b.integer(k.Planned), b.integer(k.Completed),
			b.integer(k.Cancelled), b.integer(k.Attendance)); err != nil {
			return err
		}
	}
	return nil
}

func staffSheet(s *sheet, t Tally) error {
	b := s.b
	for _, x := range t.ByStaff {
		open := ""
		for i, st := range x.OpenStations {
			if i > 0 {
				open += "、"
			}
			open += st.Name
		}
		err := s.add(b.text(x.StaffName), b.integer(int(*x.StaffID)), b.text(x.Name), b.text(b.w.code(groupMetric, string(x.Metric))),
			b.integer(x.Value), b.integer(x.TargetValue), b.localDate(x.JoinedOn), b.localDate(x.LeftOn),
			b.integer(x.Actual), b.integer(x.Scheduled), b.integer(x.Projected), b.decimal(x.ExpectedToDate),
			b.percent(x.CompletionRate), b.integer(x.Gap), b.text(b.w.code(groupStatus, x.Status)), b.text(open))
		if err != nil {
			return err
		}
	}
	return nil
}

func monthSheet(s *sheet, t Tally) error {
	b := s.b
	center := b.w.t("center")
	for _, it := range t.ByMonth {
		who, id := b.text(center), b.blank()
		if it.StaffID != nil {
			who, id = b.text(it.StaffName), b.integer(int(*it.StaffID))
		}
		for _, m := range it.Months {
			if err := s.add(b.text(it.Name), who, id, b.integer(m.Month), b.integer(m.Plan), b.integer(m.Due),
				b.integer(m.Actual), b.integer(m.Carry), b.ratePtr(m.CompletionRate)); err != nil {
				return err
			}
		}
		// The year row: the year's value as its plan, what was done, and December's carry.
		total := func(c cell, style int) cell { return cell{c.v, style} }
		st := b.st
		if err := s.add(total(b.text(it.Name), st.totalText), total(who, st.totalText), total(id, st.totalInteger),
			total(b.text(b.w.t("year")), st.totalText), total(b.integer(it.Year.Value), st.totalInteger),
			total(b.blank(), st.totalInteger), total(b.integer(it.Year.Actual), st.totalInteger),
			total(b.integer(it.Year.Carry), st.totalInteger), total(b.percent(yearRate(it.Year)), st.totalPercent)); err != nil {
			return err
		}
	}
	return nil
}

func yearRate(y YearStat) float64 {
	if y.Value <= 0 {
		return 0
	}
	return round(float64(y.Actual)/float64(y.Value), 4)
}

func officialSheet(s *sheet, t Tally) error {
	b := s.b
	for _, l := range t.Official {
		name := l.Name
		if b.w.lang == LangEn && l.NameEn != "" {
			name = l.NameEn
		}
		if err := s.add(b.text(name), b.text(l.Unit), b.integer(l.Value), b.text(b.w.code(groupMetric, string(l.Metric))),
			b.text(b.w.kinds(l.Kinds)), b.text(l.Code)); err != nil {
			return err
		}
	}
	s.gap()
	return s.note(fmt.Sprintf("%s：__________        %s：__________", b.w.t("preparedBy"), b.w.t("reviewedBy")))
}

// bookCells appends the line to dst as workbook cells: times in the
// center's zone.
func (l *activityLine) bookCells(b *book, dst []cell) []cell {
	series := b.blank()
	if l.SeriesID != nil {
		series = b.integer(int(*l.SeriesID))
	}
	return append(dst, b.integer(int(l.ID)), b.text(b.w.code(groupKind, l.Kind)), b.text(l.Title), b.instant(l.StartAt),
		b.instant(l.EndAt), b.localDate(&l.LocalDate), b.text(l.venue), b.text(l.Location), b.text(l.organizer), b.text(l.staff),
		b.text(l.teams), b.text(l.station), b.integer(l.ExpectedAttendance), b.optInt(l.ActualAttendance),
		b.text(b.w.code(groupActivityStatus, l.Status)), series, b.text(l.Notes), b.text(l.CancelReason))
}
