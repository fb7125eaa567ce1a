package services

import (
	"time"

	"centerstage/models"
)

// auditView is the audit snapshot of an activity: its API view with times in
// UTC, as stored. Entries written before the snapshot was the API view lack
// cancel_reason when it was empty and may hold null for an empty staff or
// team list; readers treat both as the empty value.
func auditView(a *models.Activity) ActivityView {
	return ViewActivity(a, time.UTC)
}
