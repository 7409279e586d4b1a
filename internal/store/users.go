package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"kriya/internal/account"
)

// CreateUser adds a user and sets its ID; the e-mail is stored lower-case.
// A taken e-mail gives account.ErrEmailTaken.
func (s *Store) CreateUser(ctx context.Context, u *account.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	err := s.write.WithContext(ctx).Create(u).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return fmt.Errorf("store: create user: %w", account.ErrEmailTaken)
	}
	if err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	return nil
}

// UserByEmail finds a user by e-mail, ignoring case.
func (s *Store) UserByEmail(ctx context.Context, email string) (account.User, error) {
	var u account.User
	err := s.read.WithContext(ctx).Where("email = ?", strings.ToLower(strings.TrimSpace(email))).Take(&u).Error
	if err != nil {
		return u, notFound(err, account.ErrNotFound, "store: user by email")
	}
	return u, nil
}

// UserByID finds a user by ID.
func (s *Store) UserByID(ctx context.Context, id int64) (account.User, error) {
	var u account.User
	if err := s.read.WithContext(ctx).Take(&u, id).Error; err != nil {
		return u, notFound(err, account.ErrNotFound, fmt.Sprintf("store: user %d", id))
	}
	return u, nil
}

// Users lists users for the admin, newest first, at most 500.
func (s *Store) Users(ctx context.Context, f account.UserFilter) ([]account.User, error) {
	db := s.read.WithContext(ctx).Order("id DESC").Limit(500)
	if f.Role != "" {
		db = db.Where("role = ?", f.Role)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pattern := "%" + like(strings.ToLower(q)) + "%"
		db = db.Where(`(email LIKE ? ESCAPE '!' OR LOWER(name) LIKE ? ESCAPE '!')`, pattern, pattern)
	}
	var us []account.User
	if err := db.Find(&us).Error; err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	return us, nil
}

// UpdateUser saves a user's name, position, role, artisan link, language,
// status and password hash.
func (s *Store) UpdateUser(ctx context.Context, u *account.User) error {
	err := s.write.WithContext(ctx).Model(u).
		Select("name", "position", "role", "artisan_id", "lang", "active", "password_hash", "updated_at").Updates(u).Error
	if err != nil {
		return fmt.Errorf("store: update user %d: %w", u.ID, err)
	}
	return nil
}

// EndSessions ends every session of the user by moving its session epoch
// on, and returns the new epoch: a session signed in at an older one is
// over on its next request (web's authenticate). UpdateUser never writes
// the epoch, so a stale copy of the user cannot bring old sessions back.
func (s *Store) EndSessions(ctx context.Context, userID int64) (int64, error) {
	res := s.write.WithContext(ctx).Model(&account.User{}).Where("id = ?", userID).
		UpdateColumn("session_epoch", gorm.Expr("session_epoch + 1"))
	if res.Error != nil {
		return 0, fmt.Errorf("store: end sessions of user %d: %w", userID, res.Error)
	}
	if res.RowsAffected != 1 {
		return 0, fmt.Errorf("store: end sessions of user %d: %w", userID, account.ErrNotFound)
	}
	var epoch int64
	if err := s.write.WithContext(ctx).Model(&account.User{}).Where("id = ?", userID).Pluck("session_epoch", &epoch).Error; err != nil {
		return 0, fmt.Errorf("store: end sessions of user %d: %w", userID, err)
	}
	return epoch, nil
}

// like escapes a user's text for use inside a LIKE pattern written with
// ESCAPE '!' (a backslash means different things to MySQL and SQLite).
func like(s string) string {
	return strings.NewReplacer(`!`, `!!`, `%`, `!%`, `_`, `!_`).Replace(s)
}
