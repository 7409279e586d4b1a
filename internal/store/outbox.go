package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"kriya/internal/mail"
)

// outboxRow is an e-mail waiting in the outbox table.
type outboxRow struct {
	ID            int64
	Recipient     string
	Subject       string
	Body          string
	Attempts      int
	NextAttemptAt time.Time
	SentAt        *time.Time
	LastError     string
	CreatedAt     time.Time
}

// Enqueue puts an e-mail in the outbox. Called inside the transaction of
// the change it reports (later: orders), the e-mail exists exactly when
// the change does.
func (s *Store) Enqueue(ctx context.Context, m mail.Message) error {
	return s.enqueue(s.write.WithContext(ctx), m)
}

func (s *Store) enqueue(tx *gorm.DB, m mail.Message) error {
	row := outboxRow{Recipient: m.To, Subject: m.Subject, Body: m.Text, NextAttemptAt: s.now()}
	if err := tx.Create(&row).Error; err != nil {
		return fmt.Errorf("store: enqueue e-mail: %w", err)
	}
	return nil
}

// ClaimEmails takes up to limit due e-mails for this process to send,
// hiding them from other processes for lease. A claim is a conditional
// update, so two workers never send the same e-mail at once.
func (s *Store) ClaimEmails(ctx context.Context, limit int, lease time.Duration) ([]mail.Queued, error) {
	now := s.now()
	var due []outboxRow
	err := s.write.WithContext(ctx).Where("sent_at IS NULL AND next_attempt_at <= ?", now).
		Order("next_attempt_at, id").Limit(limit).Find(&due).Error
	if err != nil {
		return nil, fmt.Errorf("store: claim e-mails: %w", err)
	}
	var claimed []mail.Queued
	for _, r := range due {
		res := s.write.WithContext(ctx).Model(&outboxRow{}).
			Where("id = ? AND sent_at IS NULL AND next_attempt_at = ?", r.ID, r.NextAttemptAt).
			Update("next_attempt_at", now.Add(lease))
		if res.Error != nil {
			return claimed, fmt.Errorf("store: claim e-mail %d: %w", r.ID, res.Error)
		}
		if res.RowsAffected == 1 {
			claimed = append(claimed, mail.Queued{ID: r.ID, Attempts: r.Attempts,
				Message: mail.Message{To: r.Recipient, Subject: r.Subject, Text: r.Body}})
		}
	}
	return claimed, nil
}

// EmailSent marks an e-mail delivered.
func (s *Store) EmailSent(ctx context.Context, id int64) error {
	err := s.write.WithContext(ctx).Model(&outboxRow{}).Where("id = ?", id).
		Updates(map[string]any{"sent_at": s.now(), "attempts": gorm.Expr("attempts + 1")}).Error
	if err != nil {
		return fmt.Errorf("store: e-mail %d sent: %w", id, err)
	}
	return nil
}

// EmailFailed records a failed attempt, to try again after retryIn by
// the store's clock (the one that decides what is due).
func (s *Store) EmailFailed(ctx context.Context, id int64, reason string, retryIn time.Duration) error {
	err := s.write.WithContext(ctx).Model(&outboxRow{}).Where("id = ?", id).
		Updates(map[string]any{"last_error": reason, "next_attempt_at": s.now().Add(retryIn).UTC(), "attempts": gorm.Expr("attempts + 1")}).Error
	if err != nil {
		return fmt.Errorf("store: e-mail %d failed: %w", id, err)
	}
	return nil
}

// PendingEmails lists e-mails not yet sent, oldest first: for operators and
// tests.
func (s *Store) PendingEmails(ctx context.Context) ([]mail.Queued, error) {
	var rows []outboxRow
	if err := s.read.WithContext(ctx).Where("sent_at IS NULL").Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: pending e-mails: %w", err)
	}
	out := make([]mail.Queued, len(rows))
	for i, r := range rows {
		out[i] = mail.Queued{ID: r.ID, Attempts: r.Attempts, Message: mail.Message{To: r.Recipient, Subject: r.Subject, Text: r.Body}}
	}
	return out, nil
}
