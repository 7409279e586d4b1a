// Package demo loads a believable Dekranasda Kota Denpasar marketplace —
// categories, artisans, products with SKUs and placeholder photos — so that
// `kriya demo` shows a living shop on a fresh machine and tests and
// screenshots have realistic data to work on.
//
// The data set is generated from hand-written content and a fixed random
// seed, so it is the same on every run.
package demo

import (
	"context"
	"fmt"
	"time"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/media"
)

// Store is what seeding needs of the database. It is declared here, and
// implemented by *store.Store, so that demo does not depend on the store.
type Store interface {
	Categories(ctx context.Context) ([]catalog.Category, error)
	CreateCategory(ctx context.Context, c *catalog.Category) error
	CreateArtisan(ctx context.Context, a *catalog.Artisan) error
	CreateProduct(ctx context.Context, p *catalog.Product) error
	CreateUser(ctx context.Context, u *account.User) error
}

// Seed loads the demo marketplace, with dates relative to now. It is
// idempotent so that `kriya demo` can call it on every start: when the
// database already has categories it leaves everything as it is.
//
// Images are stored before any row is written, so a failure while drawing
// them leaves the database empty and the next run starts over.
func Seed(ctx context.Context, st Store, files media.Storage, now time.Time) error {
	existing, err := st.Categories(ctx)
	if err != nil {
		return fmt.Errorf("demo: seed: %w", err)
	}
	if len(existing) > 0 {
		return nil
	}
	m := newMarket(now.UTC())
	if err := putPictures(ctx, files, m.pictures); err != nil {
		return fmt.Errorf("demo: seed: %w", err)
	}
	if err := m.save(ctx, st); err != nil {
		return fmt.Errorf("demo: seed: %w", err)
	}
	return nil
}

// save writes the market in dependency order. Artisans and products point
// at their category and artisan, whose IDs the store has just set.
func (m *market) save(ctx context.Context, st Store) error {
	for _, c := range m.categories {
		if err := st.CreateCategory(ctx, c); err != nil {
			return err
		}
	}
	for _, a := range m.artisans {
		a.CategoryID = a.Category.ID
		if err := st.CreateArtisan(ctx, a); err != nil {
			return err
		}
	}
	for _, p := range m.products {
		p.ArtisanID, p.CategoryID = p.Artisan.ID, p.Category.ID
		if err := st.CreateProduct(ctx, p); err != nil {
			return err
		}
	}
	return saveUsers(ctx, st, m.artisans)
}
