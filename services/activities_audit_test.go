package services_test

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"centerstage/models"
	"centerstage/services"
)

// oldActivityAudit is the activity snapshot as audit entries stored it before
// the snapshot became the API view, frozen here so the test can write
// entries of the old shape.
type oldActivityAudit struct {
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

func oldAuditOf(a *models.Activity) oldActivityAudit {
	return oldActivityAudit{
		ID: a.ID, Kind: a.Kind, Title: a.Title, Start: a.StartAt, End: a.EndAt, VenueID: a.VenueID,
		Location: a.Location, OrganizerID: a.OrganizerID, StaffIDs: a.StaffIDs, TeamIDs: a.TeamIDs,
		StationID: a.StationID, ExpectedAttendance: a.ExpectedAttendance,
		ActualAttendance: a.ActualAttendance, Status: a.Status, SeriesID: a.SeriesID, Notes: a.Notes,
		CompletedAt: a.CompletedAt, StaffBusy: !a.StaffFree, CancelReason: a.CancelReason, Version: a.Version,
	}
}

func jsonObject(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return m
}

// TestActivityAuditKeepsTheOldFormat holds the snapshot, now the activity's
// API view, against the snapshot it replaced: every field the old one wrote
// is written with the same JSON value (times in UTC as before), the only
// difference being that an empty cancel_reason is now written as "" rather
// than left out, and an empty staff or team list as [] rather than null.
func TestActivityAuditKeepsTheOldFormat(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	in := s.input(10, "14:00", "16:00", s.staff[0], s.venues[0])
	in.TeamIDs = []uint64{s.teams[1], s.teams[0]}
	in.StaffIDs = []uint64{s.staff[1].UserID}
	withTeams := s.create(s.staff[0], in)
	bare := s.create(s.staff[1], s.input(11, "09:00", "10:00", s.staff[1], 0))
	cancelled, err := s.acts.CancelBecause(ctx, s.staff[1], bare.ID, bare.Version, "", "讲师病假")
	s.must(err)

	audit := services.NewAudit(s.db, func() time.Time { return s.now })
	entries, _, err := audit.List(ctx, s.manager, services.AuditFilter{Entity: "activity"})
	s.must(err)
	// Newest first: cancel of bare, create of bare, create of withTeams.
	if len(entries) != 3 {
		t.Fatalf("%d entries, want 3", len(entries))
	}
	cases := []struct {
		name  string
		raw   json.RawMessage
		model *models.Activity
	}{
		{"create with staff and teams", entries[2].After, withTeams},
		{"create without teams", entries[1].After, bare},
		{"cancel with a reason", entries[0].After, cancelled[0]},
	}
	for _, c := range cases {
		old, err := json.Marshal(oldAuditOf(c.model))
		s.must(err)
		was, now := jsonObject(t, old), jsonObject(t, c.raw)
		for k, v := range was {
			switch {
			case reflect.DeepEqual(now[k], v):
			case (k == "staff_ids" || k == "team_ids") && v == nil && reflect.DeepEqual(now[k], []any{}):
			default:
				t.Errorf("%s: %s is %v, was %v", c.name, k, now[k], v)
			}
		}
		for k, v := range now {
			if _, ok := was[k]; !ok && (k != "cancel_reason" || v != "") {
				t.Errorf("%s: new field %s = %v", c.name, k, v)
			}
		}
		if start, _ := now["start"].(string); start != c.model.StartAt.UTC().Format(time.RFC3339) {
			t.Errorf("%s: start %q, want it in UTC like the entries before", c.name, start)
		}
	}
	if got := jsonObject(t, entries[0].After)["cancel_reason"]; got != "讲师病假" {
		t.Errorf("cancel_reason %v", got)
	}
}

// TestOldActivityAuditEntriesStayReadable stores entries of the old shape
// (no cancel_reason when empty, null lists) and reads them back through the
// audit listing, as the audit page does, and into the activity view.
func TestOldActivityAuditEntriesStayReadable(t *testing.T) {
	t.Parallel()
	s := newSched(t)
	ctx := context.Background()
	a := s.create(s.staff[0], s.input(12, "19:00", "21:00", s.staff[0], s.venues[1]))
	before := oldAuditOf(a)
	before.TeamIDs = nil
	after := before
	after.Title, after.Version = "书法讲座（二）", a.Version+1
	b, err := json.Marshal(before)
	s.must(err)
	c, err := json.Marshal(after)
	s.must(err)
	if jsonObject(t, b)["team_ids"] != nil || jsonObject(t, b)["cancel_reason"] != nil {
		t.Fatalf("fixture is not of the old shape: %s", b)
	}
	s.must(s.db.Create(&models.AuditEntry{At: s.now.UTC(), ActorID: s.staff[0].UserID, Action: "update",
		Entity: "activity", EntityID: a.ID, Before: string(b), After: string(c), RequestID: "old"}).Error)

	entries, _, err := services.NewAudit(s.db, func() time.Time { return s.now }).List(ctx, s.manager,
		services.AuditFilter{Entity: "activity", EntityID: a.ID})
	s.must(err)
	var old *services.AuditEntry
	for i := range entries {
		if entries[i].RequestID == "old" {
			old = &entries[i]
		}
	}
	if old == nil {
		t.Fatalf("old entry not listed: %+v", entries)
	}
	if string(old.Before) != string(b) || string(old.After) != string(c) {
		t.Fatalf("old entry changed on the way out:\n%s\n%s", old.Before, old.After)
	}
	var was, now services.ActivityView
	s.must(json.Unmarshal(old.Before, &was))
	s.must(json.Unmarshal(old.After, &now))
	want := services.ViewActivity(a, time.UTC)
	want.TeamIDs = nil // stored as null
	if !reflect.DeepEqual(was, want) {
		t.Errorf("old before read as\n%+v\nwant\n%+v", was, want)
	}
	if now.Title != "书法讲座（二）" || now.Version != a.Version+1 || now.CancelReason != "" || !now.Start.Equal(a.StartAt) {
		t.Errorf("old after read as %+v", now)
	}
}
