package services_test

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"centerstage/models"
	"centerstage/services"
)

// A service called inside another transaction with that transaction's
// context joins it: on SQLite a second transaction would wait for the
// database lock the first holds (for itself) and fail as locked; on MySQL it
// would commit on its own and survive the rollback below.
func TestTxJoinsTheEnclosingTransaction(t *testing.T) {
	t.Parallel()
	env := newRefEnv(t)
	admin := services.Actor{UserID: 1, Username: "admin", Role: models.RoleAdmin}
	ctx := context.Background()
	count := func(model any) int64 {
		t.Helper()
		var n int64
		if err := env.db.Model(model).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	rollBack := errors.New("roll back")
	for _, commit := range []bool{false, true} {
		venuesBefore, stationsBefore := count(&models.Venue{}), count(&models.Station{})
		err := services.Tx(ctx, env.db, func(tx *gorm.DB) error {
			if err := tx.Create(&models.Station{Name: "东街文化站", Address: "东街1号", Active: true, Version: 1}).Error; err != nil {
				return err
			}
			if _, err := env.venues.Create(services.TxContext(tx), admin, services.NewVenue{Name: "小剧场", Capacity: 200}); err != nil {
				return err
			}
			// A Tx nested one level deeper joins the same transaction too.
			if err := services.Tx(services.TxContext(tx), env.db, func(inner *gorm.DB) error {
				return inner.Model(&models.Station{}).Where("name = ?", "东街文化站").Update("address", "东街2号").Error
			}); err != nil {
				return err
			}
			if !commit {
				return rollBack
			}
			return nil
		})
		if commit {
			if err != nil {
				t.Fatalf("commit: %v", err)
			}
			var st models.Station
			if err := env.db.Where("name = ?", "东街文化站").Take(&st).Error; err != nil || st.Address != "东街2号" {
				t.Errorf("after commit: station %+v, %v; want the nested update", st, err)
			}
			if got := count(&models.Venue{}); got != venuesBefore+1 {
				t.Errorf("after commit: %d venues, want %d", got, venuesBefore+1)
			}
			continue
		}
		if !errors.Is(err, rollBack) {
			t.Fatalf("rollback: got %v, want the error fn returned", err)
		}
		if v, s := count(&models.Venue{}), count(&models.Station{}); v != venuesBefore || s != stationsBefore {
			t.Errorf("after rollback: %d venues and %d stations, want %d and %d: the nested writes did not join",
				v, s, venuesBefore, stationsBefore)
		}
	}
}
