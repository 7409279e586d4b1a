package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"

	"kriya/internal/account"
	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/store"
	"kriya/internal/stripe"
	"kriya/internal/stripe/stripetest"
)

const webhookSecret = "whsec_kriya_test"

// withStripe gives a test site card payments through stripe-mock.
func withStripe(t *testing.T) func(*siteDeps) {
	base := stripetest.Start(t)
	return func(d *siteDeps) {
		d.Card = stripe.New("sk_test_kriya", base, nil)
		d.Webhooks = stripe.Webhooks{Secret: webhookSecret}
		d.Config.StripeSecretKey, d.Config.StripeWebhookSecret, d.Config.StripeAPIBase = "sk_test_kriya", webhookSecret, base
	}
}

// sessionEvent is a signed Stripe event about the checkout Kriya opened
// for an order (its session id, as stripe-mock gave it).
func sessionEvent(id, typ string, o order.Order, paid bool, at time.Time) (payload []byte, signature string) {
	number, amount, session := o.Number, o.Total, o.StripeSessionID
	if session == "" {
		session = "cs_test_" + number
	}
	status := "unpaid"
	if paid {
		status = "paid"
	}
	body := fmt.Sprintf(`{"id":%q,"object":"event","api_version":"2023-10-16","type":%q,"created":%d,
		"data":{"object":{"id":%q,"object":"checkout.session","client_reference_id":%q,"metadata":{"order":%q},
		"amount_total":%d,"currency":"idr","payment_status":%q,"payment_intent":"pi_%s","status":"complete"}}}`,
		id, typ, at.Unix(), session, number, number, amount*100, status, number)
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: []byte(body), Secret: webhookSecret, Timestamp: at})
	return signed.Payload, signed.Header
}

func (s *site) deliver(payload []byte, signature string) int {
	req, _ := http.NewRequest("POST", s.url+"/webhooks/stripe", strings.NewReader(string(payload)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Stripe-Signature", signature)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// Card checkout: the order goes to Stripe's hosted page; the signed
// completion event, however often and however concurrently delivered,
// pays it exactly once; forged or stale deliveries change nothing.
func TestStripeWebhooks(t *testing.T) {
	s := newSite(t, store.SQLite, withStripe(t))
	ctx := context.Background()
	sku := setStock(t, s, "kain-endek", 5)
	status, body := s.postJSON("/api/v1/orders", cardOrder(sku.Code, "kartu@example.id"))
	if status != 201 || !strings.Contains(body, `"method":"stripe"`) || !strings.Contains(body, `"redirect_url":"https://`) {
		t.Fatalf("card order = %d %s", status, body)
	}
	orders, _ := s.store.Orders(ctx, order.Filter{Query: "kartu@example.id"})
	o, _ := s.store.OrderByNumber(ctx, orders[0].Number)
	if o.StripeSessionID == "" || o.PaymentMethod != order.MethodStripe || o.ExpiresAt.After(time.Now().Add(61*time.Minute)) {
		t.Fatalf("card order: session %q, method %s, expires %s", o.StripeSessionID, o.PaymentMethod, o.ExpiresAt)
	}

	payload, sig := sessionEvent("evt_paid_1", "checkout.session.completed", o, true, time.Now())
	if got := s.deliver(payload, sig+"0"); got != 400 {
		t.Errorf("bad signature = %d, want 400", got)
	}
	old, oldSig := sessionEvent("evt_paid_1", "checkout.session.completed", o, true, time.Now().Add(-10*time.Minute))
	if got := s.deliver(old, oldSig); got != 400 {
		t.Errorf("10-minute-old signature = %d, want 400", got)
	}
	if now, _ := s.store.OrderByNumber(ctx, o.Number); now.Status != order.PendingPayment {
		t.Fatalf("a refused delivery changed the order: %s", now.Status)
	}
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if got := s.deliver(payload, sig); got != 200 {
				t.Errorf("delivery = %d", got)
			}
		})
	}
	wg.Wait()
	if got := s.deliver(payload, sig); got != 200 {
		t.Errorf("a fourth delivery = %d", got)
	}
	paid, _ := s.store.OrderByNumber(ctx, o.Number)
	payments, _ := s.store.OrderPayments(ctx, paid.ID)
	ayu := mustArtisan(t, s, "tenun-ayu")
	entries, _ := s.store.Ledger(ctx, ayu.ID)
	if paid.Status != order.Paid || len(payments) != 1 || ledger.Balance(entries) != 850_000+15_000 {
		t.Errorf("after four deliveries: %s, %d payments, balance %d", paid.Status, len(payments), ledger.Balance(entries))
	}

	// Staff refund through Stripe.
	staff := s.as(account.RoleStaff, "")
	page := "/council/orders/" + o.Number
	if status, _, _ := staff.post(page+"/refunds", url.Values{"csrf_token": {staff.csrf(page)}, "artisan": {"all"},
		"amount": {fmt.Sprint(paid.Total)}, "reason": {"Pembeli membatalkan"}, "restock": {"1"}}); status != http.StatusSeeOther {
		t.Fatalf("card refund = %d", status)
	}
	refunded, _ := s.store.OrderByNumber(ctx, o.Number)
	k, _ := s.store.ArtisanSKU(ctx, ayu.ID, sku.Code)
	if refunded.Status != order.Refunded || k.Stock != 5 {
		t.Errorf("after a full refund with restock: %s, stock %d", refunded.Status, k.Stock)
	}
	entries, _ = s.store.Ledger(ctx, ayu.ID)
	if b := ledger.Balance(entries); b != 0 {
		t.Errorf("balance after a full refund = %d, want 0", b)
	}
}

// Events in any order converge: a payment arriving after the order
// expired takes its stock back when it is still there, and is flagged for
// a refund — never lost — when it is gone.
func TestStripeEventsOutOfOrder(t *testing.T) {
	s := newSite(t, store.SQLite, withStripe(t))
	ctx := context.Background()
	sku := setStock(t, s, "songket-emas", 1)
	place := func(email string) order.Order {
		status, body := s.postJSON("/api/v1/orders", cardOrder(sku.Code, email))
		if status != 201 {
			t.Fatalf("order = %d %s", status, body)
		}
		orders, _ := s.store.Orders(ctx, order.Filter{Query: email})
		o, _ := s.store.OrderByNumber(ctx, orders[0].Number)
		return o
	}
	first := place("satu@example.id")
	exp, expSig := sessionEvent("evt_exp_1", "checkout.session.expired", first, false, time.Now())
	if got := s.deliver(exp, expSig); got != 200 {
		t.Fatalf("expired = %d", got)
	}
	paid, paidSig := sessionEvent("evt_paid_2", "checkout.session.completed", first, true, time.Now())
	if got := s.deliver(paid, paidSig); got != 200 {
		t.Fatalf("completed = %d", got)
	}
	if o, _ := s.store.OrderByNumber(ctx, first.Number); o.Status != order.Paid {
		t.Errorf("paid after expiry with the stock still there: %s, want paid", o.Status)
	}
	// The single songket is now sold; a second order expires, someone else
	// buys the songket back from a restock, and then the late payment comes.
	setStock(t, s, "songket-emas", 1)
	second := place("dua@example.id")
	exp, expSig = sessionEvent("evt_exp_2", "checkout.session.expired", second, false, time.Now())
	s.deliver(exp, expSig)
	place("tiga@example.id") // takes the songket the expiry released
	paid, paidSig = sessionEvent("evt_paid_3", "checkout.session.completed", second, true, time.Now())
	if got := s.deliver(paid, paidSig); got != 200 {
		t.Fatalf("late completed = %d", got)
	}
	late, _ := s.store.OrderByNumber(ctx, second.Number)
	payments, _ := s.store.OrderPayments(ctx, late.ID)
	if late.Status != order.Expired || late.Flag != order.FlagPaidAfterExpiry || len(payments) != 1 {
		t.Errorf("late payment with the stock gone: %s, flag %q, %d payments; want expired, flagged, recorded", late.Status, late.Flag, len(payments))
	}
}

func cardOrder(sku, email string) string {
	return strings.Replace(apiOrderBody(sku, 1, email), `"payment_method":"manual"`, `"payment_method":"stripe"`, 1)
}
