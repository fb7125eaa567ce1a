package services

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// Closures manages the days the center itself is closed, on top of the
// statutory holidays. Everyone reads them; admins write them.
type Closures struct {
	store
	audit *Audit
}

// NewClosures returns the closures service.
func NewClosures(db *gorm.DB, audit *Audit) *Closures {
	return &Closures{store: newStore(db), audit: audit}
}

// ClosureInput is a new closure or the new state of one.
type ClosureInput struct {
	Date string // local date YYYY-MM-DD
	Name string
}

func (in *ClosureInput) normalize() error {
	fe := FieldErrors{}
	in.Name = strings.TrimSpace(in.Name)
	if _, err := time.Parse(time.DateOnly, in.Date); err != nil {
		fe.Add("date", InvalidFormat("2026-03-01", "must be a date YYYY-MM-DD"))
	}
	checkText(fe, "name", in.Name, 100, true)
	return fe.Err()
}

// List returns the closures of year (every closure when year is 0), by date.
func (c *Closures) List(ctx context.Context, year int) ([]models.Closure, error) {
	q := c.db.WithContext(ctx).Order("date")
	if year != 0 {
		q = q.Where("date >= ? AND date <= ?", fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year))
	}
	var out []models.Closure
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("list closures: %w", err)
	}
	return out, nil
}

// Create adds a closure; a date can be closed once. It leaves the
// activities already booked that day as they are and returns the planned
// ones with a venue, which now clash with it and should be moved.
func (c *Closures) Create(ctx context.Context, actor Actor, in ClosureInput) (*models.Closure, []*models.Activity, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, nil, err
	}
	if err := in.normalize(); err != nil {
		return nil, nil, err
	}
	row := models.Closure{Date: in.Date, Name: in.Name}
	var hit []*models.Activity
	err := c.tx(ctx, func(tx *gorm.DB) error {
		if err := lockVenues(tx); err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return duplicate(err, "date", in.Date)
		}
		var err error
		if hit, err = plannedAtVenuesOn(tx, row.Date); err != nil {
			return err
		}
		return c.audit.Record(tx, actor, "create", "closure", row.ID, nil, row)
	})
	if err != nil {
		return nil, nil, err
	}
	return &row, hit, nil
}

// Update renames or moves a closure and returns, as Create does, the
// planned activities with a venue on its (new) date.
func (c *Closures) Update(ctx context.Context, actor Actor, id uint64, in ClosureInput) (*models.Closure, []*models.Activity, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, nil, err
	}
	if err := in.normalize(); err != nil {
		return nil, nil, err
	}
	var row models.Closure
	var hit []*models.Activity
	err := c.tx(ctx, func(tx *gorm.DB) error {
		if err := lockVenues(tx); err != nil {
			return err
		}
		if err := forUpdate(tx).First(&row, id).Error; err != nil {
			return notFound(err, "closure", id)
		}
		before := row
		row.Date, row.Name = in.Date, in.Name
		if err := tx.Model(&row).Select("date", "name").Updates(&row).Error; err != nil {
			return duplicate(err, "date", in.Date)
		}
		var err error
		if hit, err = plannedAtVenuesOn(tx, row.Date); err != nil {
			return err
		}
		return c.audit.Record(tx, actor, "update", "closure", id, before, row)
	})
	if err != nil {
		return nil, nil, err
	}
	return &row, hit, nil
}

// lockVenues takes the lock of every venue, as a booking takes the lock of
// its own, in the one global order. A booking reads the closures after
// taking its venue's lock, so a closure and a booking of that day cannot
// both miss each other: the later one sees the earlier (the closure's list
// names the booking, or the booking is refused).
func lockVenues(tx *gorm.DB) error {
	var ids []uint64
	if err := tx.Model(&models.Venue{}).Order("id").Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("list venues: %w", err)
	}
	ins := make([]ActivityInput, len(ids))
	for i := range ids {
		ins[i].VenueID = &ids[i]
	}
	return lockResources(tx, ins)
}

// plannedAtVenuesOn returns the planned activities with a venue that touch
// local date day, by start, with their staff and teams.
func plannedAtVenuesOn(tx *gorm.DB, day string) ([]*models.Activity, error) {
	var out []*models.Activity
	err := tx.Where("venue_id IS NOT NULL AND status = ?", models.StatusPlanned).
		Where("id IN (?)", tx.Session(&gorm.Session{NewDB: true}).Model(&models.ActivityDay{}).Select("activity_id").Where("day = ?", day)).
		Order("start_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("activities on %s: %w", day, err)
	}
	return out, loadParticipants(tx, out)
}

// Delete removes a closure. Series already created keep their dates.
func (c *Closures) Delete(ctx context.Context, actor Actor, id uint64) error {
	if err := requireAdmin(actor); err != nil {
		return err
	}
	return c.tx(ctx, func(tx *gorm.DB) error {
		var row models.Closure
		if err := forUpdate(tx).First(&row, id).Error; err != nil {
			return notFound(err, "closure", id)
		}
		if err := tx.Delete(&row).Error; err != nil {
			return fmt.Errorf("delete closure %d: %w", id, err)
		}
		return c.audit.Record(tx, actor, "delete", "closure", id, row, nil)
	})
}
