package planner

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
)

// step is how far apart the candidate start times of a window lie.
const step = 30 * time.Minute

// maxVenueOptions bounds the rooms tried for each slot.
const maxVenueOptions = 8

// day is one allowed local date and its candidate slots, best first.
type day struct {
	date  string
	month int
	cands []int // indexes into search.cands
}

// search holds everything read for one request: the allowed days, the
// candidate slots and their clashes, and the units still to add.
type search struct {
	g        *goal
	r        Request
	loc      *time.Location
	months   []int
	days     []day
	cands    []services.ActivityInput
	clashes  [][]services.ConflictItem
	stations []uint64 // rotation of stations for outreach; nil: none
	units    []uint64 // teams or stations still to add (active_teams, paired_stations)
	short    string   // why nothing more can be added, when known
}

// newSearch reads the calendar, the member's covered dates and the units
// still open, builds every candidate slot and finds their clashes in one go.
func (p *Planner) newSearch(ctx context.Context, g *goal, r Request) (*search, error) {
	db := p.db.WithContext(ctx)
	s := &search{g: g, r: r, loc: p.loc}
	now := p.clock().In(p.loc)
	year := g.target.Year
	first := time.Date(year, 1, 1, 0, 0, 0, 0, p.loc)
	if now.After(first) {
		first = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, p.loc)
	}
	if first.Year() > year {
		s.short = ShortYearOver
		return s, nil
	}
	s.months = allowedMonths(r.Months, int(first.Month()))
	days, err := p.calendar.Days(ctx, year)
	if err != nil {
		return nil, err
	}
	if err := s.loadUnits(db); err != nil {
		return nil, err
	}
	covered, err := s.coveredDates(db)
	if err != nil {
		return nil, err
	}
	venues, err := s.venueOptions(db)
	if err != nil {
		return nil, err
	}
	windows := fitWindows(r.Windows, r.DurationMinutes)
	length := time.Duration(r.DurationMinutes) * time.Minute
	for _, cd := range days {
		d, _ := time.ParseInLocation(time.DateOnly, cd.Date, p.loc)
		if d.Before(first) || !slices.Contains(s.months, int(d.Month())) || covered[cd.Date] || !workable(cd, d, r.Weekdays) {
			continue
		}
		dy := day{date: cd.Date, month: int(d.Month())}
		for _, w := range windows {
			from, _ := clock(w.Start)
			to, _ := clock(w.End)
			for m := from; m+r.DurationMinutes <= to; m += int(step / time.Minute) {
				start := time.Date(d.Year(), d.Month(), d.Day(), m/60, m%60, 0, 0, p.loc)
				if !start.After(now) {
					continue
				}
				for _, v := range venues {
					in := services.ActivityInput{Kind: r.Kind, Title: r.Title, Start: start, End: start.Add(length),
						VenueID: v, OrganizerID: g.member, StaffIDs: []uint64{g.member}, TeamIDs: s.teamProbe(),
						ExpectedAttendance: g.attendance(v)}
					if err := services.NormalizeInput(&in); err != nil {
						return nil, fmt.Errorf("candidate slot: %w", err)
					}
					dy.cands = append(dy.cands, len(s.cands))
					s.cands = append(s.cands, in)
				}
			}
		}
		if len(dy.cands) > 0 {
			s.days = append(s.days, dy)
		}
	}
	if len(s.cands) > 0 {
		if s.clashes, err = p.acts.Clashes(ctx, s.cands); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// allowedMonths is the requested months (default every month) from the
// first open month on, in order.
func allowedMonths(req []int, from int) []int {
	out := []int{}
	for m := from; m <= 12; m++ {
		if len(req) == 0 || slices.Contains(req, m) {
			out = append(out, m)
		}
	}
	return out
}

// workable says whether the center works on date d: never on statutory days
// off and closures; on the requested weekdays; with the default weekdays on
// Monday to Friday and on adjusted workdays (调休).
func workable(cd services.CalendarDay, d time.Time, weekdays []int) bool {
	switch cd.Type {
	case services.DayHoliday, services.DayClosure:
		return false
	}
	iso := int(d.Weekday())
	if iso == 0 {
		iso = 7
	}
	if len(weekdays) == 0 {
		return cd.Type == services.DayWorkday || cd.Type == services.DayAdjustedWorkday
	}
	return slices.Contains(weekdays, iso)
}

// fitWindows is the requested windows, or the default morning and afternoon
// that fit the duration, or a whole working day when neither does.
func fitWindows(req []Window, minutes int) []Window {
	if len(req) > 0 {
		return req
	}
	var out []Window
	for _, w := range defaultWindows {
		from, _ := clock(w.Start)
		to, _ := clock(w.End)
		if to-from >= minutes {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		out = []Window{{Start: "09:00", End: "17:30"}}
		if minutes > 8*60+30 {
			out = []Window{{Start: "08:00", End: "20:00"}}
		}
	}
	return out
}

// teamProbe puts every team still to add on each candidate, so that one
// read finds each team's bookings; a proposal then keeps one team.
func (s *search) teamProbe() []uint64 {
	if s.g.target.Metric != counting.MetricActiveTeams {
		return nil
	}
	return slices.Clone(s.units)
}

// venueOptions is the rooms to try for each slot, best first: the requested
// ones in their order; for the kinds held in a room the active rooms whose
// capacity fits the expected attendance, smallest first; else no room.
func (s *search) venueOptions(db *gorm.DB) ([]*uint64, error) {
	ids := s.r.VenueIDs
	if len(ids) == 0 && needsVenue(s.r.Kind) {
		var vs []models.Venue
		if err := db.Where("active = ?", true).Order("capacity, id").Find(&vs).Error; err != nil {
			return nil, fmt.Errorf("read venues: %w", err)
		}
		for _, v := range vs {
			s.g.venueCap[v.ID] = v.Capacity
			if s.g.expected == 0 || v.Capacity >= s.g.expected {
				ids = append(ids, v.ID)
			}
		}
		if len(ids) == 0 && len(vs) > 0 { // nothing is big enough: the biggest rooms
			for i := len(vs) - 1; i >= 0; i-- {
				ids = append(ids, vs[i].ID)
			}
		}
	}
	if len(ids) == 0 {
		return []*uint64{nil}, nil
	}
	out := make([]*uint64, 0, min(len(ids), maxVenueOptions))
	for _, id := range uniqInOrder(ids) {
		if len(out) == maxVenueOptions {
			break
		}
		out = append(out, &id)
	}
	return out, nil
}

func uniqInOrder(ids []uint64) []uint64 {
	var out []uint64
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// loadUnits finds the stations to rotate through and, for targets that
// count teams or stations, the ones not yet on the calendar this year.
func (s *search) loadUnits(db *gorm.DB) error {
	y0, y1 := fmt.Sprintf("%04d-01-01", s.g.target.Year), fmt.Sprintf("%04d-12-31", s.g.target.Year)
	open := db.Table("activities a").Where("a.status <> ? AND a.kind IN ? AND a.local_date BETWEEN ? AND ?",
		models.StatusCancelled, s.g.kinds, y0, y1)
	switch s.g.target.Metric {
	case counting.MetricActiveTeams:
		busy := open.Session(&gorm.Session{}).Joins("JOIN activity_teams t ON t.activity_id = a.id").Select("t.team_id")
		if err := db.Model(&models.Team{}).Where("active = ? AND id NOT IN (?)", true, busy).
			Order("id").Pluck("id", &s.units).Error; err != nil {
			return fmt.Errorf("read teams to add: %w", err)
		}
		if len(s.units) == 0 {
			s.short = ShortNoUnitsLeft
		}
	case counting.MetricPairedStations:
		visited := open.Session(&gorm.Session{}).Joins("JOIN activity_staff st ON st.activity_id = a.id").
			Where("st.user_id = ? AND a.station_id IS NOT NULL", s.g.member).Select("a.station_id")
		q := db.Table("station_staff ss").Joins("JOIN stations s ON s.id = ss.station_id").
			Where("ss.user_id = ? AND s.active = ? AND ss.station_id NOT IN (?)", s.g.member, true, visited)
		if len(s.r.StationIDs) > 0 {
			q = q.Where("ss.station_id IN ?", s.r.StationIDs)
		}
		if err := q.Order("ss.station_id").Pluck("ss.station_id", &s.units).Error; err != nil {
			return fmt.Errorf("read stations to visit: %w", err)
		}
		if len(s.units) == 0 {
			s.short = ShortNoUnitsLeft
		}
		return nil
	}
	switch {
	case len(s.r.StationIDs) > 0:
		s.stations = uniqInOrder(s.r.StationIDs)
	case s.r.Kind == "outreach":
		if err := db.Table("station_staff ss").Joins("JOIN stations s ON s.id = ss.station_id").
			Where("ss.user_id = ? AND s.active = ?", s.g.member, true).Order("ss.station_id").
			Pluck("ss.station_id", &s.stations).Error; err != nil {
			return fmt.Errorf("read paired stations: %w", err)
		}
	}
	return nil
}

// coveredDates are the dates that would add nothing to a person-days target:
// the member already has an activity of the kinds that day.
func (s *search) coveredDates(db *gorm.DB) (map[string]bool, error) {
	out := map[string]bool{}
	if s.g.target.Metric != counting.MetricPersonDays {
		return out, nil
	}
	y0, y1 := fmt.Sprintf("%04d-01-01", s.g.target.Year), fmt.Sprintf("%04d-12-31", s.g.target.Year)
	var dates []string
	err := db.Table("activity_days d").
		Joins("JOIN activity_staff st ON st.activity_id = d.activity_id").
		Joins("JOIN activities a ON a.id = d.activity_id").
		Where("st.user_id = ? AND a.status <> ? AND a.kind IN ? AND d.day BETWEEN ? AND ?",
			s.g.member, models.StatusCancelled, s.g.kinds, y0, y1).
		Distinct("d.day").Pluck("d.day", &dates).Error
	if err != nil {
		return nil, fmt.Errorf("read covered dates: %w", err)
	}
	for _, d := range dates {
		out[d] = true
	}
	return out, nil
}
