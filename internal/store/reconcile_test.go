package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
)

// Kriya's side of a reconciliation holds the orders whose card money moved
// in the window — payments, refunds and disputes — and the orders named,
// each with all its card money, whenever it moved.
func TestReconcileCardRecords(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			clock := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
			st, err := store.Open(ctx, store.Options{Driver: dialect, DSN: storetest.DSN(t, dialect), Now: func() time.Time { return clock }})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			storetest.Catalog(t, st)
			p, _ := st.ProductBySlug(ctx, "kain-endek") // 850.000
			l, _ := st.ArtisanListing(ctx, p.ArtisanID, p.ID)
			l.SKUs[0].Stock = 50
			if err := st.SaveListing(ctx, &l); err != nil {
				t.Fatal(err)
			}
			place := func(method string) order.Order {
				t.Helper()
				o := order.Order{Number: order.NewNumber(), CheckoutKey: order.NewNumber(), Email: "b@example.id", Name: "B",
					PaymentMethod: method, Status: order.PendingPayment, ExpiresAt: clock.Add(time.Hour), Address: order.Address{Country: "ID"},
					Fulfilments: []order.Fulfilment{{ArtisanID: p.ArtisanID, ArtisanName: "Tenun Ayu", Status: order.FulfilmentPending, Zone: order.ZonePickup}},
					Lines: []order.Line{{ArtisanID: p.ArtisanID, ProductID: p.ID, SKUID: p.SKUs[0].ID, SKUCode: p.SKUs[0].Code,
						Title: p.Title.ID, Price: p.SKUs[0].Price, Quantity: 1}}}
				o.Totals()
				if _, err := st.PlaceOrder(ctx, &o, 0); err != nil {
					t.Fatal(err)
				}
				return o
			}
			event := func(o order.Order, typ string, at time.Time) {
				t.Helper()
				clock = at
				ev := payment.Event{ID: "evt_" + typ + o.Number, Type: typ, OrderNumber: o.Number, PaymentIntent: "pi_" + o.Number,
					Charge: "ch_" + o.Number, Amount: o.Total, Paid: true}
				if _, err := st.ApplyCardEvent(ctx, ev, 1000); err != nil {
					t.Fatal(err)
				}
			}
			refund := func(o order.Order, amount int64, at time.Time) {
				t.Helper()
				clock = at
				if _, _, err := st.RecordRefund(ctx, o.ID, order.RefundRequest{Amount: amount}, store.RefundDetails{Method: order.MethodStripe, Reference: "re_" + o.Number, Reason: "retur"}); err != nil {
					t.Fatal(err)
				}
			}
			since, until := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
			long := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
			nov := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, time.UTC) }

			paid := place(order.MethodStripe) // in the window
			event(paid, payment.EventPaid, nov(10))
			refunded := place(order.MethodStripe) // paid before, refunded in the window
			event(refunded, payment.EventPaid, long)
			refund(refunded, 400_000, nov(12))
			old := place(order.MethodStripe) // before the window only
			event(old, payment.EventPaid, long)
			named := place(order.MethodStripe) // before the window, but a charge names it
			event(named, payment.EventPaid, long)
			unpaid := place(order.MethodStripe) // a charge names it; Kriya has no payment
			transfer := place(order.MethodManual)
			clock = nov(10)
			if _, err := st.RecordPayment(ctx, transfer.ID, order.Payment{Method: order.MethodManual, Amount: transfer.Total, Reference: "bank", PaidAt: nov(10)}, 1000); err != nil {
				t.Fatal(err)
			}
			disputed := place(order.MethodStripe) // disputed in the window, then refunded (which clears its flag)
			event(disputed, payment.EventPaid, long)
			event(disputed, payment.EventDisputed, nov(20))
			refund(disputed, disputed.Total, nov(21))
			atEnd := place(order.MethodStripe) // the window ends before its payment
			event(atEnd, payment.EventPaid, until)

			got, err := st.CardRecords(ctx, since, until, []string{named.Number, unpaid.Number, "KR-NONE"})
			if err != nil {
				t.Fatal(err)
			}
			want := []payment.Record{
				{Order: paid.Number, Received: 850_000, PaymentIntents: []string{"pi_" + paid.Number}, Moved: []time.Time{nov(10)}},
				{Order: refunded.Number, Received: 850_000, Refunded: 400_000, PaymentIntents: []string{"pi_" + refunded.Number}, Moved: []time.Time{long, nov(12)}},
				{Order: named.Number, Received: 850_000, PaymentIntents: []string{"pi_" + named.Number}, Moved: []time.Time{long}},
				{Order: unpaid.Number},
				{Order: disputed.Number, Received: 850_000, Refunded: 850_000, Disputed: true, PaymentIntents: []string{"pi_" + disputed.Number},
					Moved: []time.Time{long, nov(20), nov(21)}},
			}
			slices.SortFunc(want, func(a, b payment.Record) int { return strings.Compare(a.Order, b.Order) })
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("card records (-want +got):\n%s", diff)
			}
		})
	}
}
