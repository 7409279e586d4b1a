package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kriya/internal/account"
	"kriya/internal/artisan"
	"kriya/internal/store"
)

// withoutBankAccount is a site whose council has not set its account.
func withoutBankAccount(d *siteDeps) { d.Config.BankAccount = "" }

// Issue 14, finding 13: with no KRIYA_BANK_ACCOUNT (no made-up default),
// bank transfer is not offered, on the page or through the API.
func TestBankTransferIsOffUntilTheCouncilSetsItsAccount(t *testing.T) {
	s := newSite(t, store.SQLite, withoutBankAccount)
	sku := setStock(t, s, "kain-endek", 5)
	s.post("/cart/items", url.Values{"sku": {sku.Code}, "quantity": {"1"}})
	_, page, _ := s.get("/checkout")
	if strings.Contains(page, `value="manual"`) || !strings.Contains(page, "Pembayaran belum dibuka") {
		t.Error("the checkout offers bank transfer, or does not say payments are not open, without a council account")
	}
	if status, body := s.postJSON("/api/v1/orders", apiOrderBody(sku.Code, 1, "made@example.id")); status != 422 || !strings.Contains(body, `"payment_method"`) {
		t.Errorf("a bank-transfer order through the API without an account = %d %s, want 422 on payment_method", status, body)
	}
}

// Issue 14, finding 12: the API reads JSON bodies only, and knows people
// by their bearer token only; the site's forms take sessions only.
func TestAPIAndFormsKeepTheirOwnCredentials(t *testing.T) {
	s := newSite(t, store.SQLite)
	req, _ := http.NewRequest("POST", s.url+"/api/v1/orders", strings.NewReader(url.Values{"email": {"x@example.id"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("a form-encoded API order = %v %v, want 415", res.Status, err)
	}
	staff := s.as(account.RoleStaff, "")
	if status, body, _ := staff.get("/api/v1/me"); status != http.StatusUnauthorized {
		t.Errorf("the API with a session cookie and no token = %d %s, want 401", status, body)
	}
	token := apiToken(t, s, staff)
	form := url.Values{"zone": {"bali"}, "max_grams": {"1000"}, "fee": {"1"}}
	req, _ = http.NewRequest("POST", s.url+"/council/rates", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil || res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("a site form with a bearer token and no session = %v %v, want sent to sign in", res.Status, err)
	}
	if status, _, _ := s.get("/products", "Authorization", "Basic a3JpeWE6a3JpeWE="); status != http.StatusOK {
		t.Errorf("a page asked with another kind of Authorization header = %d, want 200 (pages ignore it)", status)
	}
}

// Issue 14, finding 13: a suspended artisan's own account can no longer
// change its shop, on the pages or through the API.
func TestSuspendedArtisanCannotChangeItsShop(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		a := s.as(account.RoleArtisan, "perak-sari")
		token := apiToken(t, s, a)
		sari := mustArtisan(t, s, "perak-sari")
		if _, err := s.store.ChangeArtisanStatus(ctx, sari.ID, artisan.Change{Action: artisan.Suspend, ByStaff: true, Reason: "monev: izin habis", ActorName: "Staf"}); err != nil {
			t.Fatal(err)
		}
		listings, _ := s.store.ArtisanListings(ctx, sari.ID)
		code := listings[0].SKUs[0].Code
		req, _ := http.NewRequest("PATCH", s.url+"/api/v1/artisan/skus/"+code, strings.NewReader(`{"stock":9}`))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
			t.Errorf("a suspended artisan's API stock change = %v %v, want 403", res.Status, err)
		}
		page := "/artisan/products/new"
		form := url.Values{"csrf_token": {a.csrf(page)}, "title_id": {"Gelang Baru"}, "category": {"1"}, "sku_price": {"100000"}, "sku_stock": {"1"}, "sku_label": {""}}
		if status, _, _ := a.post(page, form); status != http.StatusForbidden {
			t.Errorf("a suspended artisan's new listing = %d, want 403", status)
		}
	})
}

// Issue 14, finding 13: looking at pages with forms, as an anonymous
// visitor, writes no session (200 such views wrote 200 session rows); the
// visitor can still sign in from the form the page shows.
func TestAnonymousPageViewsWriteNoSession(t *testing.T) {
	s := newSite(t, store.SQLite)
	for _, page := range []string{"/login", "/signup", "/password/forgot", "/products/cincin-jawan", "/cart"} {
		req, _ := http.NewRequest("GET", s.url+page, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		for _, c := range res.Cookies() {
			if c.Name == "kriya_session" {
				t.Errorf("GET %s as an anonymous visitor set a session cookie", page)
			}
		}
	}
	email := s.addUser(account.RoleBuyer, "")
	if status := s.login(email, testPassword); status != http.StatusSeeOther {
		t.Errorf("signing in from the page without a session = %d, want 303", status)
	}
}
