package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kriya/internal/catalog"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
)

func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"KRIYA_DB_DSN":   filepath.Join(dir, "kriya.db"),
		"KRIYA_DATA_DIR": filepath.Join(dir, "data"),
	}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{}, 2, "", "Usage: kriya COMMAND"},
		{[]string{"-h"}, 0, "seed demo", ""},
		{[]string{"bogus"}, 2, "", `unknown command "bogus"`},
		{[]string{"serve", "-h"}, 0, "Usage: kriya serve", ""},
		{[]string{"demo", "-h"}, 0, "Usage: kriya demo", ""},
		{[]string{"seed", "-h"}, 0, "Usage: kriya seed demo", ""},
		{[]string{"seed"}, 2, "", `kriya seed demo`},
		{[]string{"migrate"}, 0, "database is up to date", ""},
		{[]string{"migrate"}, 0, "database is up to date", ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tt.args, getenv, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
			t.Errorf("kriya %v = %d\nstdout: %s\nstderr: %s", tt.args, code, stdout.String(), stderr.String())
		}
	}
	env["KRIYA_DB_DRIVER"] = "postgres"
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"migrate"}, getenv, &bytes.Buffer{}, &stderr); code != 1 || !strings.Contains(stderr.String(), "KRIYA_DB_DRIVER must be sqlite or mysql") {
		t.Errorf("bad driver = %d %s", code, stderr.String())
	}
}

func TestUserAdd(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KRIYA_DB_DSN": filepath.Join(dir, "kriya.db"), "KRIYA_DATA_DIR": filepath.Join(dir, "data")}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		args   []string
		code   int
		output string
	}{
		{[]string{"user", "add", "--email", "staf@dekranasda.test", "--password", "pasar-badung-99", "--role", "staff"}, 0, "user staf@dekranasda.test added as staff"},
		{[]string{"user", "add", "--email", "staf@dekranasda.test", "--password", "pasar-badung-99", "--role", "staff"}, 1, "email already registered"},
		{[]string{"user", "add", "--email", "x@dekranasda.test", "--password", "short", "--role", "staff"}, 2, "too short"},
		{[]string{"user", "add", "--email", "x@dekranasda.test", "--password", "pasar-badung-99", "--role", "king"}, 2, "--role must be"},
		{[]string{"user", "add", "--email", "x@dekranasda.test", "--password", "pasar-badung-99", "--role", "artisan"}, 2, "--artisan is required"},
		{[]string{"user", "add", "--email", "x@dekranasda.test", "--password", "pasar-badung-99", "--role", "artisan", "--artisan", "nobody"}, 1, `artisan "nobody"`},
		{[]string{"user"}, 2, "kriya user add"},
		{[]string{"user", "-h"}, 0, "Usage: kriya user add"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tt.args, getenv, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stdout.String()+stderr.String(), tt.output) {
			t.Errorf("kriya %v = %d\nstdout: %s\nstderr: %s", tt.args, code, stdout.String(), stderr.String())
		}
	}
}

func TestImportProducts(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KRIYA_DB_DSN": filepath.Join(dir, "kriya.db"), "KRIYA_DATA_DIR": filepath.Join(dir, "data")}
	getenv := func(k string) string { return env[k] }
	st, err := store.Open(context.Background(), store.Options{Driver: store.SQLite, DSN: env["KRIYA_DB_DSN"]})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	storetest.Catalog(t, st)
	st.Close()
	csv := filepath.Join(dir, "produk.csv")
	os.WriteFile(csv, []byte("title_id;category;price;stock\nAnting Perak Jepun;perak;Rp 275.000;4\nKalung;kaca;100000;1\nCincin Perak Polos;perak;180.000;6\n"), 0o600)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"import", "products", csv, "--artisan", "perak-sari"}, getenv, &stdout, &stderr)
	if code != 0 || !strings.Contains(stdout.String(), "2 listings imported for Perak Sari from 3 rows") ||
		!strings.Contains(stdout.String(), `line 3: unknown category "kaca"`) {
		t.Errorf("import = %d\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
	}
	if code := run(context.Background(), []string{"import", "products", csv}, getenv, &stdout, &stderr); code != 2 {
		t.Errorf("import without --artisan = %d, want 2", code)
	}
}

func TestReconcile(t *testing.T) {
	ours := map[string]int64{"KR-A": 100_000, "KR-B": 250_000, "KR-C": 90_000}
	theirs := map[string]int64{"KR-A": 100_000, "KR-B": 200_000, "KR-D": 75_000}
	got := strings.Join(reconcile(ours, theirs), "\n")
	want := "KR-B: Kriya recorded 250000, Stripe received 200000\n" +
		"KR-C: Kriya recorded 90000, Stripe has no payment\n" +
		"KR-D: Stripe received 75000, Kriya recorded nothing"
	if got != want {
		t.Errorf("reconcile:\n%s\nwant:\n%s", got, want)
	}
	var stdout, stderr bytes.Buffer
	env := map[string]string{"KRIYA_DB_DSN": filepath.Join(t.TempDir(), "k.db"), "KRIYA_DATA_DIR": t.TempDir()}
	code := run(context.Background(), []string{"payments", "reconcile", "--since", "2026-11-01"}, func(k string) string { return env[k] }, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "Stripe is not configured") {
		t.Errorf("reconcile without Stripe = %d %s", code, stderr.String())
	}
}

func TestSeedProducts(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	env := map[string]string{"KRIYA_DB_DSN": filepath.Join(dir, "kriya.db"), "KRIYA_DATA_DIR": filepath.Join(dir, "data")}
	getenv := func(k string) string { return env[k] }
	for _, tt := range []struct {
		args   []string
		code   int
		output string
	}{
		{[]string{"seed", "products", "-h"}, 0, "seed products N"},
		{[]string{"seed", "products", "many"}, 2, "N must be a positive number"},
		{[]string{"seed", "products", "5"}, 1, "run kriya seed demo first"},
		{[]string{"seed", "demo"}, 0, "demo data loaded"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(ctx, tt.args, getenv, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stdout.String()+stderr.String(), tt.output) {
			t.Fatalf("kriya %v = %d\nstdout: %s\nstderr: %s", tt.args, code, stdout.String(), stderr.String())
		}
	}
	// The catalog is read as a server would see it: one started before the
	// seeding, and one started after (a running server would show the new
	// products within store.CacheTTL).
	open := func() *store.Store {
		st, err := store.Open(ctx, store.Options{Driver: store.SQLite, DSN: env["KRIYA_DB_DSN"]})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	st := open()
	listed := func() map[string]catalog.Product {
		out := map[string]catalog.Product{}
		for page := 1; ; page++ {
			l, err := st.Products(ctx, catalog.Query{Sort: catalog.SortNewest, Page: page, PerPage: catalog.MaxPerPage})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range l.Products {
				out[p.Slug] = p
			}
			if page >= l.Pages() {
				return out
			}
		}
	}
	silver := func() int64 {
		l, err := st.Products(ctx, catalog.Query{Text: "silver", Page: 1, PerPage: 1})
		if err != nil {
			t.Fatal(err)
		}
		return l.Total
	}
	before, silverBefore := listed(), silver()

	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"seed", "products", "50"}, getenv, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "50 products added") {
		t.Fatalf("seed products 50 = %d\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
	}
	st = open()
	after := listed()
	if len(after) != len(before)+50 {
		t.Fatalf("%d products listed after seeding 50 onto %d", len(after), len(before))
	}
	if silver() <= silverBefore {
		t.Errorf("searching silver finds %d products, as many as before seeding", silver())
	}
	for slug, p := range after {
		if _, ok := before[slug]; ok {
			continue
		}
		if len(p.SKUs) == 0 || p.Title.EN == "" {
			t.Errorf("new product %s (%q, %q) has %d SKUs", p.Slug, p.Title.ID, p.Title.EN, len(p.SKUs))
		}
		l, err := st.Products(ctx, catalog.Query{Text: p.Title.ID, Artisan: p.Artisan.Slug, Page: 1, PerPage: catalog.MaxPerPage})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, q := range l.Products {
			found = found || q.Slug == p.Slug
		}
		if !found {
			t.Errorf("searching %q by %s does not find %s", p.Title.ID, p.Artisan.Slug, p.Slug)
		}
	}
}
