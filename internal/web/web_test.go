package web_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"kriya/internal/app"
	"kriya/internal/catalog"
	"kriya/internal/config"
	"kriya/internal/media"
	"kriya/internal/payment"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
	"kriya/internal/web"
	"kriya/internal/web/api"
)

// testBankAccount is the council's account in tests: bank transfer is
// offered only once one is set.
const testBankAccount = "BPD Bali 000.00.00000 a.n. Dekranasda (tes)"

// site is a running Kriya on a real database, reached over HTTP by a
// browser-like client that keeps cookies.
type site struct {
	t       *testing.T
	url     string
	client  *http.Client
	store   *store.Store
	server  *web.Server
	files   *media.Disk
	private *media.Disk
}

// siteDeps is what a test site is built from: the site's own, and the
// card provider the use cases talk to.
type siteDeps struct {
	web.Deps
	Card payment.Card
}

func newSite(t *testing.T, dialect string, options ...func(*siteDeps)) *site {
	t.Helper()
	st := storetest.Open(t, dialect)
	storetest.Catalog(t, st)
	files, err := media.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	private, err := media.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "KRIYA_BASE_URL":
			return "http://" + ts.Listener.Addr().String()
		case "KRIYA_BANK_ACCOUNT":
			return testBankAccount
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	deps := siteDeps{Deps: web.Deps{Config: cfg, Store: st, Sessions: st.Sessions(), Files: files, Private: private,
		Log: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelError}))}}
	for _, o := range options {
		o(&deps)
	}
	if deps.App, err = app.New(context.Background(), app.Deps{Config: deps.Config, Store: st, Card: deps.Card, Log: deps.Log}); err != nil {
		t.Fatal(err)
	}
	if deps.API, err = api.New(api.Deps{Config: deps.Config, App: deps.App, Store: st, Log: deps.Log}); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(deps.Deps)
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = srv.Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &site{t: t, url: ts.URL, client: client, store: st, server: srv, files: files, private: private}
}

// get fetches a path and returns the status, body and headers.
func (s *site) get(path string, header ...string) (int, string, http.Header) {
	s.t.Helper()
	req, err := http.NewRequest("GET", s.url+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var body io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		if body, err = gzip.NewReader(res.Body); err != nil {
			s.t.Fatal(err)
		}
	}
	b, err := io.ReadAll(body)
	if err != nil {
		s.t.Fatal(err)
	}
	return res.StatusCode, string(b), res.Header
}

func forEachDialect(t *testing.T, test func(t *testing.T, s *site)) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) { test(t, newSite(t, dialect)) })
	}
}

func TestStorefrontPages(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		tests := []struct {
			path   string
			status int
			want   []string // fragments the page must show
			absent []string // fragments it must not
		}{
			{"/", 200, []string{"<html lang=\"id\"", "Kategori", "Perhiasan Perak", "Cincin Perak Motif Jawan", `<meta name="description"`}, nil},
			{"/products", 200, []string{"4 produk", "Selendang Songket Emas", `rel="canonical" href="http://`}, []string{"Cincin Perak Draf", "Tersembunyi"}},
			{"/products?category=tenun", 200, []string{"2 produk", "Kain Tenun Endek Cepuk"}, []string{"Anting Perak Bunga"}},
			{"/products?q=silver+ring", 200, []string{"1 produk", "Cincin Perak Motif Jawan", `name="robots" content="noindex"`}, []string{"Anting"}},
			{"/products?q=perak&sort=price_asc", 200, []string{"2 produk"}, nil},
			{"/products?in_stock=1&category=perak", 200, []string{"1 produk"}, []string{"Anting Perak Bunga"}},
			{"/products/cincin-jawan", 200, []string{
				"Cincin Perak Motif Jawan", "Rp 450.000", "Rp 475.000", "Ukuran 6", "Ukuran 7", "Stok habis", "Tersedia 2",
				`property="og:type" content="product"`, `property="og:image"`, "Perak Sari", "Perak 925",
			}, nil},
			{"/products/cincin-draft", 404, []string{"Halaman tidak ditemukan", "Kriya"}, nil},
			{"/products/nope", 404, []string{"Halaman tidak ditemukan"}, nil},
			{"/artisans", 200, []string{"Perak Sari", "Tenun Ayu"}, []string{"Perak Gone"}},
			{"/artisans/tenun-ayu", 200, []string{"Tenun Ayu", "Selendang Songket Emas", `content="profile"`}, nil},
			{"/artisans/perak-gone", 404, nil, nil},
			{"/no/such/page", 404, []string{"Halaman tidak ditemukan"}, nil},
			{"/robots.txt", 200, []string{"Sitemap: http://"}, nil},
			{"/sitemap.xml", 200, []string{"<urlset", "/products/cincin-jawan</loc>", "/artisans/tenun-ayu</loc>"}, []string{"cincin-draft", "cincin-hidden"}},
			{"/healthz", 200, []string{`{"status":"ok"}`}, nil},
		}
		for _, tt := range tests {
			status, body, _ := s.get(tt.path)
			if status != tt.status {
				t.Errorf("GET %s: status %d, want %d", tt.path, status, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: page lacks %q", tt.path, w)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(body, a) {
					t.Errorf("GET %s: page shows %q", tt.path, a)
				}
			}
		}
	})
}

// Odd parameters give a page that says what it ignored, never a 5xx.
func TestCatalogToleratesMalformedParameters(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		tests := []struct{ query, notice string }{
			{"page=-1", ""},
			{"page=abc", "Nomor halaman tidak dikenali"},
			{"per_page=100000", ""},
			{"min_price=abc", "Harga minimum harus berupa angka"},
			{"min_price=900000&max_price=100", "Harga maksimum harus"},
			{"max_price=1e9999", "Harga maksimum harus"},
			{"category=unknown", "Kategori itu tidak ada"},
			{"artisan=%00%ff", "Perajin itu tidak ditemukan"},
			{"sort=DROP%3B", "Urutan tidak dikenali"},
			{"sort=;DROP", ""},
			{"q=" + strings.Repeat("%22perak*+OR+", 800), ""},
			{"page=99999999999999999999", "Nomor halaman"},
		}
		for _, tt := range tests {
			status, body, _ := s.get("/products?" + tt.query)
			if status != 200 {
				t.Errorf("GET /products?%.60s: status %d, want 200", tt.query, status)
			}
			if tt.notice != "" && !strings.Contains(body, tt.notice) {
				t.Errorf("GET /products?%.60s: no notice %q", tt.query, tt.notice)
			}
		}
	})
}

func TestAPIProducts(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		var list struct {
			Items []struct {
				Slug, Title, Currency, Category string
				Price                           int64
				InStock                         bool `json:"in_stock"`
				Artisan                         struct{ Slug, Name string }
				SKUs                            []struct {
					SKU, Label   string
					Price, Stock int64
				} `json:"skus"`
			}
			Total   int64
			Page    int
			PerPage int `json:"per_page"`
		}
		status, body, h := s.get("/api/v1/products?category=perak&sort=price_desc")
		if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			t.Fatalf("status %d, type %s", status, h.Get("Content-Type"))
		}
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			t.Fatal(err)
		}
		if list.Total != 2 || len(list.Items) != 2 || list.Page != 1 || list.PerPage != 24 {
			t.Fatalf("list = %d items of %d, page %d per %d", len(list.Items), list.Total, list.Page, list.PerPage)
		}
		ring := list.Items[0]
		if ring.Slug != "cincin-jawan" || ring.Title != "Cincin Perak Motif Jawan" || ring.Price != 450_000 ||
			ring.Currency != "IDR" || ring.Category != "perak" || !ring.InStock || ring.Artisan.Slug != "perak-sari" ||
			len(ring.SKUs) != 3 || ring.SKUs[1].Label != "Ukuran 7" || ring.SKUs[1].Stock != 0 || ring.SKUs[0].SKU == "" {
			t.Errorf("ring = %+v", ring)
		}
		if list.Items[1].InStock {
			t.Errorf("earrings have no stock but in_stock is true")
		}

		_, body, _ = s.get("/api/v1/products?q=silver&lang=en&per_page=100000&page=-1")
		if err := json.Unmarshal([]byte(body), &list); err != nil {
			t.Fatal(err)
		}
		if list.PerPage != 100 || list.Page != 1 || list.Total != 2 || list.Items[0].Title == "" || !strings.Contains(list.Items[0].Title+list.Items[1].Title, "Silver") {
			t.Errorf("English search = %+v", list)
		}
	})
}

func TestAPIErrors(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		tests := []struct {
			path   string
			status int
			code   string
			field  string
		}{
			{"/api/v1/products?min_price=abc", 422, "invalid_parameters", "min_price"},
			{"/api/v1/products?category=unknown", 422, "invalid_parameters", "category"},
			{"/api/v1/products?sort=random", 422, "invalid_parameters", "sort"},
			{"/api/v1/products/nope", 404, "not_found", ""},
			{"/api/v1/artisans/perak-gone", 404, "not_found", ""},
			{"/api/v1/nothing", 404, "not_found", ""},
		}
		for _, tt := range tests {
			status, body, _ := s.get(tt.path)
			var e struct {
				Error struct {
					Code, Message string
					Fields        map[string]string
				}
			}
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Errorf("GET %s: body is not JSON: %.100s", tt.path, body)
				continue
			}
			if status != tt.status || e.Error.Code != tt.code || e.Error.Message == "" {
				t.Errorf("GET %s = %d %+v, want %d %s", tt.path, status, e.Error, tt.status, tt.code)
			}
			if tt.field != "" && e.Error.Fields[tt.field] == "" {
				t.Errorf("GET %s: no message for field %s: %+v", tt.path, tt.field, e.Error.Fields)
			}
		}
		status, body, _ := s.get("/api/v1/artisans/tenun-ayu?lang=en")
		if status != 200 || !strings.Contains(body, `"slug":"tenun-ayu"`) || !strings.Contains(body, `"category":"tenun"`) {
			t.Errorf("artisan = %d %s", status, body)
		}
	})
}

func TestLanguageSwitchIsRemembered(t *testing.T) {
	s := newSite(t, store.SQLite)
	status, _, h := s.get("/lang/en?next=/products%3Fcategory%3Dtenun")
	if status != http.StatusSeeOther || h.Get("Location") != "/products?category=tenun" {
		t.Fatalf("switch = %d to %q", status, h.Get("Location"))
	}
	_, body, _ := s.get("/products/kain-endek")
	for _, w := range []string{`<html lang="en"`, "Endek Cepuk Cloth", "Rp 850,000", "Bahasa Indonesia", "Handed to the courier within 2 days of payment"} {
		if !strings.Contains(body, w) {
			t.Errorf("English page lacks %q", w)
		}
	}
	// Only paths on this site are followed after switching.
	if _, _, h := s.get("/lang/id?next=//evil.example/"); h.Get("Location") != "/" {
		t.Errorf("open redirect to %q", h.Get("Location"))
	}
	_, body, _ = s.get("/")
	if !strings.Contains(body, `<html lang="id"`) {
		t.Error("switching back to Indonesian did not stick")
	}
}

func TestAssetsAreFingerprintedCachedAndCompressed(t *testing.T) {
	s := newSite(t, store.SQLite)
	_, body, h := s.get("/", "Accept-Encoding", "gzip")
	if h.Get("Content-Encoding") != "gzip" {
		t.Error("home page is not gzip-compressed")
	}
	for _, header := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if h.Get(header) == "" {
			t.Errorf("no %s header", header)
		}
	}
	css := regexp.MustCompile(`/static/css/app\.[0-9a-f]{8}\.css`).FindString(body)
	if css == "" {
		t.Fatal("no fingerprinted stylesheet link")
	}
	status, _, h := s.get(css)
	if status != 200 || !strings.Contains(h.Get("Cache-Control"), "immutable") || !strings.HasPrefix(h.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet = %d, %q, %q", status, h.Get("Cache-Control"), h.Get("Content-Type"))
	}
	if status, _, _ := s.get("/static/css/app.css"); status != 404 {
		t.Errorf("unfingerprinted asset = %d, want 404", status)
	}
	if status, _, _ := s.get("/media/../../etc/passwd"); status != 404 {
		t.Errorf("media traversal = %d, want 404", status)
	}
}

// When the database fails, the user sees the site's error page with a
// reference, and nothing of the error itself.
func TestInternalErrorsShowNoDetails(t *testing.T) {
	s := newSite(t, store.SQLite)
	s.store.Close()
	status, body, _ := s.get("/products")
	if status != 500 || !strings.Contains(body, "Maaf, terjadi kesalahan") || !strings.Contains(body, "Kode rujukan") {
		t.Errorf("GET /products with the database closed = %d %.200s", status, body)
	}
	if strings.Contains(strings.ToLower(body), "sql") || strings.Contains(body, "closed") {
		t.Errorf("error page leaks internals: %s", body)
	}
	status, body, _ = s.get("/api/v1/products")
	if status != 500 || strings.Contains(body, "sql") || !strings.Contains(body, `"code":"internal"`) {
		t.Errorf("API with the database closed = %d %s", status, body)
	}
	if status, _, _ := s.get("/healthz"); status != 503 {
		t.Errorf("healthz with the database closed = %d, want 503", status)
	}
}

// Public pages may be served from a cache, but never one older than this
// process's last write: a new product shows on the next visit.
func TestCachedPagesShowWritesAtOnce(t *testing.T) {
	s := newSite(t, store.SQLite)
	_, before, _ := s.get("/products?category=tenun")
	if !strings.Contains(before, "2 produk") {
		t.Fatalf("tenun before: %.300s", before)
	}
	ctx := context.Background()
	ayu, err := s.store.ArtisanBySlug(ctx, "tenun-ayu")
	if err != nil {
		t.Fatal(err)
	}
	p := &catalog.Product{Slug: "kain-baru", ArtisanID: ayu.ID, CategoryID: ayu.CategoryID,
		Title: catalog.Text{ID: "Kain Endek Baru"}, Status: catalog.ProductActive,
		SKUs: []catalog.SKU{{Price: 500_000, Stock: 1}}}
	if err := s.store.SaveListing(ctx, p); err != nil {
		t.Fatal(err)
	}
	_, after, _ := s.get("/products?category=tenun")
	if !strings.Contains(after, "3 produk") || !strings.Contains(after, "Kain Endek Baru") {
		t.Errorf("the new product is missing from the page after it was created")
	}
}

// testLog shows the server's error log lines in the test's output, so a
// failing request says why.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
