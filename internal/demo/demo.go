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
	"kriya/internal/council"
	"kriya/internal/exhibition"
	"kriya/internal/media"
	"kriya/internal/monev"
)

// Store is what seeding needs of the database. It is declared here, and
// implemented by *store.Store, so that demo does not depend on the store.
type Store interface {
	Categories(ctx context.Context) ([]catalog.Category, error)
	CreateCategory(ctx context.Context, c *catalog.Category) error
	CreateArtisan(ctx context.Context, a *catalog.Artisan) error
	SaveListing(ctx context.Context, p *catalog.Product) error
	CreateUser(ctx context.Context, u *account.User) error
	History
	CreateExhibition(ctx context.Context, e *exhibition.Exhibition) error
	SetParticipant(ctx context.Context, p exhibition.Participant) error
	RecordStandSale(ctx context.Context, sale *exhibition.Sale) error
	monev.SalesSource
	CreateVisit(ctx context.Context, v *monev.Visit) error
	SaveVisit(ctx context.Context, v *monev.Visit, opened []monev.FollowUp) error
	ChangeVisitStatus(ctx context.Context, id int64, from, to string, userID int64, measured *monev.Measured) error
	Council(ctx context.Context, id int64) (council.Council, error)
	EnsureCouncil(ctx context.Context, c council.Council) error
	PrepareNumbers(ctx context.Context, councilID int64, kind string, year int) error
	NextNumber(ctx context.Context, councilID int64, kind string, year int) (int, error)
	NumberVisit(ctx context.Context, id int64, number string) error
}

// Seed loads the demo marketplace, with dates relative to now. It is
// idempotent so that `kriya demo` can call it on every start: when the
// database already has categories it leaves everything as it is. The
// council is set up as Denpasar's on first, the marketplace's first-run
// settings, unless an admin or an earlier start has set it up already.
//
// Images are stored before any row is written, so a failure while drawing
// them leaves the database empty and the next run starts over.
func Seed(ctx context.Context, st Store, files media.Storage, now time.Time, first council.Council) error {
	if err := seedCouncil(ctx, st, files, first); err != nil {
		return fmt.Errorf("demo: seed council: %w", err)
	}
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
	officers, err := m.save(ctx, st)
	if err != nil {
		return fmt.Errorf("demo: seed: %w", err)
	}
	if err := SeedOrders(ctx, st, 400, now, func(int) {}); err != nil {
		return err
	}
	if err := seedExhibition(ctx, st, m.artisans, now); err != nil {
		return fmt.Errorf("demo: seed: %w", err)
	}
	if err := seedMonev(ctx, st, m.artisans, officers[account.RoleStaff], officers[account.RoleAdmin], now); err != nil {
		return fmt.Errorf("demo: seed monev: %w", err)
	}
	return nil
}

// save writes the market in dependency order. Artisans and products point
// at their category and artisan, whose IDs the store has just set. It
// returns the user IDs of the staff and admin logins.
func (m *market) save(ctx context.Context, st Store) (map[string]int64, error) {
	for _, c := range m.categories {
		if err := st.CreateCategory(ctx, c); err != nil {
			return nil, err
		}
	}
	for _, a := range m.artisans {
		a.CategoryID = a.Category.ID
		if err := st.CreateArtisan(ctx, a); err != nil {
			return nil, err
		}
	}
	for _, p := range m.products {
		p.ArtisanID, p.CategoryID = p.Artisan.ID, p.Category.ID
		if err := st.SaveListing(ctx, p); err != nil {
			return nil, err
		}
	}
	return saveUsers(ctx, st, m.artisans)
}

// seedExhibition records a past exhibition where a few artisans sold at
// their stands, so the dashboard shows the second channel.
func seedExhibition(ctx context.Context, st Store, artisans []*catalog.Artisan, now time.Time) error {
	start := now.AddDate(0, -2, 0)
	e := exhibition.Exhibition{Name: "Denpasar Festival Kriya", Place: "Lapangan Puputan Badung",
		StartsOn: start.Format("2006-01-02"), EndsOn: start.AddDate(0, 0, 2).Format("2006-01-02"), CreatedAt: now}
	if err := st.CreateExhibition(ctx, &e); err != nil {
		return err
	}
	for i, a := range artisans[:min(4, len(artisans))] {
		if err := st.SetParticipant(ctx, exhibition.Participant{ExhibitionID: e.ID, ArtisanID: a.ID, Status: exhibition.Selected}); err != nil {
			return err
		}
		for day := range 3 {
			sale := exhibition.Sale{ExhibitionID: e.ID, ArtisanID: a.ID, Day: start.AddDate(0, 0, day).Format("2006-01-02"),
				Units: int64(2 + (i+day)%4), Amount: int64(450_000 * (2 + (i+day)%4)), Method: exhibition.Methods[(i+day)%3], EnteredBy: "demo"}
			if err := st.RecordStandSale(ctx, &sale); err != nil {
				return err
			}
		}
	}
	return nil
}
