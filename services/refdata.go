package services

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

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
		return Fail(Unauthorized, ReasonLoginRequired, nil, "log in first")
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
	return FindPage[T](q, f.Page, "name, id", what)
}

// SetIf sets *dst to *src when src is given: what a change leaves nil
// stays as it is.
func SetIf[T any](dst, src *T) {
	if src != nil {
		*dst = *src
	}
}

// refStamp is the clock's time as stored: UTC, to the millisecond.
func refStamp(clock Clock) time.Time { return clock().UTC().Truncate(time.Millisecond) }

// staleRef refuses a change made against another version of the row.
func staleRef(what string, id uint64, want *int64, have int64) error {
	if want != nil {
		return CheckVersion(what, id, *want, have)
	}
	return nil
}

// CheckVersion refuses a change of row id of what sent with version want
// when the row is at version have.
func CheckVersion(what string, id uint64, want, have int64) error {
	if want != have {
		return Fail(Stale, ReasonStale, Params{"entity": what, "id": id}, "%s %d was changed by someone else (version %d, you sent %d); reload and try again", what, id, have, want)
	}
	return nil
}

// ChangedMeanwhile is the error of a versioned write that found the row no
// longer at the version it read.
func ChangedMeanwhile(what string, id uint64) error {
	return Fail(Stale, ReasonStale, Params{"entity": what, "id": id}, "%s %d was changed by someone else; reload and try again", what, id)
}

// saveRefVersioned writes cols of row id only if its version is still old.
func saveRefVersioned(tx *gorm.DB, model any, what string, id uint64, old int64, cols map[string]any) error {
	res := tx.Model(model).Where("id = ? AND version = ?", id, old).Updates(cols)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return ChangedMeanwhile(what, id)
	}
	return nil
}
