package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/store"
	"kriya/internal/stripe"
)

// withStripeDown gives a test site card payments whose Stripe API never
// answers (webhooks still arrive, signed).
func withStripeDown(d *siteDeps) {
	d.Card = stripe.New("sk_test_kriya", "http://127.0.0.1:1", nil)
	d.Webhooks = stripe.Webhooks{Secret: webhookSecret}
	d.Config.StripeSecretKey, d.Config.StripeWebhookSecret = "sk_test_kriya", webhookSecret
}

// formField finds the name of the refund form's field that the page
// labels with text (a line's units, a part's shipping).
func formField(t *testing.T, page, prefix, text string) string {
	t.Helper()
	re := regexp.MustCompile(`<label for="r-(` + prefix + `_\d+)">[^<]*` + regexp.QuoteMeta(text))
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the refund form has no %s field for %q", prefix, text)
	}
	return m[1]
}

// Staff refund one unit of one line from the order's page, by the fields
// the page shows: the artisan is debited that unit, one goes back in
// stock, and the line stays with the other unit.
func TestRefundFormTakesUnitsLineByLine(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		staff := s.as(account.RoleStaff, "")
		number, total := placeOrder(t, s, "kain-endek", 2, "manual") // 2 × 850.000, stock 10 → 8
		page := "/council/orders/" + number
		staff.post(page+"/payments", url.Values{"csrf_token": {staff.csrf(page)}, "amount": {fmt.Sprint(total)}, "reference": {"BPD 1"}, "paid_at": {time.Now().Format("2006-01-02")}})
		_, body, _ := staff.get(page)
		units := formField(t, body, "units", "Kain Tenun Endek")
		form := url.Values{"csrf_token": {staff.csrf(page)}, "amount": {""}, units: {"1"}, "restock": {"1"}, "reason": {"satu kain cacat"}, "reference": {"BPD R-1"}}
		if status, body, _ := staff.post(page+"/refunds", form); status != 303 {
			t.Fatalf("refund of one unit = %d: %s", status, errorsOf(body))
		}
		o, _ := s.store.OrderByNumber(ctx, number)
		ayu := mustArtisan(t, s, "tenun-ayu")
		k, _ := s.store.ArtisanSKU(ctx, ayu.ID, o.Lines[0].SKUCode)
		if o.Refunded != 850_000 || o.Lines[0].RefundedUnits != 1 || o.Lines[0].Cancelled || k.Stock != 9 {
			t.Errorf("after refunding 1 of 2: refunded %d, units %d, cancelled %v, stock %d; want 850.000, 1, false, 9",
				o.Refunded, o.Lines[0].RefundedUnits, o.Lines[0].Cancelled, k.Stock)
		}
		if _, body, _ := staff.get(page); !strings.Contains(body, "1 dikembalikan") {
			t.Error("the order page does not show the unit refunded")
		}
		form.Set(units, "2")
		if status, body, _ := staff.post(page+"/refunds", form); status != 422 || !strings.Contains(body, "tidak boleh melebihi") {
			t.Errorf("refunding 2 more units of 1 left = %d, want 422 with the reason", status)
		}
		scoped := url.Values{"csrf_token": {staff.csrf(page)}, "artisan": {"abc"}, "amount": {"1000"}, "reason": {"x"}, "reference": {"BPD R-2"}}
		if status, _, _ := staff.post(page+"/refunds", scoped); status != 422 {
			t.Errorf("a refund for artisan \"abc\" = %d, want 422", status)
		}
		if o, _ := s.store.OrderByNumber(ctx, number); o.Refunded != 850_000 {
			t.Errorf("refused refunds changed the order: refunded %d", o.Refunded)
		}
	})
}

// An artisan cancels a paid card line while Stripe is down: the page says
// so, staff find the refund waiting on the money page (from the council's
// menu), with Stripe's error, and can try again.
func TestPendingRefundIsVisibleAndRetriable(t *testing.T) {
	s := newSite(t, store.SQLite, withStripeDown)
	ctx := context.Background()
	sku := setStock(t, s, "kain-endek", 5)
	if status, body := s.postJSON("/api/v1/orders", cardOrder(sku.Code, "kartu@example.id")); status != 502 {
		t.Fatalf("card order with Stripe down = %d %s, want 502 (placed, pay later)", status, body)
	}
	orders, _ := s.store.Orders(ctx, order.Filter{Query: "kartu@example.id"})
	o, _ := s.store.OrderByNumber(ctx, orders[0].Number)
	payload, sig := sessionEvent("evt_paid", "checkout.session.completed", o, true, time.Now())
	if got := s.deliver(payload, sig); got != 200 {
		t.Fatalf("payment event = %d", got)
	}
	artisan := s.as(account.RoleArtisan, "tenun-ayu")
	part := fmt.Sprintf("/artisan/orders/%d", o.Fulfilments[0].ID)
	form := url.Values{"csrf_token": {artisan.csrf(part)}, "line": {fmt.Sprint(o.Lines[0].ID)}, "reason": {"kain robek"}, "restock": {"no"}}
	if status, _, _ := artisan.post(part+"/cancel-line", form); status != 303 {
		t.Fatalf("cancel line = %d", status)
	}

	staff := s.as(account.RoleStaff, "")
	_, home, _ := staff.get("/council")
	link := regexp.MustCompile(`<a href="(/council/money)">Dana keluar tertunda</a>`).FindStringSubmatch(home)
	if link == nil {
		t.Fatal("the council's menu has no link to money on its way out")
	}
	_, money, _ := staff.get(link[1])
	if !strings.Contains(money, o.Number) || !strings.Contains(money, "Tertunda") || !strings.Contains(money, "Stripe tidak dapat dihubungi") {
		t.Fatalf("the money page does not show the pending refund of %s with its error:\n%s", o.Number, money)
	}
	retry := regexp.MustCompile(`<form method="post" action="(/council/money/\d+/retry)">`).FindStringSubmatch(money)
	if retry == nil {
		t.Fatal("no retry button for the pending refund")
	}
	status, _, h := staff.post(retry[1], url.Values{"csrf_token": {staff.csrf(link[1])}, "next": {link[1]}})
	if status != 303 || h.Get("Location") != link[1] {
		t.Fatalf("retry = %d to %q", status, h.Get("Location"))
	}
	if _, back, _ := staff.get(link[1]); !strings.Contains(back, "Stripe belum mengonfirmasi") {
		t.Error("after a retry with Stripe still down, the page does not say it is still pending")
	}
	ms, _ := s.store.Movements(ctx, o.Number)
	if len(ms) != 1 || ms[0].Status != payment.MovementPending || ms[0].Attempts < 2 {
		t.Errorf("movements = %+v, want one pending after two attempts", ms)
	}
	o, _ = s.store.OrderByNumber(ctx, o.Number)
	if o.Refunded != o.Total {
		t.Errorf("refunded %d of %d: the cancelled line's refund should be recorded whole, waiting only for Stripe", o.Refunded, o.Total)
	}
}

// errorsOf picks a page's error messages, for a failure's log.
func errorsOf(page string) string {
	var out []string
	for _, m := range regexp.MustCompile(`class="error" role="alert">([^<]*)<`).FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, "; ")
}
