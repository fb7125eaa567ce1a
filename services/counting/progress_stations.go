package counting

import (
	"fmt"
	"strconv"

	"gorm.io/gorm"
)

// stationCounts counts a paired_stations target from one read of its units
// (member, station, date of the first completed visit): the counts
// countTarget gives, and each member's paired stations not visited yet as
// of the date (no completed activity of the kinds there), so a station gap
// says where to go; Scheduled tells those with a visit on the calendar.
func stationCounts(db *gorm.DB, t counted, per period) (map[uint64]*memberCount, map[uint64][]OpenStation, error) {
	counts, open := map[uint64]*memberCount{}, map[uint64][]OpenStation{}
	if len(t.members) == 0 {
		return counts, open, nil
	}
	var paired []struct {
		UserID, StationID uint64
		Name              string
	}
	if err := db.Table("station_staff ss").Select("ss.user_id, ss.station_id, st.name").
		Joins("JOIN stations st ON st.id = ss.station_id").Where("ss.user_id IN ?", t.members).
		Order("ss.user_id, st.name, ss.station_id").Scan(&paired).Error; err != nil {
		return nil, nil, fmt.Errorf("load paired stations: %w", err)
	}
	u, err := newUnitSpec(db, t, per, nil)
	if err != nil {
		return nil, nil, err
	}
	u.each = true
	var b sqlb
	b.add("SELECT u.member, u.unit_id, u.done FROM (")
	u.units(&b)
	b.add(") u")
	var units []unitRow
	if err := db.Raw(b.String(), b.args...).Scan(&units).Error; err != nil {
		return nil, nil, fmt.Errorf("load station visits of target %d: %w", t.ID, err)
	}
	keep := map[uint64]bool{}
	for _, m := range t.members {
		keep[m] = true
	}
	type key struct{ member, station uint64 }
	visited, planned := map[key]bool{}, map[key]bool{}
	for _, r := range units {
		if !keep[r.Member] {
			continue // participation of someone outside the target's members
		}
		mc := countOf(counts, r.Member)
		if r.Done == nil {
			planned[key{r.Member, r.UnitID}] = true
			mc.scheduled++
			continue
		}
		visited[key{r.Member, r.UnitID}] = true
		if d := *r.Done; len(d) >= 7 {
			if m, err := strconv.Atoi(d[5:7]); err == nil && m >= 1 && m <= 12 {
				mc.actual[m-1]++
			}
		}
	}
	for _, p := range paired {
		k := key{p.UserID, p.StationID}
		if !visited[k] {
			open[p.UserID] = append(open[p.UserID], OpenStation{ID: p.StationID, Name: p.Name, Scheduled: planned[k]})
		}
	}
	return counts, open, nil
}
