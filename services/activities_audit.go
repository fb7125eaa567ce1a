package services

import (
	"time"

	"centerstage/models"
)

// activityAudit is the audit snapshot of an activity, in API field names.
type activityAudit struct {
	ID                 uint64     `json:"id"`
	Kind               string     `json:"kind"`
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
	Status             string     `json:"status"`
	SeriesID           *uint64    `json:"series_id"`
	Notes              string     `json:"notes"`
	CompletedAt        *time.Time `json:"completed_at"`
	StaffBusy          bool       `json:"staff_busy"`
	CancelReason       string     `json:"cancel_reason,omitempty"`
	Version            int64      `json:"version"`
}

func auditView(a *models.Activity) activityAudit {
	return activityAudit{
		ID: a.ID, Kind: a.Kind, Title: a.Title, Start: a.StartAt, End: a.EndAt, VenueID: a.VenueID,
		Location: a.Location, OrganizerID: a.OrganizerID, StaffIDs: a.StaffIDs, TeamIDs: a.TeamIDs,
		StationID: a.StationID, ExpectedAttendance: a.ExpectedAttendance,
		ActualAttendance: a.ActualAttendance, Status: a.Status, SeriesID: a.SeriesID, Notes: a.Notes,
		CompletedAt: a.CompletedAt, StaffBusy: !a.StaffFree, CancelReason: a.CancelReason, Version: a.Version,
	}
}
