package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"kriya/internal/exhibition"
	"kriya/internal/order"
	"kriya/internal/sales"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
)

// placePaid places an order of one SKU and records its bank transfer as
// received at paidAt.
func placePaid(t *testing.T, st *store.Store, slug string, qty int, country, province string, paidAt time.Time) order.Order {
	t.Helper()
	ctx := context.Background()
	p, err := st.ProductBySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	o := order.Order{Number: order.NewNumber(), CheckoutKey: order.NewNumber(), Email: "b@example.id", Name: "B",
		PaymentMethod: order.MethodManual, Status: order.PendingPayment, ExpiresAt: time.Now().Add(time.Hour),
		Address:     order.Address{Country: country, Province: province},
		Fulfilments: []order.Fulfilment{{ArtisanID: p.ArtisanID, ArtisanName: "x", Status: order.FulfilmentPending, Zone: order.ZonePickup}},
		Lines: []order.Line{{ArtisanID: p.ArtisanID, ProductID: p.ID, SKUID: p.SKUs[0].ID, SKUCode: p.SKUs[0].Code,
			Title: p.Title.ID, Price: p.SKUs[0].Price, Quantity: qty}}}
	o.Totals()
	if _, err := st.PlaceOrder(ctx, &o, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RecordPayment(ctx, o.ID, order.Payment{Method: order.MethodManual, Amount: o.Total, Reference: "x", PaidAt: paidAt}, 1000); err != nil {
		t.Fatal(err)
	}
	return o
}

// The rollups give the figures a direct computation from the orders
// gives: gross of paid lines minus item refunds, by the WITA day of
// payment, with exhibition sales as their own channel.
func TestSalesRollupsMatchOrders(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			ctx := context.Background()
			for _, slug := range []string{"kain-endek", "cincin-jawan", "songket-emas"} {
				p, _ := st.ProductBySlug(ctx, slug)
				l, _ := st.ArtisanListing(ctx, p.ArtisanID, p.ID)
				for i := range l.SKUs {
					l.SKUs[i].Stock = 50
				}
				if err := st.SaveListing(ctx, &l); err != nil {
					t.Fatal(err)
				}
			}
			// 15:59:59 UTC on 31 Oct is 23:59:59 WITA: October. One second
			// later it is 1 November in Bali.
			beforeMidnight := time.Date(2026, 10, 31, 15, 59, 59, 0, time.UTC)
			afterMidnight := beforeMidnight.Add(time.Second)
			placePaid(t, st, "kain-endek", 2, "ID", "Bali", beforeMidnight)                // 1.700.000 Oct
			endek := placePaid(t, st, "kain-endek", 1, "ID", "Jawa Timur", afterMidnight)  // 850.000 Nov
			placePaid(t, st, "cincin-jawan", 3, "AU", "", afterMidnight.Add(48*time.Hour)) // 1.350.000 Nov
			placePaid(t, st, "songket-emas", 1, "ID", "Bali", afterMidnight.Add(72*time.Hour))
			// Half the endek order refunded later: it lowers November.
			ayu, _ := st.ArtisanBySlug(ctx, "tenun-ayu")
			if _, _, err := st.RecordRefund(ctx, endek.ID, order.RefundRequest{ArtisanID: ayu.ID, Amount: 400_000}, store.RefundDetails{Method: order.MethodManual, Reference: "r", Reason: "rusak"}); err != nil {
				t.Fatal(err)
			}
			ex := exhibition.Exhibition{Name: "Pameran", StartsOn: "2026-11-10", EndsOn: "2026-11-12", CreatedAt: time.Now()}
			if err := st.CreateExhibition(ctx, &ex); err != nil {
				t.Fatal(err)
			}
			// Two receipts of one stand and day both count; a correction of
			// the first replaces it: 550.000 + 600.000.
			var first exhibition.Receipt
			for i, amount := range []int64{500_000, 600_000} {
				r := exhibition.Receipt{ExhibitionID: ex.ID, ArtisanID: ayu.ID, Units: 1, Amount: amount, Method: "cash"}
				r.At(time.Date(2026, 11, 10, 10+i, 0, 0, 0, sales.WITA))
				if err := st.RecordReceipt(ctx, &r); err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					first = r
				}
			}
			fixed := first
			fixed.Amount, fixed.Reason = 550_000, "salah ketik"
			if err := st.CorrectReceipt(ctx, first, &fixed); err != nil {
				t.Fatal(err)
			}

			rows := func(group, from, to string, artisan int64) map[string]sales.Figures {
				rs, err := st.SalesRows(ctx, group, from, to, artisan)
				if err != nil {
					t.Fatal(err)
				}
				out := map[string]sales.Figures{}
				for _, r := range rs {
					out[r.Key] = r.Figures
				}
				return out
			}
			oct := rows("", "2026-10-01", "2026-11-01", 0)[""]
			if oct != (sales.Figures{Orders: 1, Units: 2, Gross: 1_700_000, OnlineNet: 1_700_000}) {
				t.Errorf("October = %+v", oct)
			}
			nov := rows("", "2026-11-01", "2026-12-01", 0)[""]
			want := sales.Figures{Orders: 3, Units: 1 + 3 + 1 + 2, Gross: 850_000 + 1_350_000 + 2_500_000 + 1_150_000, Refunds: 400_000,
				OnlineNet: 850_000 + 1_350_000 + 2_500_000 - 400_000}
			if nov != want {
				t.Errorf("November = %+v, want %+v", nov, want)
			}
			channels := rows(sales.ByChannel, "2026-11-01", "2026-12-01", 0)
			if channels[sales.ChannelOnline].Net() != 4_300_000 || channels[sales.ExhibitionChannel(ex.ID)].Gross != 1_150_000 {
				t.Errorf("November by channel = %+v", channels)
			}
			regions := rows(sales.ByRegion, "2026-10-01", "2026-12-01", 0)
			if regions[sales.RegionAbroad].Gross != 1_350_000 || regions[sales.RegionIndonesia].Net() != 450_000 || regions[sales.RegionIndonesia].Orders != 1 {
				t.Errorf("by region = %+v", regions)
			}
			months := rows(sales.ByMonth, "2026-10-01", "2026-12-01", 0)
			if months["2026-10"].Gross != 1_700_000 || months["2026-11"].Net() != nov.Net() || months["2026-11"].Orders != 3 {
				t.Errorf("by month = %+v", months)
			}
			byArtisan := rows(sales.ByArtisan, "2026-11-01", "2026-12-01", 0)
			if f := byArtisan[strconv.FormatInt(ayu.ID, 10)]; f.Gross != 850_000+2_500_000+1_150_000 || f.Refunds != 400_000 || f.Orders != 2 {
				t.Errorf("Tenun Ayu in November = %+v", f)
			}
			if f := rows("", "2026-11-01", "2026-12-01", ayu.ID)[""]; f.Orders != 2 || f.Net() != 4_100_000 || f.AverageOrder() != (4_100_000-1_150_000)/2 {
				t.Errorf("Tenun Ayu alone = %+v", f)
			}
			top := rows(sales.ByProduct, "2026-10-01", "2026-12-01", 0)
			endekProduct, _ := st.ProductBySlug(ctx, "kain-endek")
			if f := top[strconv.FormatInt(endekProduct.ID, 10)]; f.Units != 3 || f.Refunds != 400_000 {
				t.Errorf("endek product = %+v", f)
			}
		})
	}
}
