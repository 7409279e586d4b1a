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
	counts := map[[2]string]int64{}
	for _, o := range r.Orders {
		counts[[2]string{o.Dim, o.Key}] = o.Orders
	}
	want := map[[2]string]int64{
		{"total", ""}: 2, {"artisan", "1"}: 1, {"artisan", "2"}: 2, {"category", "20"}: 2,
		{"region", RegionBali}: 1, {"region", RegionAbroad}: 1, {"kecamatan", "51.71.02"}: 2, {"channel", ChannelOnline}: 2,
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
