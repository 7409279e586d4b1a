// Package ledger is the source of truth for what the council owes each
// artisan. Every movement of an artisan's money — a paid sale, the council's
// commission, a refund, a payout — is an entry appended to the ledger and
// never changed afterwards, so a balance can always be explained line by line
// and a mistake is corrected by a new entry, not by rewriting history. Payouts
// work the same whether they go through Stripe Connect or a bank transfer
// recorded by staff, because the ledger does not depend on Connect.
package ledger

import (
	"cmp"
	"slices"
	"time"

	"kriya/internal/fault"
)

// Entry kinds, as they are stored and shown on statements. Credits raise what
// the council owes the artisan; debits lower it.
const (
	// KindSale credits the artisan's lines of a paid order.
	KindSale = "sale"
	// KindShipping credits the shipping the buyer paid for the artisan's
	// parcel: the artisan ships it and pays the courier.
	KindShipping = "shipping"
	// KindCommission debits the council's share of a sale; shipping is
	// never commissioned, because it is a cost, not income.
	KindCommission = "commission"
	// KindRefund debits money returned to the buyer for the artisan's lines
	// or shipping.
	KindRefund = "refund"
	// KindCommissionReturn credits back the commission on refunded lines:
	// the council keeps no commission on a sale that did not stand.
	KindCommissionReturn = "commission_return"
	// KindSettlement debits money paid out to the artisan, by bank transfer
	// (Reference is the bank's reference) or by Stripe Connect (Reference
	// is the transfer id).
	KindSettlement = "settlement"
)

// Errors of settling, so callers can tell the artisan or staff why a payout
// was refused.
var (
	ErrNotPositive    error = fault.New(fault.Invalid, "", "a settlement must be a positive amount")
	ErrExceedsBalance error = fault.New(fault.Conflict, "", "settlement exceeds the artisan's balance")
)

// Entry is one movement of an artisan's money. Entries are append-only: they
// are never updated or deleted, and corrections are new entries, so that any
// balance and any past statement can be reproduced.
type Entry struct {
	ID          int64
	ArtisanID   int64
	Kind        string
	Amount      int64 // rupiah, signed: credits positive, debits negative
	OrderNumber string
	Reference   string // bank reference or Stripe transfer id of a settlement
	Note        string
	CreatedBy   string // who caused the entry; set by the caller, who knows
	CreatedAt   time.Time
}

// Balance is what the council owes for the given entries: their sum. It is
// negative when an artisan was paid out and a refund came afterwards; that
// debt is carried forward and later sales cover it.
func Balance(entries []Entry) int64 {
	var sum int64
	for _, e := range entries {
		sum += e.Amount
	}
	return sum
}

// Commission is the council's share of amount at a rate in basis points
// (1000 = 10 %), rounded half up to the rupiah because the rupiah has no
// smaller unit. It is never negative and never more than amount: a rate
// outside 0–10000 is clamped rather than trusted, and a non-positive amount
// earns nothing.
func Commission(amount int64, bp int) int64 {
	if amount <= 0 || bp <= 0 {
		return 0
	}
	rate := int64(min(bp, 10000))
	// Split amount so that amount*rate cannot overflow for any int64 amount.
	q, r := amount/10000, amount%10000
	return q*rate + (r*rate+5000)/10000
}

// SaleEntries are what an artisan is credited when an order is paid: its
// lines, its shipping and the commission on the lines at rate bp. Zero
// amounts make no entry, so statements show only real movements.
func SaleEntries(artisanID int64, order string, lines, shipping int64, bp int, at time.Time) []Entry {
	var entries []Entry
	add := func(kind string, amount int64) {
		if amount != 0 {
			entries = append(entries, Entry{ArtisanID: artisanID, Kind: kind, Amount: amount, OrderNumber: order, CreatedAt: at})
		}
	}
	add(KindSale, lines)
	add(KindShipping, shipping)
	add(KindCommission, -Commission(lines, bp))
	return entries
}

// RefundEntries are what an artisan is debited when a buyer gets money back
// for the artisan's part of an order: the refunded lines and shipping, and the
// commission on the refunded lines returned at the rate bp charged at the sale.
//
// linesRefundedBefore is what earlier refunds already returned of this
// order's lines for this artisan. The commission returned is the commission
// on everything refunded so far minus the commission on what was refunded
// before, so that after any sequence of partial refunds the returns add up to
// exactly the commission on the refunded total: never more than was charged,
// and all of it once the lines are fully refunded, whatever the rounding.
func RefundEntries(artisanID int64, order string, linesRefunded, shippingRefunded, linesRefundedBefore int64, bp int, at time.Time) []Entry {
	var entries []Entry
	add := func(kind, note string, amount int64) {
		if amount != 0 {
			entries = append(entries, Entry{ArtisanID: artisanID, Kind: kind, Amount: amount, OrderNumber: order, Note: note, CreatedAt: at})
		}
	}
	add(KindRefund, "items", -linesRefunded)
	add(KindRefund, "shipping", -shippingRefunded)
	returned := Commission(linesRefundedBefore+linesRefunded, bp) - Commission(linesRefundedBefore, bp)
	add(KindCommissionReturn, "", returned)
	return entries
}

// CheckSettlement says whether amount may be paid out to an artisan whose
// balance is balance. A payout must be positive and may not exceed the
// balance, so the council never pays money it does not owe; a negative
// balance (a refund after a payout) therefore blocks payouts until new
// credits cover it.
func CheckSettlement(balance, amount int64) error {
	if amount <= 0 {
		return ErrNotPositive
	}
	if amount > balance {
		return ErrExceedsBalance
	}
	return nil
}

// SettlementEntry records a payout of amount (positive) to an artisan, after
// CheckSettlement allowed it and the money left: reference is the bank
// transfer's reference or the Stripe Connect transfer id.
func SettlementEntry(artisanID, amount int64, reference string, at time.Time) Entry {
	return Entry{ArtisanID: artisanID, Kind: KindSettlement, Amount: -amount, Reference: reference, CreatedAt: at}
}

// Statement is an artisan's account for a period, as a bank statement: what
// was owed at the start, what came in and went out, and what is owed at the
// end. Debits is negative, like the entries it sums, so Closing = Opening +
// Credits + Debits.
type Statement struct {
	Opening, Credits, Debits, Closing int64
	Entries                           []Entry // the period's entries, oldest first
}

// StatementFor is the statement of entries (usually one artisan's) for the
// period [from, to): the opening balance sums everything before from, and
// entries from to onwards are left out, so consecutive periods chain, each
// closing equal to the next opening. entries is not modified.
func StatementFor(entries []Entry, from, to time.Time) Statement {
	var s Statement
	for _, e := range entries {
		switch {
		case e.CreatedAt.Before(from):
			s.Opening += e.Amount
		case e.CreatedAt.Before(to):
			s.Entries = append(s.Entries, e)
			if e.Amount > 0 {
				s.Credits += e.Amount
			} else {
				s.Debits += e.Amount
			}
		}
	}
	slices.SortStableFunc(s.Entries, func(a, b Entry) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	s.Closing = s.Opening + s.Credits + s.Debits
	return s
}

// Line is a statement entry with the balance right after it.
type Line struct {
	Entry
	Balance int64
}

// Lines are the statement's entries with the balance after each, newest
// first, as a bank's app shows an account.
func (s Statement) Lines() []Line {
	lines := make([]Line, len(s.Entries))
	balance := s.Opening
	for i, e := range s.Entries {
		balance += e.Amount
		lines[len(lines)-1-i] = Line{Entry: e, Balance: balance}
	}
	return lines
}

// Payout is a settlement with what it paid out for: the statement from
// just after the previous payout to this one, inclusive, so its closing
// balance is what was left owed once it was paid.
type Payout struct {
	Settlement Entry
	Statement  Statement
}

// Payouts are the settlements among entries, newest first, each with its
// statement; consecutive payouts chain like statements do. entries is not
// modified.
func Payouts(entries []Entry) []Payout {
	all := StatementFor(entries, time.Time{}, time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)).Entries
	var out []Payout
	current := Statement{}
	for _, e := range all {
		current.Entries = append(current.Entries, e)
		if e.Amount > 0 {
			current.Credits += e.Amount
		} else {
			current.Debits += e.Amount
		}
		if e.Kind == KindSettlement {
			current.Closing = current.Opening + current.Credits + current.Debits
			out = append(out, Payout{Settlement: e, Statement: current})
			current = Statement{Opening: current.Closing}
		}
	}
	slices.Reverse(out)
	return out
}

// ByKind sums a statement's entries per kind.
func (s Statement) ByKind() map[string]int64 {
	sums := map[string]int64{}
	for _, e := range s.Entries {
		sums[e.Kind] += e.Amount
	}
	return sums
}
