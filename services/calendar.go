package services

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// Types of calendar day.
const (
	DayWorkday         = "workday"
	DayWeekend         = "weekend"
	DayHoliday         = "holiday"
	DayAdjustedWorkday = "adjusted_workday"
	DayClosure         = "closure"
)

// Calendar tells what kind of day each local date is: statutory holidays and
// adjusted workdays from the published arrangement, plus the center's own
// closures.
type Calendar struct {
	store
}

// NewCalendar returns the calendar service.
func NewCalendar(db *gorm.DB) *Calendar { return &Calendar{store: newStore(db)} }

// CalendarDay is one local date and its type; Name names the holiday or
// closure, NameEn is the holiday's English name (a closure's own name).
type CalendarDay struct {
	Date   string `json:"date"`
	Type   string `json:"type" enum:"day"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

// Days returns every date of year. A center closure wins over the statutory
// type, because it is what decides whether the center is open.
func (c *Calendar) Days(ctx context.Context, year int) ([]CalendarDay, error) {
	if year < 1900 || year > 9999 {
		return nil, FieldError("year", OutOfRange(1900, 9999))
	}
	closures, err := closuresBetween(c.db.WithContext(ctx), fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year))
	if err != nil {
		return nil, err
	}
	stat := statutoryDays(year)
	var out []CalendarDay
	for d := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() == year; d = d.AddDate(0, 0, 1) {
		date := d.Format(time.DateOnly)
		day := CalendarDay{Date: date, Type: DayWorkday}
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			day.Type = DayWeekend
		}
		if s, ok := stat[date]; ok {
			day.Type, day.Name, day.NameEn = DayHoliday, s.Name, holidayNameEN(s.Name)
			if s.Work {
				day.Type = DayAdjustedWorkday
			}
		}
		if name, ok := closures[date]; ok {
			day.Type, day.Name, day.NameEn = DayClosure, name, name
		}
		out = append(out, day)
	}
	return out, nil
}

// Skip reasons of a series occurrence.
const (
	SkipHoliday = "holiday"
	SkipClosure = "closure"
)

// skipper decides which local dates a series with skip_holidays leaves out:
// statutory days off and center closures. Weekends are ordinary working
// days for a cultural center and are never skipped.
type skipper struct {
	closures map[string]string
	years    map[int]map[string]statutoryDay
}

func newSkipper(db *gorm.DB, from, to string) (*skipper, error) {
	closures, err := closuresBetween(db, from, to)
	if err != nil {
		return nil, err
	}
	return &skipper{closures: closures, years: map[int]map[string]statutoryDay{}}, nil
}

// reason returns why date t (local) is skipped, and the day's name, or "".
func (s *skipper) reason(t time.Time) (string, string) {
	date := t.Format(time.DateOnly)
	if name, ok := s.closures[date]; ok {
		return SkipClosure, name
	}
	days, ok := s.years[t.Year()]
	if !ok {
		days = statutoryDays(t.Year())
		s.years[t.Year()] = days
	}
	if d, ok := days[date]; ok && !d.Work {
		return SkipHoliday, d.Name
	}
	return "", ""
}

// closuresBetween returns the center closures with from <= date <= to.
func closuresBetween(db *gorm.DB, from, to string) (map[string]string, error) {
	var rows []models.Closure
	if err := db.Where("date >= ? AND date <= ?", from, to).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read closures: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Date] = r.Name
	}
	return out, nil
}
