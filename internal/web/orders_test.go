package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/order"
	"kriya/internal/store"
)

// setStock gives a SKU of the fixture a stock level.
func setStock(t *testing.T, s *site, productSlug string, stock int) catalog.SKU {
	t.Helper()
	ctx := context.Background()
	p, err := s.store.ProductBySlug(ctx, productSlug)
	if err != nil {
		t.Fatal(err)
	}
	full, err := s.store.ArtisanListing(ctx, p.ArtisanID, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	full.SKUs[0].Stock = stock
	if err := s.store.SaveListing(ctx, &full); err != nil {
		t.Fatal(err)
	}
	return full.SKUs[0]
}

func apiOrderBody(sku string, qty int, email string) string {
	return fmt.Sprintf(`{"email":%q,"name":"Ketut Buyer","phone":"081234567890",
		"address":{"line1":"Jl. Hayam Wuruk 1","kelurahan":"Sumerta","kecamatan":"Denpasar Timur","city":"Kota Denpasar","province":"Bali","postal_code":"80235","country":"ID"},
		"items":[{"sku":%q,"quantity":%d}],"payment_method":"manual"}`, email, sku, qty)
}

func (s *site) postJSON(path, body string, header ...string) (int, string) {
	req, _ := http.NewRequest("POST", s.url+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Error(err)
		return 0, ""
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// 50 buyers at once for a SKU with 7 in stock: exactly 7 orders, 43 clear
// out-of-stock answers, never a negative stock or a server error.
func TestConcurrentOrdersNeverOversell(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		sku := setStock(t, s, "kain-endek", 7)
		var wg sync.WaitGroup
		var mu sync.Mutex
		statuses := map[int]int{}
		for i := range 50 {
			wg.Go(func() {
				status, body := s.postJSON("/api/v1/orders", apiOrderBody(sku.Code, 1, fmt.Sprintf("b%d@example.id", i)))
				mu.Lock()
				statuses[status]++
				mu.Unlock()
				if status == http.StatusConflict && !strings.Contains(body, `"code":"out_of_stock"`) {
					t.Errorf("409 without out_of_stock: %s", body)
				}
			})
		}
		wg.Wait()
		if statuses[201] != 7 || statuses[409] != 43 || len(statuses) != 2 {
			t.Errorf("answers = %v, want 7×201 and 43×409", statuses)
		}
		k, _ := s.store.ArtisanSKU(context.Background(), mustArtisan(t, s, "tenun-ayu").ID, sku.Code)
		if k.Stock != 0 {
			t.Errorf("stock left = %d, want 0", k.Stock)
		}
		orders, _ := s.store.Orders(context.Background(), order.Filter{})
		if len(orders) != 7 {
			t.Errorf("%d orders stored, want 7", len(orders))
		}
	})
}

// A buyer's journey as a guest with bank transfer, then the council and
// the artisan: placed, paid, shipped with tracking, delivered.
func TestCheckoutJourney(t *testing.T) {
	s := newSite(t, store.SQLite)
	ctx := context.Background()
	setStock(t, s, "kain-endek", 3)
	buyer := s.as("", "")
	p, _ := s.store.ProductBySlug(ctx, "kain-endek")
	status, _, h := buyer.post("/cart/items", url.Values{"sku": {p.SKUs[0].Code}, "quantity": {"2"}})
	if status != http.StatusSeeOther || h.Get("Location") != "/cart" {
		t.Fatalf("add to cart = %d %s", status, h.Get("Location"))
	}
	if _, cart, _ := buyer.get("/cart"); !strings.Contains(cart, "Kain Tenun Endek Cepuk") || !strings.Contains(cart, "Rp 1.700.000") ||
		!strings.Contains(cart, "Keranjang (2)") {
		t.Fatalf("cart page (with the count in the header): %.300s", cart)
	}
	_, page, _ := buyer.get("/checkout")
	key := regexp.MustCompile(`name="checkout_key" value="([^"]+)"`).FindStringSubmatch(page)
	if key == nil {
		t.Fatal("no checkout key")
	}
	form := url.Values{"csrf_token": {buyer.csrf("/checkout")}, "checkout_key": {key[1]}, "email": {"wayan@example.id"}, "name": {"Wayan"},
		"phone": {"0812 3456 7890"}, "delivery": {"ship"}, "country": {"ID"}, "province": {"Bali"}, "city": {"Kota Denpasar"},
		"kecamatan": {"Denpasar Timur"}, "kelurahan": {"Sumerta"}, "postal_code": {"80235"}, "street": {"Jl. Hayam Wuruk 1"}, "payment_method": {"manual"}}
	status, preview, _ := buyer.post("/checkout", form)
	m := regexp.MustCompile(`name="confirmed_total" value="(\d+)"`).FindStringSubmatch(preview)
	if status != 200 || m == nil || m[1] != "1715000" {
		t.Fatalf("preview = %d, total %v (1.700.000 + Denpasar 1 kg 15.000 expected)", status, m)
	}
	form.Set("confirmed_total", m[1])
	// A double click: the same form twice, at once.
	var wg sync.WaitGroup
	locations := make([]string, 2)
	for i := range 2 {
		wg.Go(func() {
			_, _, h := buyer.post("/checkout", form)
			locations[i] = h.Get("Location")
		})
	}
	wg.Wait()
	if locations[0] == "" || locations[0] != locations[1] || !strings.HasPrefix(locations[0], "/orders/KR-") {
		t.Fatalf("double submission went to %v; want one order", locations)
	}
	orders, _ := s.store.Orders(ctx, order.Filter{Query: "wayan@example.id"})
	if len(orders) != 1 {
		t.Fatalf("%d orders for one checkout", len(orders))
	}
	number := orders[0].Number
	_, orderPage, _ := buyer.get(locations[0])
	for _, want := range []string{number, "Menunggu pembayaran", "Transfer tepat Rp 1.715.000", "BPD Bali"} {
		if !strings.Contains(orderPage, want) {
			t.Errorf("order page lacks %q", want)
		}
	}
	if status, _, _ := s.as("", "").get("/orders/" + number); status != 404 {
		t.Errorf("the order without its signed link = %d, want 404", status)
	}
	if status, _, _ := s.as("", "").get("/orders/" + number + "?sig=forged"); status != 404 {
		t.Errorf("the order with a forged link = %d, want 404", status)
	}

	staff := s.as(account.RoleStaff, "")
	path := "/council/orders/" + number + "/payments"
	if status, _, _ := staff.post(path, url.Values{"csrf_token": {staff.csrf("/council/orders/" + number)}, "amount": {"1.715.000"},
		"reference": {"BPD 2611-889"}, "paid_at": {"2026-11-27"}}); status != http.StatusSeeOther {
		t.Fatalf("confirm payment = %d", status)
	}
	if status, _, _ := staff.post(path, url.Values{"csrf_token": {staff.csrf("/council/orders/" + number)}, "amount": {"1715000"},
		"reference": {"again"}, "paid_at": {"2026-11-27"}}); status != http.StatusConflict {
		t.Errorf("confirming twice = %d, want 409", status)
	}

	artisan := s.as(account.RoleArtisan, "tenun-ayu")
	_, list, _ := artisan.get("/artisan/orders")
	f := regexp.MustCompile(`href="/artisan/orders/(\d+)">` + number).FindStringSubmatch(list)
	if f == nil {
		t.Fatalf("the paid order is not in the artisan's list to pack: %.500s", list)
	}
	base := "/artisan/orders/" + f[1]
	if _, slip, _ := artisan.get(base + "/slip"); !strings.Contains(slip, "Jl. Hayam Wuruk 1") || !strings.Contains(slip, "80235") {
		t.Error("the packing slip lacks the address")
	}
	if status, _, _ := artisan.post(base+"/ship", url.Values{"csrf_token": {artisan.csrf(base)}, "courier": {"JNE"}, "tracking": {"JNE1234567890"}}); status != http.StatusSeeOther {
		t.Fatalf("ship = %d", status)
	}
	if _, page, _ := buyer.get(locations[0]); !strings.Contains(page, "JNE1234567890") || !strings.Contains(page, "Dikirim") {
		t.Error("the buyer does not see the tracking number")
	}
	if status, _, _ := artisan.post(base+"/deliver", url.Values{"csrf_token": {artisan.csrf(base)}}); status != http.StatusSeeOther {
		t.Fatalf("deliver = %d", status)
	}
	final, _ := s.store.OrderByNumber(ctx, number)
	if final.Status != order.Fulfilled {
		t.Errorf("order status = %s, want fulfilled", final.Status)
	}
	emails, _ := s.store.PendingEmails(ctx)
	var subjects []string
	for _, e := range emails {
		if e.To == "wayan@example.id" {
			subjects = append(subjects, e.Subject)
		}
	}
	if got := strings.Join(subjects, " | "); !strings.Contains(got, "diterima") || !strings.Contains(got, "Pembayaran") || !strings.Contains(got, "dikirim") {
		t.Errorf("buyer e-mails: %s", got)
	}
	// Another artisan cannot see or ship this part.
	other := s.as(account.RoleArtisan, "perak-sari")
	if status, _, _ := other.get(base); status != 404 {
		t.Errorf("another artisan's view of the part = %d, want 404", status)
	}
}

// The buyer cancels an unpaid order; its stock is back on sale.
func TestBuyerCancelsUnpaidOrder(t *testing.T) {
	s := newSite(t, store.SQLite)
	sku := setStock(t, s, "songket-emas", 2)
	status, body := s.postJSON("/api/v1/orders", apiOrderBody(sku.Code, 2, "made@example.id"))
	if status != 201 {
		t.Fatalf("order = %d %s", status, body)
	}
	var o struct {
		Number  string
		Payment struct {
			RedirectURL string `json:"redirect_url"`
		}
	}
	json.Unmarshal([]byte(body), &o)
	link := strings.TrimPrefix(o.Payment.RedirectURL, s.url)
	b := s.as("", "")
	_, page, _ := b.get(link)
	sig := regexp.MustCompile(`name="sig" value="([^"]+)"`).FindStringSubmatch(page)
	if sig == nil {
		t.Fatalf("no cancel form on %s", link)
	}
	if status, _, _ := b.post("/orders/"+o.Number+"/cancel", url.Values{"sig": {sig[1]}, "csrf_token": {b.csrf(link)}}); status != http.StatusSeeOther {
		t.Fatalf("cancel = %d", status)
	}
	k, _ := s.store.ArtisanSKU(context.Background(), mustArtisan(t, s, "tenun-ayu").ID, sku.Code)
	if k.Stock != 2 {
		t.Errorf("stock after cancelling = %d, want 2", k.Stock)
	}
	// The API shows it to the buyer by e-mail, and to nobody else.
	if status, _, _ := s.get("/api/v1/orders/" + o.Number + "?email=MADE@example.id"); status != 200 {
		t.Errorf("GET order with the buyer's e-mail = %d", status)
	}
	if status, _, _ := s.get("/api/v1/orders/" + o.Number + "?email=other@example.id"); status != 404 {
		t.Errorf("GET order with another e-mail = %d, want 404", status)
	}
}

// What changed in the cart since the buyer added it is said, not hidden.
func TestCartChangesAreExplained(t *testing.T) {
	s := newSite(t, store.SQLite)
	ctx := context.Background()
	setStock(t, s, "kain-endek", 5)
	b := s.as("", "")
	p, _ := s.store.ProductBySlug(ctx, "kain-endek")
	b.post("/cart/items", url.Values{"sku": {p.SKUs[0].Code}, "quantity": {"4"}})
	full, _ := s.store.ArtisanListing(ctx, p.ArtisanID, p.ID)
	full.SKUs[0].Price, full.SKUs[0].Stock = 900_000, 2
	if err := s.store.SaveListing(ctx, &full); err != nil {
		t.Fatal(err)
	}
	_, cart, _ := b.get("/cart")
	for _, want := range []string{"berubah dari Rp 850.000 menjadi Rp 900.000", "tinggal 2", "Rp 1.800.000"} {
		if !strings.Contains(cart, want) {
			t.Errorf("cart lacks %q", want)
		}
	}
	// Signing in keeps the guest's cart.
	email := s.addUser(account.RoleBuyer, "")
	b.login(email, testPassword)
	if _, cart, _ := b.get("/cart"); !strings.Contains(cart, "Kain Tenun Endek Cepuk") {
		t.Error("the guest cart was lost at login")
	}
}
