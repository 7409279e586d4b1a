package sales

import "testing"

func TestRollup(t *testing.T) {
	orders := []PaidOrder{
		{Region: RegionBali, Refunds: map[int64]int64{1: 150_000}, Lines: []PaidLine{
			{LineID: 2, ArtisanID: 1, CategoryID: 10, ProductID: 100, Kecamatan: "51.71.01", Units: 1, Gross: 100_000},
			{LineID: 1, ArtisanID: 1, CategoryID: 10, ProductID: 101, Kecamatan: "51.71.01", Units: 2, Gross: 100_000},
			{LineID: 3, ArtisanID: 2, CategoryID: 20, ProductID: 200, Kecamatan: "51.71.02", Units: 1, Gross: 500_000},
		}},
		{Region: RegionAbroad, Lines: []PaidLine{{LineID: 4, ArtisanID: 2, CategoryID: 20, ProductID: 200, Kecamatan: "51.71.02", Units: 1, Gross: 500_000}}},
	}
	stands := []StandSale{{ExhibitionID: 7, ArtisanID: 1, CategoryID: 10, Units: 3, Amount: 90_000}}
	r := Rollup(orders, stands)

	var total Figures
	for _, c := range r.Cells {
		total = total.Add(c.Figures)
	}
	if total != (Figures{Units: 8, Gross: 1_290_000, Refunds: 150_000}) {
		t.Errorf("cells add up to %+v", total)
	}
	products := map[int64]Figures{}
	for _, p := range r.Products {
		products[p.ProductID] = p.Figures
	}
	// The refund of 150.000 meets line 1 (product 101) first, then line 2.
	if products[101].Refunds != 100_000 || products[100].Refunds != 50_000 || products[200].Gross != 1_000_000 {
		t.Errorf("products = %+v", products)
	}
	type key struct {
		artisan  int64
		dim, key string
	}
	counts := map[key]int64{}
	for _, o := range r.Orders {
		counts[key{o.ArtisanID, o.Dim, o.Key}] = o.Orders
	}
	want := map[key]int64{
		// Everyone's orders.
		{0, "total", ""}: 2, {0, "artisan", "1"}: 1, {0, "artisan", "2"}: 2, {0, "category", "20"}: 2,
		{0, "region", RegionBali}: 1, {0, "region", RegionAbroad}: 1, {0, "kecamatan", "51.71.02"}: 2, {0, "channel", ChannelOnline}: 2,
		// Each artisan's own, by the same dimensions: artisan 1 had one
		// order (in Bali), artisan 2 two (one in Bali, one abroad).
		{1, "total", ""}: 1, {1, "channel", ChannelOnline}: 1, {1, "region", RegionBali}: 1, {1, "region", RegionAbroad}: 0,
		{1, "category", "10"}: 1, {2, "total", ""}: 2, {2, "channel", ChannelOnline}: 2, {2, "region", RegionAbroad}: 1,
		{2, "kecamatan", "51.71.02"}: 2,
	}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("orders %v = %d, want %d", k, counts[k], n)
		}
	}
	var stand Figures
	for _, c := range r.Cells {
		if c.Channel == ExhibitionChannel(7) {
			stand = stand.Add(c.Figures)
		}
	}
	if stand.Gross != 90_000 || stand.Units != 3 {
		t.Errorf("stand sales = %+v", stand)
	}
}
