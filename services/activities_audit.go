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

// createdChanges are the audit changes of newly created activities.
func createdChanges(acts []*models.Activity) []AuditChange {
	out := make([]AuditChange, len(acts))
	for i, a := range acts {
		out[i] = AuditChange{ID: a.ID, After: auditView(a)}
	}
	return out
}
