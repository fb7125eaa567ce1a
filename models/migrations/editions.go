package migrations

import (
	"encoding/json"
	"fmt"

	"gorm.io/gorm"
)

// editions gives every series its edition (一期): the series a class was
// first created as. A following-scope change that splits a series keeps the
// edition, so a class moved to another room from its fifth session on is
// still one class. The activities carry their series' edition too, so the
// counting queries group by it without a join.
//
// Splits made before this step are found in the audit log: a "split" entry
// of entity "series" names the new series (entity_id) and the series it was
// split from (before.series_id). Walking them in id order chains splits of
// splits to the first series. A split whose entry is missing stays an
// edition of its own, as it was counted until now.
func editions(db *gorm.DB) error {
	type v2Series struct {
		EditionID uint64 `gorm:"not null;default:0"`
	}
	type v2Activity struct {
		EditionID *uint64
	}
	if err := db.Table("series").Migrator().AddColumn(&v2Series{}, "EditionID"); err != nil {
		return fmt.Errorf("add series.edition_id: %w", err)
	}
	if err := db.Table("activities").Migrator().AddColumn(&v2Activity{}, "EditionID"); err != nil {
		return fmt.Errorf("add activities.edition_id: %w", err)
	}
	if err := db.Exec("UPDATE series SET edition_id = id").Error; err != nil {
		return fmt.Errorf("fill series.edition_id: %w", err)
	}
	if err := chainSplits(db); err != nil {
		return err
	}
	if err := db.Exec("UPDATE activities SET edition_id = (SELECT s.edition_id FROM series s WHERE s.id = activities.series_id)" +
		" WHERE series_id IS NOT NULL").Error; err != nil {
		return fmt.Errorf("fill activities.edition_id: %w", err)
	}
	for _, idx := range []string{
		"CREATE INDEX idx_series_edition ON series (edition_id)",
		"CREATE INDEX idx_activities_edition ON activities (edition_id)",
	} {
		if err := db.Exec(idx).Error; err != nil {
			return fmt.Errorf("%s: %w", idx, err)
		}
	}
	return nil
}

// chainSplits sets the edition of every series split off another, from the
// audit log's split entries in the order they were made.
func chainSplits(db *gorm.DB) error {
	var entries []struct {
		EntityID uint64
		Before   string
	}
	if err := db.Table("audit_entries").Select("entity_id, `before`").
		Where("entity = ? AND action = ?", "series", "split").Order("id").Scan(&entries).Error; err != nil {
		return fmt.Errorf("read split entries: %w", err)
	}
	edition := map[uint64]uint64{} // series id -> edition, for splits seen so far
	for _, e := range entries {
		var before struct {
			SeriesID uint64 `json:"series_id"`
		}
		if json.Unmarshal([]byte(e.Before), &before) != nil || before.SeriesID == 0 || before.SeriesID == e.EntityID {
			continue // not a split entry this step understands: leave that series alone
		}
		root := before.SeriesID
		if r, ok := edition[root]; ok {
			root = r
		}
		edition[e.EntityID] = root
		if err := db.Exec("UPDATE series SET edition_id = ? WHERE id = ?", root, e.EntityID).Error; err != nil {
			return fmt.Errorf("chain split series %d: %w", e.EntityID, err)
		}
	}
	return nil
}
