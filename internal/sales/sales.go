// Package sales is the one definition of the council's sales figures:
// omzet is the item subtotals of paid orders minus their refunds,
// excluding shipping and tax, counted on the day the order was paid, in
// Bali's time (WITA); exhibition sales are a second channel. Every page,
// export, API answer and monev record takes its figures from here, through
// the store's daily rollups.
package sales

import (
	"context"
	"strconv"
	"time"
)

// Channels: where a sale happened.
const ChannelOnline = "online"

// ExhibitionChannel names the channel of one exhibition's stand sales.
func ExhibitionChannel(exhibitionID int64) string {
	return "exhibition:" + strconv.FormatInt(exhibitionID, 10)
}

// Regions of buyers (order.Address.Region); exhibition sales are "bali".
const (
	RegionBali      = "bali"
	RegionIndonesia = "indonesia"
	RegionAbroad    = "abroad"
)

// Figures are the measures of a set of sales. Orders counts online orders
// (exhibition sales have none); Units and Gross count what was sold;
// Refunds is money returned for items, counted on the day the order was
// paid, so a period's figures can still change when a later refund comes.
// OnlineNet is the part of the net sold online: the orders' money, which
// an average order divides (stand sales have no orders to divide by).
type Figures struct {
	Orders    int64
	Units     int64
	Gross     int64
	Refunds   int64
	OnlineNet int64
}

// Net is the omzet: gross minus refunds.
func (f Figures) Net() int64 { return f.Gross - f.Refunds }

// AverageOrder is net online omzet per order, 0 without orders.
func (f Figures) AverageOrder() int64 {
	if f.Orders == 0 {
		return 0
	}
	return f.OnlineNet / f.Orders
}

// Add sums two sets of figures.
func (f Figures) Add(g Figures) Figures {
	return Figures{f.Orders + g.Orders, f.Units + g.Units, f.Gross + g.Gross, f.Refunds + g.Refunds, f.OnlineNet + g.OnlineNet}
}

// Row is one line of a breakdown: a key (an artisan id, a category slug, a
// channel, a month "2026-11"), what to show for it, and its figures.
type Row struct {
	Key   string
	Label string
	Figures
}

// Groupings of a breakdown.
const (
	ByArtisan   = "artisan"
	ByCategory  = "category"
	ByChannel   = "channel"
	ByMonth     = "month"
	ByKecamatan = "kecamatan"
	ByRegion    = "region"
	ByProduct   = "product"
)

// WITA is Bali's time zone, in which sales days begin and end.
var WITA = time.FixedZone("WITA", 8*60*60)

// Day is the WITA day of a moment, as the rollups key it ("2026-11-27").
func Day(t time.Time) string { return t.In(WITA).Format("2006-01-02") }

// Source is where figures come from: the store's daily rollups, the one
// implementation of this package's definitions that every page, export
// and API answer reads.
type Source interface {
	SalesRows(ctx context.Context, group, from, to string, artisanID int64) ([]Row, error)
}

// Split is an artisan's figures over a period split into what sold online
// and what sold at exhibition stands; together they are the dashboard's
// total for the artisan. Monev records and exhibition recaps both read an
// artisan's online sales this way.
func Split(ctx context.Context, src Source, p Period, artisanID int64) (online, stands Figures, err error) {
	from, to := Day(p.From), Day(p.To)
	totals, err := src.SalesRows(ctx, "", from, to, artisanID)
	if err != nil || len(totals) == 0 {
		return online, stands, err
	}
	total := totals[0].Figures
	channels, err := src.SalesRows(ctx, ByChannel, from, to, artisanID)
	if err != nil {
		return online, stands, err
	}
	for _, r := range channels {
		if r.Key == ChannelOnline {
			online = r.Figures
		}
	}
	online.Orders = total.Orders // orders are counted per artisan, not per channel; stands have none
	stands = Figures{Units: total.Units - online.Units, Gross: total.Gross - online.Gross, Refunds: total.Refunds - online.Refunds}
	return online, stands, nil
}
