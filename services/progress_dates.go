package services

import (
	"fmt"
	"time"
)

// yearBounds returns the first and last local dates of year.
func yearBounds(year int) (string, string) {
	return fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year)
}

// shiftDate moves a YYYY-MM-DD date by days; dates are calendar dates, so UTC
// arithmetic is exact.
func shiftDate(date string, days int) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return t.AddDate(0, 0, days).Format(time.DateOnly)
}

// CoveredDays lists the center-local dates that the half-open interval
// [start, end) touches: 20:00 to 02:00 covers two dates, 23:00 to 00:00 one.
// An empty interval covers the date of its start, so every activity has at
// least the date it is listed under.
func CoveredDays(start, end time.Time, loc *time.Location) []string {
	s, e := start.In(loc), end.Add(-time.Nanosecond).In(loc)
	// Step through civil dates in UTC so DST days of 23 or 25 hours don't skew.
	d := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
	stop := time.Date(e.Year(), e.Month(), e.Day(), 0, 0, 0, 0, time.UTC)
	days := []string{d.Format(time.DateOnly)}
	for d = d.AddDate(0, 0, 1); !d.After(stop); d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format(time.DateOnly))
	}
	return days
}

// LocalDate is the center-local date of an instant.
func LocalDate(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(time.DateOnly)
}

// resolveAsOf checks that asOf lies in year, or picks today in loc clamped
// into the year when asOf is empty.
func resolveAsOf(year int, asOf string, now time.Time, loc *time.Location) (string, error) {
	y0, y1 := yearBounds(year)
	if asOf == "" {
		today := LocalDate(now, loc)
		switch {
		case today < y0:
			return y0, nil
		case today > y1:
			return y1, nil
		}
		return today, nil
	}
	if _, err := time.Parse(time.DateOnly, asOf); err != nil || asOf < y0 || asOf > y1 {
		return "", &Error{Kind: Invalid, Message: "invalid input",
			Fields: map[string]string{"as_of": fmt.Sprintf("must be a date in %d like %d-03-01", year, year)}}
	}
	return asOf, nil
}

// checkYear refuses years outside the range targets may have.
func checkYear(year int) error {
	if year < 2000 || year > 2100 {
		return &Error{Kind: Invalid, Message: "invalid input", Fields: map[string]string{"year": "must be a year from 2000 to 2100"}}
	}
	return nil
}

// daysIn is the number of days of month m (1-12) of year.
func daysIn(year, m int) int {
	return time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
