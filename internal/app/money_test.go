package app_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/catalog"
	"kriya/internal/config"
	"kriya/internal/council"
	"kriya/internal/fault"
	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
	"kriya/internal/stripe"
	"kriya/internal/stripe/stripetest"
)

// shop is a marketplace on a real database with a clock the test moves,
// card payments through stripe-mock (or through a provider that is down),
// and the use cases at any commission rate the council sets.
type shop struct {
	t        *testing.T
	ctx      context.Context
	dialect  string
	dsn      string
	st       *store.Store
	now      time.Time
	card     payment.Card
	app      *app.App
	staff    account.User
	sari     catalog.Artisan // silver rings
	ayu      catalog.Artisan // endek and songket
	payments int             // payment intents handed out
}

// stripeDown is a card provider nobody answers for.
func stripeDown() payment.Card { return stripe.New("sk_test_kriya", "http://127.0.0.1:1", nil) }

func newShop(t *testing.T, dialect string, card payment.Card) *shop {
	t.Helper()
	s := &shop{t: t, ctx: context.Background(), dialect: dialect, now: time.Now().UTC(), card: card}
	s.dsn = storetest.DSN(t, dialect)
	st, err := store.Open(s.ctx, store.Options{Driver: dialect, DSN: s.dsn, Now: func() time.Time { return s.now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(s.ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Catalog(t, st)
	s.st = st
	s.staff = staffMember(t, st)
	s.sari, _ = st.ArtisanBySlug(s.ctx, "perak-sari")
	s.ayu, _ = st.ArtisanBySlug(s.ctx, "tenun-ayu")
	s.build()
	return s
}

// build makes the shop's use cases, with its card provider.
func (s *shop) build() {
	// One buyer places every order of these tests, far more than the
	// limits on unpaid orders allow one e-mail in an hour; the limits have
	// their own tests (orders_security_test.go).
	unlimited := order.Limits{UnitsPerSKU: 10, HeldPerEmail: 1000, HeldPerClient: 1000, OrdersPerEmailHour: 1000, OrdersPerClientHour: 1000}
	a, err := app.New(s.ctx, app.Deps{Config: config.Config{BaseURL: "http://kriya.test", BankAccount: "BPD Bali (tes)", OrderLimits: unlimited},
		Store: s.st, Card: s.card,
		Now: func() time.Time { return s.now }})
	if err != nil {
		s.t.Fatal(err)
	}
	s.app = a
}

// withStripe is a shop whose card payments go to stripe-mock.
func withStripe(t *testing.T, dialect string) *shop {
	return newShop(t, dialect, stripe.New("sk_test_kriya", stripetest.Start(t), nil))
}

// at is the use cases with the council's commission set to bp basis
// points, as an admin sets it: what they credit next is charged at it.
func (s *shop) at(bp int) *app.App {
	setCommission(s.t, s.st, bp)
	return s.app
}

// setCommission sets the council's commission in its settings, as the
// settings page does.
func setCommission(t testing.TB, st *store.Store, bp int) {
	t.Helper()
	ctx := context.Background()
	c, err := st.Council(ctx, council.Home)
	if err != nil {
		t.Fatal(err)
	}
	if c.CommissionBP == bp {
		return
	}
	c.CommissionBP = bp
	if err := st.SaveCouncil(ctx, &c); err != nil {
		t.Fatal(err)
	}
}

// sku sets a product's first SKU's stock and returns it.
func (s *shop) sku(slug string, size int, stock int) catalog.SKU {
	s.t.Helper()
	p, err := s.st.ProductBySlug(s.ctx, slug)
	if err != nil {
		s.t.Fatal(err)
	}
	l, err := s.st.ArtisanListing(s.ctx, p.ArtisanID, p.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	l.SKUs[size].Stock = stock
	if err := s.st.SaveListing(s.ctx, &l); err != nil {
		s.t.Fatal(err)
	}
	return l.SKUs[size]
}

func (s *shop) stock(k catalog.SKU, artisanID int64) int {
	s.t.Helper()
	got, err := s.st.ArtisanSKU(s.ctx, artisanID, k.Code)
	if err != nil {
		s.t.Fatal(err)
	}
	return got.Stock
}

type item struct {
	sku catalog.SKU
	qty int
}

// place places an order delivered in Denpasar (so each part has shipping)
// by method.
func (s *shop) place(method string, items ...item) order.Order {
	s.t.Helper()
	a := s.at(0)
	codes := make([]string, len(items))
	for i, it := range items {
		codes[i] = it.sku.Code
	}
	found, err := s.st.SKUItems(s.ctx, codes)
	if err != nil {
		s.t.Fatal(err)
	}
	var cart order.Cart
	for _, it := range items {
		ci := found[it.sku.Code]
		ci.Quantity = it.qty
		cart.Items = append(cart.Items, ci)
	}
	o, err := a.BuildOrder(s.ctx, cart, app.Checkout{Email: "made@example.id", Name: "Made", Phone: "0812 3456 7890", Method: method, Lang: "id",
		Address: order.Address{Street: "Jl. Hayam Wuruk 1", Kelurahan: "Sumerta", Kecamatan: "Denpasar Timur", City: "Kota Denpasar",
			Province: "Bali", PostalCode: "80235", Country: "ID"}})
	if err != nil {
		s.t.Fatal(err)
	}
	if err := a.PlaceOrder(s.ctx, &o, 0); err != nil {
		s.t.Fatal(err)
	}
	return s.order(o.Number)
}

func (s *shop) order(number string) order.Order {
	s.t.Helper()
	o, err := s.st.OrderByNumber(s.ctx, number)
	if err != nil {
		s.t.Fatal(err)
	}
	return o
}

// transfer confirms a bank transfer at commission bp.
func (s *shop) transfer(o order.Order, amount int64, bp int) order.Order {
	s.t.Helper()
	if _, err := s.at(bp).RecordTransfer(s.ctx, s.staff, o.Number, app.Transfer{Amount: amount, Reference: "BPD " + o.Number, PaidAt: s.now}); err != nil {
		s.t.Fatal(err)
	}
	return s.order(o.Number)
}

// cardPaid delivers Stripe's "checkout completed, paid" for an order, by a
// new payment intent unless pi is given.
func (s *shop) cardPaid(o order.Order, amount int64, bp int, pi string) order.Order {
	s.t.Helper()
	if pi == "" {
		s.payments++
		pi = fmt.Sprintf("pi_%s_%d", o.Number, s.payments)
	}
	ev := payment.Event{ID: "evt_" + pi, Type: payment.EventPaid, Paid: true, OrderNumber: o.Number, PaymentIntent: pi,
		Charge: "ch_" + pi, Amount: amount, Currency: "idr"}
	if err := s.at(bp).ApplyCardEvent(s.ctx, ev); err != nil {
		s.t.Fatal(err)
	}
	return s.order(o.Number)
}

// expire moves the clock past every payment deadline and expires.
func (s *shop) expire() {
	s.t.Helper()
	s.now = s.now.Add(25 * time.Hour)
	if _, err := s.at(0).ExpireDue(s.ctx); err != nil {
		s.t.Fatal(err)
	}
}

func (s *shop) refund(o order.Order, bp int, req order.RefundRequest, in app.RefundInput) error {
	if in.Reason == "" {
		in.Reason = "retur"
	}
	if in.Reference == "" && (o.PaymentMethod == order.MethodManual || in.RecordOnly) {
		in.Reference = "BPD R-" + o.Number
	}
	_, err := s.at(bp).Refund(s.ctx, s.staff, o, req, in)
	return err
}

// money is an artisan's ledger for one order, by kind (and note for
// refunds: "refund items", "refund shipping").
func (s *shop) money(artisanID int64, number string) map[string]int64 {
	s.t.Helper()
	entries, err := s.st.Ledger(s.ctx, artisanID)
	if err != nil {
		s.t.Fatal(err)
	}
	out := map[string]int64{}
	for _, e := range entries {
		if e.OrderNumber == number {
			k := e.Kind
			if e.Kind == ledger.KindRefund {
				k += " " + e.Note
			}
			out[k] += e.Amount
		}
	}
	return out
}

// gap is, over the given orders, what the council holds from buyers
// (payments less refunds) minus what it owes artisans for them (their
// ledger's sales, shipping and refunds) minus what it holds for nobody
// and has flagged for staff: zero when every rupiah is accounted for.
func (s *shop) gap(orders ...order.Order) int64 {
	s.t.Helper()
	var gap int64
	for _, o := range orders {
		o = s.order(o.Number)
		m, err := s.st.OrderMoney(s.ctx, o)
		if err != nil {
			s.t.Fatal(err)
		}
		gap += m.Paid - o.Refunded
		for _, a := range []catalog.Artisan{s.sari, s.ayu} {
			for k, v := range s.money(a.ID, o.Number) {
				if k != ledger.KindCommission && k != ledger.KindCommissionReturn {
					gap -= v
				}
			}
		}
		if held := m.HeldLeft(); held != 0 {
			if !o.HasFlag(order.FlagOverpaid) && !o.HasFlag(order.FlagUnderpaid) && !o.HasFlag(order.FlagPaidAfterExpiry) {
				s.t.Errorf("%s holds %d for nobody without a flag for staff", o.Number, held)
			}
			gap -= held
		}
	}
	return gap
}

func forDialects(t *testing.T, test func(t *testing.T, dialect string)) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) { test(t, dialect) })
	}
}

func isInvalid(err error) bool { return fault.KindOf(err) == fault.Invalid }

// 1. A card payment after the order expired revives it whole: paid, stock
// taken again, and its artisan credited (the sale counts in omzet and in
// the ledger alike). With the stock gone, the money is held and flagged.
func TestCardPaidAfterExpiryIsCreditedOrHeld(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := withStripe(t, dialect)
		ring := s.sku("cincin-jawan", 0, 2)
		o := s.place(order.MethodStripe, item{ring, 1})
		s.expire()
		if got := s.stock(ring, s.sari.ID); got != 2 {
			t.Fatalf("stock after expiry = %d, want 2", got)
		}
		o = s.cardPaid(o, o.Total, 0, "")
		if o.Status != order.Paid || s.stock(ring, s.sari.ID) != 1 {
			t.Errorf("late payment with stock: %s, stock %d; want paid, 1", o.Status, s.stock(ring, s.sari.ID))
		}
		if m := s.money(s.sari.ID, o.Number); m[ledger.KindSale] != ring.Price {
			t.Errorf("ledger after a late payment = %v, want the sale %d credited", m, ring.Price)
		}

		gone := s.place(order.MethodStripe, item{ring, 1})
		s.expire()
		s.sku("cincin-jawan", 0, 0) // sold elsewhere meanwhile
		gone = s.cardPaid(gone, gone.Total, 0, "")
		if gone.Status != order.Expired || !gone.HasFlag(order.FlagPaidAfterExpiry) || len(s.money(s.sari.ID, gone.Number)) != 0 {
			t.Errorf("late payment without stock: %s, flags %v, ledger %v; want expired, flagged, nothing credited", gone.Status, gone.Flags(), s.money(s.sari.ID, gone.Number))
		}
		if g := s.gap(o, gone); g != 0 {
			t.Errorf("gap = %d", g)
		}
	})
}

// Issue 14, finding 6 (the same defect as failure 1 here): a card payment
// after the buyer cancelled revives the order whole, its artisan
// credited, never paid without a ledger.
func TestCardPaidAfterCancellationCreditsTheArtisan(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := withStripe(t, dialect)
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodStripe, item{endek, 1})
		if err := s.at(0).CancelUnpaid(s.ctx, o); err != nil {
			t.Fatal(err)
		}
		o = s.cardPaid(s.order(o.Number), o.Total, 0, "")
		if o.Status != order.Paid || o.Fulfilments[0].Status != order.FulfilmentToPack || s.money(s.ayu.ID, o.Number)[ledger.KindSale] != endek.Price {
			t.Errorf("paid after cancelling: %s, part %s, ledger %v; want paid, to pack, the sale credited", o.Status, o.Fulfilments[0].Status, s.money(s.ayu.ID, o.Number))
		}
	})
}

// Issue 14, finding 7: a payment through a checkout Kriya did not open for
// the order (carrying its reference) is held and flagged, not taken as the
// order's payment; nor is a payment short of the total.
func TestCardPaymentMustBeTheOrdersOwnCheckoutAndAmount(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := withStripe(t, dialect)
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodStripe, item{endek, 1})
		storetest.Exec(t, dialect, s.dsn, "UPDATE orders SET stripe_session_id = ? WHERE id = ?", "cs_ours", o.ID)
		ev := payment.Event{ID: "evt_other", Type: payment.EventPaid, Paid: true, OrderNumber: o.Number, SessionID: "cs_someone_elses",
			PaymentIntent: "pi_other", Amount: o.Total, Currency: "idr"}
		if err := s.at(0).ApplyCardEvent(s.ctx, ev); err != nil {
			t.Fatal(err)
		}
		if o = s.order(o.Number); o.Status != order.PendingPayment || !o.HasFlag(order.FlagOverpaid) {
			t.Errorf("paid through another checkout: %s, flags %v; want still unpaid, flagged", o.Status, o.Flags())
		}
		short := s.place(order.MethodStripe, item{endek, 1})
		if short = s.cardPaid(short, 1, 0, ""); short.Status != order.PendingPayment || !short.HasFlag(order.FlagUnderpaid) {
			t.Errorf("paid Rp 1 of %d: %s, flags %v; want unpaid, underpaid", short.Total, short.Status, short.Flags())
		}
		if g := s.gap(o, short); g != 0 {
			t.Errorf("gap = %d", g)
		}
	})
}

// 2 and 3. Refunding money that no artisan was credited with debits no
// artisan, and puts back no stock the order no longer held.
func TestRefundOfUncreditedOrderDebitsNoArtisan(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := withStripe(t, dialect)
		ring := s.sku("cincin-jawan", 0, 1)
		o := s.place(order.MethodStripe, item{ring, 1})
		s.expire()
		other := s.place(order.MethodManual, item{ring, 1}) // another buyer holds the last ring
		o = s.cardPaid(o, o.Total, 0, "")
		if !o.HasFlag(order.FlagPaidAfterExpiry) {
			t.Fatalf("flags %v, want paid_after_expiry", o.Flags())
		}
		if err := s.refund(o, 0, order.RefundRequest{Amount: o.Total, Restock: true}, app.RefundInput{}); !isInvalid(err) {
			t.Errorf("restocking a refund of an order that holds no stock = %v, want refused", err)
		}
		if err := s.refund(o, 0, order.RefundRequest{Amount: o.Total}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		o = s.order(o.Number)
		if m := s.money(s.sari.ID, o.Number); len(m) != 0 {
			t.Errorf("the artisan's ledger for an order never credited = %v, want nothing", m)
		}
		if s.stock(ring, s.sari.ID) != 0 {
			t.Errorf("stock = %d, want 0: the other buyer's order holds the ring", s.stock(ring, s.sari.ID))
		}
		if o.HasFlag(order.FlagPaidAfterExpiry) {
			t.Error("the flag stays after the late payment was refunded")
		}
		if g := s.gap(o, other); g != 0 {
			t.Errorf("gap = %d", g)
		}
	})
}

// 4. An artisan cancelling the only line of its part of a paid card order
// gives back the line and the part's shipping, through Stripe, and its
// ledger and omzet follow.
func TestArtisanCancellingOnlyLineOfPaidCardPartRefundsItAndItsShipping(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := withStripe(t, dialect)
		ring, endek := s.sku("cincin-jawan", 0, 2), s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodStripe, item{ring, 1}, item{endek, 1})
		o = s.cardPaid(o, o.Total, 0, "")
		var line order.Line
		var part order.Fulfilment
		for _, l := range o.Lines {
			if l.ArtisanID == s.sari.ID {
				line = l
			}
		}
		for _, f := range o.Fulfilments {
			if f.ArtisanID == s.sari.ID {
				part = f
			}
		}
		ws := app.Workspace{Artisan: s.sari, By: account.User{Name: "Sari"}}
		if err := s.at(0).CancelLine(s.ctx, ws, part.ID, line.ID, "cincin retak", true); err != nil {
			t.Fatal(err)
		}
		o = s.order(o.Number)
		m := s.money(s.sari.ID, o.Number)
		if m["refund items"] != -line.Amount() || m["refund shipping"] != -part.Shipping {
			t.Errorf("ledger after cancelling = %v, want items %d and shipping %d refunded", m, line.Amount(), part.Shipping)
		}
		if o.Refunded != line.Amount()+part.Shipping || o.Status != order.PartiallyRefunded {
			t.Errorf("order: refunded %d, %s; want %d, partially refunded", o.Refunded, o.Status, line.Amount()+part.Shipping)
		}
		ms, _ := s.st.Movements(s.ctx, o.Number)
		if len(ms) != 1 || ms[0].Status != payment.MovementDone || ms[0].Amount != o.Refunded {
			t.Errorf("movements = %+v, want one refund of %d, done", ms, o.Refunded)
		}
		if s.stock(ring, s.sari.ID) != 2 {
			t.Errorf("stock = %d, want the ring back (2)", s.stock(ring, s.sari.ID))
		}
		if g := s.gap(o); g != 0 {
			t.Errorf("gap = %d", g)
		}
	})
}

// 5. When an artisan cancels one line and keeps another, refunding the
// cancelled one debits that line, not the one being shipped.
func TestRefundOfCancelledLineIsChargedToThatLine(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		size6, size8 := s.sku("cincin-jawan", 0, 2), s.sku("cincin-jawan", 2, 2)
		o := s.place(order.MethodManual, item{size6, 1}, item{size8, 1})
		o = s.transfer(o, o.Total, 1000)
		var cancelled order.Line
		for _, l := range o.Lines {
			if l.SKUID == size6.ID {
				cancelled = l
			}
		}
		ws := app.Workspace{Artisan: s.sari, By: account.User{Name: "Sari"}}
		if err := s.at(1000).CancelLine(s.ctx, ws, o.Fulfilments[0].ID, cancelled.ID, "ukuran habis", false); err != nil {
			t.Fatal(err)
		}
		o = s.order(o.Number)
		if !o.HasFlag(order.FlagRefundDue) {
			t.Fatalf("flags %v, want refund_due for the bank refund", o.Flags())
		}
		err := s.refund(o, 1000, order.RefundRequest{Units: map[int64]int{cancelled.ID: 1}}, app.RefundInput{})
		if err != nil {
			t.Fatal(err)
		}
		o = s.order(o.Number)
		m := s.money(s.sari.ID, o.Number)
		if m["refund items"] != -cancelled.Amount() || m["refund shipping"] != 0 || m[ledger.KindCommissionReturn] != ledger.Commission(cancelled.Amount(), 1000) {
			t.Errorf("ledger = %v, want exactly the cancelled ring (%d) refunded with its commission", m, cancelled.Amount())
		}
		if o.HasFlag(order.FlagRefundDue) {
			t.Error("refund_due stays after the cancelled line was refunded")
		}
		if g := s.gap(o); g != 0 {
			t.Errorf("gap = %d", g)
		}
	})
}

// 6 and 16. A refund larger than an artisan's part, or partials adding up
// past it, is refused; a partial refund of an order with two artisans says
// whose part it is, never "the first artisan".
func TestRefundLargerThanPartIsRefused(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		ring, endek := s.sku("cincin-jawan", 0, 2), s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodManual, item{ring, 1}, item{endek, 1})
		o = s.transfer(o, o.Total, 0)
		var sariPart int64
		for _, f := range o.Fulfilments {
			if f.ArtisanID == s.sari.ID {
				sariPart = ring.Price + f.Shipping
			}
		}
		if err := s.refund(o, 0, order.RefundRequest{ArtisanID: s.sari.ID, Amount: sariPart + 1}, app.RefundInput{}); !isInvalid(err) {
			t.Errorf("refunding more than the part = %v, want refused", err)
		}
		if err := s.refund(o, 0, order.RefundRequest{ArtisanID: s.sari.ID, Amount: sariPart - 1000}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		o = s.order(o.Number)
		if err := s.refund(o, 0, order.RefundRequest{ArtisanID: s.sari.ID, Amount: 2000}, app.RefundInput{}); !isInvalid(err) {
			t.Errorf("partials adding up past the part = %v, want refused", err)
		}
		if err := s.refund(o, 0, order.RefundRequest{Amount: 1000 + 100_000}, app.RefundInput{}); !isInvalid(err) {
			t.Errorf("a partial refund of two artisans' order without a part = %v, want refused", err)
		}
		if m := s.money(s.ayu.ID, o.Number); m["refund items"] != 0 {
			t.Errorf("the other artisan was debited: %v", m)
		}
		if g := s.gap(o); g != 0 {
			t.Errorf("gap = %d", g)
		}
	})
}

// 7. A refund scoped to an artisan who has no part in the order is
// refused, and nothing moves.
func TestRefundScopedToArtisanNotInOrderIsRefused(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodManual, item{endek, 1})
		o = s.transfer(o, o.Total, 0)
		if err := s.refund(o, 0, order.RefundRequest{ArtisanID: s.sari.ID, Amount: 1000}, app.RefundInput{}); !isInvalid(err) {
			t.Errorf("refund scoped to another artisan = %v, want refused", err)
		}
		if o := s.order(o.Number); o.Refunded != 0 {
			t.Errorf("refunded %d after a refused refund", o.Refunded)
		}
	})
}

// 8. A card payment for more than the order's total at payment time (a
// line was cancelled after the checkout opened) is flagged overpaid, the
// excess held for a refund.
func TestCardAmountDifferentFromOrderIsFlagged(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := withStripe(t, dialect)
		size6, size8 := s.sku("cincin-jawan", 0, 2), s.sku("cincin-jawan", 2, 2)
		o := s.place(order.MethodStripe, item{size6, 1}, item{size8, 1})
		charged := o.Total
		var line order.Line
		for _, l := range o.Lines {
			if l.SKUID == size8.ID {
				line = l
			}
		}
		ws := app.Workspace{Artisan: s.sari, By: account.User{Name: "Sari"}}
		if err := s.at(0).CancelLine(s.ctx, ws, o.Fulfilments[0].ID, line.ID, "habis", true); err != nil {
			t.Fatal(err)
		}
		o = s.cardPaid(s.order(o.Number), charged, 0, "")
		m, _ := s.st.OrderMoney(s.ctx, o)
		if o.Status != order.Paid || !o.HasFlag(order.FlagOverpaid) || m.HeldLeft() != line.Amount() {
			t.Errorf("paid %d for %d: %s, flags %v, held %d; want paid, overpaid, %d held", charged, o.Total, o.Status, o.Flags(), m.HeldLeft(), line.Amount())
		}
		if g := s.gap(o); g != 0 {
			t.Errorf("gap = %d", g)
		}
	})
}

// 9. Refunding one of two units with restock puts one back and keeps the
// line.
func TestRefundOneOfTwoUnitsRestocksOne(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodManual, item{endek, 2})
		o = s.transfer(o, o.Total, 0)
		line := o.Lines[0]
		if err := s.refund(o, 0, order.RefundRequest{Units: map[int64]int{line.ID: 1}, Restock: true}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		o = s.order(o.Number)
		if s.stock(endek, s.ayu.ID) != 4 || o.Lines[0].Cancelled || o.Lines[0].RefundedUnits != 1 || o.Refunded != endek.Price {
			t.Errorf("after refunding 1 of 2: stock %d, line cancelled %v, refunded units %d, refunded %d; want 4, false, 1, %d",
				s.stock(endek, s.ayu.ID), o.Lines[0].Cancelled, o.Lines[0].RefundedUnits, o.Refunded, endek.Price)
		}
	})
}

// 10. A shipping-only refund is booked as shipping, with no commission
// returned (shipping is never commissioned).
func TestShippingOnlyRefundIsBookedAsShipping(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodManual, item{endek, 1})
		o = s.transfer(o, o.Total, 1000)
		part := o.Fulfilments[0]
		if err := s.refund(o, 1000, order.RefundRequest{Shipping: map[int64]bool{part.ID: true}}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		m := s.money(s.ayu.ID, o.Number)
		if m["refund shipping"] != -part.Shipping || m["refund items"] != 0 || m[ledger.KindCommissionReturn] != 0 {
			t.Errorf("ledger after a shipping refund = %v, want shipping %d only", m, part.Shipping)
		}
	})
}

// 11. Refunding an overpayment, as the flag tells staff, touches no
// artisan's ledger and no omzet, and clears the flag.
func TestRefundingAnOverpaymentLeavesArtisansAlone(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodManual, item{endek, 1})
		o = s.transfer(o, o.Total+50_000, 1000)
		before := s.money(s.ayu.ID, o.Number)
		if err := s.refund(o, 1000, order.RefundRequest{Amount: 50_000}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		o = s.order(o.Number)
		after := s.money(s.ayu.ID, o.Number)
		if len(after) != len(before) || after[ledger.KindSale] != before[ledger.KindSale] || after["refund items"] != 0 {
			t.Errorf("ledger before %v, after refunding the overpayment %v; want unchanged", before, after)
		}
		if o.HasFlag(order.FlagOverpaid) || o.Status != order.Paid {
			t.Errorf("after refunding the overpayment: %s, flags %v; want paid, no flag", o.Status, o.Flags())
		}
		if g := s.gap(o); g != 0 {
			t.Errorf("gap = %d", g)
		}
	})
}

// 12. Commission goes back at the rate it was charged at, whatever the
// rate is when the refund is made.
func TestCommissionReturnsAtTheSaleRate(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		endek := s.sku("kain-endek", 0, 5)
		free := s.place(order.MethodManual, item{endek, 1})
		free = s.transfer(free, free.Total, 0) // sold at 0%
		if err := s.refund(free, 1000, order.RefundRequest{ArtisanID: s.ayu.ID, Amount: endek.Price}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		if m := s.money(s.ayu.ID, free.Number); m[ledger.KindCommissionReturn] != 0 {
			t.Errorf("a sale at 0%% refunded at 10%% returned %d commission, want 0", m[ledger.KindCommissionReturn])
		}
		charged := s.place(order.MethodManual, item{endek, 1})
		charged = s.transfer(charged, charged.Total, 1000) // sold at 10%
		if err := s.refund(charged, 0, order.RefundRequest{ArtisanID: s.ayu.ID, Amount: endek.Price}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		m := s.money(s.ayu.ID, charged.Number)
		if m[ledger.KindCommissionReturn] != -m[ledger.KindCommission] || m[ledger.KindCommissionReturn] != 85_000 {
			t.Errorf("a sale at 10%% refunded at 0%%: %v, want the 85.000 charged returned", m)
		}
	})
}

// A part paid before rates were kept with the sale gives commission back
// at the rate its commission implies, not at today's.
func TestPartsPaidBeforeRatesWereKeptReturnTheRateCharged(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodManual, item{endek, 1})
		o = s.transfer(o, o.Total, 750)
		storetest.Exec(t, dialect, s.dsn, "UPDATE fulfilments SET commission_bp = NULL WHERE order_id = ?", o.ID)
		if err := s.refund(o, 0, order.RefundRequest{ArtisanID: s.ayu.ID, Amount: endek.Price}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		m := s.money(s.ayu.ID, o.Number)
		if m[ledger.KindCommission] != -63_750 || m[ledger.KindCommissionReturn] != 63_750 {
			t.Errorf("ledger = %v, want the 63.750 charged at 7.5%% returned", m)
		}
	})
}

// 13. A refund made in Stripe's dashboard is recorded without sending a
// second one.
func TestRecordOnlyRefundSendsNothing(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, stripeDown()) // any call to Stripe would fail
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodStripe, item{endek, 1})
		o = s.cardPaid(o, o.Total, 0, "")
		err := s.refund(o, 0, order.RefundRequest{Amount: o.Total}, app.RefundInput{RecordOnly: true, Reference: "re_dashboard_1"})
		if err != nil {
			t.Fatal(err)
		}
		o = s.order(o.Number)
		ms, _ := s.st.Movements(s.ctx, o.Number)
		if o.Status != order.Refunded || len(ms) != 0 {
			t.Errorf("record-only refund: %s, %d movements; want refunded, none", o.Status, len(ms))
		}
		if err := s.refund(o, 0, order.RefundRequest{Amount: 1}, app.RefundInput{RecordOnly: true}); !isInvalid(err) {
			t.Errorf("a record-only refund without Stripe's refund id = %v, want refused", err)
		}
	})
}

// 14. An artisan cancelling a paid card line while Stripe is down: the
// cancellation and its refund are recorded together, the refund waits,
// visible, and goes out once Stripe is back.
func TestCancellingPaidCardLineWhileStripeIsDownLeavesPendingRefund(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, stripeDown())
		size6, size8 := s.sku("cincin-jawan", 0, 2), s.sku("cincin-jawan", 2, 2)
		o := s.place(order.MethodStripe, item{size6, 1}, item{size8, 1})
		o = s.cardPaid(o, o.Total, 0, "")
		line := o.Lines[0]
		ws := app.Workspace{Artisan: s.sari, By: account.User{Name: "Sari"}}
		if err := s.at(0).CancelLine(s.ctx, ws, o.Fulfilments[0].ID, line.ID, "retak", true); err != nil {
			t.Fatalf("cancelling while Stripe is down = %v, want done (the refund waits)", err)
		}
		o = s.order(o.Number)
		ms, _ := s.st.Movements(s.ctx, "")
		if o.Refunded != line.Amount() || len(ms) != 1 || ms[0].Status != payment.MovementPending || ms[0].LastError == "" {
			t.Fatalf("refunded %d, pending movements %+v; want %d refunded and one pending with its error", o.Refunded, ms, line.Amount())
		}
		// Stripe is back: the next round sends it.
		s.card = stripe.New("sk_test_kriya", stripetest.Start(t), nil)
		s.build()
		s.now = s.now.Add(2 * time.Hour)
		if err := s.at(0).SendMovements(s.ctx); err != nil {
			t.Fatal(err)
		}
		if ms, _ := s.st.Movements(s.ctx, o.Number); len(ms) != 1 || ms[0].Status != payment.MovementDone || ms[0].ProviderRef == "" {
			t.Errorf("after Stripe came back: %+v, want the refund done", ms)
		}
	})
}

// 15. A refund clears only the flags it resolves: a dispute stays.
func TestRefundClearsOnlyTheFlagsItResolves(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := withStripe(t, dialect)
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodStripe, item{endek, 1})
		o = s.cardPaid(o, o.Total+10_000, 0, "")
		dispute := payment.Event{ID: "evt_dispute", Type: payment.EventDisputed, PaymentIntent: o.PaymentIntent, Charge: o.ChargeID, Amount: o.Total}
		if err := s.at(0).ApplyCardEvent(s.ctx, dispute); err != nil {
			t.Fatal(err)
		}
		o = s.order(o.Number)
		if !o.HasFlag(order.FlagOverpaid) || !o.HasFlag(order.FlagDisputed) {
			t.Fatalf("flags %v, want overpaid and disputed", o.Flags())
		}
		if err := s.refund(o, 0, order.RefundRequest{Amount: 10_000}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		o = s.order(o.Number)
		if o.HasFlag(order.FlagOverpaid) || !o.HasFlag(order.FlagDisputed) {
			t.Errorf("flags after refunding the overpayment = %v, want disputed only", o.Flags())
		}
	})
}

// 17. A second paid checkout for an order already paid leaves its payment
// on record, held and flagged, and keeps the first payment's intent (a
// dispute of the first charge still finds the order).
func TestSecondCardPaymentIsRecordedAndHeld(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := withStripe(t, dialect)
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodStripe, item{endek, 1})
		o = s.cardPaid(o, o.Total, 0, "pi_first")
		o = s.cardPaid(o, o.Total, 0, "pi_second")
		payments, _ := s.st.OrderPayments(s.ctx, o.ID)
		if len(payments) != 2 || o.PaymentIntent != "pi_first" || !o.HasFlag(order.FlagOverpaid) {
			t.Errorf("paid twice: %d payments, intent %q, flags %v; want 2, pi_first, overpaid", len(payments), o.PaymentIntent, o.Flags())
		}
		dispute := payment.Event{ID: "evt_d1", Type: payment.EventDisputed, PaymentIntent: "pi_first", Charge: "ch_pi_first", Amount: o.Total}
		if err := s.at(0).ApplyCardEvent(s.ctx, dispute); err != nil {
			t.Fatal(err)
		}
		if o = s.order(o.Number); !o.HasFlag(order.FlagDisputed) {
			t.Errorf("a dispute of the first charge did not reach the order: %v", o.Flags())
		}
		if err := s.refund(o, 0, order.RefundRequest{Amount: o.Total}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		ms, _ := s.st.Movements(s.ctx, o.Number)
		if len(ms) != 1 || ms[0].PaymentRef != "pi_second" {
			t.Errorf("the held second payment is refunded against %+v, want pi_second", ms)
		}
		if g := s.gap(o); g != 0 {
			t.Errorf("gap = %d", g)
		}
	})
}

// 18. A transfer dated in the future, or years before the order, is
// refused.
func TestTransferDatedInFutureOrYearsBackIsRefused(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		o := s.place(order.MethodManual, item{s.sku("kain-endek", 0, 5), 1})
		for _, at := range []time.Time{s.now.Add(48 * time.Hour), s.now.AddDate(-3, 0, 0)} {
			_, err := s.at(0).RecordTransfer(s.ctx, s.staff, o.Number, app.Transfer{Amount: o.Total, Reference: "BPD", PaidAt: at})
			if !isInvalid(err) || fault.FieldsOf(err)["paid_at"] == "" {
				t.Errorf("a transfer dated %s = %v, want refused on paid_at", at.Format("2006-01-02"), err)
			}
		}
		if o := s.order(o.Number); o.Status != order.PendingPayment {
			t.Errorf("order %s after refused transfers", o.Status)
		}
	})
}

// 19. A Connect payout is written to the ledger, under the balance check,
// before any money leaves; with Stripe down it waits, recorded and
// visible. A payout above the balance never reaches Stripe.
func TestConnectTransferIsRecordedBeforeItLeaves(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, stripeDown())
		s.ayu.ConnectAccountID = "acct_ayu"
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodStripe, item{endek, 1})
		o = s.cardPaid(o, o.Total, 0, "")
		balance := ledger.Balance(mustLedger(t, s, s.ayu.ID))
		if _, err := s.at(0).Settle(s.ctx, s.staff, s.ayu, app.Settlement{Amount: balance + 1, Connect: true, OrderNumber: o.Number}); !isInvalid(err) {
			t.Errorf("a payout above the balance = %v, want refused", err)
		}
		if ms, _ := s.st.Movements(s.ctx, o.Number); len(ms) != 0 {
			t.Fatalf("a refused payout left movements %+v", ms)
		}
		pending, err := s.at(0).Settle(s.ctx, s.staff, s.ayu, app.Settlement{Amount: balance, Connect: true, OrderNumber: o.Number})
		if err != nil || !pending {
			t.Fatalf("payout with Stripe down = %v, pending %v; want recorded and pending", err, pending)
		}
		if b := ledger.Balance(mustLedger(t, s, s.ayu.ID)); b != 0 {
			t.Errorf("balance after the payout = %d, want 0", b)
		}
		ms, _ := s.st.Movements(s.ctx, "")
		if len(ms) != 1 || ms[0].Kind != payment.MovementTransfer || ms[0].EntryID == nil {
			t.Errorf("movements = %+v, want one pending transfer tied to its ledger entry", ms)
		}
	})
}

func mustLedger(t *testing.T, s *shop, artisanID int64) []ledger.Entry {
	t.Helper()
	es, err := s.st.Ledger(s.ctx, artisanID)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// 19. Two refunds of the same order at once, each of all that is left:
// one goes through, the other is refused; never more refunded than paid.
func TestConcurrentRefundsNeverRefundTwice(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		o := s.place(order.MethodManual, item{s.sku("kain-endek", 0, 5), 1})
		o = s.transfer(o, o.Total, 0)
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				errs[i] = s.refund(o, 0, order.RefundRequest{Amount: o.Total}, app.RefundInput{Reference: fmt.Sprint("BPD ", i)})
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !isInvalid(err) && !errors.Is(err, store.ErrUnavailable):
				t.Errorf("a concurrent refund failed with %v, want refused", err)
			}
		}
		if o := s.order(o.Number); ok != 1 || o.Refunded != o.Total {
			t.Errorf("%d refunds went through, refunded %d of %d; want exactly one", ok, o.Refunded, o.Total)
		}
	})
}

// The audit's afternoon, replayed: every kind of order it found wrong, in
// one marketplace. What the council holds from buyers, less what it owes
// artisans for those orders, less what it holds for nobody with a flag for
// staff, is zero (the audit measured Rp 4.805.000 on the code before).
func TestTheAuditsOrdersBalanceToTheRupiah(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := withStripe(t, dialect)
		ring, ring8 := s.sku("cincin-jawan", 0, 10), s.sku("cincin-jawan", 2, 10)
		endek, songket := s.sku("kain-endek", 0, 10), s.sku("songket-emas", 0, 10)
		sari := app.Workspace{Artisan: s.sari, By: account.User{Name: "Sari"}}
		var orders []order.Order
		keep := func(o order.Order) { orders = append(orders, s.order(o.Number)) }
		line := func(o order.Order, k catalog.SKU) order.Line {
			for _, l := range o.Lines {
				if l.SKUID == k.ID {
					return l
				}
			}
			t.Fatalf("no line of %s", k.Code)
			return order.Line{}
		}
		// 1. card paid after expiry, stock still there.
		late := s.place(order.MethodStripe, item{ring, 1})
		s.expire()
		keep(s.cardPaid(late, late.Total, 750, ""))
		// 2–3. paid after expiry without stock, refunded (with restock asked and refused, then without).
		gone := s.place(order.MethodStripe, item{songket, 1})
		s.expire()
		s.sku("songket-emas", 0, 0)
		gone = s.cardPaid(gone, gone.Total, 750, "")
		_ = s.refund(gone, 750, order.RefundRequest{Amount: gone.Total, Restock: true}, app.RefundInput{})
		if err := s.refund(gone, 750, order.RefundRequest{Amount: gone.Total}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		keep(gone)
		// 4. the only line of a paid card part cancelled.
		two := s.place(order.MethodStripe, item{ring, 1}, item{endek, 1})
		two = s.cardPaid(two, two.Total, 750, "")
		if err := s.at(750).CancelLine(s.ctx, sari, line(two, ring).FulfilmentID, line(two, ring).ID, "retak", true); err != nil {
			t.Fatal(err)
		}
		keep(two)
		// 5. one line cancelled, the other kept, the cancelled one refunded by bank.
		bank := s.place(order.MethodManual, item{ring, 1}, item{ring8, 1})
		bank = s.transfer(bank, bank.Total, 1000)
		if err := s.at(1000).CancelLine(s.ctx, sari, line(bank, ring).FulfilmentID, line(bank, ring).ID, "habis", false); err != nil {
			t.Fatal(err)
		}
		bank = s.order(bank.Number)
		if err := s.refund(bank, 1000, order.RefundRequest{Units: map[int64]int{line(bank, ring).ID: 1}}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		keep(bank)
		// 6–7. refunds too large or for the wrong artisan, refused.
		big := s.place(order.MethodManual, item{endek, 1})
		big = s.transfer(big, big.Total, 0)
		_ = s.refund(big, 0, order.RefundRequest{ArtisanID: s.ayu.ID, Amount: big.Total + 1}, app.RefundInput{})
		_ = s.refund(big, 0, order.RefundRequest{ArtisanID: s.sari.ID, Amount: 1000}, app.RefundInput{})
		keep(big)
		// 8. a line cancelled on an unpaid card order, then the old checkout paid.
		stale := s.place(order.MethodStripe, item{ring, 1}, item{ring8, 1})
		charged := stale.Total
		if err := s.at(0).CancelLine(s.ctx, sari, line(stale, ring8).FulfilmentID, line(stale, ring8).ID, "habis", true); err != nil {
			t.Fatal(err)
		}
		keep(s.cardPaid(s.order(stale.Number), charged, 750, ""))
		// 9–10. one of two units with restock; shipping only.
		units := s.place(order.MethodManual, item{endek, 2})
		units = s.transfer(units, units.Total, 1000)
		if err := s.refund(units, 1000, order.RefundRequest{Units: map[int64]int{units.Lines[0].ID: 1}, Restock: true}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		units = s.order(units.Number)
		if err := s.refund(units, 1000, order.RefundRequest{Shipping: map[int64]bool{units.Fulfilments[0].ID: true}}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		keep(units)
		// 11. an overpaid transfer, the excess refunded.
		over := s.place(order.MethodManual, item{endek, 1})
		over = s.transfer(over, over.Total+25_000, 1000)
		if err := s.refund(over, 1000, order.RefundRequest{Amount: 25_000}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		keep(over)
		// 12. commission rate changed between sale and refund.
		rate := s.place(order.MethodManual, item{endek, 1})
		rate = s.transfer(rate, rate.Total, 0)
		if err := s.refund(rate, 1000, order.RefundRequest{ArtisanID: s.ayu.ID, Amount: endek.Price}, app.RefundInput{}); err != nil {
			t.Fatal(err)
		}
		keep(rate)
		if g := s.gap(orders...); g != 0 {
			t.Errorf("the audit's orders are off by Rp %d, want 0", g)
		}
	})
}
