package store

import (
	"context"
	"fmt"

	"kriya/internal/catalog"
)

// Categories lists every craft category in display order.
func (s *Store) Categories(ctx context.Context) ([]catalog.Category, error) {
	var cs []catalog.Category
	if err := s.read.WithContext(ctx).Order("position, id").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("store: categories: %w", err)
	}
	return cs, nil
}

// CategoryBySlug returns one category, or catalog.ErrNotFound.
func (s *Store) CategoryBySlug(ctx context.Context, slug string) (catalog.Category, error) {
	var c catalog.Category
	err := s.read.WithContext(ctx).Where("slug = ?", slug).Take(&c).Error
	if err != nil {
		return c, notFound(err, catalog.ErrNotFound, "store: category "+slug)
	}
	return c, nil
}

// CreateCategory adds a category and sets its ID.
func (s *Store) CreateCategory(ctx context.Context, c *catalog.Category) error {
	if err := s.write.WithContext(ctx).Create(c).Error; err != nil {
		return fmt.Errorf("store: create category %s: %w", c.Slug, err)
	}
	return nil
}
