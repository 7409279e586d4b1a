package app_test

import (
	"context"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/catalog"
	"kriya/internal/config"
	"kriya/internal/fault"
	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/sales"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
	"kriya/internal/stripe"
	"kriya/internal/stripe/stripetest"
)

// moneySteps bounds each random sequence of operations: long enough for a
// payment, a cancellation, a late payment and refunds of one order to meet,
// short enough for MySQL. Under the race detector (make test), which makes
// SQLite some twenty times slower, sequences are shorter: that run is
// there for races, the plain one for the money.
func moneySteps() int {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "-race" && s.Value == "true" {
				return 8
			}
		}
	}
	return 25
}

// Issue 24, "every rupiah accounted for": whatever staff, buyers, artisans
// and Stripe do to orders, in any order — place, pay by transfer (exact,
// short, more) or card (exact, another amount, twice, late, replayed),
// cancel, expire, cancel lines, refund in every way the form allows,
// change the commission rate, settle — after every step the money, the
// ledger, the stock and the sales figures agree (checkMoney says how), no
// step fails with an internal error, a refused step changes nothing, and a
// flag goes only when an action that resolves it ran.
//
// Each check runs on one database per dialect, with a shop of its own (two
// fresh artisans and their SKUs), so it reads only its own orders, ledger,
// stock and sales.
func TestMoneyInvariantsHoldOverRandomSequences(t *testing.T) {
	stripeBase := stripetest.Start(t)
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			w := newMoneyWorld(t, dialect, stripeBase)
			rapid.Check(t, w.check)
		})
	}
}

// moneyClock is the time every app and the store see; expiry moves it on.
type moneyClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *moneyClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *moneyClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// moneyRates are the council's commission rates the checks run with; each
// step picks one, as if an admin had changed the rate since the order was
// paid.
var moneyRates = []int{0, 750, 1000}

type moneyWorld struct {
	tb       *testing.T
	ctx      context.Context
	st       *store.Store
	clock    *moneyClock
	app      *app.App
	staff    account.User
	category int64
	outsider catalog.Artisan // in no order of any check
	steps    int             // at most, per check
	shops    int
	seq      int
}

func newMoneyWorld(t *testing.T, dialect, stripeBase string) *moneyWorld {
	ctx := context.Background()
	w := &moneyWorld{tb: t, ctx: ctx, steps: moneySteps(), clock: &moneyClock{now: time.Date(2026, 7, 1, 2, 0, 0, 0, time.UTC)}}
	st, err := store.Open(ctx, store.Options{Driver: dialect, DSN: storetest.DSN(t, dialect), Now: w.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Catalog(t, st)
	w.st = st
	w.staff = staffMember(t, st)
	if w.outsider, err = st.ArtisanBySlug(ctx, "perak-sari"); err != nil {
		t.Fatal(err)
	}
	w.category = w.outsider.CategoryID
	if err := st.SaveShippingRates(ctx, order.RateTable{{Zone: order.ZoneInternational, MaxGrams: 5000, Fee: 137_500}}); err != nil {
		t.Fatal(err)
	}
	card := stripe.New("sk_test_kriya", stripeBase, nil)
	if w.app, err = app.New(ctx, app.Deps{Config: config.Config{BankAccount: "BPD Bali (tes)"}, Store: st, Card: card, Now: w.clock.Now}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *moneyWorld) next() int {
	w.seq++
	return w.seq
}

// moneyShop is one check's artisans and SKUs, fresh, so that the check's
// ledgers, balances, stock and sales are its own.
type moneyShop struct {
	artisans []catalog.Artisan
	users    map[int64]account.User
	skus     []moneySKU
}

type moneySKU struct {
	ArtisanID int64
	ID        int64
	Code      string
	Stock     int // as set when the check began
}

func (w *moneyWorld) newShop(t *rapid.T) moneyShop {
	w.shops++
	n := w.shops
	shop := moneyShop{users: map[int64]account.User{}}
	// Prices and stock: a round and an odd price each, generous stock but
	// for one SKU, whose stock can run out under a late payment.
	skus := [][]catalog.SKU{
		{{Label: "A", Price: 450_000, Stock: 1000}, {Label: "B", Price: 123_457, Stock: 1000}},
		{{Label: "C", Price: 850_000, Stock: 1000}, {Label: "D", Price: 2_500_000, Stock: 2}},
	}
	for i, ks := range skus {
		a := catalog.Artisan{Slug: fmt.Sprintf("prop-%d-%d", n, i), Name: fmt.Sprintf("Prop %d-%d", n, i), CategoryID: w.category, Status: catalog.ArtisanActive}
		if err := w.st.CreateArtisan(w.ctx, &a); err != nil {
			t.Fatal(err)
		}
		id := a.ID
		u := account.User{Email: fmt.Sprintf("artisan-%d-%d@kriya.test", n, i), Name: a.Name, Role: account.RoleArtisan, ArtisanID: &id, Active: true, PasswordHash: "x"}
		if err := w.st.CreateUser(w.ctx, &u); err != nil {
			t.Fatal(err)
		}
		p := &catalog.Product{Slug: a.Slug + "-karya", ArtisanID: a.ID, CategoryID: w.category,
			Title: catalog.Text{ID: "Karya " + a.Name}, SKUs: ks, Status: catalog.ProductActive, CreatedAt: w.clock.Now()}
		if err := w.st.SaveListing(w.ctx, p); err != nil {
			t.Fatal(err)
		}
		for _, k := range p.SKUs {
			shop.skus = append(shop.skus, moneySKU{ArtisanID: a.ID, ID: k.ID, Code: k.Code, Stock: k.Stock})
		}
		shop.artisans = append(shop.artisans, a)
		shop.users[a.ID] = u
	}
	return shop
}

// moneyRun is one check: its shop, its orders and what it has done.
type moneyRun struct {
	w        *moneyWorld
	shop     moneyShop
	numbers  []string
	events   []payment.Event  // card events applied, for redelivery
	cardSent map[string]int64 // order → card refunds sent to the provider
	log      []string         // the steps so far
	state    moneyState       // as read after the last step
}

// moneyState is everything of a check's money, as the store has it.
type moneyState struct {
	Orders map[string]moneyOrder
	Ledger map[int64][]ledger.Entry // artisan → its entries
	Stock  map[int64]int            // SKU → stock
	Sales  map[int64]sales.Figures  // artisan → its sales over all days
}

type moneyOrder struct {
	Order     order.Order
	Money     order.Money
	Payments  []order.Payment
	Movements []payment.Movement
}

// moneyStep is what a step did, for the checks after it.
type moneyStep struct {
	op       string
	desc     string
	err      error
	target   string   // the order it acted on
	resolves []string // flags it may clear on target when it succeeds
	noChange bool     // it must change nothing even when it succeeds
	cardSent bool     // a successful step sent a card refund for target
}

var (
	resolvedByPayment = []string{order.FlagUnderpaid}
	resolvedByRefund  = []string{order.FlagOverpaid, order.FlagPaidAfterExpiry, order.FlagRefundDue, order.FlagUnderpaid}
)

func (w *moneyWorld) check(t *rapid.T) {
	// A day of its own: the sales of a day are rebuilt whole whenever
	// one of its orders changes.
	w.clock.advance(24 * time.Hour)
	r := &moneyRun{w: w, shop: w.newShop(t), cardSent: map[string]int64{}}
	r.state = r.read(t)
	// Mostly long sequences: rapid draws small numbers most often. A
	// failing sequence is reported up to its failing step, however long
	// it was meant to be.
	steps := w.steps - rapid.IntRange(0, w.steps-1).Draw(t, "shorter_by")
	for i := range steps {
		// One generator per step, so that rapid, minimising a failing
		// sequence, can drop a step whole.
		rapid.Custom(func(t *rapid.T) string { return r.step(t, i+1) }).Draw(t, fmt.Sprintf("step %d", i+1))
	}
}

// step draws an operation, runs it and checks the state after it; it
// returns what it did.
func (r *moneyRun) step(t *rapid.T, i int) string {
	setCommission(r.w.tb, r.w.st, moneyRates[rapid.IntRange(0, len(moneyRates)-1).Draw(t, "rate")])
	a := r.w.app
	op := "place"
	if len(r.numbers) > 0 {
		op = rapid.SampledFrom([]string{
			"place", "place", "transfer", "transfer", "card_paid", "card_paid", "card_paid",
			"redeliver", "cancel_unpaid", "expire", "cancel_line", "cancel_line",
			"refund", "refund", "refund", "refund", "settle", "card_notice",
		}).Draw(t, "op")
	}
	before := r.state
	s := r.do(t, a, op)
	s.op = op
	desc := s.desc
	if s.err != nil {
		desc += fmt.Sprintf(" → refused (%s)", fault.CodeOf(s.err))
	}
	r.log = append(r.log, fmt.Sprintf("%2d. %s", i, desc))
	// Failure messages name orders, artisans and lines by their place in
	// the check, not by id, so that rapid gets the same message each time
	// it replays a sequence while minimising it. They end with the
	// sequence, which rapid does not print itself: a step's own logs are
	// lost inside its generator.
	if s.err != nil && fault.KindOf(s.err) == fault.Internal {
		r.w.tb.Logf("internal error at step %d (%s): %v", i, op, s.err) // ids vary from run to run: not in the message
		r.fatalf(t, "step %d (%s) failed with an internal error", i, op)
	}
	after := r.read(t)
	if s.err != nil || s.noChange {
		if changed := r.changes(before, after); len(changed) > 0 {
			r.fatalf(t, "step %d (%s, error %v) must change nothing, but changed %s", i, op, fault.CodeOf(s.err), strings.Join(changed, ", "))
		}
	}
	if s.err == nil && s.cardSent {
		r.cardSent[s.target] += after.Orders[s.target].Order.Refunded - before.Orders[s.target].Order.Refunded
	}
	var problems []string
	problems = append(problems, r.checkMoney(after)...)
	problems = append(problems, r.checkFlags(before, after, s)...)
	if len(problems) > 0 {
		r.fatalf(t, "after step %d (%s):\n  %s", i, op, strings.Join(problems, "\n  "))
	}
	r.state = after
	return desc
}

// fatalf fails the check, telling the sequence that led to the failure.
func (r *moneyRun) fatalf(t *rapid.T, format string, args ...any) {
	t.Fatalf(format+"\nsequence:\n%s", append(args, strings.Join(r.log, "\n"))...)
}

// read loads the check's state through the store's exported reads.
func (r *moneyRun) read(t *rapid.T) moneyState {
	ctx, st := r.w.ctx, r.w.st
	s := moneyState{Orders: map[string]moneyOrder{}, Ledger: map[int64][]ledger.Entry{}, Stock: map[int64]int{}, Sales: map[int64]sales.Figures{}}
	for _, n := range r.numbers {
		o, err := st.OrderByNumber(ctx, n)
		if err != nil {
			t.Fatalf("read order %s: %v", n, err)
		}
		m, err := st.OrderMoney(ctx, o)
		if err != nil {
			t.Fatalf("read money of %s: %v", n, err)
		}
		ps, err := st.OrderPayments(ctx, o.ID)
		if err != nil {
			t.Fatalf("read payments of %s: %v", n, err)
		}
		ms, err := st.Movements(ctx, n)
		if err != nil {
			t.Fatalf("read movements of %s: %v", n, err)
		}
		s.Orders[n] = moneyOrder{Order: o, Money: m, Payments: ps, Movements: ms}
	}
	for _, a := range r.shop.artisans {
		es, err := st.Ledger(ctx, a.ID)
		if err != nil {
			t.Fatalf("read ledger of %d: %v", a.ID, err)
		}
		s.Ledger[a.ID] = es
		rows, err := st.SalesRows(ctx, sales.ByArtisan, "2000-01-01", "2100-01-01", a.ID)
		if err != nil {
			t.Fatalf("read sales of %d: %v", a.ID, err)
		}
		var f sales.Figures
		for _, row := range rows {
			if row.Key != strconv.FormatInt(a.ID, 10) {
				t.Fatalf("sales of artisan %d have a row for %q", a.ID, row.Key)
			}
			f.Gross, f.Refunds = f.Gross+row.Gross, f.Refunds+row.Refunds
		}
		s.Sales[a.ID] = f
	}
	for _, k := range r.shop.skus {
		sku, err := st.ArtisanSKU(ctx, k.ArtisanID, k.Code)
		if err != nil {
			t.Fatalf("read SKU %s: %v", k.Code, err)
		}
		s.Stock[k.ID] = sku.Stock
	}
	return s
}

// partLedger is one artisan's ledger entries for one order, summed by
// what they are.
type partLedger struct {
	sale, shipping, commission           int64 // credits, and the commission charged (≤ 0)
	itemsRefunded, shippingRefunded      int64 // refund entries, as positive amounts
	commissionReturned, otherRefundNotes int64
	entries                              int
}

func partLedgers(s moneyState, number string) map[int64]*partLedger {
	out := map[int64]*partLedger{}
	for artisan, es := range s.Ledger {
		for _, e := range es {
			if e.OrderNumber != number {
				continue
			}
			p := out[artisan]
			if p == nil {
				p = &partLedger{}
				out[artisan] = p
			}
			p.entries++
			switch {
			case e.Kind == ledger.KindSale:
				p.sale += e.Amount
			case e.Kind == ledger.KindShipping:
				p.shipping += e.Amount
			case e.Kind == ledger.KindCommission:
				p.commission += e.Amount
			case e.Kind == ledger.KindRefund && e.Note == "items":
				p.itemsRefunded -= e.Amount
			case e.Kind == ledger.KindRefund && e.Note == "shipping":
				p.shippingRefunded -= e.Amount
			case e.Kind == ledger.KindRefund:
				p.otherRefundNotes += e.Amount
			case e.Kind == ledger.KindCommissionReturn:
				p.commissionReturned += e.Amount
			}
		}
	}
	return out
}

// checkMoney checks the invariants of issue 24 on a state:
//  1. per order, payments − refunded = its sale, shipping and refund
//     entries + the money held for nobody (HeldLeft, never negative), and
//     money is held only while the order is flagged overpaid, underpaid
//     or paid_after_expiry;
//  2. per artisan's part, 0 ≤ refunded ≤ credited, for items and for
//     shipping, and no refund of a part never credited;
//  3. per part, the commission returned is the commission on the items
//     refunded at the part's stored rate, never more than was charged
//     (which is the commission on the items credited, at that rate);
//  4. per SKU, stock + what the check's order lines hold = the stock at
//     the start;
//  5. per artisan, the sales rollups' gross and refunds are its ledger's
//     sales and item refunds;
//  7. per order, the card refunds sent are the money movements queued,
//     each went through (stripe-mock), and none takes more from a card
//     payment than it paid.
func (r *moneyRun) checkMoney(s moneyState) []string {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	held := map[int64]int{}
	for _, n := range r.numbers {
		mo := s.Orders[n]
		o, m := mo.Order, mo.Money
		var paid int64
		for _, p := range mo.Payments {
			paid += p.Amount
		}
		parts := partLedgers(s, n)
		var inLedger int64
		for _, p := range parts {
			inLedger += p.sale + p.shipping - p.itemsRefunded - p.shippingRefunded
		}
		// 1.
		if paid != m.Paid {
			fail("%s: payments add up to %d, OrderMoney says %d", r.orderLabel(n), paid, m.Paid)
		}
		if paid-o.Refunded != inLedger+m.HeldLeft() {
			fail("%s: paid %d − refunded %d = %d, but ledger %d + held %d = %d", r.orderLabel(n), paid, o.Refunded, paid-o.Refunded, inLedger, m.HeldLeft(), inLedger+m.HeldLeft())
		}
		if m.HeldLeft() < 0 {
			fail("%s: holds %d (paid %d, credited %d, held refunded %d)", r.orderLabel(n), m.HeldLeft(), m.Paid, m.Credited(), m.HeldRefunded)
		}
		if m.HeldLeft() != 0 && !o.HasFlag(order.FlagOverpaid) && !o.HasFlag(order.FlagUnderpaid) && !o.HasFlag(order.FlagPaidAfterExpiry) {
			fail("%s (%s): holds %d for nobody but is flagged only %q", r.orderLabel(n), o.Status, m.HeldLeft(), o.Flag)
		}
		// 2. and 3.
		fulfilments := map[int64]order.Fulfilment{}
		for _, f := range o.Fulfilments {
			fulfilments[f.ArtisanID] = f
		}
		for _, artisan := range slices.Sorted(maps.Keys(parts)) {
			p := parts[artisan]
			f, ok := fulfilments[artisan]
			if !ok {
				fail("%s: %d ledger entries for %s, who has no part in it", r.orderLabel(n), p.entries, r.artisanLabel(artisan))
				continue
			}
			credited := p.sale != 0 || p.shipping != 0
			if !credited && (p.itemsRefunded != 0 || p.shippingRefunded != 0 || p.commissionReturned != 0 || p.commission != 0) {
				fail("%s: %s's part was never credited but has refunds %d+%d, commission %d, returned %d", r.orderLabel(n), r.artisanLabel(artisan), p.itemsRefunded, p.shippingRefunded, p.commission, p.commissionReturned)
			}
			if p.itemsRefunded < 0 || p.itemsRefunded > p.sale {
				fail("%s: %s: items refunded %d of %d credited", r.orderLabel(n), r.artisanLabel(artisan), p.itemsRefunded, p.sale)
			}
			if p.shippingRefunded < 0 || p.shippingRefunded > p.shipping {
				fail("%s: %s: shipping refunded %d of %d credited", r.orderLabel(n), r.artisanLabel(artisan), p.shippingRefunded, p.shipping)
			}
			if p.otherRefundNotes != 0 {
				fail("%s: %s: refund entries of %d neither items nor shipping", r.orderLabel(n), r.artisanLabel(artisan), p.otherRefundNotes)
			}
			if !credited {
				continue
			}
			if f.CommissionBP == nil {
				fail("%s: %s's part was credited but keeps no rate", r.orderLabel(n), r.artisanLabel(artisan))
				continue
			}
			bp := *f.CommissionBP
			if want := ledger.Commission(p.sale, bp); -p.commission != want {
				fail("%s: %s: commission charged %d, want %d (%d bp of %d)", r.orderLabel(n), r.artisanLabel(artisan), -p.commission, want, bp, p.sale)
			}
			if want := ledger.Commission(p.itemsRefunded, bp); p.commissionReturned != want {
				fail("%s: %s: commission returned %d, want %d (%d bp of %d refunded)", r.orderLabel(n), r.artisanLabel(artisan), p.commissionReturned, want, bp, p.itemsRefunded)
			}
			if p.commissionReturned > -p.commission {
				fail("%s: %s: commission returned %d > charged %d", r.orderLabel(n), r.artisanLabel(artisan), p.commissionReturned, -p.commission)
			}
		}
		// 4.
		for i, l := range o.Lines {
			held[l.SKUID] += l.Held
			if l.Held < 0 || l.Held > l.Quantity || l.RefundedUnits < 0 || l.RefundedUnits > l.Quantity {
				fail("%s: line %d holds %d and refunded %d of %d units", r.orderLabel(n), i+1, l.Held, l.RefundedUnits, l.Quantity)
			}
		}
		// 7.
		var queued int64
		for _, mv := range mo.Movements {
			if mv.Kind != payment.MovementRefund {
				continue
			}
			queued += mv.Amount
			if mv.Status != payment.MovementDone {
				fail("%s: a card refund movement of %d is %s after %d attempts", r.orderLabel(n), mv.Amount, mv.Status, mv.Attempts)
			}
		}
		if queued != r.cardSent[n] {
			fail("%s: card refunds of %d sent, movements queued %d", r.orderLabel(n), r.cardSent[n], queued)
		}
		byIntent := map[string]int64{} // card payments less card refunds sent, per payment intent
		for _, p := range mo.Payments {
			if p.Method == order.MethodStripe {
				byIntent[p.Reference] += p.Amount
			}
		}
		for _, mv := range mo.Movements {
			if mv.Kind == payment.MovementRefund {
				byIntent[mv.PaymentRef] -= mv.Amount
			}
		}
		for _, intent := range slices.Sorted(maps.Keys(byIntent)) {
			if byIntent[intent] < 0 {
				fail("%s: card refunds sent against one payment exceed it by %d", r.orderLabel(n), -byIntent[intent])
			}
		}
	}
	for i, k := range r.shop.skus {
		if got := s.Stock[k.ID] + held[k.ID]; got != k.Stock {
			fail("sku#%d: stock %d + held %d = %d, want %d", i+1, s.Stock[k.ID], held[k.ID], got, k.Stock)
		}
	}
	// 5.
	for i, a := range r.shop.artisans {
		var gross, refunds int64
		for _, e := range s.Ledger[a.ID] {
			switch {
			case e.Kind == ledger.KindSale:
				gross += e.Amount
			case e.Kind == ledger.KindRefund && e.Note == "items":
				refunds -= e.Amount
			}
		}
		if f := s.Sales[a.ID]; f.Gross != gross || f.Refunds != refunds {
			fail("artisan#%d: sales gross %d refunds %d, ledger sales %d item refunds %d", i+1, f.Gross, f.Refunds, gross, refunds)
		}
	}
	return problems
}

// checkFlags is invariant 6: a flag that was on an order before a step and
// is gone after it was cleared by a step that resolves it, on that order.
func (r *moneyRun) checkFlags(before, after moneyState, s moneyStep) []string {
	var problems []string
	for _, n := range slices.Sorted(maps.Keys(before.Orders)) {
		was, now := before.Orders[n].Order, after.Orders[n].Order
		for _, flag := range was.Flags() {
			if now.HasFlag(flag) {
				continue
			}
			ok := s.err == nil && n == s.target && slices.Contains(s.resolves, flag)
			if flag == order.FlagUnderpaid && slices.Equal(s.resolves, resolvedByRefund) && now.Status == order.PendingPayment {
				ok = false // a refund resolves underpaid only once the order no longer waits for payment
			}
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: flag %s cleared by %s (now %s, flags %q)", r.orderLabel(n), flag, s.op, now.Status, now.Flag))
			}
		}
	}
	return problems
}

// pickOrder draws one of the check's orders, the latest first: rapid,
// dropping a step that placed an earlier order, then still finds the same
// order.
func (r *moneyRun) pickOrder(t *rapid.T) moneyOrder {
	n := r.numbers[len(r.numbers)-1-rapid.IntRange(0, len(r.numbers)-1).Draw(t, "order")]
	return r.state.Orders[n]
}

// pickCardOrder draws one of the check's card orders, the latest first:
// Stripe tells only of those.
func (r *moneyRun) pickCardOrder(t *rapid.T) (moneyOrder, bool) {
	var card []string
	for _, n := range slices.Backward(r.numbers) {
		if r.state.Orders[n].Order.PaymentMethod == order.MethodStripe {
			card = append(card, n)
		}
	}
	if len(card) == 0 {
		return moneyOrder{}, false
	}
	return r.state.Orders[card[rapid.IntRange(0, len(card)-1).Draw(t, "card_order")]], true
}

func (r *moneyRun) do(t *rapid.T, a *app.App, op string) moneyStep {
	switch op {
	case "place":
		return r.place(t, a)
	case "transfer":
		return r.transfer(t, a)
	case "card_paid":
		return r.cardPaid(t, a)
	case "redeliver":
		return r.redeliver(t, a)
	case "cancel_unpaid":
		mo := r.pickOrder(t)
		return moneyStep{desc: fmt.Sprintf("buyer cancels %s (%s)", r.orderLabel(mo.Order.Number), mo.Order.Status), target: mo.Order.Number, err: a.CancelUnpaid(r.w.ctx, mo.Order)}
	case "expire":
		hours := rapid.IntRange(1, 30).Draw(t, "hours")
		r.w.clock.advance(time.Duration(hours) * time.Hour)
		_, err := a.ExpireDue(r.w.ctx)
		return moneyStep{desc: fmt.Sprintf("%d hours later, due orders expire", hours), err: err}
	case "cancel_line":
		return r.cancelLine(t, a)
	case "refund":
		return r.refund(t, a)
	case "settle":
		return r.settle(t, a)
	case "card_notice":
		return r.cardNotice(t, a)
	}
	t.Fatalf("unknown op %q", op)
	return moneyStep{}
}

func (r *moneyRun) place(t *rapid.T, a *app.App) moneyStep {
	ctx := r.w.ctx
	method := rapid.SampledFrom([]string{order.MethodManual, order.MethodStripe}).Draw(t, "method")
	pickup := rapid.Bool().Draw(t, "pickup")
	skus := rapid.SliceOfNDistinct(rapid.SampledFrom(r.shop.skus), 1, 3, func(k moneySKU) int64 { return k.ID }).Draw(t, "skus")
	codes := make([]string, len(skus))
	for i, k := range skus {
		codes[i] = k.Code
	}
	items, err := r.w.st.SKUItems(ctx, codes)
	if err != nil {
		t.Fatal(err)
	}
	var cart order.Cart
	var what []string
	for _, k := range skus {
		it := items[k.Code]
		it.Quantity = rapid.IntRange(1, 3).Draw(t, "quantity")
		cart.Items = append(cart.Items, it)
		what = append(what, fmt.Sprintf("%d×%d", it.Quantity, it.SKU.Price))
	}
	c := app.Checkout{Email: "buyer@example.id", Name: "Wayan", Phone: "0812 3456 7890", Method: method, Lang: "id", Pickup: pickup}
	if !pickup {
		c.Address = order.Address{Street: "1 Orchard Road", City: "Singapore", Country: "SG"}
	}
	o, err := a.BuildOrder(ctx, cart, c)
	if err == nil {
		err = a.PlaceOrder(ctx, &o, 0)
	}
	label := "an order"
	if err == nil {
		r.numbers = append(r.numbers, o.Number)
		label = r.orderLabel(o.Number)
	}
	return moneyStep{desc: fmt.Sprintf("place %s: %s, %s, pickup %v, total %d", label, method, strings.Join(what, " + "), pickup, o.Total), err: err}
}

// owing is what the order still waits for: its total less what was paid.
func owing(mo moneyOrder) int64 { return mo.Order.Total - mo.Money.Paid }

func (r *moneyRun) transfer(t *rapid.T, a *app.App) moneyStep {
	mo := r.pickOrder(t)
	kind := rapid.SampledFrom([]string{"exact", "short", "more"}).Draw(t, "transfer")
	left := max(owing(mo), 1)
	amount := left
	switch kind {
	case "short":
		amount = max(left-rapid.Int64Range(1, max(left-1, 1)).Draw(t, "short_by"), 1)
	case "more":
		amount = left + rapid.Int64Range(1, 500_000).Draw(t, "more_by")
	}
	ref := fmt.Sprintf("BCA-%d", r.w.next())
	_, err := a.RecordTransfer(r.w.ctx, r.w.staff, mo.Order.Number, app.Transfer{Amount: amount, Reference: ref, PaidAt: r.w.clock.Now()})
	return moneyStep{desc: fmt.Sprintf("transfer %d (%s, owing %d) for %s (%s)", amount, kind, owing(mo), r.orderLabel(mo.Order.Number), mo.Order.Status),
		err: err, target: mo.Order.Number, resolves: resolvedByPayment}
}

func (r *moneyRun) cardPaid(t *rapid.T, a *app.App) moneyStep {
	mo, ok := r.pickCardOrder(t)
	if !ok {
		return moneyStep{desc: "no card order to pay", noChange: true}
	}
	o := mo.Order
	kind := rapid.SampledFrom([]string{"exact", "exact", "less", "more"}).Draw(t, "card_amount")
	amount := max(o.Total, 1)
	switch kind {
	case "less":
		amount = max(amount-rapid.Int64Range(1, max(amount-1, 1)).Draw(t, "less_by"), 1)
	case "more":
		amount += rapid.Int64Range(1, 500_000).Draw(t, "more_by")
	}
	pi, intent := fmt.Sprintf("pi_%d", r.w.next()), "a new intent"
	if o.PaymentIntent != "" && rapid.Bool().Draw(t, "same_intent") {
		pi, intent = o.PaymentIntent, "its first intent again" // another event of a payment already recorded
	}
	currency := "idr"
	if rapid.IntRange(0, 9).Draw(t, "currency") == 0 {
		currency = "usd"
	}
	ev := payment.Event{ID: fmt.Sprintf("evt_%d", r.w.next()), Type: payment.EventPaid, Paid: true, OrderNumber: o.Number,
		PaymentIntent: pi, Charge: "ch_" + strings.TrimPrefix(pi, "pi_"), Amount: amount, Currency: currency}
	err := a.ApplyCardEvent(r.w.ctx, ev)
	if err == nil {
		r.events = append(r.events, ev)
	}
	return moneyStep{desc: fmt.Sprintf("card paid %d %s (%s, total %d) by %s for %s (%s, %s, paid %d)", amount, currency, kind, o.Total, intent, r.orderLabel(o.Number), o.PaymentMethod, o.Status, mo.Money.Paid),
		err: err, target: o.Number, resolves: resolvedByPayment}
}

func (r *moneyRun) redeliver(t *rapid.T, a *app.App) moneyStep {
	if len(r.events) == 0 {
		return moneyStep{desc: "no event to deliver again", noChange: true}
	}
	i := rapid.IntRange(0, len(r.events)-1).Draw(t, "event")
	ev := r.events[i]
	return moneyStep{desc: fmt.Sprintf("deliver card event #%d (%s %d) again", i+1, ev.Type, ev.Amount),
		err: a.ApplyCardEvent(r.w.ctx, ev), noChange: true}
}

// cardNotice is Stripe telling of a dispute, or of a refund made in its
// dashboard: flags Kriya raises and never clears by itself.
func (r *moneyRun) cardNotice(t *rapid.T, a *app.App) moneyStep {
	mo, ok := r.pickCardOrder(t)
	if !ok {
		return moneyStep{desc: "no card order for Stripe to tell of", noChange: true}
	}
	o := mo.Order
	ev := payment.Event{ID: fmt.Sprintf("evt_%d", r.w.next()), Type: payment.EventDisputed, OrderNumber: o.Number, Charge: o.ChargeID, Amount: o.Total}
	if rapid.Bool().Draw(t, "refunded_at_stripe") {
		if o.PaymentIntent == "" {
			return moneyStep{desc: "no card payment to be refunded at Stripe", noChange: true}
		}
		ev = payment.Event{ID: ev.ID, Type: payment.EventRefunded, PaymentIntent: o.PaymentIntent, Charge: o.ChargeID,
			Refunded: r.cardSent[o.Number] + rapid.Int64Range(0, 1).Draw(t, "refunded_more")}
	}
	err := a.ApplyCardEvent(r.w.ctx, ev)
	if err == nil {
		r.events = append(r.events, ev)
	}
	return moneyStep{desc: fmt.Sprintf("Stripe: %s of %s (refunded %d)", ev.Type, r.orderLabel(o.Number), ev.Refunded), err: err, target: o.Number}
}

func (r *moneyRun) cancelLine(t *rapid.T, a *app.App) moneyStep {
	mo := r.pickOrder(t)
	o := mo.Order
	li := rapid.IntRange(0, len(o.Lines)-1).Draw(t, "line")
	l := o.Lines[li]
	restock := rapid.Bool().Draw(t, "restock")
	artisanID := l.ArtisanID
	if rapid.IntRange(0, 9).Draw(t, "wrong_artisan") == 0 {
		for _, other := range r.shop.artisans {
			if other.ID != l.ArtisanID {
				artisanID = other.ID
			}
		}
	}
	var ws app.Workspace
	for _, art := range r.shop.artisans {
		if art.ID == artisanID {
			ws = app.Workspace{Artisan: art, By: r.shop.users[art.ID]}
		}
	}
	err := a.CancelLine(r.w.ctx, ws, l.FulfilmentID, l.ID, "tidak bisa dibuat", restock)
	// On a paid card order the line's money goes back to the card at once.
	paid := o.Status == order.Paid || o.Status == order.PartiallyRefunded || o.Status == order.Fulfilled
	s := moneyStep{desc: fmt.Sprintf("%s cancels line %d (%d×%d, held %d, refunded %d) of %s (%s, %s), restock %v",
		r.artisanLabel(artisanID), li+1, l.Quantity, l.Price, l.Held, l.RefundedUnits, r.orderLabel(o.Number), o.PaymentMethod, o.Status, restock), err: err, target: o.Number}
	if paid && o.PaymentMethod == order.MethodStripe {
		s.resolves, s.cardSent = resolvedByRefund, true
	}
	return s
}

func (r *moneyRun) refund(t *rapid.T, a *app.App) moneyStep {
	mo := r.pickOrder(t)
	o, m := mo.Order, mo.Money
	var left int64 // everything the order could still give back
	left += m.HeldLeft()
	for _, p := range m.Parts {
		left += p.ItemsLeft() + p.ShippingLeft()
	}
	req := order.RefundRequest{}
	kind := rapid.SampledFrom([]string{"whole", "total", "partial", "artisan", "units", "shipping"}).Draw(t, "refund")
	switch kind {
	case "whole":
		req.Amount = left
	case "total":
		req.Amount = o.Total
	case "partial":
		req.Amount = rapid.Int64Range(1, max(left, 1)+1).Draw(t, "amount")
	case "artisan":
		req.ArtisanID = r.w.outsider.ID // in no order
		if i := rapid.IntRange(0, len(r.shop.artisans)).Draw(t, "artisan"); i > 0 {
			req.ArtisanID = r.shop.artisans[i-1].ID
		}
		var partLeft int64
		for _, p := range m.Parts {
			if p.ArtisanID == req.ArtisanID {
				partLeft += p.ItemsLeft() + p.ShippingLeft()
			}
		}
		req.Amount = partLeft
		if !rapid.Bool().Draw(t, "whole_part") {
			req.Amount = rapid.Int64Range(1, max(partLeft, 1)+1).Draw(t, "amount")
		}
	case "units":
		l := o.Lines[rapid.IntRange(0, len(o.Lines)-1).Draw(t, "line")]
		req.Units = map[int64]int{l.ID: rapid.IntRange(1, l.Quantity).Draw(t, "units")}
		req.Restock = rapid.Bool().Draw(t, "restock")
		if rapid.Bool().Draw(t, "with_shipping") {
			req.Shipping = map[int64]bool{l.FulfilmentID: true}
		}
	case "shipping":
		f := o.Fulfilments[rapid.IntRange(0, len(o.Fulfilments)-1).Draw(t, "part")]
		req.Shipping = map[int64]bool{f.ID: true}
	}
	in := app.RefundInput{Reason: "permintaan pembeli", Reference: fmt.Sprintf("BCA-R%d", r.w.next())}
	card := o.PaymentMethod == order.MethodStripe
	how := "bank"
	switch {
	case card && rapid.Bool().Draw(t, "record_only"):
		in.Reference, in.RecordOnly, how = "re_dashboard_"+in.Reference, true, "recorded card"
	case card:
		in.Reference, how = "", "card"
	case rapid.IntRange(0, 9).Draw(t, "no_reference") == 0:
		in.Reference, how = "", "bank without reference"
	}
	pending, err := a.Refund(r.w.ctx, r.w.staff, o, req, in)
	return moneyStep{desc: fmt.Sprintf("refund (%s) %s by %s of %s (%s, flags %q, could give back %d, held %d), pending %v",
		kind, r.describe(o, req), how, r.orderLabel(o.Number), o.Status, o.Flag, left, m.HeldLeft(), pending),
		err: err, target: o.Number, resolves: resolvedByRefund, cardSent: card && !in.RecordOnly}
}

func (r *moneyRun) settle(t *rapid.T, a *app.App) moneyStep {
	art := r.shop.artisans[rapid.IntRange(0, len(r.shop.artisans)-1).Draw(t, "artisan")]
	balances, err := r.w.st.Balances(r.w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	balance := balances[art.ID]
	amount := rapid.Int64Range(1, max(balance, 1)).Draw(t, "payout")
	if rapid.IntRange(0, 9).Draw(t, "over_balance") == 0 {
		amount = max(balance, 0) + 1
	}
	_, err = a.Settle(r.w.ctx, r.w.staff, art, app.Settlement{Amount: amount, Reference: fmt.Sprintf("BCA-S%d", r.w.next())})
	return moneyStep{desc: fmt.Sprintf("settle %d of balance %d with %s", amount, balance, r.artisanLabel(art.ID)), err: err}
}

// orderLabel names an order by its place in the check.
func (r *moneyRun) orderLabel(number string) string {
	return fmt.Sprintf("order#%d", slices.Index(r.numbers, number)+1)
}

// artisanLabel names an artisan by its place in the check's shop.
func (r *moneyRun) artisanLabel(id int64) string {
	if i := slices.IndexFunc(r.shop.artisans, func(a catalog.Artisan) bool { return a.ID == id }); i >= 0 {
		return fmt.Sprintf("artisan#%d", i+1)
	}
	return "an artisan outside the shop"
}

// changes names what differs between two states.
func (r *moneyRun) changes(before, after moneyState) []string {
	var out []string
	for _, n := range r.numbers {
		if b, ok := before.Orders[n]; ok && !cmp.Equal(b, after.Orders[n]) {
			out = append(out, r.orderLabel(n))
		}
	}
	for i, a := range r.shop.artisans {
		if !cmp.Equal(before.Ledger[a.ID], after.Ledger[a.ID]) {
			out = append(out, fmt.Sprintf("the ledger of artisan#%d", i+1))
		}
		if before.Sales[a.ID] != after.Sales[a.ID] {
			out = append(out, fmt.Sprintf("the sales of artisan#%d", i+1))
		}
	}
	for i, k := range r.shop.skus {
		if before.Stock[k.ID] != after.Stock[k.ID] {
			out = append(out, fmt.Sprintf("the stock of sku#%d", i+1))
		}
	}
	return out
}

// describe says what a refund request asks for, naming lines and parts by
// their place.
func (r *moneyRun) describe(o order.Order, req order.RefundRequest) string {
	var what []string
	if req.ArtisanID != 0 {
		what = append(what, "of "+r.artisanLabel(req.ArtisanID))
	}
	if req.Amount != 0 || (len(req.Units) == 0 && len(req.Shipping) == 0) {
		what = append(what, fmt.Sprintf("amount %d", req.Amount))
	}
	for i, l := range o.Lines {
		if n := req.Units[l.ID]; n > 0 {
			what = append(what, fmt.Sprintf("%d of line %d (%d×%d, held %d, refunded %d)", n, i+1, l.Quantity, l.Price, l.Held, l.RefundedUnits))
		}
	}
	for _, f := range o.Fulfilments {
		if req.Shipping[f.ID] {
			what = append(what, fmt.Sprintf("the shipping (%d) of %s", f.Shipping, r.artisanLabel(f.ArtisanID)))
		}
	}
	if req.Restock {
		what = append(what, "restocked")
	}
	return strings.Join(what, ", ")
}
