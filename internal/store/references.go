package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"kriya/internal/catalog"
)

// CacheTTL bounds how stale anything cached from the catalog may be. Writes
// through this process are seen at once (see Generation); when several
// server processes share one database, another's change shows within this.
const CacheTTL = 5 * time.Second

// references caches the small, rarely changing lists every storefront page
// reads — categories and active artisans — so a page costs one query for
// its products instead of one more per list.
type references struct {
	mu         sync.Mutex
	loaded     time.Time
	generation uint64
	categories []catalog.Category
	artisans   []catalog.Artisan // active only, featured first, then by name
	category   map[int64]*catalog.Category
	artisan    map[int64]*catalog.Artisan
}

// refs returns the cached lists, loading them when stale or when force is
// set (an ID was not found: something newer than the cache exists).
func (s *Store) refs(ctx context.Context, force bool) (*references, error) {
	r := s.references
	r.mu.Lock()
	defer r.mu.Unlock()
	gen := s.Generation()
	if !force && r.generation == gen && !r.loaded.IsZero() && time.Since(r.loaded) < CacheTTL {
		return r, nil
	}
	var cs []catalog.Category
	if err := s.read.WithContext(ctx).Order("position, id").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("store: categories: %w", err)
	}
	var as []catalog.Artisan
	err := s.read.WithContext(ctx).Where("status = ?", catalog.ArtisanActive).
		Order("featured DESC, name").Find(&as).Error
	if err != nil {
		return nil, fmt.Errorf("store: artisans: %w", err)
	}
	r.category = make(map[int64]*catalog.Category, len(cs))
	for i := range cs {
		r.category[cs[i].ID] = &cs[i]
	}
	r.artisan = make(map[int64]*catalog.Artisan, len(as))
	for i := range as {
		as[i].Category = r.category[as[i].CategoryID]
		r.artisan[as[i].ID] = &as[i]
	}
	r.categories, r.artisans, r.loaded, r.generation = cs, as, time.Now(), gen
	return r, nil
}

// attach points each product at its cached artisan and category.
func (s *Store) attach(ctx context.Context, ps []catalog.Product) error {
	r, err := s.refs(ctx, false)
	if err != nil {
		return err
	}
	for _, force := range []bool{false, true} {
		missing := false
		for i := range ps {
			ps[i].Artisan, ps[i].Category = r.artisan[ps[i].ArtisanID], r.category[ps[i].CategoryID]
			missing = missing || ps[i].Artisan == nil || ps[i].Category == nil
		}
		if !missing {
			return nil
		}
		if !force {
			if r, err = s.refs(ctx, true); err != nil {
				return err
			}
		}
	}
	return fmt.Errorf("store: products refer to an unknown artisan or category")
}
