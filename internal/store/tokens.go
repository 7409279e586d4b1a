package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"kriya/internal/account"
)

// CreateToken stores a token (its hash only) and sets its ID.
func (s *Store) CreateToken(ctx context.Context, t *account.Token) error {
	if err := s.write.WithContext(ctx).Create(t).Error; err != nil {
		return fmt.Errorf("store: create token: %w", err)
	}
	return nil
}

// UseToken spends a single-use token: it succeeds once, for an unexpired,
// unused token of the purpose, and ends every other token of that purpose
// for the same user (an older reset link dies with the newest). Two
// concurrent uses cannot both succeed: the update is conditional.
func (s *Store) UseToken(ctx context.Context, purpose string, hash []byte) (account.Token, error) {
	var t account.Token
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.now()
		if err := tx.Where("hash = ? AND purpose = ?", hash, purpose).Take(&t).Error; err != nil {
			return err
		}
		res := tx.Model(&account.Token{}).
			Where("id = ? AND ended_at IS NULL AND expires_at > ?", t.ID, now).
			Update("ended_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return account.ErrTokenInvalid
		}
		return tx.Model(&account.Token{}).
			Where("user_id = ? AND purpose = ? AND ended_at IS NULL", t.UserID, purpose).
			Update("ended_at", now).Error
	})
	if err != nil {
		return t, notFound(err, account.ErrTokenInvalid, "store: use token")
	}
	return t, nil
}

// TokenUser returns the active user owning a live API token.
func (s *Store) TokenUser(ctx context.Context, hash []byte) (account.User, error) {
	var u account.User
	err := s.read.WithContext(ctx).Model(&account.User{}).
		Joins("JOIN tokens ON tokens.user_id = users.id").
		Where("tokens.hash = ? AND tokens.purpose = ? AND tokens.ended_at IS NULL AND tokens.expires_at > ? AND users.active = ?",
			hash, account.TokenAPI, s.now(), true).
		Select("users.*").Take(&u).Error
	if err != nil {
		return u, notFound(err, account.ErrTokenInvalid, "store: token user")
	}
	return u, nil
}

// APITokens lists a user's live API tokens, newest first.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]account.Token, error) {
	var ts []account.Token
	err := s.read.WithContext(ctx).
		Where("user_id = ? AND purpose = ? AND ended_at IS NULL AND expires_at > ?", userID, account.TokenAPI, s.now()).
		Order("id DESC").Find(&ts).Error
	if err != nil {
		return nil, fmt.Errorf("store: api tokens: %w", err)
	}
	return ts, nil
}

// RevokeToken ends one of the user's API tokens. Another user's token is
// not found: the owner is part of the condition.
func (s *Store) RevokeToken(ctx context.Context, userID, tokenID int64) error {
	res := s.write.WithContext(ctx).Model(&account.Token{}).
		Where("id = ? AND user_id = ? AND purpose = ? AND ended_at IS NULL", tokenID, userID, account.TokenAPI).
		Update("ended_at", s.now())
	if res.Error != nil {
		return fmt.Errorf("store: revoke token: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: revoke token %d: %w", tokenID, account.ErrNotFound)
	}
	return nil
}

// EndTokens ends every live token of the user, API tokens and reset links
// alike, for good: nothing brings an ended token back.
func (s *Store) EndTokens(ctx context.Context, userID int64) error {
	err := s.write.WithContext(ctx).Model(&account.Token{}).
		Where("user_id = ? AND ended_at IS NULL", userID).
		Update("ended_at", s.now()).Error
	if err != nil {
		return fmt.Errorf("store: end tokens of user %d: %w", userID, err)
	}
	return nil
}
