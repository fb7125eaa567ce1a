package services

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"centerstage/models"
)

// Teams manages the amateur art teams (业余团队). Admins and managers write,
// everyone logged in reads; there is no hard delete.
type Teams struct {
	store
	clock Clock
	loc   *time.Location
	audit *Audit
}

// NewTeams returns the team service; loc is the center's time zone, which
// decides what "today" is for a founding date.
func NewTeams(db *gorm.DB, clock Clock, loc *time.Location, audit *Audit) *Teams {
	if loc == nil {
		loc = time.UTC
	}
	return &Teams{store: newStore(db), clock: clock, loc: loc, audit: audit}
}

// NewTeam is the input of Teams.Create.
type NewTeam struct {
	Name        string
	ArtForm     string
	FoundedOn   string // local date YYYY-MM-DD, or empty when unknown
	LeaderID    *uint64
	MemberCount int
}

// TeamChange is the input of Teams.Update; nil fields stay as they are. A
// LeaderID of 0 removes the leader.
type TeamChange struct {
	Name        *string
	ArtForm     *string
	FoundedOn   *string
	LeaderID    *uint64
	MemberCount *int
	Active      *bool
	Version     *int64
}

// TeamFilter narrows a team listing.
type TeamFilter struct {
	RefFilter
	LeaderID uint64
}

const maxArtForm = 50

// List returns teams ordered by name.
func (s *Teams) List(ctx context.Context, actor Actor, f TeamFilter) ([]models.Team, int64, error) {
	if err := requireLoggedIn(actor); err != nil {
		return nil, 0, err
	}
	var narrow func(*gorm.DB) *gorm.DB
	if f.LeaderID != 0 {
		narrow = func(q *gorm.DB) *gorm.DB { return q.Where("leader_id = ?", f.LeaderID) }
	}
	return listRefs[models.Team](ctx, s.db, "teams", f.RefFilter, narrow)
}

// Get returns one team.
func (s *Teams) Get(ctx context.Context, actor Actor, id uint64) (models.Team, error) {
	var t models.Team
	if err := requireLoggedIn(actor); err != nil {
		return t, err
	}
	if err := s.db.WithContext(ctx).Take(&t, id).Error; err != nil {
		return t, notFound(err, "team", id)
	}
	return t, nil
}

// check validates the fields of a change that are set, trimming strings.
func (s *Teams) check(f FieldErrors, c *TeamChange) {
	if c.Name != nil {
		*c.Name = refName(f, *c.Name)
	}
	if c.ArtForm != nil {
		*c.ArtForm = strings.TrimSpace(*c.ArtForm)
		if utf8.RuneCountInString(*c.ArtForm) > maxArtForm {
			f.Add("art_form", MaxChars(maxArtForm))
		}
	}
	if c.FoundedOn != nil && *c.FoundedOn != "" {
		d, err := time.ParseInLocation(time.DateOnly, *c.FoundedOn, s.loc)
		today := s.clock().In(s.loc).Format(time.DateOnly)
		switch {
		case err != nil:
			f.Add("founded_on", BadDate())
		case d.Format(time.DateOnly) > today:
			f.Add("founded_on", NewProblem(ProblemNotFuture, nil, "must not be in the future"))
		}
	}
	if c.MemberCount != nil {
		checkAttendance(f, "member_count", *c.MemberCount)
	}
}

// checkLeader locks the leader's row and adds a problem to f unless it is an
// existing active user. The lock is lockRows' write, as the user row is only
// read here: a deactivation through another cluster node then conflicts.
func checkLeader(tx *gorm.DB, f FieldErrors, id *uint64) error {
	if id == nil || *id == 0 {
		return nil
	}
	if err := lockRows(tx, &models.User{}, []uint64{*id}); err != nil {
		return fmt.Errorf("lock team leader: %w", err)
	}
	var u models.User
	err := tx.Where("id = ?", *id).Take(&u).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("check team leader: %w", err)
	}
	switch {
	case err != nil || !u.Active:
		f.Add("leader_id", NewProblem(ProblemInactive, Params{"id": *id}, "user %d is not an active user", *id))
	case u.Role == models.RoleViewer:
		f.Add("leader_id", NewProblem(ProblemViewer, Params{"id": *id}, "%d is a viewer account and cannot take part", *id))
	}
	return nil
}

// Create adds a team. Managers and admins; a taken name is a Conflict.
func (s *Teams) Create(ctx context.Context, actor Actor, in NewTeam) (models.Team, error) {
	if err := requireManager(actor); err != nil {
		return models.Team{}, err
	}
	if in.LeaderID != nil && *in.LeaderID == 0 {
		in.LeaderID = nil
	}
	c := TeamChange{Name: &in.Name, ArtForm: &in.ArtForm, FoundedOn: &in.FoundedOn, MemberCount: &in.MemberCount}
	f := FieldErrors{}
	s.check(f, &c)
	now := refStamp(s.clock)
	t := models.Team{Name: in.Name, ArtForm: in.ArtForm, FoundedOn: in.FoundedOn, LeaderID: in.LeaderID,
		MemberCount: in.MemberCount, Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		t.ID = 0
		if err := checkLeader(tx, f, in.LeaderID); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := tx.Create(&t).Error; err != nil {
			return duplicate(err, "name", t.Name)
		}
		return s.audit.Record(tx, actor, "create", "team", t.ID, nil, auditTeam(t))
	})
	return t, err
}

// Update changes a team. Managers and admins; a Version that is not the
// row's is Stale.
func (s *Teams) Update(ctx context.Context, actor Actor, id uint64, c TeamChange) (models.Team, error) {
	if err := requireManager(actor); err != nil {
		return models.Team{}, err
	}
	f := FieldErrors{}
	s.check(f, &c)
	return s.change(ctx, actor, id, "update", f, c)
}

// Deactivate turns a team off (there is no hard delete) and returns it.
func (s *Teams) Deactivate(ctx context.Context, actor Actor, id uint64) (models.Team, error) {
	if err := requireManager(actor); err != nil {
		return models.Team{}, err
	}
	off := false
	return s.change(ctx, actor, id, "deactivate", FieldErrors{}, TeamChange{Active: &off})
}

// change applies c to team id in one transaction. f holds the problems found
// so far; the leader is checked under lock and added to them.
func (s *Teams) change(ctx context.Context, actor Actor, id uint64, action string, f FieldErrors, c TeamChange) (models.Team, error) {
	var t models.Team
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := checkLeader(tx, f, c.LeaderID); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := lockedTake(tx, &t, "id = ?", id); err != nil {
			return notFound(err, "team", id)
		}
		if err := staleRef("team", id, c.Version, t.Version); err != nil {
			return err
		}
		if action == "deactivate" && !t.Active {
			return nil // already off: nothing to write
		}
		before, old := auditTeam(t), t.Version
		applyTeam(&t, c)
		t.UpdatedAt = refStamp(s.clock)
		cols := map[string]any{"name": t.Name, "art_form": t.ArtForm, "founded_on": t.FoundedOn, "leader_id": t.LeaderID,
			"member_count": t.MemberCount, "active": t.Active, "version": t.Version, "updated_at": t.UpdatedAt}
		if err := saveRefVersioned(tx, &models.Team{}, "team", id, old, cols); err != nil {
			return duplicate(err, "name", t.Name)
		}
		return s.audit.Record(tx, actor, action, "team", id, before, auditTeam(t))
	})
	return t, err
}

func applyTeam(t *models.Team, c TeamChange) {
	SetIf(&t.Name, c.Name)
	SetIf(&t.ArtForm, c.ArtForm)
	SetIf(&t.FoundedOn, c.FoundedOn)
	if c.LeaderID != nil {
		t.LeaderID = c.LeaderID
		if *c.LeaderID == 0 {
			t.LeaderID = nil
		}
	}
	SetIf(&t.MemberCount, c.MemberCount)
	SetIf(&t.Active, c.Active)
	t.Version++
}

func auditTeam(t models.Team) map[string]any {
	return map[string]any{"name": t.Name, "art_form": t.ArtForm, "founded_on": t.FoundedOn, "leader_id": t.LeaderID,
		"member_count": t.MemberCount, "active": t.Active, "version": t.Version}
}
