package counting

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"centerstage/services"
)

// versioned is what the counting services know of a kind of row that
// managers write whole at a version and every write of which is audited:
// targets and assessment schemes. Their reads, creates and updates are the
// same transactions over different rows.
type versioned[M, V any] struct {
	what string             // the entity, in errors and the audit
	view func(M) (V, error) // the row as readers see it
	key  func(M) rowKey
}

// rowKey is what a versioned write reads of a row: its id, its version and
// its name (unique within its year).
type rowKey struct {
	id      uint64
	version int64
	name    string
}

// load reads row id and its view, the audit's "before".
func (k versioned[M, V]) load(db *gorm.DB, id uint64) (M, V, error) {
	var row M
	if err := db.First(&row, id).Error; err != nil {
		var zero V
		return row, zero, notFound(err, k.what, id)
	}
	v, err := k.view(row)
	return row, v, err
}

// views is the view of each row, in order.
func (k versioned[M, V]) views(rows []M) ([]V, error) {
	out := make([]V, 0, len(rows))
	for _, r := range rows {
		v, err := k.view(r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// create stores the row build makes (checked, at its first version) and
// audits its view. Managers and admins only; a taken name is a Conflict.
func (k versioned[M, V]) create(ctx context.Context, st store, audit *services.Audit, actor services.Actor,
	build func(tx *gorm.DB) (M, error)) (V, error) {
	var out V
	if err := requireManager(actor); err != nil {
		return out, err
	}
	err := st.tx(ctx, func(tx *gorm.DB) error {
		row, err := build(tx)
		if err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			return duplicate(err, "name", k.key(row).name)
		}
		if out, err = k.view(row); err != nil {
			return err
		}
		return audit.Record(tx, actor, "create", k.what, k.key(row).id, nil, out)
	})
	return out, err
}

// update overwrites row id with the row next makes of the stored one and its
// view (checked, carrying the stored id and creation, at the next version),
// refusing a stale version, and audits the change. Managers and admins only.
func (k versioned[M, V]) update(ctx context.Context, st store, audit *services.Audit, actor services.Actor, id uint64, version int64,
	next func(tx *gorm.DB, cur M, before V) (M, error)) (V, error) {
	var out V
	if err := requireManager(actor); err != nil {
		return out, err
	}
	err := st.tx(ctx, func(tx *gorm.DB) error {
		cur, before, err := k.load(tx, id)
		if err != nil {
			return err
		}
		have := k.key(cur).version
		if err := services.CheckVersion(k.what, id, version, have); err != nil {
			return err
		}
		row, err := next(tx, cur, before)
		if err != nil {
			return err
		}
		if err := saveVersioned(tx, k.what, id, have, &row, k.key(row).name); err != nil {
			return err
		}
		if out, err = k.view(row); err != nil {
			return err
		}
		return audit.Record(tx, actor, "update", k.what, id, before, out)
	})
	return out, err
}

// delete removes row id, after the rows that hang on it (dependents, when
// not nil, removes them), and audits it. Managers and admins only.
func (k versioned[M, V]) delete(ctx context.Context, st store, audit *services.Audit, actor services.Actor, id uint64,
	dependents func(tx *gorm.DB) error) error {
	if err := requireManager(actor); err != nil {
		return err
	}
	return st.tx(ctx, func(tx *gorm.DB) error {
		_, before, err := k.load(tx, id)
		if err != nil {
			return err
		}
		if dependents != nil {
			if err := dependents(tx); err != nil {
				return err
			}
		}
		if err := tx.Delete(new(M), id).Error; err != nil {
			return fmt.Errorf("delete %s %d: %w", k.what, id, err)
		}
		return audit.Record(tx, actor, "delete", k.what, id, before, nil)
	})
}
