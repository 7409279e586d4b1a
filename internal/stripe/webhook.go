package stripe

import (
	"encoding/json"
	"errors"
	"fmt"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// ErrSignature means a webhook request was not signed by Stripe with our
// secret within the last five minutes: forged, replayed, or sent to the
// wrong endpoint. The handler answers 400 and does nothing else.
var ErrSignature = errors.New("webhook signature is missing, invalid or too old")

// Event types that ParseEvent fills in, so that the webhook handler can
// switch on them without importing stripe-go.
const (
	CheckoutCompleted      = "checkout.session.completed"
	CheckoutAsyncSucceeded = "checkout.session.async_payment_succeeded"
	CheckoutAsyncFailed    = "checkout.session.async_payment_failed"
	CheckoutExpired        = "checkout.session.expired"
	ChargeRefunded         = "charge.refunded"
	DisputeCreated         = "charge.dispute.created"
)

// Event is what the marketplace needs from a Stripe webhook event, in
// rupiah and order numbers. Fields that an event type does not carry stay
// empty; for types not listed above only ID and Type are set, and the
// handler acknowledges the event without acting on it.
type Event struct {
	// ID is Stripe's event id, the key that makes processing happen once
	// however often Stripe delivers the event.
	ID   string
	Type string
	// OrderNumber is the session's client_reference_id (or its "order"
	// metadata); for charge events the charge's "order" metadata when
	// Stripe copied it there, else empty: correlate by PaymentIntent.
	OrderNumber   string
	PaymentIntent string
	Charge        string
	SessionID     string
	// Amount is the session's total, the charge's amount or the disputed
	// amount, in rupiah.
	Amount int64
	// Refunded is the charge's refunded total so far (not this refund's
	// amount), in rupiah, so that redelivered or reordered events converge
	// on the same state.
	Refunded int64
	// Currency is the money's currency, lower case ("idr"): an amount in
	// another currency is not the order's total, whatever its number.
	Currency string
	// Paid is whether a Checkout Session's money has arrived
	// (payment_status "paid"); a completed session paid by a delayed
	// method is not paid until async_payment_succeeded.
	Paid bool
}

// ParseEvent verifies a webhook request's Stripe-Signature header against
// the endpoint's signing secret (Stripe's default five-minute tolerance)
// and extracts the Event. It is a function rather than a Provider method
// because verifying needs only the webhook secret, not an API key.
// Signature failures wrap ErrSignature; any other error means Stripe sent
// something this code cannot read (such as another API version), which
// the handler also answers with 400.
func ParseEvent(payload []byte, signature, secret string) (Event, error) {
	if secret == "" {
		// An empty secret would accept any payload signed with "".
		return Event{}, fmt.Errorf("stripe: webhook: %w: no signing secret configured", ErrSignature)
	}
	se, err := webhook.ConstructEvent(payload, signature, secret)
	if err != nil {
		if errors.Is(err, webhook.ErrNotSigned) || errors.Is(err, webhook.ErrInvalidHeader) ||
			errors.Is(err, webhook.ErrNoValidSignature) || errors.Is(err, webhook.ErrTooOld) {
			return Event{}, fmt.Errorf("stripe: webhook: %w: %w", ErrSignature, err)
		}
		return Event{}, fmt.Errorf("stripe: webhook: %w", err)
	}
	ev := Event{ID: se.ID, Type: string(se.Type)}
	switch ev.Type {
	case CheckoutCompleted, CheckoutAsyncSucceeded, CheckoutAsyncFailed, CheckoutExpired:
		var s stripego.CheckoutSession
		if err := decodeObject(se, &s); err != nil {
			return Event{}, err
		}
		ev.SessionID = s.ID
		ev.OrderNumber = sessionOrder(&s)
		if s.PaymentIntent != nil {
			ev.PaymentIntent = s.PaymentIntent.ID
		}
		ev.Amount, ev.Currency = ParseAmount(s.AmountTotal), string(s.Currency)
		ev.Paid = s.PaymentStatus == stripego.CheckoutSessionPaymentStatusPaid
	case ChargeRefunded:
		var c stripego.Charge
		if err := decodeObject(se, &c); err != nil {
			return Event{}, err
		}
		ev.Charge = c.ID
		ev.OrderNumber = c.Metadata["order"]
		if c.PaymentIntent != nil {
			ev.PaymentIntent = c.PaymentIntent.ID
		}
		ev.Amount, ev.Currency = ParseAmount(c.Amount), string(c.Currency)
		ev.Refunded = ParseAmount(c.AmountRefunded)
	case DisputeCreated:
		var d stripego.Dispute
		if err := decodeObject(se, &d); err != nil {
			return Event{}, err
		}
		if d.Charge != nil {
			ev.Charge = d.Charge.ID
		}
		if d.PaymentIntent != nil {
			ev.PaymentIntent = d.PaymentIntent.ID
		}
		ev.Amount, ev.Currency = ParseAmount(d.Amount), string(d.Currency)
	}
	return ev, nil
}

func decodeObject(e stripego.Event, v any) error {
	if e.Data == nil || len(e.Data.Raw) == 0 {
		return fmt.Errorf("stripe: webhook: %s %s has no object", e.Type, e.ID)
	}
	if err := json.Unmarshal(e.Data.Raw, v); err != nil {
		return fmt.Errorf("stripe: webhook: %s %s: %w", e.Type, e.ID, err)
	}
	return nil
}
