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
	"kriya/internal/sales"
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
	RecordReceipt(ctx context.Context, r *exhibition.Receipt) error
	CorrectReceipt(ctx context.Context, old exhibition.Receipt, next *exhibition.Receipt) error
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
// their stands, so the dashboard shows the second channel: several
// receipts a day for each stand, one of them corrected (the history the
// exhibition page and its recap show), and applicants not selected.
func seedExhibition(ctx context.Context, st Store, artisans []*catalog.Artisan, now time.Time) error {
	start := now.In(sales.WITA).AddDate(0, -2, 0)
	e := exhibition.Exhibition{Name: "Denpasar Festival Kriya", Place: "Lapangan Puputan Badung",
		StartsOn: start.Format("2006-01-02"), EndsOn: start.AddDate(0, 0, 2).Format("2006-01-02"), CreatedAt: now}
	if err := st.CreateExhibition(ctx, &e); err != nil {
		return err
	}
	var mistyped exhibition.Receipt
	for i, a := range artisans[:min(6, len(artisans))] {
		status := exhibition.Selected
		switch i {
		case 4:
			status = exhibition.NotSelected
		case 5:
			status = exhibition.Applied
		}
		if err := st.SetParticipant(ctx, exhibition.Participant{ExhibitionID: e.ID, ArtisanID: a.ID, Status: status}); err != nil {
			return err
		}
		if status != exhibition.Selected {
			continue
		}
		for day := range 3 {
			for n := range 2 + (i+day)%3 {
				units := int64(1 + (i+day+n)%3)
				r := exhibition.Receipt{ExhibitionID: e.ID, ArtisanID: a.ID, Units: units, Amount: units * int64(350_000+50_000*((i*7+n)%6)),
					Method: exhibition.Methods[(i+day+n)%len(exhibition.Methods)], EnteredBy: "demo"}
				r.At(time.Date(start.Year(), start.Month(), start.Day()+day, 10+2*n, 15*((i+n)%4), 0, 0, sales.WITA))
				if i == 0 && day == 0 && n == 0 {
					r.Units, r.Amount, r.Method = 1, 540_000, "cash" // two digits swapped; corrected below
				}
				if err := st.RecordReceipt(ctx, &r); err != nil {
					return err
				}
				if mistyped.ID == 0 {
					mistyped = r
				}
			}
		}
	}
	if mistyped.ID == 0 {
		return nil
	}
	fixed := mistyped
	fixed.Amount, fixed.Reason = 450_000, "Salah ketik: Rp 540.000 seharusnya Rp 450.000"
	return st.CorrectReceipt(ctx, mistyped, &fixed)
}
