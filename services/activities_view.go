package services

import (
	"time"

	"centerstage/models"
)

// ActivityView is an activity in API field names: the fields the API's
// activity answer shows (which adds what needs other rows or the center's
// local calendar) and an activity's audit snapshot keeps. Keeping the list
// in one type keeps the audit from drifting from what readers were shown.
type ActivityView struct {
	ID                 uint64     `json:"id"`
	Kind               string     `json:"kind" enum:"kind"`
	Title              string     `json:"title"`
	Start              time.Time  `json:"start"`
	End                time.Time  `json:"end"`
	VenueID            *uint64    `json:"venue_id"`
	Location           string     `json:"location"`
	OrganizerID        uint64     `json:"organizer_id"`
	StaffIDs           []uint64   `json:"staff_ids"`
	TeamIDs            []uint64   `json:"team_ids"`
	StationID          *uint64    `json:"station_id"`
	ExpectedAttendance int        `json:"expected_attendance"`
	ActualAttendance   *int       `json:"actual_attendance"`
	Status             string     `json:"status" enum:"status"`
	SeriesID           *uint64    `json:"series_id"`
	Notes              string     `json:"notes"`
	CompletedAt        *time.Time `json:"completed_at"`
	StaffBusy          bool       `json:"staff_busy" doc:"false: its staff are not occupied; it counts for them but does not clash with their other activities"`
	CancelReason       string     `json:"cancel_reason" doc:"why it was cancelled; empty when not given"`
	Version            int64      `json:"version"`
}

// ViewActivity is a's view with its start and end in loc; empty staff and
// team lists are [] rather than null.
func ViewActivity(a *models.Activity, loc *time.Location) ActivityView {
	staff, teams := a.StaffIDs, a.TeamIDs
	if staff == nil {
		staff = []uint64{}
	}
	if teams == nil {
		teams = []uint64{}
	}
	return ActivityView{
		ID: a.ID, Kind: a.Kind, Title: a.Title, Start: a.StartAt.In(loc), End: a.EndAt.In(loc), VenueID: a.VenueID,
		Location: a.Location, OrganizerID: a.OrganizerID, StaffIDs: staff, TeamIDs: teams,
		StationID: a.StationID, ExpectedAttendance: a.ExpectedAttendance,
		ActualAttendance: a.ActualAttendance, Status: a.Status, SeriesID: a.SeriesID, Notes: a.Notes,
		CompletedAt: a.CompletedAt, StaffBusy: !a.StaffFree, CancelReason: a.CancelReason, Version: a.Version,
	}
}
