package counting

import (
	"fmt"

	"gorm.io/gorm"
)

// openStations names, for a paired_stations target, each member's paired
// stations not visited yet as of the date (no completed activity of the
// kinds there), so a station gap says where to go; Scheduled tells those
// with a visit on the calendar.
func openStations(db *gorm.DB, t counted, per period) (map[uint64][]OpenStation, error) {
	out := map[uint64][]OpenStation{}
	if t.Metric != MetricPairedStations || len(t.members) == 0 {
		return out, nil
	}
	var paired []struct {
		UserID, StationID uint64
		Name              string
	}
	if err := db.Table("station_staff ss").Select("ss.user_id, ss.station_id, st.name").
		Joins("JOIN stations st ON st.id = ss.station_id").Where("ss.user_id IN ?", t.members).
		Order("ss.user_id, st.name, ss.station_id").Scan(&paired).Error; err != nil {
		return nil, fmt.Errorf("load paired stations: %w", err)
	}
	u := newUnitSpec(db, t, per, nil)
	u.each = true
	var b sqlb
	b.add("SELECT u.member, u.unit_id, u.done FROM (")
	u.units(&b)
	b.add(") u")
	var units []unitRow
	if err := db.Raw(b.String(), b.args...).Scan(&units).Error; err != nil {
		return nil, fmt.Errorf("load station visits of target %d: %w", t.ID, err)
	}
	type key struct{ member, station uint64 }
	visited, planned := map[key]bool{}, map[key]bool{}
	for _, r := range units {
		if r.Done != nil {
			visited[key{r.Member, r.UnitID}] = true
		} else {
			planned[key{r.Member, r.UnitID}] = true
		}
	}
	for _, p := range paired {
		k := key{p.UserID, p.StationID}
		if !visited[k] {
			out[p.UserID] = append(out[p.UserID], OpenStation{ID: p.StationID, Name: p.Name, Scheduled: planned[k]})
		}
	}
	return out, nil
}
