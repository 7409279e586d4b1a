package ledger

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"math/big"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// TestMain raises rapid's default of 100 checks per property to 1000: the
// ledger property walks long random histories, and 100 of them leave too many
// combinations of refunds and payouts unvisited. An explicit
// -rapid.checks on the command line still wins (and -short divides it by 5).
func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "rapid.checks" })
	if !explicit {
		if err := flag.Set("rapid.checks", "1000"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

var paidAt = time.Date(2025, 3, 14, 2, 30, 0, 0, time.UTC)

func TestCommission(t *testing.T) {
	tests := []struct {
		name   string
		amount int64
		bp     int
		want   int64
	}{
		{"0 %", 1_250_000, 0, 0},
		{"10 % of Rp 1.250.000", 1_250_000, 1000, 125_000},
		{"12,5 % of Rp 999.999 rounds up", 999_999, 1250, 125_000},
		{"25 % of Rp 333.333 rounds down", 333_333, 2500, 83_333},
		{"half a rupiah rounds up", 15, 1000, 2},
		{"less than half rounds down", 14, 1000, 1},
		{"exactly half of one rupiah", 1, 5000, 1},
		{"below half of one rupiah", 4, 1000, 0},
		{"100 %", 1_250_000, 10000, 1_250_000},
		{"100 % of one rupiah", 1, 10000, 1},
		{"a rate above 100 % takes at most the amount", 1_250_000, 12000, 1_250_000},
		{"a negative rate takes nothing", 1_250_000, -500, 0},
		{"nothing of nothing", 0, 1000, 0},
		{"nothing of a negative amount", -1_250_000, 1000, 0},
		{"100 % of the largest amount does not overflow", math.MaxInt64, 10000, math.MaxInt64},
		{"0,01 % of the largest amount", math.MaxInt64, 1, 922_337_203_685_478},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Commission(tt.amount, tt.bp); got != tt.want {
				t.Errorf("Commission(%d, %d) = %d, want %d", tt.amount, tt.bp, got, tt.want)
			}
		})
	}
}

// TestCommissionRoundsHalfUp compares Commission with exact arithmetic, so
// the overflow-safe split inside it cannot drift from plain rounding.
func TestCommissionRoundsHalfUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		amount := rapid.Int64Min(0).Draw(t, "amount")
		bp := rapid.IntRange(0, 10000).Draw(t, "bp")
		// floor(amount*bp/10000 + 1/2) = floor((2*amount*bp + 10000) / 20000)
		exact := new(big.Int).Mul(big.NewInt(2*int64(bp)), big.NewInt(amount))
		exact.Add(exact, big.NewInt(10000))
		exact.Quo(exact, big.NewInt(20000))
		got := Commission(amount, bp)
		if got != exact.Int64() {
			t.Fatalf("Commission(%d, %d) = %d, want %s", amount, bp, got, exact)
		}
		if got < 0 || got > amount {
			t.Fatalf("Commission(%d, %d) = %d, outside 0..amount", amount, bp, got)
		}
	})
}

func TestSaleEntries(t *testing.T) {
	entry := func(kind string, amount int64) Entry {
		return Entry{ArtisanID: 7, Kind: kind, Amount: amount, OrderNumber: "KR-7QF3M2XA", CreatedAt: paidAt}
	}
	tests := []struct {
		name     string
		lines    int64
		shipping int64
		bp       int
		want     []Entry
	}{
		{"lines, shipping and 10 % commission", 1_250_000, 25_000, 1000,
			[]Entry{entry(KindSale, 1_250_000), entry(KindShipping, 25_000), entry(KindCommission, -125_000)}},
		{"shipping is never commissioned", 100_000, 1_000_000, 3000,
			[]Entry{entry(KindSale, 100_000), entry(KindShipping, 1_000_000), entry(KindCommission, -30_000)}},
		{"no commission at 0 %", 1_250_000, 25_000, 0,
			[]Entry{entry(KindSale, 1_250_000), entry(KindShipping, 25_000)}},
		{"pickup at the gallery: no shipping", 450_000, 0, 1000,
			[]Entry{entry(KindSale, 450_000), entry(KindCommission, -45_000)}},
		{"odd amount rounds half up", 15, 0, 1000,
			[]Entry{entry(KindSale, 15), entry(KindCommission, -2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SaleEntries(7, "KR-7QF3M2XA", tt.lines, tt.shipping, tt.bp, paidAt)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SaleEntries (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRefundEntries(t *testing.T) {
	entry := func(kind, note string, amount int64) Entry {
		return Entry{ArtisanID: 7, Kind: kind, Amount: amount, OrderNumber: "KR-7QF3M2XA", Note: note, CreatedAt: paidAt}
	}
	tests := []struct {
		name                    string
		lines, shipping, before int64
		bp                      int
		want                    []Entry
	}{
		{"full refund returns all commission", 1_250_000, 25_000, 0, 1000, []Entry{
			entry(KindRefund, "items", -1_250_000), entry(KindRefund, "shipping", -25_000), entry(KindCommissionReturn, "", 125_000)}},
		{"partial refund returns its share", 250_000, 0, 0, 1000, []Entry{
			entry(KindRefund, "items", -250_000), entry(KindCommissionReturn, "", 25_000)}},
		{"shipping alone returns no commission", 0, 25_000, 0, 1000, []Entry{
			entry(KindRefund, "shipping", -25_000)}},
		{"no commission to return at 0 %", 250_000, 0, 0, 0, []Entry{
			entry(KindRefund, "items", -250_000)}},
		// Three refunds of Rp 5 of a Rp 15 sale charged Rp 2 at 10 %: the
		// returns are 1, 0 and 1, adding up to the 2 charged, not 3.
		{"first third of an odd sale", 5, 0, 0, 1000, []Entry{
			entry(KindRefund, "items", -5), entry(KindCommissionReturn, "", 1)}},
		{"second third of an odd sale", 5, 0, 5, 1000, []Entry{
			entry(KindRefund, "items", -5)}},
		{"last third of an odd sale", 5, 0, 10, 1000, []Entry{
			entry(KindRefund, "items", -5), entry(KindCommissionReturn, "", 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RefundEntries(7, "KR-7QF3M2XA", tt.lines, tt.shipping, tt.before, tt.bp, paidAt)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("RefundEntries (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckSettlement(t *testing.T) {
	tests := []struct {
		name            string
		balance, amount int64
		want            error
	}{
		{"the whole balance", 1_250_000, 1_250_000, nil},
		{"part of the balance", 1_250_000, 1, nil},
		{"one rupiah too much", 1_250_000, 1_250_001, ErrExceedsBalance},
		{"nothing owed", 0, 1, ErrExceedsBalance},
		{"a refund after a payout blocks payouts", -500_000, 100_000, ErrExceedsBalance},
		{"zero", 1_250_000, 0, ErrNotPositive},
		{"negative", 1_250_000, -5, ErrNotPositive},
		{"zero on a negative balance", -500_000, 0, ErrNotPositive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckSettlement(tt.balance, tt.amount); !errors.Is(err, tt.want) {
				t.Errorf("CheckSettlement(%d, %d) = %v, want %v", tt.balance, tt.amount, err, tt.want)
			}
		})
	}
}

func TestSettlementEntry(t *testing.T) {
	got := SettlementEntry(7, 1_000_000, "tr_123", paidAt)
	want := Entry{ArtisanID: 7, Kind: KindSettlement, Amount: -1_000_000, Reference: "tr_123", CreatedAt: paidAt}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("settlement entry (-want +got):\n%s", diff)
	}
}

func TestBalance(t *testing.T) {
	entries := slices.Concat(
		SaleEntries(1, "KR-A", 1_000_000, 20_000, 1000, paidAt),
		SaleEntries(2, "KR-A", 500_000, 0, 1000, paidAt),
		[]Entry{SettlementEntry(1, 920_000, "BCA 0314", paidAt)},
		RefundEntries(1, "KR-A", 100_000, 0, 0, 1000, paidAt),
	)
	if got := Balance(entries); got != 360_000 {
		t.Errorf("Balance = %d, want 360000", got)
	}
}

func TestStatementFor(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 3, d, 0, 0, 0, 0, time.UTC) }
	e := func(id int64, d int, kind string, amount int64) Entry {
		return Entry{ID: id, ArtisanID: 7, Kind: kind, Amount: amount, CreatedAt: day(d)}
	}
	// Out of order on purpose: statements list entries oldest first
	// whatever order they were read in.
	entries := []Entry{
		e(4, 20, KindRefund, -100_000),
		e(1, 1, KindSale, 1_000_000),
		e(2, 1, KindCommission, -100_000),
		e(5, 20, KindCommissionReturn, 10_000),
		e(3, 10, KindSettlement, -900_000),
		e(6, 31, KindSale, 200_000),
	}
	original := slices.Clone(entries)

	got := StatementFor(entries, day(10), day(31))
	want := Statement{
		Opening: 900_000,
		Credits: 10_000,
		Debits:  -1_000_000,
		Closing: -90_000,
		Entries: []Entry{entries[4], entries[0], entries[3]},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("StatementFor (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(original, entries); diff != "" {
		t.Errorf("StatementFor changed its input (-before +after):\n%s", diff)
	}
	next := StatementFor(entries, day(31), day(32))
	if next.Opening != got.Closing {
		t.Errorf("next opening = %d, want the previous closing %d", next.Opening, got.Closing)
	}
}

// part is one artisan's part of a paid order, as the model sees it.
type part struct {
	artisan                         int64
	order                           string
	lines, shipping                 int64
	bp                              int
	linesRefunded, shippingRefunded int64
	charged, returned               int64 // commission
}

// payout is an applied settlement, with the balance it was checked against.
type payout struct {
	artisan, amount, balanceThen int64
	reference                    string
}

// owed is the model's account of one artisan, kept in the terms of the
// domain rules rather than in ledger entries.
type owed struct {
	paid, commission, returned, refunded, settled int64
}

func (o owed) balance() int64 {
	return o.paid - o.commission + o.returned - o.refunded - o.settled
}

// council is the model of the money the council holds for artisans, kept
// from the council's side: what buyers paid and got back, what the council
// kept as commission, and what it paid out.
type council struct {
	received, refunded, commissionKept, paidOut int64
}

func (c council) holds() int64 {
	return c.received - c.refunded - c.commissionKept - c.paidOut
}

// ledgerMachine runs random histories of payments, refunds and payouts
// against the ledger and an independent model of what is owed.
type ledgerMachine struct {
	artisans []int64
	entries  []Entry
	previous []Entry // entries as the last check saw them
	now      time.Time
	orders   int
	parts    []*part
	payouts  []*payout
	owed     map[int64]*owed
	council  council
}

func newLedgerMachine(t *rapid.T) *ledgerMachine {
	m := &ledgerMachine{now: paidAt, owed: make(map[int64]*owed)}
	for a := range int64(rapid.IntRange(1, 4).Draw(t, "artisans")) {
		id := 100 + a
		m.artisans = append(m.artisans, id)
		m.owed[id] = &owed{}
	}
	return m
}

// record appends entries as the store would, numbering them and moving the
// clock on, so statements have distinct times to cut between.
func (m *ledgerMachine) record(entries ...Entry) {
	m.now = m.now.Add(time.Hour)
	for _, e := range entries {
		e.ID = int64(len(m.entries) + 1)
		e.CreatedAt = m.now
		m.entries = append(m.entries, e)
	}
}

func (m *ledgerMachine) of(artisan int64) []Entry {
	var mine []Entry
	for _, e := range m.entries {
		if e.ArtisanID == artisan {
			mine = append(mine, e)
		}
	}
	return mine
}

// amount draws small odd amounts often enough to exercise rounding, and
// realistic ones the rest of the time.
func amount(t *rapid.T, label string, lo, hi int64) int64 {
	return rapid.OneOf(rapid.Int64Range(lo, min(lo+100, hi)), rapid.Int64Range(lo, hi)).Draw(t, label)
}

func (m *ledgerMachine) Pay(t *rapid.T) {
	m.orders++
	order := fmt.Sprintf("KR-%04d", m.orders)
	sellers := rapid.SliceOfNDistinct(rapid.SampledFrom(m.artisans), 1, len(m.artisans), rapid.ID).Draw(t, "sellers")
	for _, a := range sellers {
		p := &part{
			artisan:  a,
			order:    order,
			lines:    amount(t, "lines", 1, 20_000_000),
			shipping: amount(t, "shipping", 0, 500_000),
			bp:       rapid.IntRange(0, 3000).Draw(t, "bp"),
		}
		p.charged = Commission(p.lines, p.bp)
		m.parts = append(m.parts, p)
		m.record(SaleEntries(a, order, p.lines, p.shipping, p.bp, m.now)...)

		m.owed[a].paid += p.lines + p.shipping
		m.owed[a].commission += p.charged
		m.council.received += p.lines + p.shipping
		m.council.commissionKept += p.charged
	}
}

func (m *ledgerMachine) Refund(t *rapid.T) {
	var open []*part
	for _, p := range m.parts {
		if p.linesRefunded < p.lines || p.shippingRefunded < p.shipping {
			open = append(open, p)
		}
	}
	if len(open) == 0 {
		t.Skip("nothing left to refund")
	}
	p := rapid.SampledFrom(open).Draw(t, "part")
	lines, shipping := p.lines-p.linesRefunded, p.shipping-p.shippingRefunded
	if !rapid.Bool().Draw(t, "everything") {
		lines = amount(t, "lines refunded", 0, lines)
		shipping = amount(t, "shipping refunded", 0, shipping)
	}
	if lines == 0 && shipping == 0 {
		t.Skip("an empty refund")
	}
	m.record(RefundEntries(p.artisan, p.order, lines, shipping, p.linesRefunded, p.bp, m.now)...)

	// The model's own rule: what is returned is what the sale would have
	// been charged on the refunded total, less what was already returned.
	p.linesRefunded += lines
	p.shippingRefunded += shipping
	returned := Commission(p.linesRefunded, p.bp) - p.returned
	p.returned += returned

	o := m.owed[p.artisan]
	o.refunded += lines + shipping
	o.returned += returned
	m.council.refunded += lines + shipping
	m.council.commissionKept -= returned
}

func (m *ledgerMachine) Settle(t *rapid.T) {
	a := rapid.SampledFrom(m.artisans).Draw(t, "artisan")
	want := m.owed[a].balance()
	amount := rapid.OneOf(
		rapid.Just(want), rapid.Just(want+1),
		rapid.Int64Range(-1000, 0),
		rapid.Int64Range(1, max(want, 1)),
		rapid.Int64Range(want+1, want+5_000_000),
	).Draw(t, "amount")

	err := CheckSettlement(Balance(m.of(a)), amount)
	switch {
	case amount <= 0:
		if !errors.Is(err, ErrNotPositive) {
			t.Fatalf("settling %d of %d: got %v, want ErrNotPositive", amount, want, err)
		}
	case amount > want:
		if !errors.Is(err, ErrExceedsBalance) {
			t.Fatalf("settling %d of %d: got %v, want ErrExceedsBalance", amount, want, err)
		}
	case err != nil:
		t.Fatalf("settling %d of %d: refused with %v", amount, want, err)
	}
	if err != nil {
		return
	}
	p := &payout{artisan: a, amount: amount, balanceThen: want, reference: fmt.Sprintf("tr_%d", len(m.payouts)+1)}
	m.payouts = append(m.payouts, p)
	m.record(SettlementEntry(a, amount, p.reference, m.now))

	m.owed[a].settled += amount
	m.council.paidOut += amount
}

// wantSign is the sign each kind's amounts must have.
var wantSign = map[string]int{
	KindSale: 1, KindShipping: 1, KindCommission: -1, KindRefund: -1,
	KindCommissionReturn: 1, KindSettlement: -1,
}

func sign(n int64) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func (m *ledgerMachine) Check(t *rapid.T) {
	// (1) Every artisan's ledger balance is what the model says is owed.
	for _, a := range m.artisans {
		want := m.owed[a].balance()
		mine := m.of(a)
		if got := Balance(mine); got != want {
			t.Fatalf("artisan %d: Balance = %d, model owes %d", a, got, want)
		}
		// A statement cut anywhere accounts for the same balance.
		if len(mine) > 0 {
			from := mine[len(mine)/2].CreatedAt
			s := StatementFor(mine, from, m.now.Add(time.Hour))
			if s.Closing != want || s.Opening+s.Credits+s.Debits != s.Closing {
				t.Fatalf("artisan %d: statement %+v does not close at %d", a, s, want)
			}
			before := slices.IndexFunc(mine, func(e Entry) bool { return !e.CreatedAt.Before(from) })
			if got := Balance(mine[:before]); s.Opening != got {
				t.Fatalf("artisan %d: opening %d, want %d", a, s.Opening, got)
			}
			if !slices.Equal(mine[before:], s.Entries) {
				t.Fatalf("artisan %d: statement entries (-want +got):\n%s", a, cmp.Diff(mine[before:], s.Entries))
			}
		}
	}
	// Commission returned on a part never exceeds what it was charged, and
	// is all of it once the lines are fully refunded.
	for _, p := range m.parts {
		if p.returned > p.charged || (p.linesRefunded == p.lines && p.returned != p.charged) {
			t.Fatalf("order %s artisan %d: returned %d of %d commission with %d of %d refunded",
				p.order, p.artisan, p.returned, p.charged, p.linesRefunded, p.lines)
		}
	}
	// (2) No applied payout exceeded the balance it was checked against.
	for _, p := range m.payouts {
		if p.amount <= 0 || p.amount > p.balanceThen {
			t.Fatalf("payout %s of %d applied on a balance of %d", p.reference, p.amount, p.balanceThen)
		}
	}
	// (3) All entries together are the money the council holds for artisans.
	if got, want := Balance(m.entries), m.council.holds(); got != want {
		t.Fatalf("ledger total %d, council holds %d for artisans", got, want)
	}
	// (4) Entries are only ever appended, with the sign their kind demands.
	if len(m.entries) < len(m.previous) {
		t.Fatalf("the ledger shrank from %d to %d entries", len(m.previous), len(m.entries))
	}
	if !slices.Equal(m.previous, m.entries[:len(m.previous)]) {
		t.Fatalf("earlier entries changed (-before +after):\n%s", cmp.Diff(m.previous, m.entries[:len(m.previous)]))
	}
	for _, e := range m.entries[len(m.previous):] {
		if s, ok := wantSign[e.Kind]; !ok || sign(e.Amount) != s {
			t.Fatalf("entry %+v has the wrong sign for its kind", e)
		}
	}
	m.previous = slices.Clone(m.entries)
}

// TestLedgerProperty checks the ledger against an independent model over
// random histories of 1–4 artisans.
func TestLedgerProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := newLedgerMachine(t)
		t.Repeat(rapid.StateMachineActions(m))
	})
}

// A statement's lines run newest first with the balance after each; the
// newest line's balance is the closing one. Payouts chain: each payout's
// statement opens at what the previous left owed, ends with its
// settlement, and closes at the balance left after it.
func TestLinesAndPayouts(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }
	entries := []Entry{
		{ID: 1, Kind: KindSale, Amount: 500_000, CreatedAt: day(1)},
		{ID: 2, Kind: KindCommission, Amount: -25_000, CreatedAt: day(1)},
		{ID: 3, Kind: KindSettlement, Amount: -400_000, Reference: "BPD 1", CreatedAt: day(5)},
		{ID: 4, Kind: KindSale, Amount: 200_000, CreatedAt: day(8)},
		{ID: 5, Kind: KindRefund, Amount: -50_000, CreatedAt: day(9)},
		{ID: 6, Kind: KindSettlement, Amount: -225_000, Reference: "BPD 2", CreatedAt: day(12)},
		{ID: 7, Kind: KindSale, Amount: 90_000, CreatedAt: day(20)},
	}
	s := StatementFor(entries, day(2), day(30))
	lines := s.Lines()
	var got []int64
	for _, l := range lines {
		got = append(got, l.ID, l.Balance)
	}
	want := []int64{7, 90_000, 6, 0, 5, 225_000, 4, 275_000, 3, 75_000}
	if !slices.Equal(got, want) {
		t.Errorf("lines (id, balance) = %v, want %v", got, want)
	}
	if lines[0].Balance != s.Closing {
		t.Errorf("the newest line's balance %d is not the closing %d", lines[0].Balance, s.Closing)
	}

	payouts := Payouts(entries)
	if len(payouts) != 2 || payouts[0].Settlement.Reference != "BPD 2" || payouts[1].Settlement.Reference != "BPD 1" {
		t.Fatalf("payouts = %+v", payouts)
	}
	first, second := payouts[1].Statement, payouts[0].Statement
	if first.Opening != 0 || first.Credits != 500_000 || first.Debits != -425_000 || first.Closing != 75_000 || len(first.Entries) != 3 {
		t.Errorf("first payout's statement = %+v", first)
	}
	if second.Opening != first.Closing || second.Closing != 0 || second.ByKind()[KindRefund] != -50_000 || len(second.Entries) != 3 {
		t.Errorf("second payout's statement = %+v", second)
	}
}
