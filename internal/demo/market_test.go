package demo

import (
	"strings"
	"testing"
	"time"

	"kriya/internal/wilayah"
)

// The demo is what people see first; these check what a careful reader of
// the catalog would notice.
func TestMarketReadsLikeARealCatalog(t *testing.T) {
	now := time.Date(2025, 6, 1, 4, 0, 0, 0, time.UTC)
	m := newMarket(now)

	priceRange := map[string][2]int64{
		"perak": {150_000, 1_500_000}, "tenun": {200_000, 8_000_000}, "ukiran": {200_000, 6_000_000},
		"anyaman": {75_000, 600_000}, "lukisan": {750_000, 15_000_000}, "topeng": {300_000, 3_500_000},
	}
	slugs, codes, descriptions, created := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[time.Time]bool{}
	featured, soldOut := 0, 0
	perArtisan := map[string]int{}
	for _, p := range m.products {
		perArtisan[p.Artisan.Slug]++
		for _, seen := range []struct {
			set map[string]bool
			key string
		}{{slugs, p.Slug}, {descriptions, p.Description.ID}, {descriptions, p.Description.EN}} {
			if seen.set[seen.key] {
				t.Errorf("%s: %q is not unique", p.Slug, seen.key)
			}
			seen.set[seen.key] = true
		}
		if created[p.CreatedAt] || !p.CreatedAt.Before(now) || p.CreatedAt.Before(now.AddDate(0, -7, 0)) {
			t.Errorf("%s: created %v, want a distinct time in the past six months", p.Slug, p.CreatedAt)
		}
		created[p.CreatedAt] = true
		if p.Title.EN == "" || p.Material.ID == "" || p.Material.EN == "" || p.WeightGrams <= 0 {
			t.Errorf("%s: missing English title, material or weight", p.Slug)
		}
		if n := strings.Count(p.Description.ID, ". "); n < 1 || n > 2 {
			t.Errorf("%s: description has %d sentences, want 2–3: %s", p.Slug, n+1, p.Description.ID)
		}
		for _, s := range p.SKUs {
			r := priceRange[p.Category.Slug]
			if s.Price < r[0] || s.Price > r[1] || s.Price%1000 != 0 {
				t.Errorf("%s: SKU %s costs %d, want thousands of rupiah in %v", p.Slug, s.Code, s.Price, r)
			}
			if codes[s.Code] || s.Stock < 0 || s.Stock > 25 {
				t.Errorf("%s: SKU %s is duplicate or has stock %d", p.Slug, s.Code, s.Stock)
			}
			codes[s.Code] = true
		}
		if p.Featured {
			featured++
		}
		if !p.InStock() {
			soldOut++
		}
	}
	if featured < 8 || featured > 16 {
		t.Errorf("%d featured products, want about 12", featured)
	}
	if soldOut == 0 || soldOut > len(m.products)/10 {
		t.Errorf("%d products sold out, want a few", soldOut)
	}
	for _, a := range m.artisans {
		if perArtisan[a.Slug] < 5 {
			t.Errorf("artisan %s has %d products", a.Slug, perArtisan[a.Slug])
		}
		area, ok := wilayah.Lookup(a.KelurahanCode)
		if !ok || area.Parent != a.KecamatanCode || !strings.HasPrefix(a.KecamatanCode, wilayah.Denpasar+".") {
			t.Errorf("artisan %s: kelurahan %s is not in a Denpasar kecamatan", a.Slug, a.KelurahanCode)
		}
	}
	t.Logf("%d artisans, %d products, %d SKUs, %d pictures, %d featured, %d sold out",
		len(m.artisans), len(m.products), len(codes), len(m.pictures), featured, soldOut)
}

func TestMarketIsTheSameEveryRun(t *testing.T) {
	now := time.Date(2025, 6, 1, 4, 0, 0, 0, time.UTC)
	a, b := newMarket(now), newMarket(now)
	for i := range a.products {
		pa, pb := a.products[i], b.products[i]
		if pa.Slug != pb.Slug || pa.SKUs[0].Price != pb.SKUs[0].Price || !pa.CreatedAt.Equal(pb.CreatedAt) {
			t.Fatalf("product %d differs between runs: %s vs %s", i, pa.Slug, pb.Slug)
		}
	}
}
