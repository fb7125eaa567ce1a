package server

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"centerstage/services"
)

// activityFields are the changeable fields of an activity, all optional.
// venue_id and station_id tell "absent" (keep) from null (clear), hence raw
// JSON. Lengths and ranges are checked by the service, which names the field.
type activityFields struct {
	Kind               *string         `json:"kind" enum:"kind"`
	Title              *string         `json:"title"`
	Start              *time.Time      `json:"start"`
	End                *time.Time      `json:"end"`
	VenueID            json.RawMessage `json:"venue_id" type:"integer" doc:"an id, or null to clear; absent keeps it"`
	Location           *string         `json:"location"`
	OrganizerID        *uint64         `json:"organizer_id"`
	StaffIDs           *[]uint64       `json:"staff_ids"`
	TeamIDs            *[]uint64       `json:"team_ids"`
	StationID          json.RawMessage `json:"station_id" type:"integer" doc:"an id, or null to clear; absent keeps it"`
	ExpectedAttendance *int            `json:"expected_attendance"`
	Notes              *string         `json:"notes"`
	StaffBusy          *bool           `json:"staff_busy" doc:"omitted: kept, or the new kind's default when kind changes"`
}

// activityPatchRequest changes some fields of an activity. On a completed
// activity only actual_attendance and notes may be sent (mending).
type activityPatchRequest struct {
	Version *int64 `json:"version" binding:"required" doc:"the version you read; a changed activity gets 409 stale"`
	activityFields
	ActualAttendance *int `json:"actual_attendance" binding:"omitempty,gte=0" doc:"only on a completed activity, alone or with notes: mends its record (it stays completed); any other field on a completed activity answers 422 rule"`
}

// patch converts the request; fe collects malformed nullable ids.
func (r activityFields) patch(fe services.FieldErrors) services.ActivityPatch {
	return services.ActivityPatch{Kind: r.Kind, Title: r.Title, Start: r.Start, End: r.End, Location: r.Location,
		OrganizerID: r.OrganizerID, StaffIDs: r.StaffIDs, TeamIDs: r.TeamIDs,
		ExpectedAttendance: r.ExpectedAttendance, Notes: r.Notes, StaffBusy: r.StaffBusy,
		VenueID: optionalID(fe, "venue_id", r.VenueID), StationID: optionalID(fe, "station_id", r.StationID)}
}

func optionalID(fe services.FieldErrors, field string, raw json.RawMessage) services.OptionalID {
	if len(raw) == 0 {
		return services.OptionalID{}
	}
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return services.OptionalID{Set: true}
	}
	var id uint64
	if err := json.Unmarshal(raw, &id); err != nil || id == 0 || id > math.MaxInt64 {
		fe.Add(field, services.NewProblem(services.ProblemNotPositive, nil, "must be a positive whole number or null"))
		return services.OptionalID{}
	}
	return services.OptionalID{Set: true, ID: &id}
}

// checkRequest is a dry run: without activity_id the fields describe a new
// activity; with it they change that activity like a PATCH (version ignored),
// and ?scope= covers series members as it does for PATCH.
type checkRequest struct {
	ActivityID uint64 `json:"activity_id" doc:"the activity being changed; omit for a create"`
	activityFields
}

type completeRequest struct {
	ActualAttendance *int    `json:"actual_attendance" binding:"required,gte=0"`
	Notes            *string `json:"notes" binding:"omitempty,max=10000"`
	Version          int64   `json:"version" doc:"optional; when given, a changed activity is refused as stale"`
}

type versionRequest struct {
	Version int64 `json:"version" doc:"optional; when given, a changed activity is refused as stale"`
}

type cancelRequest struct {
	Version int64  `json:"version" doc:"optional; when given, a changed activity is refused as stale"`
	Reason  string `json:"reason" binding:"max=500" doc:"why it is called off; kept on every cancelled member, shown and exported"`
}

// idAndScope reads the activity's id from the path and, for a series member,
// which members a change covers from ?scope=.
func idAndScope(c *gin.Context) (uint64, services.SeriesScope, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, "", err
	}
	scope, err := services.ParseScope(c.Query("scope"))
	return id, scope, err
}

func (s *Server) updateActivity(c *gin.Context) error {
	id, scope, err := idAndScope(c)
	if err != nil {
		return err
	}
	var req activityPatchRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	fe := services.FieldErrors{}
	p := req.patch(fe)
	p.Version, p.ActualAttendance = *req.Version, req.ActualAttendance
	if err := fe.Err(); err != nil {
		return err
	}
	a, err := s.svc.Activities.Update(c.Request.Context(), s.actor(c), id, p, scope)
	if err != nil {
		return err
	}
	return s.activityAnswer(c, http.StatusOK, a)
}

func (s *Server) checkActivity(c *gin.Context) error {
	scope, err := services.ParseScope(c.Query("scope"))
	if err != nil {
		return err
	}
	var req checkRequest
	if err := s.bindJSON(c, &req); err != nil {
		return err
	}
	fe := services.FieldErrors{}
	ci := services.CheckInput{ActivityID: req.ActivityID, Patch: req.patch(fe), Scope: scope}
	if req.ActivityID == 0 {
		ci.Input = newInputFromPatch(fe, req.activityFields)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	res, err := s.svc.Activities.Check(c.Request.Context(), s.actor(c), ci)
	if err != nil {
		return err
	}
	return ok(c, res) // the service gives conflict times in the center's zone
}

// newInputFromPatch reads a create from the optional fields of a check.
func newInputFromPatch(fe services.FieldErrors, r activityFields) services.ActivityInput {
	var in services.ActivityInput
	str := func(v *string) string {
		if v == nil {
			return ""
		}
		return *v
	}
	in.Kind, in.Title, in.Location, in.Notes = str(r.Kind), str(r.Title), str(r.Location), str(r.Notes)
	if r.Start != nil {
		in.Start = *r.Start
	}
	if r.End != nil {
		in.End = *r.End
	}
	in.VenueID = optionalID(fe, "venue_id", r.VenueID).ID
	in.StationID = optionalID(fe, "station_id", r.StationID).ID
	if r.OrganizerID != nil {
		in.OrganizerID = *r.OrganizerID
	}
	if r.StaffIDs != nil {
		in.StaffIDs = *r.StaffIDs
	}
	if r.TeamIDs != nil {
		in.TeamIDs = *r.TeamIDs
	}
	if r.ExpectedAttendance != nil {
		in.ExpectedAttendance = *r.ExpectedAttendance
	}
	in.StaffBusy = r.StaffBusy
	return in
}

func (s *Server) completeActivity(c *gin.Context) error {
	var req completeRequest
	id, err := s.idAndJSON(c, &req)
	if err != nil {
		return err
	}
	a, err := s.svc.Activities.Complete(c.Request.Context(), s.actor(c), id,
		services.Completion{Version: req.Version, ActualAttendance: *req.ActualAttendance, Notes: req.Notes})
	if err != nil {
		return err
	}
	return s.activityAnswer(c, http.StatusOK, a)
}

func (s *Server) cancelActivity(c *gin.Context) error {
	id, scope, err := idAndScope(c)
	if err != nil {
		return err
	}
	var req cancelRequest
	if err := s.bindOptionalJSON(c, &req); err != nil {
		return err
	}
	changed, err := s.svc.Activities.CancelBecause(c.Request.Context(), s.actor(c), id, req.Version, scope, req.Reason)
	if err != nil {
		return err
	}
	for _, a := range changed {
		if a.ID == id {
			return s.activityAnswer(c, http.StatusOK, a)
		}
	}
	return ok(c, s.toActivityResponse(changed[0]))
}

func (s *Server) reopenActivity(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var req versionRequest
	if err := s.bindOptionalJSON(c, &req); err != nil {
		return err
	}
	a, err := s.svc.Activities.Reopen(c.Request.Context(), s.actor(c), id, req.Version)
	if err != nil {
		return err
	}
	return s.activityAnswer(c, http.StatusOK, a)
}

// bindOptionalJSON binds a body that may be left out entirely.
func (s *Server) bindOptionalJSON(c *gin.Context, req any) error {
	if c.Request.Body == nil || c.Request.ContentLength == 0 {
		return nil
	}
	return s.bindJSON(c, req)
}
