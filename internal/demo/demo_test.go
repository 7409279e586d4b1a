package demo_test

import (
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"kriya/internal/catalog"
	"kriya/internal/council"
	"kriya/internal/demo"
	"kriya/internal/exhibition"
	"kriya/internal/media"
	"kriya/internal/monev"
	"kriya/internal/store"
)

func TestSeed(t *testing.T) {
	ctx := context.Background()
	st, files := openStore(t), openMedia(t)
	now := time.Date(2025, 6, 1, 4, 0, 0, 0, time.UTC)

	start := time.Now()
	if err := demo.Seed(ctx, st, files, now, council.FirstRun("BPD Bali (tes)", 0)); err != nil {
		t.Fatalf("seed: %v", err)
	}
	t.Logf("seeded in %v", time.Since(start))
	if err := demo.Seed(ctx, st, files, now, council.FirstRun("BPD Bali (tes)", 0)); err != nil {
		t.Fatalf("second seed: %v", err)
	}

	cats, err := st.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) < 6 {
		t.Errorf("%d categories, want at least 6", len(cats))
	}
	artisans, err := st.Artisans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(artisans); n < 10 || n > 14 {
		t.Errorf("%d artisans, want 10–14 (a second seed must add nothing)", n)
	}
	products := allProducts(t, st)
	if n := len(products); n < 80 || n > 150 {
		t.Errorf("%d products, want 80–150 (a second seed must add nothing)", n)
	}
	for _, p := range products {
		if len(p.Images) == 0 {
			t.Errorf("product %s has no image", p.Slug)
		}
		for _, img := range p.Images {
			checkJPEG(t, files, media.VariantKey(img.Key, media.Large), media.Large)
			checkJPEG(t, files, media.VariantKey(img.Key, media.Thumb), media.Thumb)
		}
	}
	for _, a := range artisans {
		checkJPEG(t, files, media.VariantKey(a.PhotoKey, media.Thumb), media.Thumb)
	}

	for _, q := range []string{"perak", "silver ring", "cincin", "endek", "songket", "ukiran", "carving",
		"topeng", "mask", "keranjang", "basket", "lukisan", "painting"} {
		l, err := st.Products(ctx, catalog.Query{Text: q, Page: 1, PerPage: 10, Sort: catalog.SortRelevance})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		if l.Total == 0 {
			t.Errorf("search %q found nothing", q)
		}
	}

	// An exhibition whose stands made several sales a day, one corrected.
	exs, err := st.Exhibitions(ctx)
	if err != nil || len(exs) != 1 {
		t.Fatalf("exhibitions = %+v, %v; want one", exs, err)
	}
	receipts, err := st.Receipts(ctx, exs[0].ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	perStandDay, corrected := map[string]int{}, 0
	for _, h := range exhibition.Histories(receipts) {
		perStandDay[fmt.Sprint(h.Receipt.ArtisanID, h.Receipt.Day)]++
		corrected += len(h.Earlier)
	}
	if slices.Max(slices.Collect(maps.Values(perStandDay))) < 2 || corrected != 1 {
		t.Errorf("receipts per stand and day %v, %d corrected; want several a day and one correction", perStandDay, corrected)
	}

	// Monev: a history of visits with measured sales, and artisans due one.
	visits, err := st.Visits(ctx, monev.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	for _, v := range visits {
		statuses[v.Status]++
		if v.Status != monev.Draft && (v.Measured == nil || v.Measured.Total().Net() <= 0) {
			t.Errorf("visit %d (%s) has no measured sales: %+v", v.ID, v.Status, v.Measured)
		}
		if numbered := v.Status == monev.Verified || v.Status == monev.Locked; numbered != strings.HasPrefix(v.Number, "00") {
			t.Errorf("visit %d (%s) has the number %q", v.ID, v.Status, v.Number)
		}
	}
	// The council is Denpasar's, with its emblem, over the first-run
	// settings it was given.
	c, err := st.Council(ctx, council.Home)
	if err != nil || len(c.Letterhead) != 2 || c.HeadName == "" || c.LogoKey == "" || c.BankAccounts[0] != "BPD Bali (tes)" {
		t.Errorf("the demo council = %+v, %v", c, err)
	} else {
		checkJPEG(t, files, media.VariantKey(c.LogoKey, media.Thumb), media.Thumb)
	}
	if statuses[monev.Locked] == 0 || statuses[monev.Submitted] == 0 || statuses[monev.Draft] == 0 {
		t.Errorf("visits by status %v, want locked, submitted and draft records", statuses)
	}
	overdue, _ := st.FollowUps(ctx, monev.FollowUpFilter{Open: true, DueBefore: now.Format("2006-01-02")})
	if len(overdue) == 0 {
		t.Error("no overdue follow-up for the due list")
	}
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Driver: store.SQLite, DSN: filepath.Join(t.TempDir(), "k.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

func openMedia(t *testing.T) *media.Disk {
	t.Helper()
	files, err := media.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func allProducts(t *testing.T, st *store.Store) []catalog.Product {
	t.Helper()
	var all []catalog.Product
	for page := 1; ; page++ {
		l, err := st.Products(context.Background(), catalog.Query{Page: page, PerPage: catalog.MaxPerPage})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, l.Products...)
		if page >= l.Pages() {
			return all
		}
	}
}

// checkJPEG checks that key holds a size×size JPEG. Thumbnails are
// decoded in full; large variants only to their header, which keeps the
// test quick under the race detector.
func checkJPEG(t *testing.T, files media.Storage, key string, size int) {
	t.Helper()
	f, err := files.Open(key)
	if err != nil {
		t.Errorf("open %s: %v", key, err)
		return
	}
	defer f.Close()
	var bounds image.Rectangle
	if size == media.Thumb {
		img, err := jpeg.Decode(f)
		if err != nil {
			t.Errorf("decode %s: %v", key, err)
			return
		}
		bounds = img.Bounds()
	} else {
		cfg, err := jpeg.DecodeConfig(f)
		if err != nil {
			t.Errorf("decode %s: %v", key, err)
			return
		}
		bounds = image.Rect(0, 0, cfg.Width, cfg.Height)
	}
	if bounds.Dx() != size || bounds.Dy() != size {
		t.Errorf("%s is %v, want %d×%d", key, bounds.Size(), size, size)
	}
}
