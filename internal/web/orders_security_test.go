package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/order"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
)

// placeByAPI places an order through the API as an anonymous client and
// returns its number and signed link.
func placeByAPI(t *testing.T, s *site, body string, header ...string) (number, link string) {
	t.Helper()
	status, res := s.postJSON("/api/v1/orders", body, header...)
	if status != http.StatusCreated {
		t.Fatalf("order = %d %s", status, res)
	}
	var o struct {
		Number  string
		Payment struct {
			RedirectURL string `json:"redirect_url"`
		}
	}
	if err := json.Unmarshal([]byte(res), &o); err != nil {
		t.Fatal(err)
	}
	return o.Number, strings.TrimPrefix(o.Payment.RedirectURL, s.url)
}

// Finding 5 of issue 14: an artisan's cancel-line form, opened while the
// order waited for payment and sent after the buyer cancelled it, is
// refused: the line stays as it was and no stock moves. (Before the fix
// the line was cancelled in the closed order and the artisan told it was
// done.)
func TestCancelLineOfEndedOrderIsRefused(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		sku := setStock(t, s, "songket-emas", 3)
		number, link := placeByAPI(t, s, apiOrderBody(sku.Code, 2, "made@example.id"))

		artisan := s.as(account.RoleArtisan, "tenun-ayu")
		_, list, _ := artisan.get("/artisan/orders?status=pending")
		f := regexp.MustCompile(`href="/artisan/orders/(\d+)">` + number).FindStringSubmatch(list)
		if f == nil {
			t.Fatal("the unpaid order is not in the artisan's list of pending parts")
		}
		part := "/artisan/orders/" + f[1]
		_, page, _ := artisan.get(part)
		line := regexp.MustCompile(`<option value="(\d+)">`).FindStringSubmatch(page)
		if line == nil {
			t.Fatalf("no cancel-line form on the part's page")
		}
		form := url.Values{"csrf_token": {artisan.csrf(part)}, "line": {line[1]}, "reason": {"benang habis"}}

		buyer := s.as("", "")
		_, orderPage, _ := buyer.get(link)
		sig := regexp.MustCompile(`name="sig" value="([^"]+)"`).FindStringSubmatch(orderPage)
		if sig == nil {
			t.Fatal("no cancel form on the order page")
		}
		if status, _, _ := buyer.post("/orders/"+number+"/cancel", url.Values{"sig": {sig[1]}, "csrf_token": {buyer.csrf(link)}}); status != http.StatusSeeOther {
			t.Fatalf("buyer's cancel = %d", status)
		}
		if status, _, h := artisan.post(part+"/cancel-line", form); status != http.StatusSeeOther || h.Get("Location") != part {
			t.Fatalf("cancel-line = %d %s", status, h.Get("Location"))
		}
		if _, after, _ := artisan.get(part); !strings.Contains(after, "tidak dapat dilakukan pada status pesanan") {
			t.Errorf("the artisan is not told the line could not be cancelled")
		}
		k, _ := s.store.ArtisanSKU(ctx, mustArtisan(t, s, "tenun-ayu").ID, sku.Code)
		if k.Stock != 3 {
			t.Errorf("stock = %d, want 3 (given back once, by the buyer's cancel)", k.Stock)
		}
		o, _ := s.store.OrderByNumber(ctx, number)
		if o.Lines[0].Cancelled || o.Lines[0].Held != 0 {
			t.Errorf("line after the refused cancel: cancelled %v, held %d; want untouched", o.Lines[0].Cancelled, o.Lines[0].Held)
		}
	})
}

// checkoutForm fills the checkout form as a guest buyer does, from a cart
// holding qty of sku, and confirms the total shown; it returns the final
// answer's status and Location, and the checkout key of the form. header
// goes with every request.
func checkoutForm(t *testing.T, buyer *site, sku string, qty int, email string, header ...string) (int, string, string) {
	t.Helper()
	if status, _, _ := buyer.post("/cart/items", url.Values{"sku": {sku}, "quantity": {strconv.Itoa(qty)}}, header...); status != http.StatusSeeOther {
		t.Fatalf("add to cart = %d", status)
	}
	_, page, _ := buyer.get("/checkout", header...)
	key := regexp.MustCompile(`name="checkout_key" value="([^"]+)"`).FindStringSubmatch(page)
	if key == nil {
		t.Fatal("no checkout key on the checkout page")
	}
	form := url.Values{"csrf_token": {buyer.csrf("/checkout")}, "checkout_key": {key[1]}, "email": {email}, "name": {"Wayan"},
		"phone": {"0812 3456 7890"}, "delivery": {"pickup"}, "country": {"ID"}, "payment_method": {"manual"}}
	status, preview, _ := buyer.post("/checkout", form, header...)
	total := regexp.MustCompile(`name="confirmed_total" value="(\d+)"`).FindStringSubmatch(preview)
	if status != http.StatusOK || total == nil {
		t.Fatalf("preview = %d: %.300s", status, preview)
	}
	form.Set("confirmed_total", total[1])
	status, _, h := buyer.post("/checkout", form, header...)
	return status, h.Get("Location"), key[1]
}

// Finding 1 of issue 14: 20 anonymous clients, each with its own e-mail,
// from three client addresses, try to hold every unit of the catalog
// through the API. They get at most what the limits allow three addresses
// (3 × HeldPerClient units), not one unit more however they split their
// orders, and a real buyer from another address still checks out through
// the form. (Before the fix two requests took the whole catalog.)
func TestAnonymousClientsCannotHoardStock(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) { hoard(t, newSite(t, dialect, behindProxy)) })
	}
}

func hoard(t *testing.T, s *site) {
	ctx := context.Background()
	limits := order.DefaultLimits
	var skus []catalog.SKU
	for _, slug := range []string{"kain-endek", "songket-emas", "cincin-jawan"} {
		skus = append(skus, setStock(t, s, slug, 200))
	}
	stockOf := func(k catalog.SKU) int {
		p, _ := s.store.ProductBySlug(ctx, map[string]string{skus[0].Code: "kain-endek", skus[1].Code: "songket-emas", skus[2].Code: "cincin-jawan"}[k.Code])
		got, err := s.store.ArtisanSKU(ctx, p.ArtisanID, k.Code)
		if err != nil {
			t.Fatal(err)
		}
		return got.Stock
	}
	// One order for everything is refused outright.
	if status, body := s.postJSON("/api/v1/orders", apiOrderBody(skus[0].Code, order.MaxQuantity, "greedy@example.id")); status != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `"items"`) {
		t.Errorf("99 units of one SKU = %d %s, want 422 naming items", status, body)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	answers := map[int]int{}
	for i := range 20 {
		wg.Go(func() {
			email, addr := fmt.Sprintf("hoarder%d@example.id", i), fmt.Sprintf("203.0.113.%d", 1+i%3)
			for n := range 50 { // as many as they are allowed, of every SKU in turn
				status, body := s.postJSON("/api/v1/orders", apiOrderBody(skus[n%len(skus)].Code, limits.UnitsPerSKU, email), "X-Forwarded-For", addr)
				mu.Lock()
				answers[status]++
				mu.Unlock()
				if status == http.StatusTooManyRequests && !strings.Contains(body, `"code":"hold_limit"`) {
					t.Errorf("429 without hold_limit: %s", body)
				}
				if status != http.StatusCreated {
					return
				}
			}
		})
	}
	wg.Wait()
	held := 0
	for _, k := range skus {
		held += 200 - stockOf(k)
	}
	if share := 3 * limits.HeldPerClient; held > share || held == 0 || answers[http.StatusTooManyRequests] != 20 {
		t.Errorf("hoarders hold %d units (answers %v); want some, at most %d, and every hoarder stopped by 429", held, answers, share)
	}
	orders, _ := s.store.Orders(ctx, order.Filter{Query: "hoarder"})
	byEmail := map[string]int{}
	for _, o := range orders {
		full, _ := s.store.OrderByNumber(ctx, o.Number)
		for _, l := range full.Lines {
			byEmail[o.Email] += l.Held
		}
	}
	for email, units := range byEmail {
		if units > limits.HeldPerEmail {
			t.Errorf("%s holds %d units, more than %d", email, units, limits.HeldPerEmail)
		}
	}

	// A real buyer, from another address, through the form.
	buyer := s.as("", "")
	status, location, _ := checkoutForm(t, buyer, skus[0].Code, 2, "wayan@example.id", "X-Forwarded-For", "198.51.100.7")
	if status != http.StatusSeeOther || !strings.HasPrefix(location, "/orders/KR-") {
		t.Fatalf("the real buyer's checkout = %d %s", status, location)
	}
}

// Finding 1 of issue 14: without a trusted proxy, X-Forwarded-For is not
// believed, so a hoarder cannot pose as many clients by writing the
// header. (Before the fix the API trusted every sender's header.)
func TestForwardedForIsNotBelievedFromUntrustedSenders(t *testing.T) {
	s := newSite(t, store.SQLite)
	limits := order.DefaultLimits
	k := setStock(t, s, "kain-endek", 200)
	placed := 0
	for i := range 10 {
		status, _ := s.postJSON("/api/v1/orders", apiOrderBody(k.Code, limits.UnitsPerSKU, fmt.Sprintf("spoof%d@example.id", i)),
			"X-Forwarded-For", fmt.Sprintf("192.0.2.%d", i+1))
		if status == http.StatusCreated {
			placed++
		}
	}
	if want := limits.HeldPerClient / limits.UnitsPerSKU; placed != want {
		t.Errorf("%d orders placed from one address claiming ten, want %d (one address's share)", placed, want)
	}
}

// Finding 1 of issue 14: a bank-transfer order holds its stock only
// briefly until its buyer says, on the order's page, that they will
// transfer; then for the whole payment window from when it was placed.
// (Before the fix every order held its stock for 24 hours at once.)
func TestUnconfirmedTransferHoldsStockBriefly(t *testing.T) {
	s := newSite(t, store.SQLite)
	k := setStock(t, s, "kain-endek", 5)
	number, link := placeByAPI(t, s, apiOrderBody(k.Code, 1, "made@example.id"))
	o, _ := s.store.OrderByNumber(context.Background(), number)
	if hold := o.ExpiresAt.Sub(o.CreatedAt); hold > order.UnconfirmedWindow || hold < order.UnconfirmedWindow-time.Minute {
		t.Errorf("an unconfirmed order holds for %v, want %v", hold, order.UnconfirmedWindow)
	}
	buyer := s.as("", "")
	_, page, _ := buyer.get(link)
	form := regexp.MustCompile(`<form method="post" action="(/orders/[^"]+/transfer)"><input type="hidden" name="csrf_token" value="([^"]*)"><input type="hidden" name="sig" value="([^"]+)">`).FindStringSubmatch(page)
	if form == nil {
		t.Fatal("no 'I will transfer' button on the order page")
	}
	if status, _, _ := buyer.post(form[1], url.Values{"csrf_token": {form[2]}, "sig": {form[3]}}); status != http.StatusSeeOther {
		t.Fatalf("promise = %d", status)
	}
	if status, _, _ := buyer.post(form[1], url.Values{"csrf_token": {form[2]}, "sig": {form[3]}}); status != http.StatusSeeOther {
		t.Errorf("a second promise (a double click) = %d, want a redirect with a notice", status)
	}
	o, _ = s.store.OrderByNumber(context.Background(), number)
	if hold := o.ExpiresAt.Sub(o.CreatedAt); o.TransferPromised == nil || hold != order.ManualPaymentWindow {
		t.Errorf("after the promise the order holds for %v (promised %v), want %v", hold, o.TransferPromised, order.ManualPaymentWindow)
	}
	if _, page, _ := buyer.get(link); strings.Contains(page, "/transfer\"") {
		t.Error("the button is still offered after the promise")
	}
	if again, _ := s.store.OrderByNumber(context.Background(), number); !again.ExpiresAt.Equal(o.ExpiresAt) {
		t.Errorf("a second promise moved the deadline to %v", again.ExpiresAt)
	}
}

// Finding 4 of issue 14: an idempotency key opens an order only for the
// requester who placed it, with the same request. (Before the fix anyone
// sending a key got the order placed with it, signed link included.)
func TestIdempotencyKeyIsScopedToRequesterAndBody(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		k := setStock(t, s, "kain-endek", 10)
		key := []string{"Idempotency-Key", "shared-key-1"}
		first, _ := placeByAPI(t, s, apiOrderBody(k.Code, 1, "ayu@example.id"), key...)
		if again, _ := placeByAPI(t, s, apiOrderBody(k.Code, 1, "ayu@example.id"), key...); again != first {
			t.Errorf("a retry gave %s, want the first order %s", again, first)
		}
		if status, body := s.postJSON("/api/v1/orders", apiOrderBody(k.Code, 2, "ayu@example.id"), key...); status != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `"code":"idempotency_key_reused"`) {
			t.Errorf("the key with another body = %d %s, want 422 idempotency_key_reused", status, body)
		}
		if other, _ := placeByAPI(t, s, apiOrderBody(k.Code, 1, "mallory@example.id"), key...); other == first {
			t.Error("another requester's key opened the first order")
		}

		// On the site: a guest's checkout key, sent from another browser,
		// is that browser's own checkout — an empty cart goes to the cart,
		// a full one places its own order.
		victim, thief := s.as("", ""), s.as("", "")
		status, victimOrder, victimKey := checkoutForm(t, victim, k.Code, 1, "wayan@example.id")
		if status != http.StatusSeeOther || !strings.HasPrefix(victimOrder, "/orders/KR-") {
			t.Fatalf("victim's checkout = %d %s", status, victimOrder)
		}
		stolen := url.Values{"csrf_token": {thief.csrf("/login")}, "checkout_key": {victimKey}, "email": {"wayan@example.id"}, "name": {"Wayan"},
			"phone": {"0812 3456 7890"}, "delivery": {"pickup"}, "country": {"ID"}, "payment_method": {"manual"}}
		if _, _, h := thief.post("/checkout", stolen); h.Get("Location") != "/cart" {
			t.Errorf("the victim's key from another browser, with an empty cart, went to %q, want /cart", h.Get("Location"))
		}
		if status, _, _ := thief.post("/cart/items", url.Values{"csrf_token": {thief.csrf("/login")}, "sku": {k.Code}, "quantity": {"1"}}); status != http.StatusSeeOther {
			t.Fatalf("add to cart = %d", status)
		}
		stolen.Set("csrf_token", thief.csrf("/checkout")) // the cart started the thief's session
		_, preview, _ := thief.post("/checkout", stolen)
		total := regexp.MustCompile(`name="confirmed_total" value="(\d+)"`).FindStringSubmatch(preview)
		if total == nil {
			t.Fatal("no preview for the thief's checkout")
		}
		stolen.Set("confirmed_total", total[1])
		_, _, h := thief.post("/checkout", stolen)
		if loc := h.Get("Location"); !strings.HasPrefix(loc, "/orders/KR-") || loc == victimOrder {
			t.Errorf("the victim's key with the thief's cart went to %q; want a new order, not the victim's %q", loc, victimOrder)
		}
	})
}

// Finding 1 of issue 14: the checkout page keeps the same cap on units of
// one item as the API (the rule is app.BuildOrder's), and says so.
func TestCheckoutFormRefusesTooManyUnitsOfOneItem(t *testing.T) {
	s := newSite(t, store.SQLite)
	k := setStock(t, s, "kain-endek", 50)
	buyer := s.as("", "")
	if status, _, _ := buyer.post("/cart/items", url.Values{"sku": {k.Code}, "quantity": {strconv.Itoa(order.DefaultLimits.UnitsPerSKU + 1)}}); status != http.StatusSeeOther {
		t.Fatalf("add to cart = %d", status)
	}
	_, page, _ := buyer.get("/checkout")
	key := regexp.MustCompile(`name="checkout_key" value="([^"]+)"`).FindStringSubmatch(page)
	if key == nil {
		t.Fatal("no checkout key")
	}
	form := url.Values{"csrf_token": {buyer.csrf("/checkout")}, "checkout_key": {key[1]}, "email": {"wayan@example.id"}, "name": {"Wayan"},
		"phone": {"0812 3456 7890"}, "delivery": {"pickup"}, "country": {"ID"}, "payment_method": {"manual"}}
	status, body, _ := buyer.post("/checkout", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Terlalu banyak buah satu barang") {
		t.Errorf("checkout of %d units = %d, want 422 with the reason", order.DefaultLimits.UnitsPerSKU+1, status)
	}
	if orders, _ := s.store.Orders(context.Background(), order.Filter{Query: "wayan@example.id"}); len(orders) != 0 {
		t.Errorf("%d orders placed", len(orders))
	}
}
