package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"kriya/internal/catalog"
	"kriya/internal/order"
	"kriya/internal/store/storetest"
)

// Buyers ordering the same two SKUs, half of them listing them the other
// way round, all get their orders: reservations lock SKUs in one order, so
// on MySQL two orders never deadlock waiting for each other's SKU.
func TestCrossedOrdersDoNotDeadlock(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			var skus []catalog.SKU
			var products []catalog.Product
			for _, slug := range []string{"kain-endek", "songket-emas"} {
				p, err := st.ProductBySlug(ctx, slug)
				if err != nil {
					t.Fatal(err)
				}
				listing, err := st.ArtisanListing(ctx, p.ArtisanID, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				listing.SKUs[0].Stock = 1000
				if err := st.SaveListing(ctx, &listing); err != nil {
					t.Fatal(err)
				}
				products, skus = append(products, listing), append(skus, listing.SKUs[0])
			}
			line := func(i int) order.Line {
				return order.Line{ArtisanID: products[i].ArtisanID, ProductID: products[i].ID, SKUID: skus[i].ID, SKUCode: skus[i].Code,
					Title: products[i].Title.ID, Price: skus[i].Price, Quantity: 1}
			}
			var wg sync.WaitGroup
			for n := range 40 {
				wg.Go(func() {
					lines := []order.Line{line(0), line(1)}
					if n%2 == 1 {
						lines[0], lines[1] = lines[1], lines[0]
					}
					o := order.Order{Number: order.NewNumber(), CheckoutKey: order.NewNumber(), Email: "b@example.id", Name: "B",
						PaymentMethod: order.MethodManual, Status: order.PendingPayment, ExpiresAt: time.Now().Add(24 * time.Hour),
						Address:     order.Address{Country: "ID"},
						Fulfilments: []order.Fulfilment{{ArtisanID: products[0].ArtisanID, ArtisanName: "Tenun Ayu", Status: order.FulfilmentPending, Zone: order.ZonePickup}},
						Lines:       lines}
					o.Totals()
					if _, err := st.PlaceOrder(ctx, &o, 0); err != nil {
						t.Errorf("order %d: %v", n, err)
					}
				})
			}
			wg.Wait()
			for _, k := range skus {
				if got, _ := st.ArtisanSKU(ctx, products[0].ArtisanID, k.Code); got.Stock != 960 {
					t.Errorf("SKU %s: stock %d, want 960", k.Code, got.Stock)
				}
			}
		})
	}
}
