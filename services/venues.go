package services

import (
	"context"

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
	checkAttendance(f, "capacity", in.Capacity)
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
	if c.Capacity != nil {
		checkAttendance(f, "capacity", *c.Capacity)
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
		SetIf(&v.Name, c.Name)
		SetIf(&v.Capacity, c.Capacity)
		SetIf(&v.Active, c.Active)
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
