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

// holidayNamesEN gives the English name of each holiday name the library
// uses (HolidayUtil.NAMES); a name it adds later is shown in Chinese.
var holidayNamesEN = map[string]string{
	"元旦节":   "New Year's Day",
	"春节":    "Spring Festival",
	"清明节":   "Qingming Festival",
	"劳动节":   "Labour Day",
	"端午节":   "Dragon Boat Festival",
	"中秋节":   "Mid-Autumn Festival",
	"国庆节":   "National Day",
	"国庆中秋":  "National Day and Mid-Autumn Festival",
	"抗战胜利日": "Victory Day of the War of Resistance",
}

// holidayNameEN is the English name of a statutory holiday name, or the
// name itself when there is none.
func holidayNameEN(name string) string {
	if en, ok := holidayNamesEN[name]; ok {
		return en
	}
	return name
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
