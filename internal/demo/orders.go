package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"kriya/internal/catalog"
	"kriya/internal/order"
)

// History is what seeding past orders needs of the database.
type History interface {
	Products(ctx context.Context, q catalog.Query) (catalog.Listing, error)
	ImportOrders(ctx context.Context, orders []order.Order, bp int) error
}

// buyerPlaces are where demo buyers live: mostly Bali, some elsewhere in
// Indonesia, some abroad, as the council's online buyers are.
var buyerPlaces = []order.Address{
	{Street: "Jl. Gatot Subroto 12", Kelurahan: "Dauh Puri Kaja", Kecamatan: "Denpasar Utara", City: "Kota Denpasar", Province: "Bali", PostalCode: "80231", Country: "ID"},
	{Street: "Jl. Raya Ubud 8", Kelurahan: "Ubud", Kecamatan: "Ubud", City: "Gianyar", Province: "Bali", PostalCode: "80571", Country: "ID"},
	{Street: "Jl. Sunset Road 77", Kelurahan: "Kuta", Kecamatan: "Kuta", City: "Badung", Province: "Bali", PostalCode: "80361", Country: "ID"},
	{Street: "Jl. Darmo 21", Kelurahan: "Darmo", Kecamatan: "Wonokromo", City: "Surabaya", Province: "Jawa Timur", PostalCode: "60241", Country: "ID"},
	{Street: "Jl. Kemang Raya 5", Kelurahan: "Bangka", Kecamatan: "Mampang Prapatan", City: "Jakarta Selatan", Province: "DKI Jakarta", PostalCode: "12730", Country: "ID"},
	{Street: "12 Beach Rd", City: "Sydney", Province: "NSW", PostalCode: "2000", Country: "AU"},
	{Street: "Prinsengracht 263", City: "Amsterdam", PostalCode: "1016 GV", Country: "NL"},
}

// SeedOrders writes n believable paid orders spread over the 24 months
// before now, across the demo's products, in batches, calling progress
// after each order; for dashboards and benchmarks with history.
func SeedOrders(ctx context.Context, st History, n int, now time.Time, progress func(int)) error {
	var products []catalog.Product
	for page := 1; ; page++ {
		l, err := st.Products(ctx, catalog.Query{Sort: catalog.SortNewest, Page: page, PerPage: catalog.MaxPerPage})
		if err != nil {
			return fmt.Errorf("demo: seed orders: %w", err)
		}
		products = append(products, l.Products...)
		if page >= l.Pages() {
			break
		}
	}
	if len(products) == 0 {
		return fmt.Errorf("demo: seed orders: no products; run kriya seed demo first")
	}
	rng := rand.New(rand.NewPCG(uint64(now.Unix()), uint64(n)))
	start := now.AddDate(-2, 0, 0)
	span := now.Sub(start)
	batch := make([]order.Order, 0, 500)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := st.ImportOrders(ctx, batch, 0); err != nil {
			return err
		}
		progress(len(batch))
		batch = batch[:0]
		return nil
	}
	for i := range n {
		// Later months sell more: the shop grows.
		at := start.Add(time.Duration(float64(span) * (1 - rng.Float64()*rng.Float64())))
		addr := buyerPlaces[rng.IntN(len(buyerPlaces))]
		o := order.Order{Number: fmt.Sprintf("KR-%X%06d", now.Unix()%0xFFFFF, i), CheckoutKey: fmt.Sprintf("history-%d-%d", now.Unix(), i),
			Email: fmt.Sprintf("pembeli%d@example.id", rng.IntN(5000)), Name: "Pembeli Demo", Phone: "081234567890", Lang: "id",
			Address: addr, PaymentMethod: order.MethodManual, Status: order.Fulfilled, ExpiresAt: at.Add(order.ManualPaymentWindow),
			CreatedAt: at, UpdatedAt: at}
		paid := at.Add(time.Duration(rng.IntN(20)+1) * time.Hour)
		o.PaidAt = &paid
		// Packed within a few days and delivered a few days later, so
		// the artisans' "days from payment to shipping" has something
		// to say.
		shipped := paid.Add(time.Duration(12+rng.IntN(84)) * time.Hour)
		delivered := shipped.Add(time.Duration(24+rng.IntN(96)) * time.Hour)
		seen := map[int64]bool{}
		for range 1 + rng.IntN(2) {
			p := products[rng.IntN(len(products))]
			k := p.SKUs[rng.IntN(len(p.SKUs))]
			if !seen[p.ArtisanID] {
				seen[p.ArtisanID] = true
				o.Fulfilments = append(o.Fulfilments, order.Fulfilment{ArtisanID: p.ArtisanID, ArtisanName: p.Artisan.Name,
					Status: order.FulfilmentDelivered, Zone: order.ZoneOf(addr), Shipping: 25_000,
					Courier: "JNE", Tracking: fmt.Sprintf("JNE%010d", rng.IntN(1e10)), ShippedAt: &shipped, DeliveredAt: &delivered})
			}
			o.Lines = append(o.Lines, order.Line{ArtisanID: p.ArtisanID, ProductID: p.ID, SKUID: k.ID, SKUCode: k.Code,
				Title: p.Title.ID, Label: k.Label, Price: k.Price, Quantity: 1 + rng.IntN(2), WeightGrams: p.WeightGrams})
		}
		o.Totals()
		batch = append(batch, o)
		if len(batch) == cap(batch) {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}
