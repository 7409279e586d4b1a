package payment

import "time"

// Movement kinds: money sent out through the card provider.
const (
	MovementRefund   = "refund"   // back to a buyer's card
	MovementTransfer = "transfer" // to an artisan's connected account
)

// Movement statuses. A movement is pending until the provider confirmed
// it; a failed attempt leaves it pending, with the error, for the next
// try.
const (
	MovementPending = "pending"
	MovementDone    = "done"
)

// Movement is money the marketplace sends to an outside system. Its intent
// is recorded in the same transaction as the ledger change it belongs to
// (a refund, a settlement), and the call is made after commit under the
// movement's own idempotency key, retried until the provider confirms:
// money never leaves without its ledger entry, and a ledger entry never
// waits silently for money that did not leave.
type Movement struct {
	ID                int64
	Kind              string
	OrderNumber       string
	RefundID          *int64 // the refund it sends, for MovementRefund
	EntryID           *int64 // the settlement entry it pays, for MovementTransfer
	ArtisanID         *int64
	Amount            int64  // rupiah
	PaymentRef        string // refund: the payment (Stripe payment intent) to refund
	Account           string // transfer: the artisan's connected account
	SourceTransaction string // transfer: the charge the money came from
	IdempotencyKey    string // fixed per intent: a retry never moves money twice
	Status            string
	Attempts          int
	NextAttemptAt     time.Time
	LastError         string
	ProviderRef       string // the provider's id once done (re_…, tr_…)
	CreatedBy         string
	CreatedAt         time.Time
	UpdatedAt         time.Time
}
