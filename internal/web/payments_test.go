package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kriya/internal/account"
	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/store"
)

// placedOrder is what the API answers a placed order with.
type placedOrder struct {
	Number  string
	Total   int64
	Payment struct {
		RedirectURL string `json:"redirect_url"` // the buyer's signed link to the order
	}
}

// orderFor places, through the API, an order of qty of a SKU by email,
// delivered to Denpasar (apiOrderBody), and returns what the API said.
func orderFor(t *testing.T, s *site, skuCode string, qty int, email string) placedOrder {
	t.Helper()
	status, body := s.postJSON("/api/v1/orders", apiOrderBody(skuCode, qty, email))
	var placed placedOrder
	if err := json.Unmarshal([]byte(body), &placed); status != 201 || err != nil {
		t.Fatalf("placing an order of %s: %d %s", skuCode, status, body)
	}
	return placed
}

// placeOrder places a pickup order for qty of a fixture product through the
// API and returns its number and total.
func placeOrder(t *testing.T, s *site, productSlug string, qty int, method string) (string, int64) {
	t.Helper()
	sku := setStock(t, s, productSlug, 10)
	body := fmt.Sprintf(`{"email":"buyer@example.id","name":"Buyer","phone":"081234567890","pickup":true,"address":{"country":"ID"},
		"items":[{"sku":%q,"quantity":%d}],"payment_method":%q}`, sku.Code, qty, method)
	status, resp := s.postJSON("/api/v1/orders", body)
	if status != 201 {
		t.Fatalf("place order = %d %s", status, resp)
	}
	var o struct {
		Number string
		Total  int64
	}
	json.Unmarshal([]byte(resp), &o)
	return o.Number, o.Total
}

// Bank transfers that are short or too much are flagged, not accepted
// silently; the payment that completes the total makes the order paid and
// credits the artisan's ledger.
func TestManualPaymentsAreFlagged(t *testing.T) {
	s := newSite(t, store.SQLite)
	ctx := context.Background()
	staff := s.as(account.RoleStaff, "")
	number, total := placeOrder(t, s, "kain-endek", 1, "manual")
	pay := func(amount int64) int {
		page := "/council/orders/" + number
		status, _, _ := staff.post(page+"/payments", url.Values{"csrf_token": {staff.csrf(page)}, "amount": {fmt.Sprint(amount)},
			"reference": {"BPD " + fmt.Sprint(amount)}, "paid_at": {"2026-11-27"}})
		return status
	}
	if status := pay(total - 50_000); status != http.StatusSeeOther {
		t.Fatalf("part payment = %d", status)
	}
	o, _ := s.store.OrderByNumber(ctx, number)
	if o.Status != order.PendingPayment || o.Flag != order.FlagUnderpaid {
		t.Errorf("after a short transfer: %s, flag %q", o.Status, o.Flag)
	}
	if status := pay(80_000); status != http.StatusSeeOther {
		t.Fatalf("rest of the payment = %d", status)
	}
	o, _ = s.store.OrderByNumber(ctx, number)
	if o.Status != order.Paid || o.Flag != order.FlagOverpaid {
		t.Errorf("after a transfer of too much: %s, flag %q", o.Status, o.Flag)
	}
	if _, page, _ := staff.get("/council/orders?flagged=1"); !strings.Contains(page, number) || !strings.Contains(page, "Lebih bayar") {
		t.Error("the overpaid order is not in the staff's list of orders needing attention")
	}
	ayu := mustArtisan(t, s, "tenun-ayu")
	entries, _ := s.store.Ledger(ctx, ayu.ID)
	if b := ledger.Balance(entries); b != 850_000 {
		t.Errorf("artisan balance after the sale = %d, want 850.000 (commission 0, pickup)", b)
	}
}

// A refund by bank for one artisan's part debits that artisan's ledger;
// a payout above the balance is refused, one within it recorded.
func TestRefundAndSettlement(t *testing.T) {
	s := newSite(t, store.SQLite)
	ctx := context.Background()
	staff := s.as(account.RoleStaff, "")
	number, total := placeOrder(t, s, "kain-endek", 2, "manual")
	page := "/council/orders/" + number
	staff.post(page+"/payments", url.Values{"csrf_token": {staff.csrf(page)}, "amount": {fmt.Sprint(total)}, "reference": {"BPD 1"}, "paid_at": {"2026-11-27"}})
	ayu := mustArtisan(t, s, "tenun-ayu")
	refund := url.Values{"csrf_token": {staff.csrf(page)}, "artisan": {fmt.Sprint(ayu.ID)}, "amount": {"850000"},
		"reason": {"Satu kain rusak"}, "restock": {""}}
	if status, body, _ := staff.post(page+"/refunds", refund); status != 422 || !strings.Contains(body, "Isi referensi transfer bank") {
		t.Errorf("a bank refund without its reference = %d", status)
	}
	refund.Set("reference", "BPD REF-77")
	if status, _, _ := staff.post(page+"/refunds", refund); status != http.StatusSeeOther {
		t.Fatalf("refund = %d", status)
	}
	o, _ := s.store.OrderByNumber(ctx, number)
	if o.Status != order.PartiallyRefunded || o.Refunded != 850_000 {
		t.Errorf("after the refund: %s, refunded %d", o.Status, o.Refunded)
	}
	refund.Set("amount", "900000")
	if status, _, _ := staff.post(page+"/refunds", refund); status != 422 {
		t.Errorf("refunding more than is left = %d, want 422", status)
	}
	entries, _ := s.store.Ledger(ctx, ayu.ID)
	if b := ledger.Balance(entries); b != 850_000 {
		t.Fatalf("balance after sale of 1.700.000 and refund of 850.000 = %d", b)
	}
	settle := fmt.Sprintf("/council/artisans/%d/balance", ayu.ID)
	form := url.Values{"csrf_token": {staff.csrf(settle)}, "via": {"bank"}, "amount": {"900000"}, "reference": {"BPD PAY-1"}}
	if status, body, _ := staff.post(settle+"/settle", form); status != 422 || !strings.Contains(body, "tidak melebihi saldo") {
		t.Errorf("a payout above the balance = %d", status)
	}
	form.Set("amount", "850000")
	if status, _, _ := staff.post(settle+"/settle", form); status != http.StatusSeeOther {
		t.Fatalf("payout = %d", status)
	}
	a := s.as(account.RoleArtisan, "tenun-ayu")
	_, page2, _ := a.get("/artisan/balance")
	for _, want := range []string{"Rp 0", "Dibayarkan ke perajin", "BPD PAY-1", "Pengembalian dana"} {
		if !strings.Contains(page2, want) {
			t.Errorf("the artisan's balance page lacks %q", want)
		}
	}
	if status, _, _ := a.post(settle+"/settle", url.Values{"csrf_token": {a.csrf("/artisan/balance")}, "amount": {"1"}, "via": {"bank"}, "reference": {"x"}}); status != 403 {
		t.Errorf("an artisan settling its own balance = %d, want 403", status)
	}
}
