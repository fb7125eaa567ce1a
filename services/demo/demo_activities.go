package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// demoGen plans the demo year in memory, booking every venue, staff member
// and team so that nothing it keeps overlaps, then inserts it in batches.
type demoGen struct {
	rng  *rand.Rand
	loc  *time.Location
	now  time.Time
	year int

	staff    []uint64 // staff[0] is the department head
	venues   []uint64
	stations []uint64
	teams    []uint64
	paired   map[uint64][2]uint64

	book   map[string][][2]time.Time // resource -> booked intervals
	acts   []demoAct
	series int
	// splitOf maps a series index to the series it was split from by a
	// following-scope edit: the same class (edition), in another room.
	splitOf map[int]int
	// joinedDay is the day of the year (0-based) a member joined, for
	// members who joined during the year.
	joinedDay map[uint64]int
}

type demoAct struct {
	a      models.Activity
	staff  []uint64 // staff[0] organizes
	teams  []uint64
	series int // 1-based index of the series, 0 for a lone activity
}

// at is hh:mm local on the day'th day (0-based) of the demo year.
func (g *demoGen) at(day, hh, mm int) time.Time {
	return time.Date(g.year, 1, 1+day, hh, mm, 0, 0, g.loc)
}

func (g *demoGen) free(key string, s, e time.Time) bool {
	for _, iv := range g.book[key] {
		if s.Before(iv[1]) && iv[0].Before(e) {
			return false
		}
	}
	return true
}

// try keeps the activity if none of its venue, staff and teams is busy then.
func (g *demoGen) try(kind, title string, s, e time.Time, venue, station *uint64, staff, teams []uint64, expected, series int) bool {
	if s.Year() != g.year && e.Year() != g.year {
		return false
	}
	var keys []string
	if venue != nil {
		keys = append(keys, fmt.Sprintf("v%d", *venue))
	}
	for _, id := range staff {
		keys = append(keys, fmt.Sprintf("s%d", id))
	}
	for _, id := range teams {
		keys = append(keys, fmt.Sprintf("t%d", id))
	}
	for _, k := range keys {
		if !g.free(k, s, e) {
			return false
		}
	}
	for _, k := range keys {
		g.book[k] = append(g.book[k], [2]time.Time{s, e})
	}
	a := models.Activity{Kind: kind, Title: title, StartAt: s.UTC(), EndAt: e.UTC(), LocalDate: services.LocalDate(s, g.loc),
		VenueID: venue, StationID: station, OrganizerID: staff[0], ExpectedAttendance: expected, Version: 1, CreatedBy: staff[0],
		StaffFree: !services.DefaultStaffBusy(kind)}
	g.acts = append(g.acts, demoAct{a: a, staff: services.UniqueIDs(staff), teams: services.UniqueIDs(teams), series: series})
	return true
}

// schedule plans the year: rehearsals, classes, lectures, performances,
// exhibitions, study sessions and every staff member's outreach.
func (g *demoGen) schedule() {
	g.rehearsals()
	g.classes()
	g.lectures()
	g.performances()
	g.exhibitions()
	g.outreach()
	g.settle()
}

func (g *demoGen) rehearsals() {
	hall := g.venues[2]
	for i, team := range g.teams {
		first := 3 + i%5 // weekday of the first week's rehearsal
		if i == len(g.teams)-1 {
			// a team founded lately: only planned rehearsals so far
			first = max(first, g.now.In(g.loc).YearDay()+7)
		}
		hh := 14 + (i/5)*5 // 14:30 or 19:30
		for day := first; day < 365; day += 7 {
			if g.rng.IntN(100) < 15 {
				continue
			}
			g.try("team_activity", demoTeams[i].name+"排练", g.at(day, hh, 30), g.at(day, hh+2, 0), &hall, nil,
				[]uint64{g.staff[1+i]}, []uint64{team}, 25, 0)
		}
	}
}

func (g *demoGen) classes() {
	subjects := []string{"书法", "国画", "声乐", "舞蹈", "摄影", "古筝", "剪纸", "朗诵", "葫芦丝", "太极", "合唱指挥", "非遗刺绣"}
	for i, sub := range subjects {
		g.series++
		room := g.venues[3+i%2]
		start := 5 + i*26 + 5 // a Saturday-ish start spread over the year
		for k := 0; k < 8+i%5; k++ {
			day := start + 7*k
			if sub == "摄影" && k == 4 {
				// The photography class moves to the other classroom from its
				// fifth session on: the series splits, the class stays one.
				g.series++
				g.splitOf[g.series] = g.series - 1
				room = g.venues[3+(i+1)%2]
			}
			g.try("training", fmt.Sprintf("%s培训班（第%d课）", sub, k+1), g.at(day, 9, 0), g.at(day, 11, 0), &room, nil,
				[]uint64{g.staff[2+i%20]}, nil, 30, g.series)
		}
	}
}

func (g *demoGen) lectures() {
	hall := g.venues[0]
	topics := []string{"非遗保护", "传统节日", "合唱发声", "书法鉴赏", "戏曲入门", "摄影构图", "群众文艺创作", "民间音乐", "地方志", "家风家训", "阅读推广", "少儿美育"}
	for m, t := range topics {
		day := time.Date(g.year, time.Month(m+1), 12, 0, 0, 0, 0, g.loc).YearDay() - 1
		for d := day; d < day+7; d++ {
			if g.try("lecture", t+"公益讲座", g.at(d, 14, 30), g.at(d, 16, 30), &hall, nil, []uint64{g.staff[(m*3)%25]}, nil, 150, 0) {
				break
			}
		}
	}
}

func (g *demoGen) performances() {
	stage := g.venues[1]
	for k := 0; k < 16; k++ {
		day := 10 + k*22 + g.rng.IntN(5)
		teams := []uint64{g.teams[k%10], g.teams[(k+3)%10]}
		staff := []uint64{g.staff[(k*5)%25], g.staff[(k*5+1)%25]}
		for d := day; d < day+6; d++ {
			if g.try("performance", fmt.Sprintf("群众文艺演出（%d）", k+1), g.at(d, 19, 30), g.at(d, 21, 30), &stage, nil, staff, teams, 180, 0) {
				break
			}
		}
	}
	// New Year's Eve gala: runs past midnight, so it covers two dates.
	g.try("performance", "跨年文艺晚会", g.at(364, 21, 0), g.at(365, 0, 30), &stage, nil,
		[]uint64{g.staff[0], g.staff[4]}, []uint64{g.teams[1], g.teams[2]}, 200, 0)
}

func (g *demoGen) exhibitions() {
	room := g.venues[5]
	names := []string{"迎春书画展", "非遗传承成果展", "摄影作品展", "少儿美术展", "群众文艺创作成果展"}
	for i, n := range names {
		g.series++
		start := 30 + i*70
		for k := 0; k < 7; k++ {
			g.try("exhibition", n, g.at(start+k, 9, 30), g.at(start+k, 16, 30), &room, nil, []uint64{g.staff[5+i*3]}, nil, 120, g.series)
		}
	}
}

// outreach spreads each member's outreach over the year at a personal pace
// between 0.6 and 1.4 times the 60 days of the duty statement, so some are
// ahead of it and some behind.
func (g *demoGen) outreach() {
	for i, s := range g.staff {
		pace := 0.6 + 0.8*float64((i*7)%25)/24
		first := g.joinedDay[s] // a newcomer does outreach from joining on, at the same pace
		n := int(60*pace*float64(365-first)/365 + 0.5)
		pair := g.paired[s]
		for k := 0; k < n; k++ {
			day := first + (k*(365-first))/n + g.rng.IntN(3)
			var station *uint64
			switch {
			case k%4 == 0:
				station = &pair[0]
			case k%4 == 2 && i%2 == 0: // half the staff also visit their second station
				station = &pair[1]
			}
			who := []uint64{s}
			if mate := g.staff[(i+1)%len(g.staff)]; k%9 == 0 && g.joinedDay[mate] <= day {
				who = append(who, mate)
			}
			for tries := 0; tries < 6; tries++ {
				hh := []int{9, 14}[tries%2]
				d := day + tries/2
				if g.try("outreach", "基层文化辅导", g.at(d, hh, 0), g.at(d, hh+2, 30), nil, station, who, nil, 40, 0) {
					break
				}
			}
		}
	}
}

// settle gives each activity its status as of now: what has ended is
// completed with attendance (a few were cancelled), the rest planned.
func (g *demoGen) settle() {
	for i := range g.acts {
		a := &g.acts[i].a
		a.Status = models.StatusPlanned
		roll := g.rng.IntN(100)
		switch {
		case roll < 3:
			a.Status = models.StatusCancelled
		case !a.EndAt.After(g.now):
			n := a.ExpectedAttendance * (70 + g.rng.IntN(45)) / 100
			end := a.EndAt
			a.Status, a.ActualAttendance, a.CompletedAt = models.StatusCompleted, &n, &end
		}
	}
}

// insert writes the series, activities and their staff, team and day rows.
func (g *demoGen) insert(tx *gorm.DB) error {
	seriesIDs, editions := make([]uint64, g.series+1), make([]uint64, g.series+1)
	for i := 1; i <= g.series; i++ {
		s := models.Series{RRule: "FREQ=WEEKLY", TimeZone: g.loc.String(), CreatedBy: g.staff[0], CreatedAt: g.now}
		if err := tx.Create(&s).Error; err != nil {
			return err
		}
		seriesIDs[i], editions[i] = s.ID, s.ID
		if parent, ok := g.splitOf[i]; ok {
			editions[i] = editions[parent]
			if err := tx.Create(&models.AuditEntry{At: g.now, ActorID: g.staff[0], Action: "split", Entity: "series",
				EntityID: s.ID, Before: fmt.Sprintf(`{"series_id":%d}`, seriesIDs[parent]),
				After: fmt.Sprintf(`{"series_id":%d,"edition_id":%d}`, s.ID, editions[i])}).Error; err != nil {
				return err
			}
		}
		if err := tx.Model(&s).Update("edition_id", editions[i]).Error; err != nil {
			return err
		}
	}
	rows := make([]*models.Activity, len(g.acts))
	for i := range g.acts {
		a := g.acts[i].a
		a.CreatedAt, a.UpdatedAt = g.now, g.now
		if g.acts[i].series != 0 {
			id, e := seriesIDs[g.acts[i].series], editions[g.acts[i].series]
			a.SeriesID, a.EditionID = &id, &e
		}
		a.StaffIDs, a.TeamIDs = g.acts[i].staff, g.acts[i].teams
		rows[i] = &a
	}
	return services.InsertActivities(tx, g.loc, rows)
}
