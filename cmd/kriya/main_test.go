package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
	"kriya/internal/stripe/stripetest"
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

// kriya payments reconcile against stripe-mock and a SQLite store: a card
// payment Kriya recorded in the period is a mismatch (stripe-mock's one
// fixture charge is dated 2009, so Stripe has none), reported on one line
// with the summary after it and exit status 1; a period without card money
// compares nothing and exits 0.
func TestPaymentsReconcile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	env := map[string]string{"KRIYA_DB_DSN": filepath.Join(dir, "kriya.db"), "KRIYA_DATA_DIR": filepath.Join(dir, "data")}
	getenv := func(k string) string { return env[k] }
	reconcile := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(ctx, append([]string{"payments", "reconcile"}, args...), getenv, &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	if code, _, stderr := reconcile("--since", "2026-11-01"); code != 1 || !strings.Contains(stderr, "Stripe is not configured") {
		t.Errorf("reconcile without Stripe = %d %s", code, stderr)
	}
	env["KRIYA_STRIPE_SECRET_KEY"] = "sk_test_kriya0123456789abcdef"
	env["KRIYA_STRIPE_WEBHOOK_SECRET"] = "whsec_test"
	env["KRIYA_STRIPE_API_BASE"] = stripetest.Start(t)

	// One card order, paid on 10 November (WITA).
	paidAt := time.Date(2026, 11, 10, 3, 0, 0, 0, time.UTC)
	st, err := store.Open(ctx, store.Options{Driver: store.SQLite, DSN: env["KRIYA_DB_DSN"], Now: func() time.Time { return paidAt }})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Catalog(t, st)
	p, _ := st.ProductBySlug(ctx, "kain-endek")
	o := order.Order{Number: order.NewNumber(), CheckoutKey: order.NewNumber(), Email: "b@example.id", Name: "B",
		PaymentMethod: order.MethodStripe, Status: order.PendingPayment, ExpiresAt: paidAt.Add(time.Hour), Address: order.Address{Country: "ID"},
		Fulfilments: []order.Fulfilment{{ArtisanID: p.ArtisanID, ArtisanName: "Tenun Ayu", Status: order.FulfilmentPending, Zone: order.ZonePickup}},
		Lines: []order.Line{{ArtisanID: p.ArtisanID, ProductID: p.ID, SKUID: p.SKUs[0].ID, SKUCode: p.SKUs[0].Code,
			Title: p.Title.ID, Price: p.SKUs[0].Price, Quantity: 1}}}
	o.Totals()
	if _, err := st.PlaceOrder(ctx, &o, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyCardEvent(ctx, payment.Event{ID: "evt_1", Type: payment.EventPaid, OrderNumber: o.Number,
		PaymentIntent: "pi_1", Amount: o.Total, Paid: true}, 0); err != nil {
		t.Fatal(err)
	}
	st.Close()

	yesterday := time.Now().In(i18n.WITA).AddDate(0, 0, -1).Format(time.DateOnly)
	for _, tt := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"--from", "2026-11-01", "--to", "2026-11-30"}, 1,
			o.Number + ": Stripe has no charge, Kriya recorded 850000 and refunded 0\n1 orders compared, 1 mismatches\n", "payments differ"},
		{[]string{"--since", "2026-11-10", "--to", "2026-11-10"}, 1,
			o.Number + ": Stripe has no charge, Kriya recorded 850000 and refunded 0\n1 orders compared, 1 mismatches\n", "payments differ"},
		{[]string{"--from", "2026-12-01", "--to", "2026-12-31"}, 0, "0 orders compared, 0 mismatches\n", ""},
		{[]string{"--from", yesterday}, 0, "0 orders compared, 0 mismatches\n", ""}, // --to is today
		{[]string{"--from", "2026-11-30", "--to", "2026-11-01"}, 2, "", "--to must not be before --from"},
		{[]string{"--to", "2026-11-30"}, 2, "", "--from must be a date"},
	} {
		code, stdout, stderr := reconcile(tt.args...)
		if code != tt.code || stdout != tt.stdout || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("kriya payments reconcile %v = %d\nstdout: %s\nstderr: %s", tt.args, code, stdout, stderr)
		}
	}
	if code, stdout, _ := reconcile("-h"); code != 0 || !strings.Contains(stdout, "Usage: kriya payments reconcile --from DATE [--to DATE]") ||
		!strings.Contains(stdout, "-since") {
		t.Errorf("kriya payments reconcile -h = %d\n%s", code, stdout)
	}
}

func TestReconcileMismatchLine(t *testing.T) {
	idr := func(received, refunded int64) payment.Totals {
		return payment.Totals{Found: true, Currency: payment.Currency, Received: received, Refunded: refunded}
	}
	for _, tt := range []struct {
		m    payment.Mismatch
		want string
	}{
		{payment.Mismatch{Order: "KR-ABC", Provider: idr(450_000, 0), Kriya: idr(225_000, 0)},
			"KR-ABC: Stripe received 450000 and refunded 0, Kriya recorded 225000 and refunded 0"},
		{payment.Mismatch{Order: "KR-ABC", Provider: payment.Totals{Currency: payment.Currency}, Kriya: idr(225_000, 0)},
			"KR-ABC: Stripe has no charge, Kriya recorded 225000 and refunded 0"},
		{payment.Mismatch{Order: "KR-ABC", Provider: idr(450_000, 0), Kriya: payment.Totals{Currency: payment.Currency}},
			"KR-ABC: Stripe received 450000 and refunded 0, Kriya recorded nothing"},
		{payment.Mismatch{Order: "KR-ABC", Provider: payment.Totals{Found: true, Currency: payment.Currency, Received: 450_000, Disputed: true}, Kriya: idr(450_000, 0)},
			"KR-ABC: Stripe received 450000 and refunded 0 (disputed), Kriya recorded 450000 and refunded 0"},
		{payment.Mismatch{Order: "KR-ABC", Provider: payment.Totals{Found: true, Currency: "USD", Received: 30}, Kriya: idr(450_000, 0)},
			"KR-ABC: Stripe received 30 USD and refunded 0 USD, Kriya recorded 450000 and refunded 0"},
		{payment.Mismatch{Charges: []string{"ch_1"}, Provider: idr(70_000, 0), Kriya: payment.Totals{Currency: payment.Currency}},
			"charge ch_1 of no Kriya order: Stripe received 70000 and refunded 0, Kriya recorded nothing"},
	} {
		if got := mismatchLine(tt.m); got != tt.want {
			t.Errorf("mismatchLine(%+v)\n = %s\nwant %s", tt.m, got, tt.want)
		}
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
