// Package order is what a buyer's checkout becomes: an order split into one
// fulfilment per artisan, its lines copied at purchase time, its payment,
// expiry and history. Placing an order reserves stock in the same
// transaction (see the store); no SKU is ever oversold.
package order

import (
	"crypto/rand"
	"time"

	"kriya/internal/fault"
)

// Order statuses, as the API reports them.
const (
	PendingPayment    = "pending_payment"
	Paid              = "paid"
	Fulfilled         = "fulfilled"
	Cancelled         = "cancelled"
	Expired           = "expired"
	Refunded          = "refunded"
	PartiallyRefunded = "partially_refunded"
)

// Fulfilment statuses: each artisan ships its own part.
const (
	FulfilmentPending   = "pending" // waiting for payment
	FulfilmentToPack    = "to_pack" // paid: the artisan packs it
	FulfilmentShipped   = "shipped"
	FulfilmentDelivered = "delivered"
	FulfilmentCancelled = "cancelled"
)

// Payment methods.
const (
	MethodManual = "manual" // bank transfer, confirmed by staff
	MethodStripe = "stripe"
)

// Couriers an artisan can ship with.
var Couriers = []string{"JNE", "J&T", "SiCepat", "Pos Indonesia", "other"}

// ManualPaymentWindow is how long a bank-transfer order waits for payment,
// from when it was placed, once its buyer has said they will transfer
// (until then, UnconfirmedWindow); then it expires and its stock is
// released.
const ManualPaymentWindow = 24 * time.Hour

// Errors of ordering, wrapped.
var (
	ErrNotFound   error = fault.New(fault.NotFound, "", "order not found")
	ErrOutOfStock error = fault.New(fault.Conflict, "out_of_stock", "out of stock")
	ErrEmptyCart  error = fault.New(fault.Invalid, "empty_cart", "the cart is empty")
	ErrState      error = fault.New(fault.Conflict, "order_state", "not possible in the order's current state")
)

// StockError names the SKU that ran out, so the buyer is told which item.
type StockError struct {
	SKU       string
	Title     string
	Available int
}

func (e *StockError) Error() string { return "out of stock: " + e.SKU }

// Unwrap makes errors.Is(err, ErrOutOfStock) true.
func (e *StockError) Unwrap() error { return ErrOutOfStock }

// Order is one checkout.
type Order struct {
	ID            int64
	Number        string // public, e.g. "KR-7QF3M2XA"
	CheckoutKey   string // the checkout attempt, scoped to its requester (ScopedKey); the same attempt gives the same order
	ContentHash   string // Fingerprint of the request that placed it: a key reused for another request is refused
	ClientAddr    string // the address the order was placed from, for the per-client limits
	UserID        *int64
	Email         string
	Name          string
	Phone         string
	Lang          string
	Address       Address `gorm:"embedded"`
	Pickup        bool    // collected at the council's gallery, no delivery
	PaymentMethod string
	Status        string
	Subtotal      int64
	Shipping      int64
	Total         int64
	ExpiresAt     time.Time
	// TransferPromised is when the buyer of a bank-transfer order said
	// they will transfer: only then does the order hold its stock for
	// ManualPaymentWindow instead of UnconfirmedWindow.
	TransferPromised *time.Time
	PaidAt           *time.Time
	// Card payments: the provider's session, payment and charge.
	StripeSessionID string
	PaymentIntent   string
	ChargeID        string
	// Flag asks staff to look at the order, with a note saying why.
	Flag        string
	FlagNote    string
	Refunded    int64 // rupiah returned to the buyer so far
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Lines       []Line
	Fulfilments []Fulfilment
	Events      []Event
}

// Line is one SKU bought, with title, label and price copied at purchase,
// so later edits of the listing never change an order.
type Line struct {
	ID           int64
	OrderID      int64
	FulfilmentID int64
	ArtisanID    int64
	ProductID    int64
	SKUID        int64 `gorm:"column:sku_id"`
	SKUCode      string
	Title        string
	Label        string
	Price        int64
	Quantity     int
	WeightGrams  int
	Cancelled    bool
	CancelReason string
	Paid         bool // in the order when it was paid (counts in that day's sales)
	// Held is how many units of the line hold stock: taken from the SKU
	// when the order was placed (or revived by a late payment) and not
	// given back since. Stock goes back only from here, so it is never
	// given back twice.
	Held          int
	RefundedUnits int // units the buyer got their money back for
}

// Amount is the line's price times its quantity.
func (l Line) Amount() int64 { return l.Price * int64(l.Quantity) }

// Fulfilment is one artisan's part of an order.
type Fulfilment struct {
	ID          int64
	OrderID     int64
	ArtisanID   int64
	ArtisanName string
	Status      string
	Zone        string
	Shipping    int64
	Courier     string
	Tracking    string
	ShippedAt   *time.Time
	DeliveredAt *time.Time
	// CommissionBP is the council's rate when the part's sale was
	// credited; refunds give commission back at this rate, whatever the
	// rate is by then. Nil until paid (and for parts paid before rates
	// were kept).
	CommissionBP *int
}

// Event is one entry of an order's history.
type Event struct {
	ID        int64
	OrderID   int64
	Kind      string // placed, paid, shipped, delivered, cancelled, expired, line_cancelled, payment_recorded
	Detail    string
	Actor     string
	CreatedAt time.Time
}

// Flags: why an order needs a person's attention.
const (
	FlagUnderpaid       = "underpaid"
	FlagOverpaid        = "overpaid"
	FlagPaidAfterExpiry = "paid_after_expiry" // paid, but its stock was gone: refund it
	FlagDisputed        = "disputed"
	FlagRefundDue       = "refund_due" // a paid line was cancelled: money to return by bank
	FlagExternalRefund  = "external_refund"
)

// Payment is money received for an order; for bank transfers, recorded by
// staff with the bank's reference.
type Payment struct {
	ID         int64
	OrderID    int64
	Method     string
	Amount     int64
	Reference  string
	PaidAt     time.Time
	RecordedBy string
	// Apart marks a payment that does not count towards the order's total
	// (another currency, a checkout Kriya did not open, a second payment
	// of a paid order, a payment after the order ended): held for a refund.
	Apart     bool
	CreatedAt time.Time
}

// NewNumber makes an order number: short enough to type as a bank transfer
// reference, random so numbers reveal nothing about sales.
func NewNumber() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 8)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "KR-" + string(b)
}

// Totals adds up the lines still in the order and the shipping.
func (o *Order) Totals() {
	o.Subtotal, o.Shipping = 0, 0
	for _, l := range o.Lines {
		if !l.Cancelled {
			o.Subtotal += l.Amount()
		}
	}
	for _, f := range o.Fulfilments {
		o.Shipping += f.Shipping
	}
	o.Total = o.Subtotal + o.Shipping
}

// Cancellable reports whether the buyer may still cancel: until paid.
func (o Order) Cancellable() bool { return o.Status == PendingPayment }

// ErrPriceChanged is returned when a SKU's price changed between the
// buyer's last look and placing the order: they confirm the new price.
var ErrPriceChanged error = fault.New(fault.Conflict, "price_changed", "a price changed")

// Filter narrows order lists: a buyer's own orders, or staff's search.
type Filter struct {
	UserID  int64
	Status  string
	Query   string // order number, e-mail or name
	Flagged bool   // only orders that need a person's attention
}

// Stats are an artisan's service figures for a period: how fast paid
// parts ship and how many lines it cancelled.
type Stats struct {
	Shipped         int64   // parts shipped
	AverageShipDays float64 // days from payment to shipping, on average
	Lines           int64   // lines of orders paid in the period
	CancelledLines  int64   // of which cancelled by the artisan
}

// CancellationRate is the share of lines cancelled, 0 to 1.
func (s Stats) CancellationRate() float64 {
	if s.Lines == 0 {
		return 0
	}
	return float64(s.CancelledLines) / float64(s.Lines)
}
