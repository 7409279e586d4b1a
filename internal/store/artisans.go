package store

import (
	"context"
	"fmt"

	"kriya/internal/catalog"
)

// Artisans lists the active artisans, featured first, then by name (cached;
// see references).
func (s *Store) Artisans(ctx context.Context) ([]catalog.Artisan, error) {
	r, err := s.refs(ctx, false)
	if err != nil {
		return nil, err
	}
	return r.artisans, nil
}

// ArtisanBySlug returns an active artisan, or catalog.ErrNotFound.
func (s *Store) ArtisanBySlug(ctx context.Context, slug string) (catalog.Artisan, error) {
	var a catalog.Artisan
	err := s.read.WithContext(ctx).Preload("Category").
		Where("slug = ? AND status = ?", slug, catalog.ArtisanActive).Take(&a).Error
	if err != nil {
		return a, notFound(err, catalog.ErrNotFound, "store: artisan "+slug)
	}
	return a, nil
}

// CreateArtisan adds an artisan and sets its ID.
func (s *Store) CreateArtisan(ctx context.Context, a *catalog.Artisan) error {
	if err := s.write.WithContext(ctx).Omit("Category").Create(a).Error; err != nil {
		return fmt.Errorf("store: create artisan %s: %w", a.Slug, err)
	}
	return nil
}
