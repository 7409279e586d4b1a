package sales

import (
	"slices"
	"strconv"
)

// PaidOrder is an online order paid on the day being rolled up, with its
// lines as they were when paid and the item refunds each artisan gave
// back since.
type PaidOrder struct {
	Region  string
	Lines   []PaidLine
	Refunds map[int64]int64 // artisan id → rupiah of items refunded
}

// PaidLine is one line of a paid order.
type PaidLine struct {
	LineID     int64
	ArtisanID  int64
	CategoryID int64
	ProductID  int64
	Kecamatan  string
	Units      int64
	Gross      int64
}

// StandSale is an artisan's recorded sales at an exhibition stand on the
// day being rolled up.
type StandSale struct {
	ExhibitionID int64
	ArtisanID    int64
	CategoryID   int64
	Kecamatan    string
	Units        int64
	Amount       int64
}

// Cell is the figures of one artisan × category × channel × region for a
// day (Orders unused: orders are counted per dimension, see OrderCount).
type Cell struct {
	ArtisanID  int64
	CategoryID int64
	Channel    string
	Region     string
	Figures
}

// ProductCell is one product's online figures for a day.
type ProductCell struct {
	ProductID int64
	ArtisanID int64
	Figures
}

// OrderCount is how many orders of a day touch one key of a dimension:
// "total" (key ""), "artisan", "category", "kecamatan", "region",
// "channel". ArtisanID 0 counts every order; otherwise only the
// artisan's own, so an artisan's page counts its orders by channel or
// region the way the council's counts everyone's.
type OrderCount struct {
	ArtisanID int64
	Dim       string
	Key       string
	Orders    int64
}

// DayRollup is everything the dashboard needs of one day.
type DayRollup struct {
	Cells    []Cell
	Products []ProductCell
	Orders   []OrderCount
}

// Rollup computes a day's figures from its paid orders and stand sales:
// the definitions of this package, in one place. An artisan's item
// refunds are set against its lines in line order, so they reach
// products and categories too.
func Rollup(orders []PaidOrder, stands []StandSale) DayRollup {
	type cellKey struct {
		artisan, category int64
		channel, region   string
	}
	cells := map[cellKey]*Cell{}
	products := map[int64]*ProductCell{}
	type countKey struct {
		artisan  int64
		dim, key string
	}
	counts := map[countKey]int64{}
	cell := func(k cellKey) *Cell {
		c, ok := cells[k]
		if !ok {
			c = &Cell{ArtisanID: k.artisan, CategoryID: k.category, Channel: k.channel, Region: k.region}
			cells[k] = c
		}
		return c
	}
	for _, o := range orders {
		lines := slices.Clone(o.Lines)
		slices.SortFunc(lines, func(a, b PaidLine) int { return int(a.LineID - b.LineID) })
		left := map[int64]int64{}
		for a, r := range o.Refunds {
			left[a] = r
		}
		touched := map[countKey]bool{}
		touch := func(artisan int64, dim, key string) {
			for _, a := range []int64{0, artisan} { // everyone's, and the artisan's own
				touched[countKey{a, dim, key}] = true
			}
		}
		for _, l := range lines {
			refund := min(left[l.ArtisanID], l.Gross)
			left[l.ArtisanID] -= refund
			c := cell(cellKey{l.ArtisanID, l.CategoryID, ChannelOnline, o.Region})
			c.Units, c.Gross, c.Refunds = c.Units+l.Units, c.Gross+l.Gross, c.Refunds+refund
			p, ok := products[l.ProductID]
			if !ok {
				p = &ProductCell{ProductID: l.ProductID, ArtisanID: l.ArtisanID}
				products[l.ProductID] = p
			}
			p.Units, p.Gross, p.Refunds = p.Units+l.Units, p.Gross+l.Gross, p.Refunds+refund
			touch(l.ArtisanID, "total", "")
			touch(l.ArtisanID, "region", o.Region)
			touch(l.ArtisanID, "channel", ChannelOnline)
			touch(l.ArtisanID, "artisan", id(l.ArtisanID))
			touch(l.ArtisanID, "category", id(l.CategoryID))
			touch(l.ArtisanID, "kecamatan", l.Kecamatan)
		}
		for k := range touched {
			counts[k]++
		}
	}
	for _, s := range stands {
		c := cell(cellKey{s.ArtisanID, s.CategoryID, ExhibitionChannel(s.ExhibitionID), RegionBali})
		c.Units, c.Gross = c.Units+s.Units, c.Gross+s.Amount
	}
	var r DayRollup
	for _, c := range cells {
		r.Cells = append(r.Cells, *c)
	}
	for _, p := range products {
		r.Products = append(r.Products, *p)
	}
	for k, n := range counts {
		r.Orders = append(r.Orders, OrderCount{ArtisanID: k.artisan, Dim: k.dim, Key: k.key, Orders: n})
	}
	return r
}

func id(n int64) string { return strconv.FormatInt(n, 10) }
