package counting

import (
	"fmt"
	"time"

	"centerstage/services"
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

// resolveAsOf checks that asOf lies in year, or picks today in loc clamped
// into the year when asOf is empty.
func resolveAsOf(year int, asOf string, now time.Time, loc *time.Location) (string, error) {
	y0, y1 := yearBounds(year)
	if asOf == "" {
		today := services.LocalDate(now, loc)
		switch {
		case today < y0:
			return y0, nil
		case today > y1:
			return y1, nil
		}
		return today, nil
	}
	if _, err := time.Parse(time.DateOnly, asOf); err != nil || asOf < y0 || asOf > y1 {
		return "", services.FieldError("as_of", services.NewProblem(services.ProblemDateInYear, services.Params{"year": year}, "must be a date in %d like %d-03-01", year, year))
	}
	return asOf, nil
}

// daysIn is the number of days of month m (1-12) of year.
func daysIn(year, m int) int {
	return time.Date(year, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
