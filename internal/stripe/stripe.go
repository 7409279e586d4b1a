// Package stripe is Kriya's card payment provider: Stripe's hosted
// Checkout for buyers, refunds, and Connect transfers to artisans who have
// a connected account. It is the only package that imports stripe-go, so
// the rest of the code speaks rupiah and order numbers, never Stripe's
// hundredths or its types.
package stripe

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"kriya/internal/payment"
)

// currency is the only currency the marketplace sells in.
const currency = "idr"

// shippingLine is the name buyers see for the shipping line on Stripe's
// page, which is shown in either language.
const shippingLine = "Ongkos kirim / Shipping"

// Stripe refuses a Checkout Session that expires sooner than 30 minutes or
// later than 24 hours after it is created. The margins absorb the time the
// request spends in flight and clock skew between us and Stripe.
const (
	minExpiry = 30*time.Minute + 2*time.Minute
	maxExpiry = 24*time.Hour - 2*time.Minute
)

// Provider is the Stripe implementation of payment.Card. It holds its own
// API client rather than using stripe-go's package globals, so that tests
// and several configurations can coexist in one process.
type Provider struct {
	api *client.API
	key string
}

var _ payment.Card = (*Provider)(nil)

// New returns a provider that calls Stripe with secretKey. apiBase, when
// not empty, replaces Stripe's API address (stripe-mock in tests, from
// KRIYA_STRIPE_API_BASE). stripe-go's own request logging goes to log,
// with the secret key removed; a nil log discards it.
func New(secretKey, apiBase string, log *slog.Logger) *Provider {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := &Provider{key: secretKey}
	logger := &leveledLogger{log: log.With("component", "stripe"), redact: p.redact}
	backend := func(kind stripego.SupportedBackend) stripego.Backend {
		cfg := &stripego.BackendConfig{LeveledLogger: logger}
		if apiBase != "" {
			cfg.URL = stripego.String(apiBase)
		}
		return stripego.GetBackendWithConfig(kind, cfg)
	}
	// stripe-go pins API version 2023-10-16 in every request; the webhook
	// endpoint must be configured with the same version.
	p.api = client.New(secretKey, &stripego.Backends{
		API:     backend(stripego.APIBackend),
		Connect: backend(stripego.ConnectBackend),
		Uploads: backend(stripego.UploadsBackend),
	})
	return p
}

// StartCheckout opens a hosted Checkout Session for an order. The order
// number travels as client_reference_id and as metadata on the session and
// its payment intent (which Stripe copies onto the charge), so that webhooks
// and reconciliation find the order without knowing Stripe's ids.
func (p *Provider) StartCheckout(ctx context.Context, r payment.CheckoutRequest) (payment.Checkout, error) {
	params := &stripego.CheckoutSessionParams{
		Mode:              stripego.String(string(stripego.CheckoutSessionModePayment)),
		ClientReferenceID: stripego.String(r.OrderNumber),
		Metadata:          map[string]string{"order": r.OrderNumber},
		CustomerEmail:     stripego.String(r.Email),
		SuccessURL:        stripego.String(r.SuccessURL),
		CancelURL:         stripego.String(r.CancelURL),
		ExpiresAt:         stripego.Int64(clampExpiry(r.ExpiresAt, time.Now()).Unix()),
		PaymentIntentData: &stripego.CheckoutSessionPaymentIntentDataParams{
			// The transfer group ties the artisans' later transfers to
			// this payment in Stripe's dashboard.
			TransferGroup: stripego.String(r.OrderNumber),
			Metadata:      map[string]string{"order": r.OrderNumber},
		},
	}
	for _, l := range r.Lines {
		params.LineItems = append(params.LineItems, lineItem(l.Name, l.Price, int64(l.Quantity)))
	}
	if r.Shipping > 0 {
		params.LineItems = append(params.LineItems, lineItem(shippingLine, r.Shipping, 1))
	}
	if err := prepare(ctx, &params.Params, r.IdempotencyKey); err != nil {
		return payment.Checkout{}, fmt.Errorf("stripe: checkout: %w", err)
	}
	s, err := p.api.CheckoutSessions.New(params)
	if err != nil {
		return payment.Checkout{}, p.wrap("checkout", err)
	}
	return payment.Checkout{SessionID: s.ID, RedirectURL: s.URL}, nil
}

func lineItem(name string, price, quantity int64) *stripego.CheckoutSessionLineItemParams {
	return &stripego.CheckoutSessionLineItemParams{
		Quantity: stripego.Int64(quantity),
		PriceData: &stripego.CheckoutSessionLineItemPriceDataParams{
			Currency:    stripego.String(currency),
			UnitAmount:  stripego.Int64(hundredths(price)),
			ProductData: &stripego.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripego.String(name)},
		},
	}
}

// clampExpiry moves an order's payment deadline into the window Stripe
// accepts: an earlier deadline becomes the earliest allowed (the order
// still expires on our side on time), a later one the latest allowed.
func clampExpiry(at, now time.Time) time.Time {
	if earliest := now.Add(minExpiry); at.Before(earliest) {
		return earliest
	}
	if latest := now.Add(maxExpiry); at.After(latest) {
		return latest
	}
	return at
}

// Refund returns part or all of a card payment to the buyer.
func (p *Provider) Refund(ctx context.Context, r payment.Refund) (string, error) {
	params := &stripego.RefundParams{
		PaymentIntent: stripego.String(r.PaymentRef),
		Amount:        stripego.Int64(hundredths(r.Amount)),
		Metadata:      map[string]string{"order": r.OrderNumber},
	}
	if err := prepare(ctx, &params.Params, r.IdempotencyKey); err != nil {
		return "", fmt.Errorf("stripe: refund: %w", err)
	}
	ref, err := p.api.Refunds.New(params)
	if err != nil {
		return "", p.wrap("refund", err)
	}
	return ref.ID, nil
}

// Transfer pays an artisan's connected account its share of an order.
// source_transaction lets the transfer go out before the charge's funds
// are available in the council's balance.
func (p *Provider) Transfer(ctx context.Context, t payment.Transfer) (string, error) {
	params := &stripego.TransferParams{
		Amount:            stripego.Int64(hundredths(t.Amount)),
		Currency:          stripego.String(currency),
		Destination:       stripego.String(t.ArtisanAccount),
		SourceTransaction: stripego.String(t.SourceTransaction),
		TransferGroup:     stripego.String(t.OrderNumber),
		Metadata:          map[string]string{"order": t.OrderNumber},
	}
	if err := prepare(ctx, &params.Params, t.IdempotencyKey); err != nil {
		return "", fmt.Errorf("stripe: transfer: %w", err)
	}
	tr, err := p.api.Transfers.New(params)
	if err != nil {
		return "", p.wrap("transfer", err)
	}
	return tr.ID, nil
}

// Charges lists the card charges whose money moved between since and
// until, for reconciliation: those created then, and older ones refunded
// or disputed then. Charges rather than balance transactions, because a
// charge keeps the buyer's currency and amount, what was refunded of it so
// far and whether it is disputed, in one object that carries the order
// number (Stripe copies the payment intent's metadata, which StartCheckout
// sets, onto the charge); balance transactions are in the account's
// settlement currency, net of fees, one per movement, and name no order.
// Only succeeded charges are listed: a failed one moved no money.
func (p *Provider) Charges(ctx context.Context, since, until time.Time) ([]payment.Charge, error) {
	created := func() *stripego.RangeQueryParams {
		return &stripego.RangeQueryParams{GreaterThanOrEqual: since.Unix(), LesserThan: until.Unix()}
	}
	var out []payment.Charge
	seen := map[string]int{} // charge id → index in out
	add := func(ch *stripego.Charge, moved int64) {
		if ch == nil || ch.Status != stripego.ChargeStatusSucceeded {
			return
		}
		at := time.Unix(moved, 0)
		if i, ok := seen[ch.ID]; ok {
			if !slices.ContainsFunc(out[i].Moved, at.Equal) {
				out[i].Moved = append(out[i].Moved, at)
			}
			return
		}
		c := toCharge(ch)
		if moved != ch.Created {
			c.Moved = append(c.Moved, at)
		}
		seen[ch.ID] = len(out)
		out = append(out, c)
	}

	charges := &stripego.ChargeListParams{CreatedRange: created()}
	charges.Context, charges.Limit = ctx, stripego.Int64(100)
	ci := p.api.Charges.List(charges)
	for ci.Next() {
		add(ci.Charge(), ci.Charge().Created)
	}
	if err := ci.Err(); err != nil {
		return nil, p.wrap("charges", err)
	}
	// Refunds and disputes come with their charge expanded, so a charge
	// created before the window costs no request of its own.
	refunds := &stripego.RefundListParams{CreatedRange: created()}
	refunds.Context, refunds.Limit = ctx, stripego.Int64(100)
	refunds.AddExpand("data.charge")
	ri := p.api.Refunds.List(refunds)
	for ri.Next() {
		add(ri.Refund().Charge, ri.Refund().Created)
	}
	if err := ri.Err(); err != nil {
		return nil, p.wrap("charges: refunds", err)
	}
	disputes := &stripego.DisputeListParams{CreatedRange: created()}
	disputes.Context, disputes.Limit = ctx, stripego.Int64(100)
	disputes.AddExpand("data.charge")
	di := p.api.Disputes.List(disputes)
	for di.Next() {
		add(di.Dispute().Charge, di.Dispute().Created)
	}
	if err := di.Err(); err != nil {
		return nil, p.wrap("charges: disputes", err)
	}
	return out, nil
}

// toCharge reduces a Stripe charge to what reconciliation compares. An
// amount in another currency is read as if it were IDR: such a charge is a
// mismatch whatever its amount, and the line only needs to show it.
func toCharge(ch *stripego.Charge) payment.Charge {
	c := payment.Charge{
		ID:       ch.ID,
		Order:    ch.Metadata["order"],
		Currency: strings.ToUpper(string(ch.Currency)),
		Captured: ParseAmount(ch.AmountCaptured),
		Refunded: ParseAmount(ch.AmountRefunded),
		Disputed: ch.Disputed,
		Moved:    []time.Time{time.Unix(ch.Created, 0)},
	}
	if ch.PaymentIntent != nil {
		c.PaymentIntent = ch.PaymentIntent.ID
	}
	return c
}

// sessionOrder is the order a session pays for; metadata is the fallback
// for sessions created by hand in Stripe's dashboard.
func sessionOrder(s *stripego.CheckoutSession) string {
	if s.ClientReferenceID != "" {
		return s.ClientReferenceID
	}
	return s.Metadata["order"]
}

// ParseAmount turns a Stripe IDR amount into rupiah. Stripe counts IDR in
// hundredths (sen) although the rupiah has no coins below one; this and
// hundredths are the only places that know it.
func ParseAmount(hundredths int64) int64 {
	return hundredths / 100
}

// hundredths turns rupiah into the amount Stripe expects for IDR. Only
// requests to Stripe multiply, here, at the boundary.
func hundredths(rupiah int64) int64 {
	return rupiah * 100
}

// errNoIdempotencyKey refuses a money movement that a retry could repeat.
var errNoIdempotencyKey = errors.New("an idempotency key is required")

// prepare sets what every write request carries: the caller's context and
// a fixed idempotency key, so a retried call never moves money twice.
func prepare(ctx context.Context, params *stripego.Params, key string) error {
	if key == "" {
		return errNoIdempotencyKey
	}
	params.Context = ctx
	params.SetIdempotencyKey(key)
	return nil
}

// wrap turns a stripe-go error into one the domain understands:
// payment.ErrDeclined when Stripe refused the request itself (a card or
// invalid-request error; repeating it will not help), payment.ErrUnavailable
// when Stripe could not be reached or answered with a server error, a
// conflict or rate limit that outlasted stripe-go's retries, or a rejected
// key (card payments are out of order; bank transfer still works). The message keeps Stripe's reason and request id for the
// operator, never the secret key.
func (p *Provider) wrap(op string, err error) error {
	var se *stripego.Error
	if !errors.As(err, &se) {
		// Network failures, cancelled contexts, unreadable answers.
		return fmt.Errorf("stripe: %s: %w: %w", op, payment.ErrUnavailable, err)
	}
	kind := payment.ErrDeclined
	switch {
	case se.HTTPStatusCode >= 500, se.Type == stripego.ErrorTypeAPI,
		se.HTTPStatusCode == http.StatusConflict, // idempotency key in use
		se.HTTPStatusCode == http.StatusTooManyRequests,
		se.HTTPStatusCode == http.StatusUnauthorized,
		se.HTTPStatusCode == http.StatusForbidden:
		kind = payment.ErrUnavailable
	}
	reason := string(se.Type)
	if se.Code != "" {
		reason += "/" + string(se.Code)
	}
	if se.DeclineCode != "" {
		reason += "/" + string(se.DeclineCode)
	}
	if se.Param != "" {
		reason += " param " + se.Param
	}
	return fmt.Errorf("stripe: %s: %w: %s (%s, status %d, request %s)",
		op, kind, p.redact(se.Msg), reason, se.HTTPStatusCode, se.RequestID)
}

// redact removes the secret key from text bound for an error or a log.
// Stripe masks keys in its own messages; this holds whatever the source.
func (p *Provider) redact(s string) string {
	if p.key == "" {
		return s
	}
	return strings.ReplaceAll(s, p.key, "[redacted]")
}

// leveledLogger sends stripe-go's logging to slog. stripe-go logs every
// request at info level, which is debug detail for this application.
type leveledLogger struct {
	log    *slog.Logger
	redact func(string) string
}

func (l *leveledLogger) Debugf(format string, v ...any) { l.emit(slog.LevelDebug, format, v) }
func (l *leveledLogger) Infof(format string, v ...any)  { l.emit(slog.LevelDebug, format, v) }
func (l *leveledLogger) Warnf(format string, v ...any)  { l.emit(slog.LevelWarn, format, v) }
func (l *leveledLogger) Errorf(format string, v ...any) { l.emit(slog.LevelError, format, v) }

func (l *leveledLogger) emit(level slog.Level, format string, v []any) {
	if !l.log.Enabled(context.Background(), level) {
		return
	}
	l.log.Log(context.Background(), level, l.redact(fmt.Sprintf(format, v...)))
}
