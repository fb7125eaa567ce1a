package services

import (
	"context"

	"gorm.io/gorm"

	"centerstage/models"
)

// QuotaImpact estimates how a create or change would move the quota numbers.
// The counting engine implements it: each of before is replaced by the after
// at the same index (a nil before is a create; several activities are the
// members of a series a scoped change covers). It runs in db, outside any
// transaction, and must not write.
type QuotaImpact interface {
	Impact(ctx context.Context, tx *gorm.DB, before, after []*models.Activity) ([]TargetImpact, error)
}

// TargetImpact is how a create or change of one activity moves one target's
// projection (for one member, on each_staff targets), as of today.
type TargetImpact struct {
	TargetID        uint64  `json:"target_id"`
	Name            string  `json:"name"`
	Metric          string  `json:"metric" enum:"metric"`
	Year            int     `json:"year"`
	StaffID         *uint64 `json:"staff_id"`
	Value           int     `json:"value"`
	BeforeProjected int     `json:"before_projected"`
	AfterProjected  int     `json:"after_projected"`
	BeforeActual    int     `json:"before_actual"`
	AfterActual     int     `json:"after_actual"`
	StatusBefore    string  `json:"status_before"`
	StatusAfter     string  `json:"status_after" enum:"progress"`
}
