package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// session is a row of the sessions table, as the scs session manager keeps
// it: an opaque token, the encoded data and when it expires.
type session struct {
	Token  string `gorm:"primaryKey"`
	Data   []byte
	Expiry time.Time
}

// Sessions is the store of server-side sessions, in the same database as
// everything else so that every server process sees every session. It
// implements scs.CtxStore.
type Sessions struct{ s *Store }

// Sessions returns the session store.
func (s *Store) Sessions() Sessions { return Sessions{s} }

// FindCtx returns the data of a live session.
func (ss Sessions) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var row session
	err := ss.s.read.WithContext(ctx).Where("token = ? AND expiry > ?", token, ss.s.now()).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: find session: %w", err)
	}
	return row.Data, true, nil
}

// CommitCtx saves a session.
func (ss Sessions) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	row := session{Token: token, Data: data, Expiry: expiry.UTC()}
	err := ss.s.write.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "token"}},
		DoUpdates: clause.AssignmentColumns([]string{"data", "expiry"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("store: commit session: %w", err)
	}
	return nil
}

// DeleteCtx ends a session.
func (ss Sessions) DeleteCtx(ctx context.Context, token string) error {
	if err := ss.s.write.WithContext(ctx).Where("token = ?", token).Delete(&session{}).Error; err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// Find, Commit and Delete satisfy scs.Store; the session manager calls the
// context versions.
func (ss Sessions) Find(token string) ([]byte, bool, error) {
	return ss.FindCtx(context.Background(), token)
}

// Commit saves a session.
func (ss Sessions) Commit(token string, data []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, data, expiry)
}

// Delete ends a session.
func (ss Sessions) Delete(token string) error { return ss.DeleteCtx(context.Background(), token) }

// DeleteExpired removes sessions past their expiry; the server calls it
// now and then.
func (ss Sessions) DeleteExpired(ctx context.Context) error {
	err := ss.s.write.WithContext(ctx).Where("expiry <= ?", ss.s.now()).Delete(&session{}).Error
	if err != nil {
		return fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return nil
}
