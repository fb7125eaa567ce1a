package main

import (
	"sync"
	"time"
)

// cells hands out free booking slots: half an hour between 02:00 and 08:00
// local (where the generator puts nothing) in a room (not a gallery), with
// the room's own member of staff as organizer, so no two slots handed out
// share a venue or a person at the same time. The blockers' day is never
// handed out.
type cells struct {
	mu      sync.Mutex
	ds      *Dataset
	used    map[cellKey]bool
	next    map[int]int // per year: the next cell index to try
	blocked time.Time
}

type cellKey struct {
	day, half, room int
}

const halvesPerDay = 12 // 02:00 to 08:00

func newCells(ds *Dataset) *cells {
	return &cells{ds: ds, used: map[cellKey]bool{}, next: map[int]int{}, blocked: blockerDay(ds.Scale, ds.Loc)}
}

func (c *cells) rooms() int { return c.ds.Scale.Venues - c.ds.Scale.Galleries }

// booking returns the booking of one cell.
func (c *cells) booking(year int, k cellKey, kind, title string) Booking {
	day := time.Date(year, 1, 1+k.day, 2, 0, 0, 0, c.ds.Loc)
	start := day.Add(time.Duration(k.half) * 30 * time.Minute)
	room := c.ds.Venues[c.ds.Scale.Galleries+k.room].ID
	org := c.ds.Users[k.room%len(c.ds.Users)].ID
	return Booking{Kind: kind, Title: title, Start: start, End: start.Add(30 * time.Minute), VenueID: room,
		OrganizerID: org, StaffIDs: []uint64{org}}
}

func (c *cells) free(year int, k cellKey) bool {
	day := time.Date(year, 1, 1+k.day, 0, 0, 0, 0, c.ds.Loc)
	return !c.used[c.key(year, k)] && day.Year() == year && !day.Equal(c.blocked)
}

func (c *cells) key(year int, k cellKey) cellKey {
	return cellKey{day: year*1000 + k.day, half: k.half, room: k.room}
}

// take returns a free cell of year for a booking of kind other, or false
// when the year is full.
func (c *cells) take(year int, title string) (Booking, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	per := halvesPerDay * c.rooms()
	for i := c.next[year]; i < 366*per; i++ {
		k := cellKey{day: i / per, half: i % per / c.rooms(), room: i % c.rooms()}
		if c.free(year, k) {
			c.used[c.key(year, k)] = true
			c.next[year] = i + 1
			return c.booking(year, k, "other", title), true
		}
	}
	return Booking{}, false
}

// takeWeekly returns twelve free cells a week apart in one room and slot
// for a training series,
// from the back of the year (single cells are taken from the front).
func (c *cells) takeWeekly(year int, title string) ([]time.Time, Booking, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for d := 364 - 77; d >= 0; d-- {
		for h := 0; h < halvesPerDay; h++ {
			for r := 0; r < c.rooms(); r++ {
				ok := true
				for w := 0; w < 12 && ok; w++ {
					ok = c.free(year, cellKey{d + 7*w, h, r})
				}
				if !ok {
					continue
				}
				var starts []time.Time
				for w := 0; w < 12; w++ {
					c.used[c.key(year, cellKey{d + 7*w, h, r})] = true
					starts = append(starts, c.booking(year, cellKey{d + 7*w, h, r}, "training", title).Start)
				}
				return starts, c.booking(year, cellKey{d, h, r}, "training", title), true
			}
		}
	}
	return nil, Booking{}, false
}
