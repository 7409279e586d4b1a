package app

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"kriya/internal/account"
	"kriya/internal/council"
	"kriya/internal/fault"
	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/sales"
	"kriya/internal/store"
	"kriya/internal/validate"
)

// CardPaymentWindow is how long a card order waits for its payment: the
// hosted checkout expires at the same moment (Stripe needs at least 30
// minutes).
const CardPaymentWindow = time.Hour

// Checkout is what a buyer gives at checkout, from the page or the API.
type Checkout struct {
	Email, Name, Phone string
	Address            order.Address
	Pickup             bool
	Method             string // order.MethodManual or order.MethodStripe
	Key                string // the checkout attempt: the same key places one order
	Lang               string // of the buyer's e-mails
	UserID             *int64 // a signed-in buyer's account
	// Requester is who the key belongs to when UserID is nil, as the
	// front end knows them ("session:…", "token-user:…"); empty for an
	// anonymous API call, whose key is then the e-mail's. Another
	// requester's key is another key.
	Requester string
	Client    string // the client's address, for the per-client limits
}

// requester is who a checkout's key is scoped to: the signed-in buyer,
// else the session, else (an anonymous API call) the e-mail.
func (r Checkout) requester() string {
	switch {
	case r.UserID != nil:
		return fmt.Sprintf("user:%d", *r.UserID)
	case r.Requester != "":
		return r.Requester
	}
	return "email:" + r.Email
}

// PlacedCheckout is the order a checkout attempt (its key, for its
// requester) placed, or order.ErrNotFound.
func (a *App) PlacedCheckout(ctx context.Context, r Checkout) (order.Order, error) {
	return a.store.PlacedOrder(ctx, order.ScopedKey(r.requester(), r.Key))
}

// BuildOrder validates a checkout and turns the checked cart into the
// order to place, with shipping from the council's rates. Problems come
// back as a fault.Invalid error with a message id per field, beside the
// order as far as it could be built. More than the limits' units of one
// SKU is such a problem ("cart"). A bank-transfer order holds its stock
// for order.UnconfirmedWindow until its buyer promises the transfer
// (PromiseTransfer).
func (a *App) BuildOrder(ctx context.Context, cart order.Cart, r Checkout) (order.Order, error) {
	errs := map[string]string{}
	if !validate.Email(r.Email) {
		errs["email"] = "form.email.invalid"
	}
	if r.Name == "" || len(r.Name) > 200 {
		errs["name"] = "form.required"
	}
	if !validate.Phone(r.Phone) {
		errs["phone"] = "apply.error.phone"
	}
	offered, err := a.Offers(ctx, r.Method)
	if err != nil {
		return order.Order{}, err
	}
	if !offered {
		errs["payment_method"] = "checkout.error.method"
	}
	addr, addrErrs := r.Address.Normalize()
	zone := order.ZonePickup
	if !r.Pickup {
		for k, v := range addrErrs {
			errs[k] = v
		}
		zone = order.ZoneOf(addr)
	}
	rates, err := a.store.ShippingRates(ctx)
	if err != nil {
		return order.Order{}, err
	}
	o, err := order.Build(cart, zone, rates)
	switch {
	case errors.Is(err, order.ErrNoRate):
		errs["delivery"] = "checkout.error.no_rate"
	case errors.Is(err, order.ErrEmptyCart):
		errs["cart"] = "cart.empty"
	case err != nil:
		return o, err
	}
	if a.cfg.OrderLimits.CheckLines(o) != nil {
		errs["cart"] = "checkout.error.too_many_units"
	}
	key := r.Key
	if key == "" || len(key) > 64 {
		key = NewKey()
	}
	o.Number, o.CheckoutKey = order.NewNumber(), order.ScopedKey(r.requester(), key)
	o.Email, o.Name, o.Phone, o.Address, o.Lang, o.UserID = r.Email, r.Name, r.Phone, addr, r.Lang, r.UserID
	o.PaymentMethod, o.Status, o.ClientAddr = r.Method, order.PendingPayment, r.Client
	o.ContentHash = o.Fingerprint()
	o.ExpiresAt = a.now().Add(order.UnconfirmedWindow)
	if r.Method == order.MethodStripe {
		o.ExpiresAt = a.now().Add(CardPaymentWindow)
	}
	return o, fault.Fields(errs)
}

// Offers reports whether buyers can pay by method: by bank transfer once
// the council has an account in its settings, by card once Stripe is
// configured.
func (a *App) Offers(ctx context.Context, method string) (bool, error) {
	switch method {
	case order.MethodManual:
		c, err := a.Council(ctx)
		return c.BankTransfers(), err
	case order.MethodStripe:
		return a.card != nil, nil
	}
	return false, nil
}

// PlaceOrder places a built order and queues its confirmation e-mail in the
// same transaction: the e-mail exists exactly when the order does. The
// order's checkout key makes a repeated submission return the order
// already placed (and a key reused for another order order.ErrKeyReused).
// cartID (0 for none) is emptied with it.
//
// Nobody may hoard: once placed, in the same transaction, the unpaid
// units and recent orders of the order's e-mail and client address are
// counted, this order included, and over the limits (order.Limits) the
// whole order is undone with order.ErrHoldLimit. The counts are read after
// locking the e-mail's and address's rows, so concurrent orders of one
// requester, in any process, are counted one after the other. The
// per-e-mail count also bounds the confirmation mails an address that
// never asked for them can be sent.
func (a *App) PlaceOrder(ctx context.Context, o *order.Order, cartID int64) error {
	holders := []string{"email:" + o.Email}
	if o.ClientAddr != "" {
		holders = append(holders, "client:"+o.ClientAddr)
	}
	if err := a.store.EnsureHolders(ctx, holders...); err != nil {
		return err
	}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.LockHolders(ctx, holders...); err != nil {
			return err
		}
		existing, err := tx.PlaceOrder(ctx, o, cartID)
		if err != nil || existing {
			return err
		}
		h, err := tx.Holding(ctx, o.Email, o.ClientAddr, a.now().Add(-time.Hour))
		if err != nil {
			return err
		}
		if err := a.cfg.OrderLimits.Check(h); err != nil {
			return fmt.Errorf("place order for %s from %q: %w", o.Email, o.ClientAddr, err)
		}
		return a.tellBuyer(ctx, tx, "placed", *o)
	})
}

// PromiseTransfer is the buyer of a bank-transfer order saying, on its
// page, that they will transfer (or have): the order then waits for
// payment order.ManualPaymentWindow from when it was placed. Once only,
// and only within order.UnconfirmedWindow (order.ErrState).
func (a *App) PromiseTransfer(ctx context.Context, o order.Order) error {
	return a.store.PromiseTransfer(ctx, o.ID, o.CreatedAt.Add(order.ManualPaymentWindow))
}

// NewKey is a random key for carts and checkout attempts.
func NewKey() string {
	plain, _ := account.NewSecret()
	return plain
}

// OrderSignature signs an order number so its link opens the order for
// whoever holds it (the buyer, by e-mail), without an account.
func (a *App) OrderSignature(number string) string {
	m := hmac.New(sha256.New, a.linkKey)
	m.Write([]byte(strings.ToUpper(number)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// OrderLink is the signed path of an order's page.
func (a *App) OrderLink(number string) string {
	return "/orders/" + number + "?sig=" + a.OrderSignature(number)
}

// StartCard opens (or, with the same idempotency key, reopens) the card
// checkout of an unpaid card order and returns where to send the buyer.
func (a *App) StartCard(ctx context.Context, o order.Order) (string, error) {
	if a.card == nil || o.Status != order.PendingPayment || o.PaymentMethod != order.MethodStripe {
		return "", fmt.Errorf("card checkout of %s: %w", o.Number, order.ErrState)
	}
	link := a.cfg.BaseURL + a.OrderLink(o.Number)
	r := payment.CheckoutRequest{
		OrderNumber: o.Number, Email: o.Email, Shipping: o.Shipping, ExpiresAt: o.ExpiresAt,
		SuccessURL: link + "&card=success", CancelURL: link + "&card=cancel",
		IdempotencyKey: "checkout-" + o.Number,
	}
	for _, l := range o.Lines {
		if !l.Cancelled {
			name := l.Title
			if l.Label != "" {
				name += " (" + l.Label + ")"
			}
			r.Lines = append(r.Lines, payment.CheckoutLine{Name: name, Price: l.Price, Quantity: l.Quantity})
		}
	}
	co, err := a.card.StartCheckout(ctx, r)
	if err != nil {
		return "", err
	}
	if err := a.store.SetCheckoutSession(ctx, o.ID, co.SessionID); err != nil {
		return "", err
	}
	return co.RedirectURL, nil
}

// CancelUnpaid cancels an order its buyer no longer wants, releasing its
// stock, and tells the buyer; only an unpaid order can be (order.ErrState).
func (a *App) CancelUnpaid(ctx context.Context, o order.Order) error {
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		cancelled, err := tx.EndUnpaid(ctx, o.ID, order.Cancelled, "cancelled", o.Email)
		if err != nil {
			return err
		}
		return a.tellBuyer(ctx, tx, "cancelled", cancelled)
	})
}

// ExpireDue expires every unpaid order past its deadline, releasing its
// stock and telling its buyer, each exactly once: when several processes
// run it, the one whose conditional change wins does both. `kriya serve`
// runs it every minute.
func (a *App) ExpireDue(ctx context.Context) (int, error) {
	ids, err := a.store.DueOrders(ctx)
	if err != nil {
		return 0, err
	}
	expired := 0
	for _, id := range ids {
		err := a.store.Atomic(ctx, func(tx *store.Store) error {
			o, err := tx.EndUnpaid(ctx, id, order.Expired, "expired", "")
			if err != nil {
				return err
			}
			return a.tellBuyer(ctx, tx, "expired", o)
		})
		switch {
		case errors.Is(err, order.ErrState): // another process was first
		case err != nil:
			return expired, err
		default:
			expired++
		}
	}
	return expired, nil
}

// Transfer is a bank transfer staff received for an order.
type Transfer struct {
	Amount    int64
	Reference string
	PaidAt    time.Time
}

// RecordTransfer is the one way staff confirm a bank transfer, from the
// order's page or the API: the payment, the paid order with its ledger
// entries, the buyer's e-mail and the audit entry, in one transaction. The
// order comes back as it now is, flagged when the amount was short or more
// than the total. A transfer dated in the future, or more than a year
// before the order was placed, is refused: it is a typo, not a payment.
// (Earlier dates within the year are let through: staff enter the bank's
// value date, and catch up on backlogs.)
func (a *App) RecordTransfer(ctx context.Context, staff account.User, number string, t Transfer) (order.Order, error) {
	o, err := a.store.OrderByNumber(ctx, number)
	if err != nil {
		return o, err
	}
	errs := map[string]string{}
	if t.Amount <= 0 {
		errs["amount"] = "ws.error.price"
	}
	if t.Reference == "" || len(t.Reference) > 200 {
		errs["reference"] = "form.required"
	}
	today := sales.Day(a.now())
	if day := sales.Day(t.PaidAt); t.PaidAt.IsZero() || day > today || day < sales.Day(o.CreatedAt.AddDate(-1, 0, 0)) {
		errs["paid_at"] = "council.orders.error.paid_at"
	}
	if err := fault.Fields(errs); err != nil {
		return o, err
	}
	wasPaid := o.Status == order.Paid
	err = a.store.Atomic(ctx, func(tx *store.Store) error {
		// The commission is the council's as this transaction reads it:
		// a change an admin has committed counts from the next sale.
		c, err := tx.Council(ctx, council.Home)
		if err != nil {
			return err
		}
		o, err = tx.RecordPayment(ctx, o.ID, order.Payment{Method: order.MethodManual, Amount: t.Amount,
			Reference: t.Reference, PaidAt: t.PaidAt, RecordedBy: staff.Name}, c.CommissionBP)
		if err != nil {
			return err
		}
		if o.Status == order.Paid && !wasPaid { // a top-up of an underpaid order, not a second payment
			if err := a.tellBuyer(ctx, tx, "paid", o); err != nil {
				return err
			}
			if err := a.tellOrderPaid(ctx, tx, o); err != nil {
				return err
			}
		}
		return audit(ctx, tx, staff, "order.payment", "order", o.Number, fmt.Sprintf("%d ref %s %s", t.Amount, t.Reference, o.Flag))
	})
	return o, err
}

// ApplyCardEvent acts on one verified event of the card provider, exactly
// once however often it is delivered, and tells the buyer when it paid or
// expired their order, in the same transaction.
func (a *App) ApplyCardEvent(ctx context.Context, ev payment.Event) error {
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		c, err := tx.Council(ctx, council.Home)
		if err != nil {
			return err
		}
		out, err := tx.ApplyCardEvent(ctx, ev, c.CommissionBP)
		switch {
		case err != nil:
			return err
		case out.Paid:
			if err := a.tellBuyer(ctx, tx, "paid", out.Order); err != nil {
				return err
			}
			return a.tellOrderPaid(ctx, tx, out.Order)
		case out.Expired:
			return a.tellBuyer(ctx, tx, "expired", out.Order)
		}
		return nil
	})
}

// RefundInput is how a refund is made, beside where its money comes from.
type RefundInput struct {
	Reason     string
	Reference  string // the bank transfer's reference; for RecordOnly, the provider's refund id
	RecordOnly bool   // a card refund already made in the provider's dashboard: record it, send nothing
}

// Refund returns money to the buyer of an order as staff allocated it
// (order.Allocate): the refund, its allocation, the ledger debits, the
// buyer's e-mail and the audit entry are written in one transaction under
// the order's lock. A bank refund cites the transfer staff made. A card
// refund is sent to the provider after commit as a money movement (its
// own idempotency key, retried until done); pending reports that it has
// not gone through yet, and staff see it on the order.
func (a *App) Refund(ctx context.Context, staff account.User, o order.Order, req order.RefundRequest, in RefundInput) (pending bool, err error) {
	card := o.PaymentMethod == order.MethodStripe
	errs := map[string]string{}
	if in.Reason == "" || len(in.Reason) > 500 {
		errs["refund_reason"] = "council.error.reason"
	}
	if (!card || in.RecordOnly) && in.Reference == "" {
		errs["refund_reference"] = "council.refund.reference_needed"
	}
	if err := fault.Fields(errs); err != nil {
		return false, err
	}
	if card && !in.RecordOnly && a.card == nil {
		return false, fmt.Errorf("refund %s: card payments are not configured: %w", o.Number, payment.ErrUnavailable)
	}
	var moving []*payment.Movement
	err = a.store.Atomic(ctx, func(tx *store.Store) error {
		d := store.RefundDetails{Method: o.PaymentMethod, Reference: in.Reference, RecordOnly: in.RecordOnly, Reason: in.Reason, CreatedBy: staff.Name}
		refunded, r, err := tx.RecordRefund(ctx, o.ID, req, d)
		if err != nil {
			return err
		}
		if card && !in.RecordOnly {
			if moving, err = a.queueRefund(ctx, tx, refunded, r, staff.Name); err != nil {
				return err
			}
		}
		if err := a.tellBuyer(ctx, tx, "refunded", refunded); err != nil {
			return err
		}
		return audit(ctx, tx, staff, "order.refund", "order", o.Number, fmt.Sprintf("%d %s %s: %s", r.Amount, r.Method, r.Reference, r.Reason))
	})
	if err != nil {
		return false, err
	}
	return a.sendAll(ctx, moving), nil
}
