package services

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// Audit records and lists who changed what.
type Audit struct {
	store
	clock Clock
}

// NewAudit returns the audit log service.
func NewAudit(db *gorm.DB, clock Clock) *Audit {
	return &Audit{store: newStore(db), clock: clock}
}

// Record writes one audit entry inside tx. before and after are stored as
// JSON; nil means the object did not exist before, or no longer exists after.
func (a *Audit) Record(tx *gorm.DB, actor Actor, action, entity string, id uint64, before, after any) error {
	e := models.AuditEntry{
		At: a.clock().UTC(), ActorID: actor.UserID, Action: action, Entity: entity, EntityID: id,
		Before: toJSON(before), After: toJSON(after), RequestID: actor.RequestID,
	}
	if err := tx.Create(&e).Error; err != nil {
		return fmt.Errorf("record audit entry: %w", err)
	}
	return nil
}

// AuditChange is one object's change, for RecordAll: its id, and its
// states before and after as for Record.
type AuditChange struct {
	ID            uint64
	Before, After any
}

// RecordAll writes one audit entry per change inside tx, every one of
// action on entity, in batched inserts: a series of 200 occurrences is one
// statement, not 200.
func (a *Audit) RecordAll(tx *gorm.DB, actor Actor, action, entity string, changes []AuditChange) error {
	if len(changes) == 0 {
		return nil
	}
	at := a.clock().UTC()
	rows := make([]models.AuditEntry, len(changes))
	for i, c := range changes {
		rows[i] = models.AuditEntry{At: at, ActorID: actor.UserID, Action: action, Entity: entity, EntityID: c.ID,
			Before: toJSON(c.Before), After: toJSON(c.After), RequestID: actor.RequestID}
	}
	if err := tx.CreateInBatches(rows, auditBatch).Error; err != nil {
		return fmt.Errorf("record audit entries: %w", err)
	}
	return nil
}

// auditBatch bounds the entries of one INSERT: a snapshot is up to a few
// kilobytes, and MySQL's max_allowed_packet is 16 MB by default on MariaDB
// (4 MB on MySQL 5.7).
const auditBatch = 100

// EncodeJSON is how a value is stored in a JSON text column or an audit
// snapshot: empty for nil, quoted text when it cannot be encoded.
func EncodeJSON(v any) string { return toJSON(v) }

func toJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return string(b)
}

// AuditFilter narrows an audit listing.
type AuditFilter struct {
	Entity   string
	EntityID uint64
	ActorID  uint64
	From, To time.Time
	Page     Page
}

// AuditEntry is one entry as shown to readers, with before and after decoded.
type AuditEntry struct {
	ID        uint64          `json:"id"`
	At        time.Time       `json:"at"`
	ActorID   uint64          `json:"actor_id"`
	Action    string          `json:"action"`
	Entity    string          `json:"entity"`
	EntityID  uint64          `json:"entity_id"`
	Before    json.RawMessage `json:"before"`
	After     json.RawMessage `json:"after"`
	RequestID string          `json:"request_id"`
}

// List returns audit entries, newest first. Managers and admins only.
func (a *Audit) List(ctx context.Context, actor Actor, f AuditFilter) ([]AuditEntry, int64, error) {
	if err := requireManager(actor); err != nil {
		return nil, 0, err
	}
	q := a.db.WithContext(ctx).Model(&models.AuditEntry{})
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	if f.ActorID != 0 {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To.UTC())
	}
	rows, total, err := FindPage[models.AuditEntry](q, f.Page, "id DESC", "audit entries")
	if err != nil {
		return nil, 0, err
	}
	out := make([]AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = AuditEntry{ID: r.ID, At: r.At, ActorID: r.ActorID, Action: r.Action, Entity: r.Entity,
			EntityID: r.EntityID, Before: rawOrNull(r.Before), After: rawOrNull(r.After), RequestID: r.RequestID}
	}
	return out, total, nil
}

func rawOrNull(s string) json.RawMessage {
	if s == "" {
		return json.RawMessage("null")
	}
	return json.RawMessage(s)
}
