package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"kriya/internal/app"
	"kriya/internal/order"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
)

// Two workers (two stores on one database, as two server processes are)
// expire the same overdue orders: each order's stock comes back once.
func TestExpiryReleasesStockOnce(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, dialect)
			later := func() time.Time { return time.Now().Add(48 * time.Hour) }
			var stores []*store.Store
			for range 2 {
				st, err := store.Open(ctx, store.Options{Driver: dialect, DSN: dsn, Now: later})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				stores = append(stores, st)
			}
			if err := stores[0].Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			storetest.Catalog(t, stores[0])
			p, _ := stores[0].ProductBySlug(ctx, "kain-endek") // 5 in stock
			for i := range 3 {
				o := order.Order{Number: order.NewNumber(), CheckoutKey: order.NewNumber(), Email: "b@example.id", Name: "B",
					PaymentMethod: order.MethodManual, Status: order.PendingPayment, ExpiresAt: time.Now().Add(24 * time.Hour),
					Address:     order.Address{Country: "ID"},
					Fulfilments: []order.Fulfilment{{ArtisanID: p.ArtisanID, ArtisanName: "Tenun Ayu", Status: order.FulfilmentPending, Zone: order.ZonePickup}},
					Lines: []order.Line{{ArtisanID: p.ArtisanID, ProductID: p.ID, SKUID: p.SKUs[0].ID, SKUCode: p.SKUs[0].Code,
						Title: p.Title.ID, Price: p.SKUs[0].Price, Quantity: 1}}}
				o.Totals()
				if _, err := stores[0].PlaceOrder(ctx, &o, 0); err != nil {
					t.Fatalf("order %d: %v", i, err)
				}
			}
			if k, _ := stores[0].ArtisanSKU(ctx, p.ArtisanID, p.SKUs[0].Code); k.Stock != 2 {
				t.Fatalf("stock after 3 orders = %d, want 2", k.Stock)
			}
			var processes []*app.App
			for _, st := range stores {
				a, err := app.New(ctx, app.Deps{Store: st, Now: later})
				if err != nil {
					t.Fatal(err)
				}
				processes = append(processes, a)
			}
			var wg sync.WaitGroup
			var mu sync.Mutex
			expired := 0
			for _, a := range processes {
				wg.Go(func() {
					n, err := a.ExpireDue(ctx)
					if err != nil {
						t.Error(err)
					}
					mu.Lock()
					expired += n
					mu.Unlock()
				})
			}
			wg.Wait()
			if expired != 3 {
				t.Errorf("expired %d orders in all, want 3", expired)
			}
			if k, _ := stores[0].ArtisanSKU(ctx, p.ArtisanID, p.SKUs[0].Code); k.Stock != 5 {
				t.Errorf("stock after expiry = %d, want 5 (released exactly once)", k.Stock)
			}
			if n, _ := processes[1].ExpireDue(ctx); n != 0 {
				t.Errorf("a second pass expired %d more", n)
			}
			if mails, _ := stores[0].PendingEmails(ctx); len(mails) != 3 {
				t.Errorf("%d e-mails about expiry, want one per order (3)", len(mails))
			}
		})
	}
}

// The tariff the migrations install lets checkout price delivery from the
// start: the rates page would accept it, and it prices every zone.
func TestMigratedRatesPriceEveryZone(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			got, err := st.ShippingRates(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if err := got.Validate(); err != nil {
				t.Error(err)
			}
			for _, zone := range order.Zones {
				if _, err := got.Fee(zone, 1000); err != nil {
					t.Errorf("a 1 kg parcel to %s: %v", zone, err)
				}
			}
		})
	}
}
