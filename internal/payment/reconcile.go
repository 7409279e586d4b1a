package payment

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Currency is the only currency the marketplace sells in: a charge in any
// other is a mismatch whatever its amount.
const Currency = "IDR"

// ReconcileMargin is how far beyond a reconciled period both sides are
// read. The two halves of one payment are not dated the same: the provider
// dates the charge when the buyer pays, Kriya dates the payment when the
// webhook is processed — seconds later as a rule, but Stripe retries a
// failed delivery for up to three days, and a payment recorded at 23:59
// may have a charge dated 00:01 the next day. Reading three days past each
// end of the period finds the other half of every payment made in it.
const ReconcileMargin = 3 * 24 * time.Hour

// Charge is one successful card charge as the provider reports it, reduced
// to what reconciliation compares. It exists so that the provider's
// listing and the comparison share no provider types.
type Charge struct {
	ID            string
	Order         string // the order number the charge carries; empty when it names none
	PaymentIntent string
	Currency      string // ISO 4217, upper case
	Captured      int64  // whole units of Currency: rupiah for IDR
	Refunded      int64  // refunded so far, whenever it was, in the same units
	Disputed      bool
	// Moved holds when the charge's money moved as far as the listing saw:
	// the charge itself, and any of its refunds and disputes created in the
	// period read. It decides which period the charge belongs to.
	Moved []time.Time
}

// Record is what Kriya recorded of one order's card money, over the
// order's whole life, to set beside the provider's charges for the order.
type Record struct {
	Order          string
	Received       int64    // rupiah, card payments
	Refunded       int64    // rupiah, refunds of the card payments
	Disputed       bool     // a dispute of the order's charge was recorded
	PaymentIntents []string // the provider's references of the payments, to place charges that name no order
	Moved          []time.Time
}

// Totals is one side's account of an order's card money: the unit
// reconciliation compares.
type Totals struct {
	Found    bool   // the side knows the order at all
	Currency string // Currency, unless the provider charged in another
	Received int64  // rupiah
	Refunded int64  // rupiah
	Disputed bool
}

// same reports whether two sides agree. Found is not compared: a side with
// nothing and a side with no money are the same thing.
func (t Totals) same(u Totals) bool {
	return t.Currency == u.Currency && t.Received == u.Received && t.Refunded == u.Refunded && t.Disputed == u.Disputed
}

// Mismatch is an order whose card money the provider and Kriya account for
// differently, with both accounts, for an operator to look into.
type Mismatch struct {
	Order    string   // empty for a charge that names no order and matches no recorded payment
	Charges  []string // the provider's charge ids, to find them in its dashboard
	Provider Totals
	Kriya    Totals
}

// Reconciliation is the outcome of comparing one period.
type Reconciliation struct {
	Compared   int        // orders (and charges of no order) whose money moved in the period
	Mismatches []Mismatch // in order-number order; charges of no order last
}

// Reconcile compares, order by order, the card payments Kriya recorded
// with the provider's charges, for the period [from, to). An order is
// compared when its card money moved in the period on either side, and is
// compared in full: all its payments, refunds and disputes, whenever they
// were. Both sides should be read over the period widened by
// ReconcileMargin, so that the other half of a payment made near either
// end is there to compare with; orders whose money moved only in the
// margins belong to the neighbouring periods and are left out.
//
// A charge that carries no order number belongs to the order that recorded
// its payment intent, if any; otherwise it stands alone.
func Reconcile(recorded []Record, charges []Charge, from, to time.Time) Reconciliation {
	type entry struct {
		record  *Record
		charges []Charge
	}
	orders := map[string]*entry{}
	byIntent := map[string]string{}
	for i, r := range recorded {
		orders[r.Order] = &entry{record: &recorded[i]}
		for _, pi := range r.PaymentIntents {
			byIntent[pi] = r.Order
		}
	}
	var loose []*entry
	for _, c := range charges {
		order := c.Order
		if order == "" {
			order = byIntent[c.PaymentIntent]
		}
		if order == "" {
			loose = append(loose, &entry{charges: []Charge{c}})
			continue
		}
		e := orders[order]
		if e == nil {
			e = &entry{}
			orders[order] = e
		}
		e.charges = append(e.charges, c)
	}

	var out Reconciliation
	check := func(number string, e *entry) {
		moved := slices.ContainsFunc(e.charges, func(c Charge) bool { return movedIn(c.Moved, from, to) })
		if e.record != nil {
			moved = moved || movedIn(e.record.Moved, from, to)
		}
		if !moved {
			return
		}
		out.Compared++
		m := Mismatch{Order: number, Provider: Totals{Currency: Currency}, Kriya: Totals{Currency: Currency}}
		if r := e.record; r != nil {
			m.Kriya = Totals{Found: true, Currency: Currency, Received: r.Received, Refunded: r.Refunded, Disputed: r.Disputed}
		}
		m.Provider, m.Charges = chargeTotals(e.charges)
		if !m.Provider.same(m.Kriya) {
			out.Mismatches = append(out.Mismatches, m)
		}
	}
	numbers := make([]string, 0, len(orders))
	for n := range orders {
		numbers = append(numbers, n)
	}
	slices.Sort(numbers)
	for _, n := range numbers {
		check(n, orders[n])
	}
	slices.SortFunc(loose, func(a, b *entry) int { return cmp.Compare(a.charges[0].ID, b.charges[0].ID) })
	for _, e := range loose {
		check("", e)
	}
	return out
}

// chargeTotals adds up an order's charges: an order paid twice received
// both. A charge in another currency makes the whole order's currency that
// one, so it can never agree with Kriya's rupiah.
func chargeTotals(charges []Charge) (Totals, []string) {
	t := Totals{Currency: Currency}
	var ids []string
	var other []string
	for _, c := range charges {
		t.Found = true
		t.Received += c.Captured
		t.Refunded += c.Refunded
		t.Disputed = t.Disputed || c.Disputed
		ids = append(ids, c.ID)
		if c.Currency != Currency && !slices.Contains(other, c.Currency) {
			other = append(other, c.Currency)
		}
	}
	if len(other) > 0 {
		t.Currency = strings.Join(other, "+")
	}
	return t, ids
}

// movedIn reports whether any of the times falls in [from, to).
func movedIn(times []time.Time, from, to time.Time) bool {
	return slices.ContainsFunc(times, func(t time.Time) bool { return !t.Before(from) && t.Before(to) })
}
