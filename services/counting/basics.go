package counting

import (
	"context"

	"gorm.io/gorm"

	"centerstage/services"
)

// The helpers of package services this package uses, under short local
// names.

// store is the database handle every counting service embeds; its tx is the
// services' transaction (READ COMMITTED on MySQL, retried on deadlock).
type store struct {
	db *gorm.DB
}

func newStore(db *gorm.DB) store { return store{db: db} }

func (s store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return services.Tx(ctx, s.db, fn)
}

func notFound(err error, what string, id uint64) error {
	return services.NotFoundError(err, what, id)
}

func duplicate(err error, field, value string) error {
	return services.DuplicateError(err, field, value)
}

func requireManager(a services.Actor) error { return services.RequireManager(a) }

// saveVersioned overwrites every column of the stored row id but id and
// created_at with row, if the row is still at version old; row carries its
// new version. A lost race is stale, a name taken by another row a duplicate.
func saveVersioned[M any](tx *gorm.DB, what string, id uint64, old int64, row *M, name string) error {
	res := tx.Model(new(M)).Where("id = ? AND version = ?", id, old).Select("*").Omit("id", "created_at").Updates(row)
	if res.Error != nil {
		return duplicate(res.Error, "name", name)
	}
	if res.RowsAffected == 0 {
		return services.ChangedMeanwhile(what, id)
	}
	return nil
}

func setIf[T any](dst, src *T) { services.SetIf(dst, src) }

func toJSON(v any) string { return services.EncodeJSON(v) }

func uniqueIDs(ids []uint64) []uint64 { return services.UniqueIDs(ids) }
