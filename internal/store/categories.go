package store

import (
	"context"
	"fmt"

	"kriya/internal/catalog"
)

// Categories lists every craft category in display order (cached; see
// references).
func (s *Store) Categories(ctx context.Context) ([]catalog.Category, error) {
	r, err := s.refs(ctx, false)
	if err != nil {
		return nil, err
	}
	return r.categories, nil
}

// CategoryBySlug returns one category, or catalog.ErrNotFound.
func (s *Store) CategoryBySlug(ctx context.Context, slug string) (catalog.Category, error) {
	r, err := s.refs(ctx, false)
	if err != nil {
		return catalog.Category{}, err
	}
	for _, c := range r.categories {
		if c.Slug == slug {
			return c, nil
		}
	}
	return catalog.Category{}, fmt.Errorf("store: category %s: %w", slug, catalog.ErrNotFound)
}

// CreateCategory adds a category and sets its ID.
func (s *Store) CreateCategory(ctx context.Context, c *catalog.Category) error {
	if err := s.write.WithContext(ctx).Create(c).Error; err != nil {
		return fmt.Errorf("store: create category %s: %w", c.Slug, err)
	}
	return nil
}
