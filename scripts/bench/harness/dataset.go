package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"centerstage/models"
	"centerstage/services"
)

// Scale is the size of a generated center and how long each part of a run
// lasts at that size.
type Scale struct {
	Name                string
	FirstYear, LastYear int
	Staff, Venues       int
	Stations, Teams     int
	PerYear             int // activities a year, series and multi-day ones included
	Galleries           int // the first venues, which hold multi-day exhibitions
	Rounds, HeavyRounds int // timed rounds of the light and of the counting operations
	LoadSeconds         float64
}

// Scales are S (a smoke test), M, and L (the city: ten years, 200 staff,
// 30 venues, 20 stations, 20 teams, 20,000 activities a year).
var Scales = map[string]Scale{
	"S": {Name: "S", FirstYear: 2024, LastYear: 2026, Staff: 20, Venues: 8, Stations: 4, Teams: 4, PerYear: 1000,
		Galleries: 1, Rounds: 5, HeavyRounds: 3, LoadSeconds: 1},
	"M": {Name: "M", FirstYear: 2022, LastYear: 2026, Staff: 60, Venues: 15, Stations: 8, Teams: 8, PerYear: 6000,
		Galleries: 2, Rounds: 30, HeavyRounds: 10, LoadSeconds: 4},
	"L": {Name: "L", FirstYear: 2017, LastYear: 2026, Staff: 200, Venues: 30, Stations: 20, Teams: 20, PerYear: 20000,
		Galleries: 3, Rounds: 40, HeavyRounds: 10, LoadSeconds: 6},
}

// Dataset is a generated center: reference rows, and activities with their
// staff and teams in the form services.InsertActivities takes them.
type Dataset struct {
	Scale    Scale
	Loc      *time.Location
	Now      time.Time
	Users    []models.User // one manager and the staff, ids from 2 (1 is the admin)
	Venues   []models.Venue
	Stations []models.Station
	Pairs    []models.StationStaff
	Teams    []models.Team
	Series   []models.Series
	Acts     []*models.Activity
	// Blockers are four bookings in the free window that Refused clashes
	// with: by venue, by its organizer, by its other member and by team.
	Blockers [4]uint64
	Refused  Booking
}

// Booking is what the harness asks to book.
type Booking struct {
	Kind        string
	Title       string
	Start, End  time.Time
	VenueID     uint64
	OrganizerID uint64
	StaffIDs    []uint64 // organizer included
	TeamIDs     []uint64
}

// Generated activities start in these local slots, or at 22:00 and run to
// 01:00; nothing is generated between 02:00 and 08:00 outside the galleries,
// which is where the harness books.
var slots = []struct{ h, m, maxMin int }{{8, 0, 120}, {10, 30, 120}, {14, 0, 120}, {16, 30, 120}, {19, 0, 120}}

const midnightSlot = 5

// dayState is what is taken in each slot of one day.
type dayState struct {
	venues, staff, teams [6]map[uint64]bool
}

func (d *dayState) slot(i int) (v, s, t map[uint64]bool) {
	if d.venues[i] == nil {
		d.venues[i], d.staff[i], d.teams[i] = map[uint64]bool{}, map[uint64]bool{}, map[uint64]bool{}
	}
	return d.venues[i], d.staff[i], d.teams[i]
}

type generator struct {
	ds     *Dataset
	rng    *rand.Rand
	days   map[int]*dayState // by days since the first year's 1 January
	day0   time.Time
	nextID uint64
	nextSr uint64
}

var kindMix = []string{"outreach", "outreach", "outreach", "training", "training", "lecture", "performance",
	"team_activity", "exhibition", "study", "other"}

var kindTitle = map[string]string{"outreach": "基层辅导", "training": "公益培训", "lecture": "公益讲座", "performance": "文艺演出",
	"team_activity": "团队活动", "exhibition": "展览", "study": "业务学习", "other": "其他活动"}

// Generate builds the dataset of sc for a center in loc as of now: the same
// scale, seed and now give the same rows.
func Generate(sc Scale, loc *time.Location, now time.Time, seed uint64) *Dataset {
	ds := &Dataset{Scale: sc, Loc: loc, Now: now.UTC().Truncate(time.Second)}
	g := &generator{ds: ds, rng: rand.New(rand.NewPCG(seed, 7)), days: map[int]*dayState{},
		day0: time.Date(sc.FirstYear, 1, 1, 0, 0, 0, 0, loc), nextID: 1, nextSr: 1}
	g.reference()
	for y := sc.FirstYear; y <= sc.LastYear; y++ {
		g.year(y)
	}
	g.blockers()
	for _, a := range ds.Acts {
		// As the writer stores them (InsertActivities does the same).
		a.LocalDate = services.LocalDate(a.StartAt, loc)
		a.StaffIDs = services.UniqueIDs(append(a.StaffIDs, a.OrganizerID))
		a.TeamIDs = services.UniqueIDs(a.TeamIDs)
	}
	return ds
}

func (g *generator) reference() {
	sc, ds := g.ds.Scale, g.ds
	at := time.Date(sc.FirstYear-1, 12, 1, 1, 0, 0, 0, time.UTC)
	for i := 0; i < sc.Staff; i++ {
		role := models.RoleStaff
		if i == 0 {
			role = models.RoleManager
		}
		u := models.User{ID: uint64(i + 2), Username: fmt.Sprintf("staff%03d", i), Name: fmt.Sprintf("员工%03d", i),
			Role: role, Active: true, PasswordHash: "-", Version: 1, CreatedAt: at, UpdatedAt: at}
		if i%40 == 39 {
			d := fmt.Sprintf("%d-03-01", sc.LastYear) // joined in the counted year: a pro-rated share
			u.JoinedOn = &d
		}
		ds.Users = append(ds.Users, u)
	}
	for i := 0; i < sc.Venues; i++ {
		name, capacity := fmt.Sprintf("活动室%02d", i+1), 40+10*(i%8)
		if i < sc.Galleries {
			name, capacity = fmt.Sprintf("展厅%d", i+1), 300
		}
		ds.Venues = append(ds.Venues, models.Venue{ID: uint64(i + 1), Name: name, Capacity: capacity, Active: true,
			Version: 1, CreatedAt: at, UpdatedAt: at})
	}
	for i := 0; i < sc.Stations; i++ {
		id := uint64(i + 1)
		ds.Stations = append(ds.Stations, models.Station{ID: id, Name: fmt.Sprintf("街道文化站%02d", i+1),
			Address: fmt.Sprintf("文化路%d号", i+1), Active: true, Version: 1, CreatedAt: at, UpdatedAt: at})
	}
	// Every member is paired with one station, one in three with two.
	for k := range ds.Users {
		s := uint64(k%sc.Stations + 1)
		ds.Pairs = append(ds.Pairs, models.StationStaff{StationID: s, UserID: ds.Users[k].ID})
		if k%3 == 0 && sc.Stations > 1 {
			ds.Pairs = append(ds.Pairs, models.StationStaff{StationID: s%uint64(sc.Stations) + 1, UserID: ds.Users[k].ID})
		}
	}
	for i := 0; i < sc.Teams; i++ {
		leader := ds.Users[i%sc.Staff].ID
		ds.Teams = append(ds.Teams, models.Team{ID: uint64(i + 1), Name: fmt.Sprintf("业余团队%02d", i+1), ArtForm: "合唱",
			FoundedOn: "2015-03-01", LeaderID: &leader, MemberCount: 20 + i, Active: i%10 != 9, Version: 1,
			CreatedAt: at, UpdatedAt: at})
	}
}

func (g *generator) state(t time.Time) *dayState {
	k := int(t.Sub(g.day0).Hours() / 24)
	d := g.days[k]
	if d == nil {
		d = &dayState{}
		g.days[k] = d
	}
	return d
}

func (g *generator) staffID() uint64 { return g.ds.Users[g.rng.IntN(len(g.ds.Users))].ID }

func (g *generator) roomID() uint64 {
	sc := g.ds.Scale
	return g.ds.Venues[sc.Galleries+g.rng.IntN(sc.Venues-sc.Galleries)].ID
}

// year generates one year: series first (they need one slot twelve weeks
// running), then the galleries' multi-day exhibitions, then single
// activities spread over the days until the year has PerYear.
func (g *generator) year(y int) {
	sc := g.ds.Scale
	first := time.Date(y, 1, 1, 0, 0, 0, 0, g.ds.Loc)
	days := int(time.Date(y+1, 1, 1, 0, 0, 0, 0, g.ds.Loc).Sub(first).Hours()/24 + 0.5)
	n := 0
	for i := 0; i < sc.PerYear/120; i++ {
		n += g.series(first.AddDate(0, 0, g.rng.IntN(days-84)))
	}
	for v := 0; v < sc.Galleries; v++ {
		for d := g.rng.IntN(5); d < days-8; {
			k := 2 + g.rng.IntN(5)
			g.exhibition(first.AddDate(0, 0, d), k, g.ds.Venues[v].ID)
			n++
			d += k + 1 + g.rng.IntN(3)
		}
	}
	rem := sc.PerYear - n
	for i := 0; n < sc.PerYear && i < 20*rem; i++ {
		if g.single(first.AddDate(0, 0, i*days/rem%days)) {
			n++
		}
	}
}

// single adds one activity on day if the slot drawn has room; it reports
// whether it did.
func (g *generator) single(day time.Time) bool {
	kind := kindMix[g.rng.IntN(len(kindMix))]
	slot := g.rng.IntN(len(slots))
	start := time.Date(day.Year(), day.Month(), day.Day(), slots[slot].h, slots[slot].m, 0, 0, g.ds.Loc)
	end := start.Add(time.Duration(30*(1+g.rng.IntN(slots[slot].maxMin/30))) * time.Minute)
	if (kind == "performance" || kind == "other") && g.rng.IntN(12) == 0 {
		slot = midnightSlot
		start = time.Date(day.Year(), day.Month(), day.Day(), 22, 0, 0, 0, g.ds.Loc)
		end = start.Add(3 * time.Hour) // to 01:00: two local dates
	}
	venues, staff, teams := g.state(day).slot(slot)
	a := g.newActivity(kind, start, end)
	busy := !a.StaffFree
	org := g.staffID()
	if busy && staff[org] {
		g.nextID--
		return false
	}
	a.OrganizerID, a.CreatedBy = org, org
	if kind == "outreach" {
		a.Location = "街道文化站"
		a.StationID = g.stationOf(org)
	} else {
		v := g.roomID()
		if venues[v] {
			g.nextID--
			return false
		}
		venues[v] = true
		a.VenueID = &v
		if g.rng.IntN(6) == 0 {
			a.StationID = g.stationOf(org)
		}
	}
	a.StaffIDs = []uint64{org}
	for k := g.rng.IntN(3); k > 0; k-- {
		if id := g.staffID(); !busy || !staff[id] {
			a.StaffIDs = append(a.StaffIDs, id)
		}
	}
	if kind == "team_activity" || kind == "performance" {
		if t := g.ds.Teams[g.rng.IntN(len(g.ds.Teams))].ID; !teams[t] {
			teams[t] = true
			a.TeamIDs = []uint64{t}
		}
	}
	if busy {
		for _, id := range a.StaffIDs {
			staff[id] = true
		}
	}
	g.ds.Acts = append(g.ds.Acts, a)
	return true
}

// stationOf is one of the member's paired stations, or now and then another.
func (g *generator) stationOf(user uint64) *uint64 {
	if g.rng.IntN(4) != 0 {
		for _, p := range g.ds.Pairs {
			if p.UserID == user {
				id := p.StationID
				return &id
			}
		}
	}
	id := g.ds.Stations[g.rng.IntN(len(g.ds.Stations))].ID
	return &id
}

// newActivity is an activity as the API leaves it: planned, completed
// (recorded an hour after its end) or, one in thirty, cancelled.
func (g *generator) newActivity(kind string, start, end time.Time) *models.Activity {
	a := &models.Activity{ID: g.nextID, Kind: kind, Title: fmt.Sprintf("%s %d", kindTitle[kind], g.nextID),
		StartAt: start.UTC(), EndAt: end.UTC(), ExpectedAttendance: 20 + g.rng.IntN(180),
		Status: models.StatusPlanned, StaffFree: kind == "exhibition", Version: 1, CreatedAt: start.UTC().AddDate(0, 0, -14)}
	if a.CreatedAt.After(g.ds.Now) {
		a.CreatedAt = g.ds.Now.Add(-time.Hour)
	}
	a.UpdatedAt = a.CreatedAt
	g.nextID++
	switch {
	case g.rng.IntN(30) == 0:
		a.Status, a.Version, a.UpdatedAt = models.StatusCancelled, 2, a.CreatedAt.Add(time.Hour)
	case end.Before(g.ds.Now):
		n := a.ExpectedAttendance * (60 + g.rng.IntN(50)) / 100
		done := end.UTC().Add(time.Hour)
		a.Status, a.ActualAttendance, a.CompletedAt, a.Version, a.UpdatedAt = models.StatusCompleted, &n, &done, 2, done
	}
	return a
}

// exhibition adds a multi-day exhibition in a gallery from 09:00 on day to
// 17:00 k days later; like every exhibition it leaves its staff free.
func (g *generator) exhibition(day time.Time, k int, venue uint64) {
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, g.ds.Loc)
	a := g.newActivity("exhibition", start, start.AddDate(0, 0, k).Add(8*time.Hour))
	org := g.staffID()
	a.OrganizerID, a.CreatedBy, a.VenueID, a.StaffIDs = org, org, &venue, []uint64{org, g.staffID()}
	g.ds.Acts = append(g.ds.Acts, a)
}

// series adds a weekly class of twelve sessions from day (a lecture series
// one time in four) in one room and slot with one organizer; one in ten (by id) is
// split after six sessions into a second series of the same edition, as a
// following-scope change leaves it. It returns the occurrences added.
func (g *generator) series(day time.Time) int {
	kind := "training"
	if g.rng.IntN(4) == 0 {
		kind = "lecture"
	}
	slot, org, v := g.rng.IntN(len(slots)), g.staffID(), g.roomID()
	for w := 0; w < 12; w++ {
		venues, staff, _ := g.state(day.AddDate(0, 0, 7*w)).slot(slot)
		if venues[v] || staff[org] {
			return 0
		}
	}
	byday := [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[day.Weekday()]
	first := models.Series{ID: g.nextSr, RRule: "FREQ=WEEKLY;BYDAY=" + byday + ";COUNT=12", TimeZone: g.ds.Loc.String(),
		CreatedBy: org, EditionID: g.nextSr, CreatedAt: day.UTC().AddDate(0, 0, -14)}
	g.nextSr++
	g.ds.Series = append(g.ds.Series, first)
	cur, split := first, first.ID%10 == 2
	title := fmt.Sprintf("%s班 %d", kindTitle[kind], first.ID)
	expected := 20 + g.rng.IntN(60) // the template's, for every occurrence
	for w := 0; w < 12; w++ {
		d := day.AddDate(0, 0, 7*w)
		if split && w == 6 {
			cur = models.Series{ID: g.nextSr, RRule: "FREQ=WEEKLY;BYDAY=" + byday + ";COUNT=6", TimeZone: g.ds.Loc.String(),
				CreatedBy: org, EditionID: first.ID, CreatedAt: d.UTC().AddDate(0, 0, -3)}
			g.nextSr++
			g.ds.Series = append(g.ds.Series, cur)
		}
		venues, staff, _ := g.state(d).slot(slot)
		venues[v], staff[org] = true, true
		start := time.Date(d.Year(), d.Month(), d.Day(), slots[slot].h, slots[slot].m, 0, 0, g.ds.Loc)
		a := g.newActivity(kind, start, start.Add(90*time.Minute))
		sid, eid := cur.ID, cur.EditionID
		a.Title, a.OrganizerID, a.CreatedBy, a.VenueID, a.StaffIDs = title, org, org, &v, []uint64{org}
		a.ExpectedAttendance = expected
		a.SeriesID, a.EditionID = &sid, &eid
		g.ds.Acts = append(g.ds.Acts, a)
	}
	return 12
}

// blockerDay is the date of the blockers: the first Monday of March of the
// last year. The harness books nothing else that day.
func blockerDay(sc Scale, loc *time.Location) time.Time {
	day := time.Date(sc.LastYear, 3, 1, 0, 0, 0, 0, loc)
	for day.Weekday() != time.Monday {
		day = day.AddDate(0, 0, 1)
	}
	return day
}

// blockers adds four planned bookings from 06:00 to 07:00 on blockerDay,
// and the booking that clashes with all four.
func (g *generator) blockers() {
	ds := g.ds
	start := blockerDay(ds.Scale, ds.Loc).Add(6 * time.Hour)
	end := start.Add(time.Hour)
	venue, team := ds.Venues[ds.Scale.Galleries].ID, ds.Teams[0].ID
	u := func(i int) uint64 { return ds.Users[len(ds.Users)-1-i].ID }
	for i, s := range []struct {
		venue *uint64
		org   uint64
		teams []uint64
	}{{&venue, u(0), nil}, {nil, u(1), nil}, {nil, u(2), nil}, {nil, u(3), []uint64{team}}} {
		a := g.newActivity("other", start, end)
		a.Status, a.ActualAttendance, a.CompletedAt, a.Version, a.UpdatedAt = models.StatusPlanned, nil, nil, 1, a.CreatedAt
		a.Title = fmt.Sprintf("占用 %d", i+1)
		a.OrganizerID, a.CreatedBy, a.VenueID, a.StaffIDs, a.TeamIDs = s.org, s.org, s.venue, []uint64{s.org}, s.teams
		ds.Acts = append(ds.Acts, a)
		ds.Blockers[i] = a.ID
	}
	ds.Refused = Booking{Kind: "other", Title: "冲突", Start: start, End: end, VenueID: venue, OrganizerID: u(1),
		StaffIDs: []uint64{u(2), u(1)}, TeamIDs: []uint64{team}}
}
