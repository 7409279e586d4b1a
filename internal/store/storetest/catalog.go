package storetest

import (
	"context"
	"testing"
	"time"

	"kriya/internal/catalog"
	"kriya/internal/store"
)

// Catalog fills st with a small catalog whose every answer is known: two silver
// pieces and two weavings for sale, plus a draft and a product of a
// suspended artisan that buyers must never see.
func Catalog(t testing.TB, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	perak := &catalog.Category{Slug: "perak", Name: catalog.Text{ID: "Perhiasan Perak", EN: "Silver Jewellery"}, Position: 1}
	tenun := &catalog.Category{Slug: "tenun", Name: catalog.Text{ID: "Tenun", EN: "Weaving"}, Position: 2}
	for _, c := range []*catalog.Category{perak, tenun} {
		if err := st.CreateCategory(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	sari := &catalog.Artisan{Slug: "perak-sari", Name: "Perak Sari", CategoryID: perak.ID, Status: catalog.ArtisanActive}
	ayu := &catalog.Artisan{Slug: "tenun-ayu", Name: "Tenun Ayu", CategoryID: tenun.ID, Status: catalog.ArtisanActive}
	gone := &catalog.Artisan{Slug: "perak-gone", Name: "Perak Gone", CategoryID: perak.ID, Status: catalog.ArtisanSuspended}
	for _, a := range []*catalog.Artisan{sari, ayu, gone} {
		if err := st.CreateArtisan(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	products := []*catalog.Product{
		{Slug: "cincin-jawan", ArtisanID: sari.ID, CategoryID: perak.ID,
			Title:       catalog.Text{ID: "Cincin Perak Motif Jawan", EN: "Silver Ring with Jawan Motif"},
			Description: catalog.Text{ID: "Dikerjakan dengan teknik granulasi.", EN: "Made with granulation."},
			Material:    catalog.Text{ID: "Perak 925", EN: "925 silver"},
			SKUs: []catalog.SKU{
				{Label: "Ukuran 6", Price: 450_000, Stock: 2, Position: 1},
				{Label: "Ukuran 7", Price: 450_000, Stock: 0, Position: 2},
				{Label: "Ukuran 8", Price: 475_000, Stock: 1, Position: 3},
			},
			Images: []catalog.ProductImage{{Key: "products/cincin-jawan/1", Position: 1}},
			Status: catalog.ProductActive, CreatedAt: t0},
		{Slug: "anting-bunga", ArtisanID: sari.ID, CategoryID: perak.ID,
			Title:  catalog.Text{ID: "Anting Perak Bunga", EN: "Silver Flower Earrings"},
			SKUs:   []catalog.SKU{{Price: 300_000, Stock: 0}},
			Status: catalog.ProductActive, CreatedAt: t0.Add(24 * time.Hour)},
		{Slug: "kain-endek", ArtisanID: ayu.ID, CategoryID: tenun.ID,
			Title:       catalog.Text{ID: "Kain Tenun Endek Cepuk", EN: "Endek Cepuk Cloth"},
			Description: catalog.Text{ID: "Ditenun dengan teknik ikat pakan.", EN: "Woven with weft ikat."},
			SKUs:        []catalog.SKU{{Price: 850_000, Stock: 5}},
			Status:      catalog.ProductActive, CreatedAt: t0.Add(48 * time.Hour)},
		{Slug: "songket-emas", ArtisanID: ayu.ID, CategoryID: tenun.ID,
			Title:  catalog.Text{ID: "Selendang Songket Emas", EN: "Gold Songket Shawl"},
			SKUs:   []catalog.SKU{{Price: 2_500_000, Stock: 1}},
			Status: catalog.ProductActive, CreatedAt: t0.Add(72 * time.Hour)},
		{Slug: "cincin-draft", ArtisanID: sari.ID, CategoryID: perak.ID,
			Title:  catalog.Text{ID: "Cincin Perak Draf"},
			SKUs:   []catalog.SKU{{Price: 100_000, Stock: 3}},
			Status: catalog.ProductDraft, CreatedAt: t0},
		{Slug: "cincin-hidden", ArtisanID: gone.ID, CategoryID: perak.ID,
			Title:  catalog.Text{ID: "Cincin Perak Tersembunyi"},
			SKUs:   []catalog.SKU{{Price: 100_000, Stock: 3}},
			Status: catalog.ProductActive, CreatedAt: t0},
	}
	for _, p := range products {
		if err := st.SaveListing(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
}
