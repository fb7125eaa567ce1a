package services

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"centerstage/models"
)

// Stations manages the street and community cultural stations and the staff
// paired to each (对口辅导). Admins and managers write, everyone logged in
// reads; there is no hard delete.
type Stations struct {
	store
	clock Clock
	audit *Audit
}

// NewStations returns the station service.
func NewStations(db *gorm.DB, clock Clock, audit *Audit) *Stations {
	return &Stations{store: newStore(db), clock: clock, audit: audit}
}

// StationWithStaff is a station with the ids of its paired staff, ascending.
type StationWithStaff struct {
	models.Station
	StaffIDs []uint64
}

// NewStation is the input of Stations.Create.
type NewStation struct {
	Name     string
	Address  string
	StaffIDs []uint64
}

// StationChange is the input of Stations.Update; nil fields stay as they are.
// StaffIDs, when given, replaces the paired staff wholesale.
type StationChange struct {
	Name     *string
	Address  *string
	StaffIDs *[]uint64
	Active   *bool
	Version  *int64
}

// StationFilter narrows a station listing.
type StationFilter struct {
	RefFilter
	StaffID uint64 // only stations paired to this user
}

const maxStationAddress = 200

// List returns stations ordered by name, each with its paired staff.
func (s *Stations) List(ctx context.Context, actor Actor, f StationFilter) ([]StationWithStaff, int64, error) {
	if err := requireLoggedIn(actor); err != nil {
		return nil, 0, err
	}
	var narrow func(*gorm.DB) *gorm.DB
	if f.StaffID != 0 {
		narrow = func(q *gorm.DB) *gorm.DB {
			return q.Where("id IN (?)", s.db.Model(&models.StationStaff{}).Select("station_id").Where("user_id = ?", f.StaffID))
		}
	}
	rows, total, err := listRefs[models.Station](ctx, s.db, "stations", f.RefFilter, narrow)
	if err != nil {
		return nil, 0, err
	}
	out, err := withStaff(s.db.WithContext(ctx), rows)
	return out, total, err
}

// withStaff attaches the paired staff to each station with one query.
func withStaff(db *gorm.DB, rows []models.Station) ([]StationWithStaff, error) {
	out := make([]StationWithStaff, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]uint64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var pairs []models.StationStaff
	if err := db.Where("station_id IN ?", ids).Order("station_id, user_id").Find(&pairs).Error; err != nil {
		return nil, fmt.Errorf("load station staff: %w", err)
	}
	byStation := map[uint64][]uint64{}
	for _, p := range pairs {
		byStation[p.StationID] = append(byStation[p.StationID], p.UserID)
	}
	for i, r := range rows {
		staff := byStation[r.ID]
		if staff == nil {
			staff = []uint64{}
		}
		out[i] = StationWithStaff{Station: r, StaffIDs: staff}
	}
	return out, nil
}

// Get returns one station with its paired staff.
func (s *Stations) Get(ctx context.Context, actor Actor, id uint64) (StationWithStaff, error) {
	if err := requireLoggedIn(actor); err != nil {
		return StationWithStaff{}, err
	}
	db := s.db.WithContext(ctx)
	var st models.Station
	if err := db.Take(&st, id).Error; err != nil {
		return StationWithStaff{}, notFound(err, "station", id)
	}
	out, err := withStaff(db, []models.Station{st})
	if err != nil {
		return StationWithStaff{}, err
	}
	return out[0], nil
}

// checkStation validates the plain fields of a station, trimming them.
func checkStation(f FieldErrors, name, address *string) {
	if name != nil {
		*name = refName(f, *name)
	}
	if address != nil {
		*address = strings.TrimSpace(*address)
		if utf8.RuneCountInString(*address) > maxStationAddress {
			f.Add("address", MaxChars(maxStationAddress))
		}
	}
}

// Create adds a station with its paired staff. Managers and admins; a taken
// name is a Conflict.
func (s *Stations) Create(ctx context.Context, actor Actor, in NewStation) (StationWithStaff, error) {
	if err := requireManager(actor); err != nil {
		return StationWithStaff{}, err
	}
	f := FieldErrors{}
	checkStation(f, &in.Name, &in.Address)
	staff := pairedIDs(in.StaffIDs)
	now := refStamp(s.clock)
	st := models.Station{Name: in.Name, Address: in.Address, Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		st.ID = 0
		if err := checkPairable(tx, f, staff); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := tx.Create(&st).Error; err != nil {
			return duplicate(err, "name", in.Name)
		}
		if err := replaceStaff(tx, st.ID, staff); err != nil {
			return err
		}
		return s.audit.Record(tx, actor, "create", "station", st.ID, nil, auditStation(st, staff))
	})
	return StationWithStaff{Station: st, StaffIDs: staff}, err
}

// Update changes a station; StaffIDs, when given, replaces the paired staff
// in the same transaction. A Version that is not the row's is Stale.
func (s *Stations) Update(ctx context.Context, actor Actor, id uint64, c StationChange) (StationWithStaff, error) {
	if err := requireManager(actor); err != nil {
		return StationWithStaff{}, err
	}
	f := FieldErrors{}
	checkStation(f, c.Name, c.Address)
	if c.StaffIDs != nil {
		staff := pairedIDs(*c.StaffIDs)
		c.StaffIDs = &staff
	} else if err := f.Err(); err != nil {
		return StationWithStaff{}, err
	}
	return s.change(ctx, actor, id, "update", f, c)
}

// Deactivate turns a station off (there is no hard delete); its pairings stay.
func (s *Stations) Deactivate(ctx context.Context, actor Actor, id uint64) (StationWithStaff, error) {
	if err := requireManager(actor); err != nil {
		return StationWithStaff{}, err
	}
	off := false
	return s.change(ctx, actor, id, "deactivate", FieldErrors{}, StationChange{Active: &off})
}

// change applies c to station id in one transaction. f holds the problems
// found so far; newly paired staff are checked under lock and added to them.
// Staff already paired stay pairable after they are deactivated, so the
// station can still be edited with its list as read.
func (s *Stations) change(ctx context.Context, actor Actor, id uint64, action string, f FieldErrors, c StationChange) (StationWithStaff, error) {
	var out StationWithStaff
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var st models.Station
		if err := lockedTake(tx, &st, "id = ?", id); err != nil {
			return notFound(err, "station", id)
		}
		cur, err := withStaff(tx, []models.Station{st})
		if err != nil {
			return err
		}
		out = cur[0]
		if c.StaffIDs != nil {
			added := slices.DeleteFunc(slices.Clone(*c.StaffIDs), func(u uint64) bool { return slices.Contains(out.StaffIDs, u) })
			if err := checkPairable(tx, f, added); err != nil {
				return err
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := staleRef("station", id, c.Version, st.Version); err != nil {
			return err
		}
		if action == "deactivate" && !st.Active {
			return nil // already off: nothing to write
		}
		before, old := auditStation(st, out.StaffIDs), st.Version
		if c.StaffIDs != nil {
			if err := replaceStaff(tx, id, *c.StaffIDs); err != nil {
				return err
			}
			out.StaffIDs = *c.StaffIDs
		}
		applyStation(&st, c)
		st.UpdatedAt = refStamp(s.clock)
		cols := map[string]any{"name": st.Name, "address": st.Address, "active": st.Active, "version": st.Version, "updated_at": st.UpdatedAt}
		if err := saveRefVersioned(tx, &models.Station{}, "station", id, old, cols); err != nil {
			return duplicate(err, "name", st.Name)
		}
		out.Station = st
		return s.audit.Record(tx, actor, action, "station", id, before, auditStation(st, out.StaffIDs))
	})
	return out, err
}

func applyStation(st *models.Station, c StationChange) {
	SetIf(&st.Name, c.Name)
	SetIf(&st.Address, c.Address)
	SetIf(&st.Active, c.Active)
	st.Version++
}

// checkPairable locks the users to be paired, in id order, and adds a problem
// to f naming any that is missing, inactive, or neither staff nor manager.
func checkPairable(tx *gorm.DB, f FieldErrors, ids []uint64) error {
	if len(ids) == 0 {
		return nil
	}
	if err := lockRows(tx, &models.User{}, ids); err != nil {
		return fmt.Errorf("lock paired staff: %w", err)
	}
	var ok []uint64
	err := tx.Model(&models.User{}).Where("id IN ? AND active = ? AND role IN ?", ids, true,
		[]string{models.RoleStaff, models.RoleManager}).Pluck("id", &ok).Error
	if err != nil {
		return fmt.Errorf("check paired staff: %w", err)
	}
	var bad []string
	var badIDs []uint64
	for _, id := range ids {
		if !slices.Contains(ok, id) {
			bad = append(bad, fmt.Sprint(id))
			badIDs = append(badIDs, id)
		}
	}
	if len(bad) > 0 {
		f.Add("staff_ids", NewProblem(ProblemNotStaff, Params{"ids": badIDs}, "not active staff or managers: %s", strings.Join(bad, ", ")))
	}
	return nil
}

// replaceStaff makes ids the station's paired staff, replacing the old set.
func replaceStaff(tx *gorm.DB, stationID uint64, ids []uint64) error {
	if err := tx.Where("station_id = ?", stationID).Delete(&models.StationStaff{}).Error; err != nil {
		return fmt.Errorf("clear station staff: %w", err)
	}
	if len(ids) == 0 {
		return nil
	}
	pairs := make([]models.StationStaff, len(ids))
	for i, id := range ids {
		pairs[i] = models.StationStaff{StationID: stationID, UserID: id}
	}
	if err := tx.Create(&pairs).Error; err != nil {
		return fmt.Errorf("pair station staff: %w", err)
	}
	return nil
}

// pairedIDs returns ids sorted, without duplicates, never nil.
func pairedIDs(ids []uint64) []uint64 {
	out := append([]uint64{}, ids...)
	slices.Sort(out)
	return slices.Compact(out)
}

func auditStation(st models.Station, staff []uint64) map[string]any {
	return map[string]any{"name": st.Name, "address": st.Address, "staff_ids": staff, "active": st.Active, "version": st.Version}
}
