package services

import "time"

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
