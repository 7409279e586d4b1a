// Package payment is how buyers pay and how the council pays its artisans:
// providers (bank transfer confirmed by staff, Stripe's hosted checkout),
// refunds, and settlements of what the council owes each artisan. The
// domain declares the interfaces; internal/stripe implements them for
// Stripe, and nothing here depends on Stripe Connect being available.
package payment

import (
	"context"
	"time"

	"kriya/internal/fault"
)

// Errors of payment providers, wrapped.
var (
	ErrUnavailable error = fault.New(fault.Unavailable, "", "the payment provider is not available")
	ErrDeclined    error = fault.New(fault.Conflict, "payment_declined", "the payment provider refused the request")
	ErrSignature   error = fault.New(fault.Invalid, "bad_signature", "the event's signature is not valid")
)

// Webhooks verifies the provider's event deliveries: a delivery whose
// signature does not match, or is too old, gives ErrSignature.
type Webhooks interface {
	Verify(payload []byte, signature string) (Event, error)
}

// CheckoutRequest asks a provider to collect an order's total.
type CheckoutRequest struct {
	OrderNumber string
	Email       string
	Lines       []CheckoutLine
	Shipping    int64 // rupiah
	ExpiresAt   time.Time
	SuccessURL  string
	CancelURL   string
	// IdempotencyKey is fixed per order attempt: a retried request never
	// opens a second session.
	IdempotencyKey string
}

// CheckoutLine is one line as the provider's page shows it.
type CheckoutLine struct {
	Name     string
	Price    int64 // rupiah
	Quantity int
}

// Checkout is where to send the buyer to pay.
type Checkout struct {
	SessionID   string
	RedirectURL string
}

// Refund asks a provider to return money of a payment.
type Refund struct {
	OrderNumber    string
	PaymentRef     string // the provider's payment reference (Stripe: the payment intent)
	Amount         int64  // rupiah
	IdempotencyKey string
}

// Transfer pays an artisan's connected account its share of an order.
type Transfer struct {
	OrderNumber       string
	ArtisanAccount    string // the connected account id
	Amount            int64  // rupiah
	SourceTransaction string // the charge the money came from
	IdempotencyKey    string // transfer-<order>-<artisan>
}

// Card is a card payment provider: hosted checkout, refunds, and — where
// an artisan has a connected account — transfers.
type Card interface {
	StartCheckout(ctx context.Context, r CheckoutRequest) (Checkout, error)
	Refund(ctx context.Context, r Refund) (id string, err error)
	Transfer(ctx context.Context, t Transfer) (id string, err error)
	// Charges lists the provider's successful charges whose money moved
	// between since and until — created, refunded or disputed then — for
	// reconciliation with what Kriya recorded (see Reconcile).
	Charges(ctx context.Context, since, until time.Time) ([]Charge, error)
}

// Event kinds the marketplace acts on, whatever the provider calls them.
const (
	EventPaid     = "paid"     // a checkout completed (Paid tells whether the money is in)
	EventFailed   = "failed"   // a delayed payment method failed
	EventExpired  = "expired"  // the checkout was abandoned
	EventRefunded = "refunded" // money went back to the buyer
	EventDisputed = "disputed" // the buyer's bank disputes the charge
	EventOther    = "other"    // acknowledged and ignored
)

// Event is a provider's notification about an order's payment, verified
// and reduced to what the marketplace needs. ID is the provider's event id:
// the marketplace acts on each id once.
type Event struct {
	ID            string
	Type          string
	OrderNumber   string
	SessionID     string
	PaymentIntent string
	Charge        string
	Amount        int64  // rupiah
	Currency      string // lower case, as Stripe writes it ("idr")
	Refunded      int64  // rupiah refunded so far, for EventRefunded
	Paid          bool
}
