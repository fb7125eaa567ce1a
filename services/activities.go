package services

import (
	"context"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// MaxActivityLength bounds one activity; it also bounds how far back the
// conflict queries look for a booking that could still be running.
const MaxActivityLength = 92 * 24 * time.Hour

// Activities schedules activities: it validates, checks conflicts under
// locks, writes the activity with its staff, team and day rows, and audits.
type Activities struct {
	store
	clock Clock
	loc   *time.Location
	audit *Audit
	// impact fills the dry run's quota_impact; nil leaves it empty.
	impact QuotaImpact
}

// NewActivities returns the scheduling service for a center in time zone
// loc. impact is the counting engine that fills a dry run's quota_impact;
// nil leaves it empty (a scheduler without targets).
func NewActivities(db *gorm.DB, clock Clock, loc *time.Location, audit *Audit, impact QuotaImpact) *Activities {
	return &Activities{store: newStore(db), clock: clock, loc: loc, audit: audit, impact: impact}
}

// Location is the center's time zone.
func (s *Activities) Location() *time.Location { return s.loc }

// ActivityInput is a new activity, or the whole new state of one.
type ActivityInput struct {
	Kind               string
	Title              string
	Start, End         time.Time
	VenueID            *uint64
	Location           string
	OrganizerID        uint64 // zero means the actor
	StaffIDs           []uint64
	TeamIDs            []uint64
	StationID          *uint64
	ExpectedAttendance int
	Notes              string
	// StaffBusy says whether the activity occupies its staff; nil means the
	// kind's default (see DefaultStaffBusy). syntax resolves it.
	StaffBusy *bool
}

// busy reports whether in occupies its staff.
func (in ActivityInput) busy() bool {
	if in.StaffBusy == nil {
		return DefaultStaffBusy(in.Kind)
	}
	return *in.StaffBusy
}

// DefaultStaffBusy is whether an activity of kind occupies its staff when
// the caller does not say: an exhibition stands open for days while its
// curator does other work; everything else needs its people there.
func DefaultStaffBusy(kind string) bool { return kind != "exhibition" }

// ActivityFilter narrows a listing. From and To select activities whose
// half-open interval overlaps [From, To); zero values leave a side open.
// A list matches any of its values; an empty one does not narrow.
type ActivityFilter struct {
	From, To    time.Time
	Kinds       []string
	Statuses    []string
	StaffIDs    []uint64 // organizer or participant
	OrganizerID uint64
	VenueIDs    []uint64
	TeamID      uint64
	StationID   uint64
	SeriesID    uint64
	// Q is a case-insensitive substring of the title, the location or the
	// display name of the organizer or a participating staff member.
	Q    string
	Page Page
}

// Get returns one activity with its staff and teams.
func (s *Activities) Get(ctx context.Context, actor Actor, id uint64) (*models.Activity, error) {
	var a models.Activity
	db := s.db.WithContext(ctx)
	if err := db.First(&a, id).Error; err != nil {
		return nil, notFound(err, "activity", id)
	}
	if err := loadParticipants(db, []*models.Activity{&a}); err != nil {
		return nil, err
	}
	return &a, nil
}

// List returns the activities matching f, ordered by start, and the total
// number of matches.
func (s *Activities) List(ctx context.Context, actor Actor, f ActivityFilter) ([]*models.Activity, int64, error) {
	if err := (&f).validate(); err != nil {
		return nil, 0, err
	}
	db := s.db.WithContext(ctx)
	q := f.apply(db.Model(&models.Activity{}))
	rows, total, err := FindPage[*models.Activity](q, f.Page, "start_at, id", "activities")
	if err != nil {
		return nil, 0, err
	}
	if err := loadParticipants(db, rows); err != nil {
		return nil, 0, err
	}
	return rows, total, nil
}

// maxSearchLen bounds q, in characters.
const maxSearchLen = 100

func (f *ActivityFilter) validate() error {
	fe := FieldErrors{}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		fe.Add("to", NewProblem(ProblemAfter, Params{"field": "from"}, "must be after from"))
	}
	for _, k := range f.Kinds {
		if !slices.Contains(models.Kinds, k) {
			fe.Add("kind", OneOf(models.Kinds...))
		}
	}
	for _, st := range f.Statuses {
		switch st {
		case models.StatusPlanned, models.StatusCompleted, models.StatusCancelled:
		default:
			fe.Add("status", OneOf(models.StatusPlanned, models.StatusCompleted, models.StatusCancelled))
		}
	}
	for _, l := range []struct {
		field string
		n     int
	}{{"kind", len(f.Kinds)}, {"status", len(f.Statuses)}, {"staff_id", len(f.StaffIDs)}, {"venue_id", len(f.VenueIDs)}} {
		if l.n > maxListedIDs {
			fe.Add(l.field, NewProblem(ProblemMaxItems, Params{"n": maxListedIDs}, "at most %d values", maxListedIDs))
		}
	}
	f.Q = strings.TrimSpace(f.Q)
	checkText(fe, "q", f.Q, maxSearchLen, false)
	return fe.Err()
}

func (f ActivityFilter) apply(q *gorm.DB) *gorm.DB {
	q = f.window(q)
	eq := []struct {
		col string
		v   any
		set bool
	}{
		{"kind", f.Kinds, len(f.Kinds) > 0}, {"status", f.Statuses, len(f.Statuses) > 0},
		{"organizer_id", []uint64{f.OrganizerID}, f.OrganizerID != 0}, {"venue_id", f.VenueIDs, len(f.VenueIDs) > 0},
		{"station_id", []uint64{f.StationID}, f.StationID != 0}, {"series_id", []uint64{f.SeriesID}, f.SeriesID != 0},
	}
	for _, c := range eq {
		if c.set {
			q = q.Where(c.col+" IN ?", c.v)
		}
	}
	sub := func() *gorm.DB { return q.Session(&gorm.Session{NewDB: true}) }
	if len(f.StaffIDs) > 0 {
		staff := sub().Table("activity_staff").Select("activity_id").Where("user_id IN ?", f.StaffIDs)
		q = q.Where("id IN (?)", f.window(staff))
	}
	if f.TeamID != 0 {
		teams := sub().Table("activity_teams").Select("activity_id").Where("team_id = ?", f.TeamID)
		q = q.Where("id IN (?)", f.window(teams))
	}
	if f.Q != "" {
		// The organizer is always among the staff rows, so one join finds
		// both. LOWER on both sides: SQLite's LIKE folds ASCII only, MySQL's
		// follows the column's collation; this reads the same on both.
		like := "%" + escapeLike(strings.ToLower(f.Q)) + "%"
		people := sub().Table("activity_staff s").Select("s.activity_id").
			Joins("JOIN users u ON u.id = s.user_id").Where(`LOWER(u.name) LIKE ? ESCAPE '!'`, like)
		q = q.Where(`(LOWER(title) LIKE ? ESCAPE '!' OR LOWER(location) LIKE ? ESCAPE '!' OR id IN (?))`, like, like, people)
	}
	return q
}

// window bounds q by f's From and To on start_at and end_at: those of
// activities, or the copies in a join table (activity_staff,
// activity_teams). Bounding the join table as the conflict check does makes
// one person's or team's month a range of its (user_id, start_at) or
// (team_id, start_at) index, where the window on activities alone reads the
// whole center's look-back.
func (f ActivityFilter) window(q *gorm.DB) *gorm.DB {
	if !f.From.IsZero() {
		q = q.Where("end_at > ?", utcSecond(f.From))
	}
	if !f.To.IsZero() {
		// Ceil so that a bound with a fraction of a second keeps its meaning.
		q = q.Where("start_at < ?", utcSecond(f.To.Add(time.Second-time.Nanosecond)))
		if !f.From.IsZero() {
			// Every stored activity is at most MaxActivityLength long, which
			// lets the range index bound the scan from below as well.
			q = q.Where("start_at > ?", utcSecond(f.From).Add(-MaxActivityLength))
		}
	}
	return q
}

// escapeLike makes s match itself literally in a LIKE pattern escaped by '!'.
func escapeLike(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

// Create schedules one activity after checking it against every booking of
// its venue, staff and teams.
func (s *Activities) Create(ctx context.Context, actor Actor, in ActivityInput) (*models.Activity, error) {
	if err := s.authorizeNew(actor, &in); err != nil {
		return nil, err
	}
	fe := in.syntax()
	var out *models.Activity
	err := s.tx(ctx, func(tx *gorm.DB) error {
		ins := []ActivityInput{in}
		if err := lockResources(tx, ins); err != nil {
			return err
		}
		// One read after the locks: the referenced rows and the bookings.
		read, err := readBooking(tx, s.loc, ins, nil, true, true)
		if err != nil {
			return err
		}
		// Every problem is named at once, syntax and references alike.
		read.refs.problems(&in, nil, fe)
		if err := fe.Err(); err != nil {
			return err
		}
		if err := conflictError(read.conflicts(ins, s.loc), ins, s.loc); err != nil {
			return err
		}
		out = s.newActivity(actor, in, nil)
		return s.insertAudited(tx, actor, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// newActivity builds the row for in; the caller has normalized it.
func (s *Activities) newActivity(actor Actor, in ActivityInput, seriesID *uint64) *models.Activity {
	a := &models.Activity{Status: models.StatusPlanned, SeriesID: seriesID, Version: 1, CreatedBy: actor.UserID}
	in.assignTo(a, s.loc)
	return a
}

// Delete removes a planned activity with its rows; see DeleteCovered.
func (s *Activities) Delete(ctx context.Context, actor Actor, id uint64, version int64) error {
	_, err := s.DeleteCovered(ctx, actor, id, version, ScopeThis, false)
	return err
}

// authorizeNew enforces who may create what: viewers nothing, staff only
// activities they organize themselves.
func (s *Activities) authorizeNew(actor Actor, in *ActivityInput) error {
	if !actor.CanWrite() {
		return viewerReadOnly()
	}
	if in.OrganizerID == 0 {
		in.OrganizerID = actor.UserID
	}
	if !actor.IsManager() && in.OrganizerID != actor.UserID {
		return Fail(Forbidden, ReasonStaffOwnOnly, nil, "staff may only schedule activities they organize")
	}
	return nil
}

// lockActivity reads an activity for update, with its participants.
func lockActivity(tx *gorm.DB, id uint64) (*models.Activity, error) {
	var a models.Activity
	if err := forUpdate(tx).First(&a, id).Error; err != nil {
		return nil, notFound(err, "activity", id)
	}
	if err := loadParticipants(tx, []*models.Activity{&a}); err != nil {
		return nil, err
	}
	return &a, nil
}

func staleErr(id uint64) error {
	return Fail(Stale, ReasonStale, Params{"entity": "activity", "id": id}, "activity %d was changed by someone else; reload it and try again", id)
}

// utcSecond is how every instant is stored: UTC, whole seconds. SQLite keeps
// times as text, so one layout is what makes range comparisons correct.
func utcSecond(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }
