package store

import (
	"context"
	"crypto/rand"
	"fmt"

	"gorm.io/gorm/clause"
)

type appSecret struct {
	Name  string `gorm:"primaryKey"`
	Value []byte
}

// Secret returns the application's key of the given name, making a random
// one the first time. Every process gets the same key: the first insert
// wins and everyone reads it back.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	err := s.write.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&appSecret{Name: name, Value: fresh}).Error
	if err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	var row appSecret
	if err := s.write.WithContext(ctx).Take(&row, "name = ?", name).Error; err != nil {
		return nil, fmt.Errorf("store: secret %s: %w", name, err)
	}
	return row.Value, nil
}
