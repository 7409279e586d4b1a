package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"kriya/internal/catalog"
)

// Listings is what adding products in bulk needs of the database: the
// demo's artisans, and SaveListing's way to write products, by the batch.
type Listings interface {
	Artisans(ctx context.Context) ([]catalog.Artisan, error)
	SaveListings(ctx context.Context, ps []*catalog.Product) error
}

// styles set bulk listings of the same kind and variant apart. Indonesian
// puts the adjective after the noun, English before it.
var styles = []catalog.Text{
	t("Klasik", "Classic"), t("Modern", "Modern"), t("Antik", "Antique"),
	t("Tradisional", "Traditional"), t("Kontemporer", "Contemporary"), t("Halus", "Fine"),
	t("Sederhana", "Simple"), t("Mewah", "Luxury"), t("Elegan", "Elegant"),
	t("Pusaka", "Heirloom"), t("Istimewa", "Special"), t("Buatan Tangan", "Handmade"),
	t("Rustik", "Rustic"), t("Mini", "Mini"), t("Unik", "Unique"), t("Khas Denpasar", "Denpasar"),
}

// Listings are saved a batch to a transaction, by a few workers at once:
// with one commit per listing, 100,000 were on course to take twelve
// minutes on MariaDB, where each commit waits for the disk (about two with
// batches); concurrent batches also share their log flushes. On SQLite the
// store queues them on its one writer.
const (
	saveBatch   = 100
	saveWorkers = 4
)

// SeedProducts adds n active listings on top of the demo data, for
// benchmarks and for trying the catalog at scale. Each is a kind and
// variant the workshop makes in one of several styles, with its own
// description, SKUs and stock, shown with the demo's photo of that kind
// and variant where the demo lists it. Artisans get a share in proportion to their demo catalog. Every
// product is written as SaveListing writes it, so its search document, SKU
// codes and slug are those of any other listing. progress is called, from
// one goroutine, with the number of listings just saved.
func SeedProducts(ctx context.Context, st Listings, n int, now time.Time, progress func(int)) error {
	artisans, err := st.Artisans(ctx)
	if err != nil {
		return fmt.Errorf("demo: seed products: %w", err)
	}
	m := newMarket(now.UTC())
	photos := map[string][]catalog.ProductImage{}
	for _, p := range m.products {
		photos[p.Title.ID] = p.Images
	}
	bySlug := map[string]catalog.Artisan{}
	for _, a := range artisans {
		bySlug[a.Slug] = a
	}
	type maker struct {
		workshop workshop
		artisan  catalog.Artisan
		listings []listing
	}
	var makers []maker
	var weights []int
	for _, w := range workshops {
		a, ok := bySlug[slugify(w.name)]
		if !ok {
			continue
		}
		mk := maker{workshop: w, artisan: a}
		for _, k := range w.kinds {
			for _, v := range k.variants {
				mk.listings = append(mk.listings, listing{k, v})
			}
		}
		makers = append(makers, mk)
		weights = append(weights, w.products)
	}
	if len(makers) == 0 {
		return fmt.Errorf("demo: seed products: no demo artisans; run kriya seed demo first")
	}
	total := 0
	for _, w := range weights {
		total += w
	}

	// Slugs and SKU codes carry the run, so seeding twice adds more rather
	// than colliding with the first run.
	run := strconv.FormatInt(now.Unix(), 36)
	rng := rand.New(rand.NewPCG(uint64(now.Unix()), uint64(n)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	todo := make(chan []*catalog.Product)
	type result struct {
		saved int
		err   error
	}
	done := make(chan result)
	var wg sync.WaitGroup
	for range saveWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range todo {
				select {
				case done <- result{len(batch), st.SaveListings(ctx, batch)}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	go func() {
		defer close(todo)
		batch := make([]*catalog.Product, 0, saveBatch)
		for i := range n {
			r := rng.IntN(total)
			mi := 0
			for r >= weights[mi] {
				r -= weights[mi]
				mi++
			}
			mk := makers[mi]
			batch = append(batch, bulkProduct(rng, mk.artisan, pick(rng, mk.listings), photos, now,
				fmt.Sprintf("%s-%s%d", mk.workshop.prefix, run, i), run+strconv.Itoa(i)))
			if len(batch) < saveBatch && i < n-1 {
				continue
			}
			select {
			case todo <- batch:
				batch = make([]*catalog.Product, 0, saveBatch)
			case <-ctx.Done():
				return
			}
		}
	}()
	saved := 0
	for r := range done {
		if r.err != nil {
			cancel()
			return fmt.Errorf("demo: seed products: %w", r.err)
		}
		saved += r.saved
		progress(r.saved)
	}
	if saved < n {
		return fmt.Errorf("demo: seed products: %w", ctx.Err())
	}
	return nil
}

func bulkProduct(rng *rand.Rand, a catalog.Artisan, l listing, photos map[string][]catalog.ProductImage,
	now time.Time, code, suffix string) *catalog.Product {
	k, base := l.kind, l.title()
	style := pick(rng, styles)
	created := now.Add(-time.Duration(rng.Int64N(int64(history)))).Truncate(time.Second)
	p := &catalog.Product{
		ArtisanID:   a.ID,
		CategoryID:  a.CategoryID,
		Title:       catalog.Text{ID: base.ID + " " + style.ID, EN: style.EN + " " + base.EN},
		Description: k.describe(rng, l.variant, a.Name),
		Material:    k.material(rng, l.variant),
		WeightGrams: k.grams[0] + rng.IntN(k.grams[1]-k.grams[0]+1),
		Status:      catalog.ProductActive,
		SKUs:        k.skus(rng, code),
		CreatedAt:   created,
		UpdatedAt:   created,
	}
	p.Slug = slugify(p.Title.ID) + "-" + suffix
	// The demo drew a photo for every kind and variant it lists; a variant
	// it did not list is shown without one, as a new listing would be.
	for _, img := range photos[base.ID] {
		img.ID, img.ProductID = 0, 0
		p.Images = append(p.Images, img)
	}
	return p
}
