package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// attemptRow counts recent attempts of one kind by one party, under the
// hash of the count's name (which holds e-mail and IP addresses).
type attemptRow struct {
	KeyHash []byte `gorm:"primaryKey"`
	Hits    int
	LastAt  time.Time
}

// Attempts is how often key was attempted lately: hits, the last at last.
// A key never attempted, or forgotten, has no hits.
func (s *Store) Attempts(ctx context.Context, key string) (hits int, last time.Time, err error) {
	var row attemptRow
	h := sha256.Sum256([]byte(key))
	err = s.read.WithContext(ctx).Where("key_hash = ?", h[:]).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, time.Time{}, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: attempts: %w", err)
	}
	return row.Hits, row.LastAt, nil
}

// Attempt counts one attempt of key at the time at. A count whose last
// attempt is forget or more before at starts over at one. It is one
// statement, so concurrent attempts from any number of processes all
// count.
func (s *Store) Attempt(ctx context.Context, key string, at time.Time, forget time.Duration) error {
	h := sha256.Sum256([]byte(key))
	at = at.UTC()
	// hits is set before last_at: MySQL reads a column already set in the
	// same statement; SQLite reads the old row throughout.
	err := s.write.WithContext(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "key_hash"}},
		DoUpdates: clause.Set{
			{Column: clause.Column{Name: "hits"}, Value: gorm.Expr("CASE WHEN attempts.last_at <= ? THEN 1 ELSE attempts.hits + 1 END", at.Add(-forget))},
			{Column: clause.Column{Name: "last_at"}, Value: at},
		},
	}).Create(&attemptRow{KeyHash: h[:], Hits: 1, LastAt: at}).Error
	if err != nil {
		return fmt.Errorf("store: attempt: %w", err)
	}
	return nil
}

// ClearAttempts forgets key's attempts, as after a successful sign-in.
func (s *Store) ClearAttempts(ctx context.Context, key string) error {
	h := sha256.Sum256([]byte(key))
	if err := s.write.WithContext(ctx).Where("key_hash = ?", h[:]).Delete(&attemptRow{}).Error; err != nil {
		return fmt.Errorf("store: clear attempts: %w", err)
	}
	return nil
}

// DeleteOldAttempts removes counts quiet since before, which every rule
// has forgotten; the server calls it now and then, so that a spray of
// names does not grow the table for good.
func (s *Store) DeleteOldAttempts(ctx context.Context, before time.Time) error {
	if err := s.write.WithContext(ctx).Where("last_at < ?", before.UTC()).Delete(&attemptRow{}).Error; err != nil {
		return fmt.Errorf("store: delete old attempts: %w", err)
	}
	return nil
}
