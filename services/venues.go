package services

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// Venues manages the rooms and halls of the center. Admins and managers
// write, everyone logged in reads; there is no hard delete.
type Venues struct {
	store
	clock Clock
	audit *Audit
}

// NewVenues returns the venue service.
func NewVenues(db *gorm.DB, clock Clock, audit *Audit) *Venues {
	return &Venues{store: newStore(db), clock: clock, audit: audit}
}

// NewVenue is the input of Venues.Create.
type NewVenue struct {
	Name     string
	Capacity int
}

// VenueChange is the input of Venues.Update; nil fields stay as they are.
type VenueChange struct {
	Name     *string
	Capacity *int
	Active   *bool
	Version  *int64
}

// RefFilter narrows a listing of venues, stations or teams.
type RefFilter struct {
	Active *bool
	Query  string // part of the name
	Page   Page
}

// maxRefName bounds the name of a venue, station or team.
const maxRefName = 100

// requireLoggedIn refuses an anonymous actor.
func requireLoggedIn(a Actor) error {
	if a.UserID == 0 && a.Role == "" {
		return Errorf(Unauthorized, "log in first")
	}
	return nil
}

// refName trims a name and checks it is present and not too long.
func refName(f FieldErrors, v string) string {
	v = strings.TrimSpace(v)
	checkName(f, "name", v, maxRefName)
	return v
}

// refNameLike narrows q to rows whose name contains part, with LIKE's wildcards
// taken literally.
func refNameLike(q *gorm.DB, part string) *gorm.DB {
	if part == "" {
		return q
	}
	esc := strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(part)
	return q.Where("name LIKE ? ESCAPE '!'", "%"+esc+"%")
}

// listRefs filters, counts and pages rows of a reference table by name.
func listRefs[T any](ctx context.Context, db *gorm.DB, what string, f RefFilter, narrow func(*gorm.DB) *gorm.DB) ([]T, int64, error) {
	var zero T
	q := db.WithContext(ctx).Model(&zero)
	if f.Active != nil {
		q = q.Where("active = ?", *f.Active)
	}
	q = refNameLike(q, f.Query)
	if narrow != nil {
		q = narrow(q)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("count %s: %w", what, err)
	}
	var rows []T
	if err := f.Page.apply(q).Order("name").Order("id").Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("list %s: %w", what, err)
	}
	return rows, total, nil
}

// refStamp is the clock's time as stored: UTC, to the millisecond.
func refStamp(clock Clock) time.Time { return clock().UTC().Truncate(time.Millisecond) }

// staleRef refuses a change made against another version of the row.
func staleRef(what string, id uint64, want *int64, have int64) error {
	if want != nil && *want != have {
		return Errorf(Stale, "%s %d was changed by someone else (version %d, you sent %d); reload and try again", what, id, have, *want)
	}
	return nil
}

// saveRefVersioned writes cols of row id only if its version is still old.
func saveRefVersioned(tx *gorm.DB, model any, what string, id uint64, old int64, cols map[string]any) error {
	res := tx.Model(model).Where("id = ? AND version = ?", id, old).Updates(cols)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return Errorf(Stale, "%s %d was changed by someone else; reload and try again", what, id)
	}
	return nil
}

// List returns venues ordered by name.
func (s *Venues) List(ctx context.Context, actor Actor, f RefFilter) ([]models.Venue, int64, error) {
	if err := requireLoggedIn(actor); err != nil {
		return nil, 0, err
	}
	return listRefs[models.Venue](ctx, s.db, "venues", f, nil)
}

// Get returns one venue.
func (s *Venues) Get(ctx context.Context, actor Actor, id uint64) (models.Venue, error) {
	var v models.Venue
	if err := requireLoggedIn(actor); err != nil {
		return v, err
	}
	if err := s.db.WithContext(ctx).Take(&v, id).Error; err != nil {
		return v, notFound(err, "venue", id)
	}
	return v, nil
}

// Create adds a venue. Managers and admins; a taken name is a Conflict.
func (s *Venues) Create(ctx context.Context, actor Actor, in NewVenue) (models.Venue, error) {
	if err := requireManager(actor); err != nil {
		return models.Venue{}, err
	}
	f := FieldErrors{}
	in.Name = refName(f, in.Name)
	if in.Capacity < 0 {
		f.Add("capacity", "must be at least 0")
	}
	if err := f.Err(); err != nil {
		return models.Venue{}, err
	}
	now := refStamp(s.clock)
	v := models.Venue{Name: in.Name, Capacity: in.Capacity, Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		v.ID = 0
		if err := tx.Create(&v).Error; err != nil {
			return duplicate(err, "name", in.Name)
		}
		return s.audit.Record(tx, actor, "create", "venue", v.ID, nil, auditVenue(v))
	})
	return v, err
}

// Update changes a venue. Managers and admins; a Version that is not the
// row's is Stale.
func (s *Venues) Update(ctx context.Context, actor Actor, id uint64, c VenueChange) (models.Venue, error) {
	if err := requireManager(actor); err != nil {
		return models.Venue{}, err
	}
	f := FieldErrors{}
	if c.Name != nil {
		n := refName(f, *c.Name)
		c.Name = &n
	}
	if c.Capacity != nil && *c.Capacity < 0 {
		f.Add("capacity", "must be at least 0")
	}
	if err := f.Err(); err != nil {
		return models.Venue{}, err
	}
	return s.change(ctx, actor, id, "update", c)
}

// Deactivate turns a venue off (there is no hard delete) and returns it.
func (s *Venues) Deactivate(ctx context.Context, actor Actor, id uint64) (models.Venue, error) {
	if err := requireManager(actor); err != nil {
		return models.Venue{}, err
	}
	off := false
	return s.change(ctx, actor, id, "deactivate", VenueChange{Active: &off})
}

func (s *Venues) change(ctx context.Context, actor Actor, id uint64, action string, c VenueChange) (models.Venue, error) {
	var v models.Venue
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := lockedTake(tx, &v, "id = ?", id); err != nil {
			return notFound(err, "venue", id)
		}
		if err := staleRef("venue", id, c.Version, v.Version); err != nil {
			return err
		}
		if action == "deactivate" && !v.Active {
			return nil // already off: nothing to write
		}
		before, old := auditVenue(v), v.Version
		if c.Name != nil {
			v.Name = *c.Name
		}
		if c.Capacity != nil {
			v.Capacity = *c.Capacity
		}
		if c.Active != nil {
			v.Active = *c.Active
		}
		v.Version++
		v.UpdatedAt = refStamp(s.clock)
		cols := map[string]any{"name": v.Name, "capacity": v.Capacity, "active": v.Active, "version": v.Version, "updated_at": v.UpdatedAt}
		if err := saveRefVersioned(tx, &models.Venue{}, "venue", id, old, cols); err != nil {
			return duplicate(err, "name", v.Name)
		}
		return s.audit.Record(tx, actor, action, "venue", id, before, auditVenue(v))
	})
	return v, err
}

func auditVenue(v models.Venue) map[string]any {
	return map[string]any{"name": v.Name, "capacity": v.Capacity, "active": v.Active, "version": v.Version}
}
