package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"kriya/internal/catalog"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
)

func slugs(l catalog.Listing) []string {
	out := []string{}
	for _, p := range l.Products {
		out = append(out, p.Slug)
	}
	return out
}

func TestProducts(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			tests := []struct {
				name  string
				q     catalog.Query
				want  []string
				total int64
			}{
				{"newest first, only visible", catalog.Query{}, []string{"songket-emas", "kain-endek", "anting-bunga", "cincin-jawan"}, 4},
				{"category", catalog.Query{Category: "perak"}, []string{"anting-bunga", "cincin-jawan"}, 2},
				{"unknown category", catalog.Query{Category: "nope"}, []string{}, 0},
				{"artisan", catalog.Query{Artisan: "tenun-ayu"}, []string{"songket-emas", "kain-endek"}, 2},
				{"suspended artisan", catalog.Query{Artisan: "perak-gone"}, []string{}, 0},
				{"price range", catalog.Query{MinPrice: 400_000, MaxPrice: 900_000}, []string{"kain-endek", "cincin-jawan"}, 2},
				{"in stock", catalog.Query{InStock: true, Category: "perak"}, []string{"cincin-jawan"}, 1},
				{"cheapest first", catalog.Query{Sort: catalog.SortPriceAsc}, []string{"anting-bunga", "cincin-jawan", "kain-endek", "songket-emas"}, 4},
				{"dearest first", catalog.Query{Sort: catalog.SortPriceDesc}, []string{"songket-emas", "kain-endek", "cincin-jawan", "anting-bunga"}, 4},
				{"second page", catalog.Query{Page: 2, PerPage: 3}, []string{"cincin-jawan"}, 4},
				{"past the last page", catalog.Query{Page: 9, PerPage: 3}, []string{}, 4},
				{"search Indonesian", catalog.Query{Text: "perak"}, []string{"anting-bunga", "cincin-jawan"}, 2},
				{"search English words", catalog.Query{Text: "silver ring"}, []string{"cincin-jawan"}, 1},
				{"search prefix", catalog.Query{Text: "ende"}, []string{"kain-endek"}, 1},
				{"search description", catalog.Query{Text: "ikat"}, []string{"kain-endek"}, 1},
				{"search material", catalog.Query{Text: "925"}, []string{"cincin-jawan"}, 1},
				{"search artisan name", catalog.Query{Text: "ayu"}, []string{"songket-emas", "kain-endek"}, 2},
				{"search and filter", catalog.Query{Text: "perak", InStock: true}, []string{"cincin-jawan"}, 1},
				{"search no match", catalog.Query{Text: "ukiran"}, []string{}, 0},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					q := tt.q
					q.Page = max(q.Page, 1)
					if q.PerPage == 0 {
						q.PerPage = 24
					}
					if q.Sort == "" {
						q.Sort = catalog.SortNewest
					}
					l, err := st.Products(context.Background(), q)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(tt.want, slugs(l)); diff != "" {
						t.Errorf("products (-want +got):\n%s", diff)
					}
					if l.Total != tt.total {
						t.Errorf("total = %d, want %d", l.Total, tt.total)
					}
				})
			}
		})
	}
}

func TestSearchRanksTitleMatchesFirst(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			// "Tenun" is in the weavings' category, but only the endek cloth
			// has it in its title.
			l, err := st.Products(context.Background(), catalog.Query{Text: "tenun", Sort: catalog.SortRelevance, Page: 1, PerPage: 10})
			if err != nil {
				t.Fatal(err)
			}
			if got := slugs(l); len(got) != 2 || got[0] != "kain-endek" {
				t.Errorf("search tenun = %v, want kain-endek first of two", got)
			}
		})
	}
}

// Whatever a buyer types, search answers without an error.
func TestSearchSurvivesAnyInput(t *testing.T) {
	hostile := []string{
		`"`, `'`, `*`, `"perak`, `perak*`, `*perak`, `-perak`, `+perak`, `perak OR anting`, `NOT perak`,
		`NEAR(perak anting)`, `perak AND`, `title:perak`, `^perak`, `(perak`, `perak)`, `@perak`, `~perak`,
		`'; DROP TABLE products; --`, `" OR 1=1 --`, `%`, `_`, `\`, `\x00perak`, "perak\x00", "\u202eperak",
		`<script>alert(1)</script>`, `💍 cincin`, `a`, `the`, `of in at`, `ŝilvér`,
		strings.Repeat("perak ", 1700), strings.Repeat(`"*(`, 3500), strings.Repeat("é", 10_000),
	}
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			for _, text := range hostile {
				for _, sort := range []string{catalog.SortRelevance, catalog.SortNewest} {
					_, err := st.Products(context.Background(), catalog.Query{Text: text, Sort: sort, Page: 1, PerPage: 24})
					if err != nil {
						t.Errorf("search %.40q: %v", text, err)
					}
				}
			}
			l, err := st.Products(context.Background(), catalog.Query{Text: `"perak" * (`, Sort: catalog.SortRelevance, Page: 1, PerPage: 24})
			if err != nil || l.Total != 2 {
				t.Errorf(`search "perak" * ( = %d products, %v; want the 2 silver pieces`, l.Total, err)
			}
		})
	}
}

func TestProductBySlug(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			ctx := context.Background()
			p, err := st.ProductBySlug(ctx, "cincin-jawan")
			if err != nil {
				t.Fatal(err)
			}
			var labels []string
			for _, s := range p.SKUs {
				labels = append(labels, s.Label)
				if len(s.Code) < 6 {
					t.Errorf("SKU %q has no usable code: %q", s.Label, s.Code)
				}
			}
			if diff := cmp.Diff([]string{"Ukuran 6", "Ukuran 7", "Ukuran 8"}, labels); diff != "" {
				t.Errorf("SKUs (-want +got):\n%s", diff)
			}
			if p.PriceFrom != 450_000 || p.Artisan.Name != "Perak Sari" || p.Category.Slug != "perak" || len(p.Images) != 1 {
				t.Errorf("product = price %d, artisan %q, category %q, %d images", p.PriceFrom, p.Artisan.Name, p.Category.Slug, len(p.Images))
			}
			for _, hidden := range []string{"cincin-draft", "cincin-hidden", "nope"} {
				if _, err := st.ProductBySlug(ctx, hidden); !errors.Is(err, catalog.ErrNotFound) {
					t.Errorf("ProductBySlug(%q) error = %v, want ErrNotFound", hidden, err)
				}
			}
		})
	}
}

// Generation moves with writes to what public pages show — a listing, an
// artisan — and not with a session, an order's stock or a monev record, so
// cached pages outlive the traffic of buyers.
func TestGenerationCountsCatalogWrites(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			ctx := context.Background()
			p, err := st.ProductBySlug(ctx, "cincin-jawan")
			if err != nil {
				t.Fatal(err)
			}
			before := st.Generation()
			o := placePaid(t, st, "cincin-jawan", 1, "ID", "Bali", time.Now())
			if err := st.Sessions().CommitCtx(ctx, "tok", []byte("data"), time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if got := st.Generation(); got != before {
				t.Errorf("an order (%s) and a session moved the generation %d → %d", o.Number, before, got)
			}
			p.SKUs[0].Price += 1000
			if err := st.SaveListing(ctx, &p); err != nil {
				t.Fatal(err)
			}
			if st.Generation() == before {
				t.Error("a new price did not move the generation")
			}
		})
	}
}

// A search's ranking is kept, but what it shows is not stale: a product
// archived in this process leaves the results at once, and one archived by
// another process (a second store on the same database) leaves the page at
// once too, though the kept count may lag for CacheTTL.
func TestKeptSearchesShowNoArchivedProduct(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, dialect)
			var stores []*store.Store
			for range 2 {
				st, err := store.Open(ctx, store.Options{Driver: dialect, DSN: dsn})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				stores = append(stores, st)
			}
			if err := stores[0].Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			storetest.Catalog(t, stores[0])
			this, other := stores[0], stores[1]
			search := func() []string {
				l, err := this.Products(ctx, catalog.Query{Text: "perak", Sort: catalog.SortRelevance, Page: 1, PerPage: 24})
				if err != nil {
					t.Fatal(err)
				}
				return slugs(l)
			}
			if got := search(); len(got) != 2 || !slices.Equal(got, search()) {
				t.Fatalf("perak = %v, then %v; want the same two products twice", got, search())
			}
			archive := func(st *store.Store, slug string) {
				p, err := st.ProductBySlug(ctx, slug)
				if err != nil {
					t.Fatal(err)
				}
				p.Status = catalog.ProductArchived
				if err := st.SaveListing(ctx, &p); err != nil {
					t.Fatal(err)
				}
			}
			archive(other, "anting-bunga")
			if got := search(); slices.Contains(got, "anting-bunga") {
				t.Errorf("a product archived by another process is still shown: %v", got)
			}
			archive(this, "cincin-jawan")
			if l, _ := this.Products(ctx, catalog.Query{Text: "perak", Page: 1, PerPage: 24}); l.Total != 0 || len(l.Products) != 0 {
				t.Errorf("after archiving both here: %d found, %v", l.Total, slugs(l))
			}
		})
	}
}
