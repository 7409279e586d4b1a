package store

import (
	"context"
	"fmt"

	"kriya/internal/account"
)

// Audit records one staff or admin action.
func (s *Store) Audit(ctx context.Context, e *account.AuditEntry) error {
	if err := s.write.WithContext(ctx).Create(e).Error; err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditLog lists entries newest first, at most 500.
func (s *Store) AuditLog(ctx context.Context, f account.AuditFilter) ([]account.AuditEntry, error) {
	db := s.read.WithContext(ctx).Order("id DESC").Limit(500)
	if f.Actor != "" {
		db = db.Where("actor_email = ?", f.Actor)
	}
	if f.Action != "" {
		db = db.Where(`action LIKE ? ESCAPE '!'`, like(f.Action)+"%")
	}
	if !f.From.IsZero() {
		db = db.Where("created_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		db = db.Where("created_at < ?", f.To.UTC())
	}
	var es []account.AuditEntry
	if err := db.Find(&es).Error; err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	return es, nil
}
