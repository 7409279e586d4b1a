package stripe

import (
	"errors"
	"fmt"

	"kriya/internal/payment"
)

// Webhooks verifies Stripe's deliveries for the web layer, which knows
// only payment.Webhooks: it checks the signature with the endpoint's
// secret and reduces the event to a payment.Event.
type Webhooks struct {
	Secret string
}

// Verify implements payment.Webhooks.
func (w Webhooks) Verify(payload []byte, signature string) (payment.Event, error) {
	ev, err := ParseEvent(payload, signature, w.Secret)
	if errors.Is(err, ErrSignature) {
		return payment.Event{}, fmt.Errorf("%w: %w", payment.ErrSignature, err)
	}
	if err != nil {
		return payment.Event{}, err
	}
	out := payment.Event{ID: ev.ID, OrderNumber: ev.OrderNumber, SessionID: ev.SessionID, PaymentIntent: ev.PaymentIntent,
		Charge: ev.Charge, Amount: ev.Amount, Currency: ev.Currency, Refunded: ev.Refunded, Paid: ev.Paid}
	switch ev.Type {
	case CheckoutCompleted:
		out.Type = payment.EventPaid
	case CheckoutAsyncSucceeded:
		out.Type, out.Paid = payment.EventPaid, true
	case CheckoutAsyncFailed:
		out.Type = payment.EventFailed
	case CheckoutExpired:
		out.Type = payment.EventExpired
	case ChargeRefunded:
		out.Type = payment.EventRefunded
	case DisputeCreated:
		out.Type = payment.EventDisputed
	default:
		out.Type = payment.EventOther
	}
	return out, nil
}
