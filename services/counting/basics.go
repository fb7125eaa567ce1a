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

func toJSON(v any) string { return services.EncodeJSON(v) }

func uniqueIDs(ids []uint64) []uint64 { return services.UniqueIDs(ids) }
