package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kriya/internal/account"
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
