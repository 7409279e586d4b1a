package stripe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"kriya/internal/payment"
	"kriya/internal/stripe/stripetest"
)

// stripe-mock accepts only keys of three underscore-separated parts.
const testKey = "sk_test_kriya0123456789abcdef"

// recorder sits between the provider and stripe-mock and keeps the
// requests (the last one's headers too), because stripe-mock's answers are fixtures and say nothing
// about what was sent.
type recorder struct {
	mu     sync.Mutex
	path   string
	form   url.Values
	header http.Header
	all    []string // method, path and query of every request, in order
}

// requests lists every request so far as "GET /v1/charges?created[gte]=…",
// query decoded.
func (r *recorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.all)
}

func (r *recorder) last() (string, url.Values, http.Header) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.path, r.form, r.header
}

// newProvider returns a provider talking to a fresh stripe-mock through a
// recorder.
func newProvider(t *testing.T) (*Provider, *recorder) {
	t.Helper()
	mock, err := url.Parse(stripetest.Start(t))
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	proxy := httputil.NewSingleHostReverseProxy(mock)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		if r.Method == http.MethodGet {
			form = r.URL.Query()
		}
		rec.mu.Lock()
		rec.path, rec.form, rec.header = r.Method+" "+r.URL.Path, form, r.Header.Clone()
		query, _ := url.QueryUnescape(r.URL.RawQuery)
		rec.all = append(rec.all, rec.path+"?"+query)
		rec.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return New(testKey, srv.URL, nil), rec
}

func wantForm(t *testing.T, form url.Values, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got := form.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
}

func TestStartCheckout(t *testing.T) {
	p, rec := newProvider(t)
	expires := time.Now().Add(time.Hour)
	co, err := p.StartCheckout(context.Background(), payment.CheckoutRequest{
		OrderNumber: "KRY-2411-0001",
		Email:       "buyer@example.com",
		Lines: []payment.CheckoutLine{
			{Name: "Cincin perak", Price: 450_000, Quantity: 2},
			{Name: "Kain endek", Price: 1_250_000, Quantity: 1},
		},
		Shipping:       35_000,
		ExpiresAt:      expires,
		SuccessURL:     "https://kriya.test/orders/KRY-2411-0001/paid",
		CancelURL:      "https://kriya.test/orders/KRY-2411-0001",
		IdempotencyKey: "checkout-KRY-2411-0001-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(co.SessionID, "cs_") || !strings.HasPrefix(co.RedirectURL, "https://") {
		t.Errorf("checkout = %+v, want a session id and an https URL", co)
	}
	path, form, header := rec.last()
	if path != "POST /v1/checkout/sessions" {
		t.Errorf("request = %s", path)
	}
	if got := header.Get("Idempotency-Key"); got != "checkout-KRY-2411-0001-1" {
		t.Errorf("Idempotency-Key = %q", got)
	}
	if got := header.Get("Stripe-Version"); got != "2023-10-16" {
		t.Errorf("Stripe-Version = %q", got)
	}
	wantForm(t, form, map[string]string{
		"mode":                                          "payment",
		"client_reference_id":                           "KRY-2411-0001",
		"metadata[order]":                               "KRY-2411-0001",
		"customer_email":                                "buyer@example.com",
		"payment_intent_data[transfer_group]":           "KRY-2411-0001",
		"payment_intent_data[metadata][order]":          "KRY-2411-0001",
		"expires_at":                                    fmt.Sprint(expires.Unix()),
		"line_items[0][price_data][currency]":           "idr",
		"line_items[0][price_data][unit_amount]":        "45000000",
		"line_items[0][quantity]":                       "2",
		"line_items[1][price_data][unit_amount]":        "125000000",
		"line_items[2][price_data][product_data][name]": shippingLine,
		"line_items[2][price_data][unit_amount]":        "3500000",
		"line_items[2][quantity]":                       "1",
	})
}

func TestStartCheckoutWithoutShipping(t *testing.T) {
	p, rec := newProvider(t)
	_, err := p.StartCheckout(context.Background(), payment.CheckoutRequest{
		OrderNumber:    "KRY-2411-0002",
		Lines:          []payment.CheckoutLine{{Name: "Topeng", Price: 800_000, Quantity: 1}},
		ExpiresAt:      time.Now().Add(time.Hour),
		SuccessURL:     "https://kriya.test/ok",
		CancelURL:      "https://kriya.test/cancel",
		IdempotencyKey: "checkout-KRY-2411-0002-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, form, _ := rec.last(); form.Has("line_items[1][quantity]") {
		t.Errorf("a shipping line was sent for an order without shipping: %v", form)
	}
}

func TestClampExpiry(t *testing.T) {
	now := time.Date(2024, 11, 1, 2, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		at   time.Time
		want time.Time
	}{
		{"too soon", now.Add(10 * time.Minute), now.Add(minExpiry)},
		{"unset", time.Time{}, now.Add(minExpiry)},
		{"inside", now.Add(2 * time.Hour), now.Add(2 * time.Hour)},
		{"too late", now.Add(72 * time.Hour), now.Add(maxExpiry)},
	} {
		if got := clampExpiry(tc.at, now); !got.Equal(tc.want) {
			t.Errorf("%s: clampExpiry = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRefund(t *testing.T) {
	p, rec := newProvider(t)
	id, err := p.Refund(context.Background(), payment.Refund{
		OrderNumber: "KRY-2411-0001", PaymentRef: "pi_123", Amount: 450_000,
		IdempotencyKey: "refund-KRY-2411-0001-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(id, "re_") {
		t.Errorf("refund id = %q", id)
	}
	path, form, header := rec.last()
	if path != "POST /v1/refunds" || header.Get("Idempotency-Key") != "refund-KRY-2411-0001-1" {
		t.Errorf("request = %s, Idempotency-Key %q", path, header.Get("Idempotency-Key"))
	}
	wantForm(t, form, map[string]string{
		"payment_intent": "pi_123", "amount": "45000000", "metadata[order]": "KRY-2411-0001",
	})
}

func TestTransfer(t *testing.T) {
	p, rec := newProvider(t)
	id, err := p.Transfer(context.Background(), payment.Transfer{
		OrderNumber: "KRY-2411-0001", ArtisanAccount: "acct_123", Amount: 382_500,
		SourceTransaction: "ch_123", IdempotencyKey: "transfer-KRY-2411-0001-perak-celuk",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(id, "tr_") {
		t.Errorf("transfer id = %q", id)
	}
	path, form, header := rec.last()
	if path != "POST /v1/transfers" || header.Get("Idempotency-Key") != "transfer-KRY-2411-0001-perak-celuk" {
		t.Errorf("request = %s, Idempotency-Key %q", path, header.Get("Idempotency-Key"))
	}
	wantForm(t, form, map[string]string{
		"amount": "38250000", "currency": "idr", "destination": "acct_123",
		"source_transaction": "ch_123", "transfer_group": "KRY-2411-0001",
		"metadata[order]": "KRY-2411-0001",
	})
}

func TestReconcileCharges(t *testing.T) {
	p, rec := newProvider(t)
	since := time.Date(2026, 10, 29, 0, 0, 0, 0, time.UTC)
	until := since.Add(35 * 24 * time.Hour)
	charges, err := p.Charges(context.Background(), since, until)
	if err != nil {
		t.Fatal(err)
	}
	window := fmt.Sprintf("created[gte]=%d&created[lt]=%d", since.Unix(), until.Unix())
	want := []string{
		"GET /v1/charges?limit=100&" + window,
		"GET /v1/refunds?limit=100&" + window + "&expand[0]=data.charge",
		"GET /v1/disputes?limit=100&" + window + "&expand[0]=data.charge",
	}
	if got := rec.requests(); !slices.Equal(got, want) {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// stripe-mock answers every list with one fixture, the refund's and
	// the dispute's charge being the listed charge: one charge, seen three
	// times, parsed from Stripe's shape.
	if len(charges) != 1 {
		t.Fatalf("charges = %+v, want stripe-mock's one fixture charge", charges)
	}
	c := charges[0]
	if !strings.HasPrefix(c.ID, "ch_") || c.Currency != strings.ToUpper(c.Currency) || len(c.Currency) != 3 || len(c.Moved) == 0 {
		t.Errorf("charge = %+v, want a ch_ id, an upper-case ISO currency and when it moved", c)
	}
}

func TestReconcileChargeParsing(t *testing.T) {
	created := time.Date(2026, 11, 10, 6, 30, 0, 0, time.UTC)
	ch := &stripego.Charge{ID: "ch_1", Created: created.Unix(), Currency: "idr", Status: stripego.ChargeStatusSucceeded,
		AmountCaptured: 45_000_000, AmountRefunded: 10_000_000, Disputed: true,
		Metadata: map[string]string{"order": "KRY-2411-0001"}, PaymentIntent: &stripego.PaymentIntent{ID: "pi_1"}}
	want := payment.Charge{ID: "ch_1", Order: "KRY-2411-0001", PaymentIntent: "pi_1", Currency: "IDR",
		Captured: 450_000, Refunded: 100_000, Disputed: true, Moved: []time.Time{created}}
	if diff := cmp.Diff(want, toCharge(ch)); diff != "" {
		t.Errorf("toCharge (-want +got):\n%s", diff)
	}
}

func TestIdempotencyKeyRequired(t *testing.T) {
	p := New(testKey, "http://127.0.0.1:1", nil)
	if _, err := p.Refund(context.Background(), payment.Refund{PaymentRef: "pi_1", Amount: 1}); !errors.Is(err, errNoIdempotencyKey) {
		t.Errorf("Refund without a key: %v", err)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   error
	}{
		{402, `{"error":{"type":"card_error","code":"card_declined","message":"Your card was declined."}}`, payment.ErrDeclined},
		{400, `{"error":{"type":"invalid_request_error","param":"amount","message":"Amount must be at least Rp 3.000."}}`, payment.ErrDeclined},
		{401, `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: ` + testKey + `"}}`, payment.ErrUnavailable},
		{503, `{"error":{"type":"api_error","message":"Stripe is down."}}`, payment.ErrUnavailable},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Keeps stripe-go from retrying with back-off.
			w.Header().Set("Stripe-Should-Retry", "false")
			w.Header().Set("Request-Id", "req_test")
			w.WriteHeader(tc.status)
			io.WriteString(w, tc.body)
		}))
		p := New(testKey, srv.URL, nil)
		_, err := p.Refund(context.Background(), payment.Refund{PaymentRef: "pi_1", Amount: 1, IdempotencyKey: "k"})
		srv.Close()
		if !errors.Is(err, tc.want) {
			t.Errorf("status %d: err = %v, want %v", tc.status, err, tc.want)
		}
		if err != nil && (strings.Contains(err.Error(), testKey) || !strings.HasPrefix(err.Error(), "stripe: refund: ")) {
			t.Errorf("status %d: err = %q, want it prefixed and without the key", tc.status, err)
		}
	}
}

func TestErrorsNetwork(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	p := New(testKey, "http://"+addr, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = p.Transfer(ctx, payment.Transfer{Amount: 1, IdempotencyKey: "k"})
	if !errors.Is(err, payment.ErrUnavailable) {
		t.Errorf("err = %v, want ErrUnavailable", err)
	}
}

func TestParseAmount(t *testing.T) {
	if got := ParseAmount(hundredths(1_250_000)); got != 1_250_000 {
		t.Errorf("round trip = %d", got)
	}
}

const whsec = "whsec_test_kriya"

func signed(t *testing.T, body string, at time.Time) ([]byte, string) {
	t.Helper()
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: []byte(body), Secret: whsec, Timestamp: at})
	return sp.Payload, sp.Header
}

func event(id, typ, object string) string {
	return `{"id":"` + id + `","object":"event","api_version":"2023-10-16","created":1730426400,` +
		`"type":"` + typ + `","data":{"object":` + object + `}}`
}

func TestParseEvent(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		want Event
	}{
		{"completed", event("evt_1", CheckoutCompleted,
			`{"id":"cs_test_1","object":"checkout.session","client_reference_id":"KRY-2411-0001",
			"metadata":{"order":"KRY-2411-0001"},"payment_intent":"pi_1","amount_total":203500000,
			"payment_status":"paid","status":"complete"}`),
			Event{ID: "evt_1", Type: CheckoutCompleted, OrderNumber: "KRY-2411-0001", SessionID: "cs_test_1",
				PaymentIntent: "pi_1", Amount: 2_035_000, Paid: true}},
		{"completed but unpaid", event("evt_2", CheckoutCompleted,
			`{"id":"cs_test_2","object":"checkout.session","metadata":{"order":"KRY-2411-0002"},
			"payment_intent":"pi_2","amount_total":80000000,"payment_status":"unpaid"}`),
			Event{ID: "evt_2", Type: CheckoutCompleted, OrderNumber: "KRY-2411-0002", SessionID: "cs_test_2",
				PaymentIntent: "pi_2", Amount: 800_000}},
		{"expired", event("evt_3", CheckoutExpired,
			`{"id":"cs_test_3","object":"checkout.session","client_reference_id":"KRY-2411-0003",
			"payment_intent":null,"amount_total":80000000,"payment_status":"unpaid","status":"expired"}`),
			Event{ID: "evt_3", Type: CheckoutExpired, OrderNumber: "KRY-2411-0003", SessionID: "cs_test_3",
				Amount: 800_000}},
		{"refunded", event("evt_4", ChargeRefunded,
			`{"id":"ch_1","object":"charge","amount":203500000,"amount_refunded":45000000,
			"payment_intent":"pi_1","metadata":{"order":"KRY-2411-0001"}}`),
			Event{ID: "evt_4", Type: ChargeRefunded, OrderNumber: "KRY-2411-0001", Charge: "ch_1",
				PaymentIntent: "pi_1", Amount: 2_035_000, Refunded: 450_000}},
		{"disputed", event("evt_5", DisputeCreated,
			`{"id":"dp_1","object":"dispute","amount":203500000,"charge":"ch_1","payment_intent":"pi_1"}`),
			Event{ID: "evt_5", Type: DisputeCreated, Charge: "ch_1", PaymentIntent: "pi_1", Amount: 2_035_000}},
		{"other type", event("evt_6", "customer.created",
			`{"id":"cus_1","object":"customer","email":"buyer@example.com"}`),
			Event{ID: "evt_6", Type: "customer.created"}},
	} {
		payload, sig := signed(t, tc.body, time.Now())
		got, err := ParseEvent(payload, sig, whsec)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}

func TestParseEventRejects(t *testing.T) {
	body := event("evt_1", CheckoutCompleted, `{"id":"cs_test_1","object":"checkout.session"}`)
	payload, sig := signed(t, body, time.Now())
	stalePayload, staleSig := signed(t, body, time.Now().Add(-10*time.Minute))
	for _, tc := range []struct {
		name        string
		payload     []byte
		sig, secret string
	}{
		{"wrong secret", payload, sig, "whsec_other"},
		{"tampered body", []byte(strings.Replace(body, "cs_test_1", "cs_test_9", 1)), sig, whsec},
		{"no header", payload, "", whsec},
		{"ten minutes old", stalePayload, staleSig, whsec},
		{"no secret configured", payload, sig, ""},
	} {
		if _, err := ParseEvent(tc.payload, tc.sig, tc.secret); !errors.Is(err, ErrSignature) {
			t.Errorf("%s: err = %v, want ErrSignature", tc.name, err)
		}
	}
}

func TestParseEventOtherAPIVersion(t *testing.T) {
	body := strings.Replace(event("evt_1", CheckoutCompleted, `{}`), "2023-10-16", "2024-06-20", 1)
	payload, sig := signed(t, body, time.Now())
	_, err := ParseEvent(payload, sig, whsec)
	if err == nil || errors.Is(err, ErrSignature) {
		t.Errorf("err = %v, want a non-signature error", err)
	}
}
