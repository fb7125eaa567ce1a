package services

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"centerstage/models"
)

// IdempotencyTTL is how long an Idempotency-Key is remembered.
const IdempotencyTTL = 24 * time.Hour

// Answer is an HTTP answer as the idempotency store keeps it.
type Answer struct {
	Status      int
	ContentType string
	Body        []byte
}

// Idempotency runs creates once per user and Idempotency-Key.
type Idempotency struct {
	store
	clock Clock
}

// NewIdempotency returns the idempotency store on db.
func NewIdempotency(db *gorm.DB, clock Clock) *Idempotency {
	return &Idempotency{store: newStore(db), clock: clock}
}

// IdempotentRequest names a create: who sends it, with which key, and the
// fingerprint of the request (method, path and body).
type IdempotentRequest struct {
	UserID      uint64
	Key         string
	Fingerprint string
}

// notKept carries an answer that is not a success out of the transaction,
// which it rolls back: a refused create is not remembered, so it may be sent
// again with the same key once what refused it is mended.
type notKept struct{ answer Answer }

func (notKept) Error() string { return "answer not kept" }

// Do answers r. The first time, create runs, with a context whose
// statements all run in Do's transaction, and its answer, if a success, is
// stored with the key in that transaction: the create and its key commit
// together or not at all. Later, within IdempotencyTTL, the same key from
// the same user answers the stored answer (replayed) without running
// create; with another fingerprint it is refused (Rule,
// ReasonIdempotencyReuse).
//
// Concurrent requests with one key write one row: the key row is written
// before the create, so on MySQL the second's insert waits on the unique
// index for the first's transaction, fails as a duplicate and finds its
// answer; SQLite runs the two one after the other; on a multi-master
// cluster the two commits conflict on the unique index and the loser, run
// again, finds the winner's answer.
func (s *Idempotency) Do(ctx context.Context, r IdempotentRequest, create func(ctx context.Context) (Answer, error)) (a Answer, replayed bool, err error) {
	err = s.tx(ctx, func(tx *gorm.DB) error {
		a, replayed = Answer{}, false
		now := s.clock().UTC()
		kept, found, id, err := s.stored(tx, r, now)
		if errors.Is(err, gorm.ErrRecordNotFound) {
			// The first: its row is written before the create. Of two
			// written at once, the second waits on the unique index for
			// the first to commit and then fails as a duplicate (on a
			// cluster, at commit, and is run again): it then reads the
			// first's answer.
			row := models.IdempotencyKey{UserID: r.UserID, Key: r.Key, Fingerprint: r.Fingerprint, CreatedAt: now}
			err = tx.Create(&row).Error
			switch {
			case errors.Is(err, gorm.ErrDuplicatedKey):
				kept, found, id, err = s.stored(tx, r, now)
			case err == nil:
				id, err = row.ID, purgeIdempotencyKeys(tx, now)
			}
		}
		if err != nil || found {
			a, replayed = kept, found
			return err
		}
		answer, err := create(TxContext(tx))
		if err != nil {
			return err
		}
		if answer.Status < 200 || answer.Status > 299 {
			return notKept{answer}
		}
		a = answer
		return tx.Model(&models.IdempotencyKey{}).Where("id = ?", id).Updates(map[string]any{
			"status": answer.Status, "content_type": answer.ContentType, "body": string(answer.Body)}).Error
	})
	var nk notKept
	if errors.As(err, &nk) {
		return nk.answer, false, nil
	}
	if err != nil && IsKind(err, Conflict) && isMySQL(s.db) {
		// On a cluster the create can lose to the same create committed
		// through another node, whose key this node applied only after
		// the key was looked for: the winner's answer is the answer.
		if a, found, lerr := s.lookup(ctx, r); lerr == nil && found {
			return a, true, nil
		}
	}
	return a, replayed, err
}

// stored returns the live answer of r's key (gorm.ErrRecordNotFound when
// there is none). When the key has expired, found is false and its row, id,
// now stands for r.
func (s *Idempotency) stored(tx *gorm.DB, r IdempotentRequest, now time.Time) (a Answer, found bool, id uint64, err error) {
	var k models.IdempotencyKey
	if err := lockedTake(tx, &k, "user_id = ? AND idempotency_key = ?", r.UserID, r.Key); err != nil {
		return Answer{}, false, 0, err
	}
	if !k.CreatedAt.After(now.Add(-IdempotencyTTL)) {
		err := tx.Model(&models.IdempotencyKey{}).Where("id = ?", k.ID).Updates(map[string]any{
			"fingerprint": r.Fingerprint, "created_at": now, "status": 0, "content_type": "", "body": ""}).Error
		return Answer{}, false, k.ID, err
	}
	a, found, err = answerOf(k, r)
	return a, found, k.ID, err
}

// lookup reads r's key outside any transaction.
func (s *Idempotency) lookup(ctx context.Context, r IdempotentRequest) (Answer, bool, error) {
	var k models.IdempotencyKey
	err := s.db.WithContext(ctx).Where("user_id = ? AND idempotency_key = ?", r.UserID, r.Key).Take(&k).Error
	if err != nil {
		return Answer{}, false, err
	}
	return answerOf(k, r)
}

// answerOf is the stored answer of k for the request r.
func answerOf(k models.IdempotencyKey, r IdempotentRequest) (Answer, bool, error) {
	if k.Fingerprint != r.Fingerprint {
		return Answer{}, false, Fail(Rule, ReasonIdempotencyReuse, nil,
			"the Idempotency-Key was used for a different request within the last 24 hours")
	}
	if k.Status == 0 {
		return Answer{}, false, Fail(Conflict, ReasonIdempotencyBusy, nil,
			"the first request with this Idempotency-Key is still running")
	}
	return Answer{Status: k.Status, ContentType: k.ContentType, Body: []byte(k.Body)}, true, nil
}

// purgeIdempotencyKeys deletes the keys older than IdempotencyTTL; it runs
// with each new key, so the table holds about a day of creates.
func purgeIdempotencyKeys(tx *gorm.DB, now time.Time) error {
	if err := tx.Where("created_at < ?", now.Add(-IdempotencyTTL)).Delete(&models.IdempotencyKey{}).Error; err != nil {
		return fmt.Errorf("purge idempotency keys: %w", err)
	}
	return nil
}
