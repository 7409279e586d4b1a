package catalog

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
)

// ListingStore is what saving listings needs of the database; the store
// implements it.
type ListingStore interface {
	SaveListing(ctx context.Context, p *Product) error
	ProposeChange(ctx context.Context, productID int64, prop Proposal) error
}

// Outcomes of saving a listing, for the editor to be told.
const (
	OutcomeSaved         = "saved"          // live as edited
	OutcomePending       = "pending"        // a new listing waiting for curation
	OutcomeChangePending = "change_pending" // live as before; the change waits for curation
)

// SaveListing stores an edit of live (the zero Product for a new listing)
// as PlanEdit decides, giving a new listing its slug. It is the one way
// listings are saved: from the workspace, assisted mode, the API and
// imports.
func SaveListing(ctx context.Context, st ListingStore, live, edited Product, review, byStaff bool) (Product, string, error) {
	if edited.Slug == "" {
		edited.Slug = NewSlug(edited.Title.ID)
	}
	save, proposal := PlanEdit(live, edited, review, byStaff)
	if err := st.SaveListing(ctx, &save); err != nil {
		return save, "", err
	}
	switch {
	case proposal != nil:
		if err := st.ProposeChange(ctx, save.ID, *proposal); err != nil {
			return save, "", err
		}
		return save, OutcomeChangePending, nil
	case save.Status == ProductPending:
		return save, OutcomePending, nil
	}
	return save, OutcomeSaved, nil
}

// Import saves the listings parsed from an import file for one artisan,
// calling progress after each. A listing naming an unknown category was
// already refused by ParseImport.
func Import(ctx context.Context, st ListingStore, artisanID int64, categories map[string]int64, items []ImportedProduct, review, byStaff bool, progress func()) (int, error) {
	saved := 0
	for _, it := range items {
		p := it.Product
		p.ArtisanID = artisanID
		p.CategoryID = categories[p.Category.Slug]
		p.Category = nil
		if _, _, err := SaveListing(ctx, st, Product{}, p, review, byStaff); err != nil {
			return saved, fmt.Errorf("import line %d: %w", it.Line, err)
		}
		saved++
		if progress != nil {
			progress()
		}
	}
	return saved, nil
}

// NewSlug makes a unique slug for a new listing or artisan: the readable
// title and a short random suffix that keeps equal titles apart.
func NewSlug(title string) string { return Slugify(title) + "-" + shortID() }

func shortID() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 6)
	rand.Read(b)
	var s strings.Builder
	for _, c := range b {
		s.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return s.String()
}
