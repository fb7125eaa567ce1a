package services

import (
	"github.com/6tail/lunar-go/HolidayUtil"
)

// statutoryDay is a date the State Council's holiday arrangement names: a
// day off (holiday) or a weekend day that is worked instead (调休).
type statutoryDay struct {
	Name string
	Work bool
}

// statutoryDays returns the holiday arrangement of year, by YYYY-MM-DD. The
// data comes from 6tail/lunar-go, which carries the published arrangements
// (currently through 2027); later years have none until the library does.
func statutoryDays(year int) map[string]statutoryDay {
	out := map[string]statutoryDay{}
	l := HolidayUtil.GetHolidaysByYear(year)
	for e := l.Front(); e != nil; e = e.Next() {
		h, ok := e.Value.(*HolidayUtil.Holiday)
		if !ok {
			continue
		}
		out[h.GetDay()] = statutoryDay{Name: h.GetName(), Work: h.IsWork()}
	}
	return out
}
