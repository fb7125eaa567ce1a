package migrations

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// MigrateTo applies the steps up to and including id, for tests of a step
// against data written by the schema before it.
func MigrateTo(db *gorm.DB, id string) error {
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	opts.UseTransaction = db.Dialector.Name() != "mysql"
	return gormigrate.New(db.Session(&gorm.Session{}), &opts, steps()).MigrateTo(id)
}
