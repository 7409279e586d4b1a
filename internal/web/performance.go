package web

import (
	"cmp"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/catalog"
	"kriya/internal/order"
	"kriya/internal/sales"
)

// performanceData is one artisan's figures for a period.
type performanceData struct {
	WS        workspace
	Period    sales.Period
	Totals    sales.Figures
	Previous  sales.Figures
	Compared  [2]sales.Period // what the tiles compare: the period so far, and the same days before
	Trend     template.HTML
	Months    []sales.Row
	Channels  []sales.Row
	Top       []sales.Row
	Listings  int
	StockOuts int
	Stats     order.Stats
	Interest  []listingInterest // the listings buyers met, most viewed first
	Viewed    [2]int64          // views in the period, and in the one compared
	Regions   []sales.Row       // where the artisan's buyers live
	Problem   string
}

// listingInterest is how buyers met one listing in the period: viewed,
// put in a cart, bought.
type listingInterest struct {
	Product catalog.Product
	catalog.Interest
	Sold int64 // units
}

// performance shows an artisan (or staff, for an artisan) its sales with
// the council's figures, and how it serves its buyers.
func (s *Server) performance(c *gin.Context) {
	ctx := c.Request.Context()
	l := s.i18n.For(lang(c))
	ws := currentWorkspace(c)
	p, err := periodOf(c)
	d := performanceData{WS: ws}
	if err != nil {
		d.Problem = l.T("sales.error.period")
		p, _ = sales.ParsePeriod("month", "", "", time.Now())
	}
	d.Period = p
	id := ws.Artisan.ID
	if d.Totals, err = s.app.SalesTotal(ctx, l, p, id); err != nil {
		s.fail(c, err)
		return
	}
	current, previous := p.Compared(time.Now())
	d.Compared = [2]sales.Period{current, previous}
	if d.Previous, err = s.app.SalesTotal(ctx, l, previous, id); err != nil {
		s.fail(c, err)
		return
	}
	months, err := s.app.SalesReport(ctx, l, sales.ByMonth, p, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Trend, d.Months = trendChart(l, l.T("sales.trend"), p, months), months
	if d.Channels, err = s.app.SalesReport(ctx, l, sales.ByChannel, p, id); err != nil {
		s.fail(c, err)
		return
	}
	top, err := s.app.SalesReport(ctx, l, sales.ByProduct, p, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Top = top[:min(10, len(top))]
	sold := map[string]int64{}
	for _, r := range top {
		sold[r.Key] = r.Units
	}
	if d.Regions, err = s.app.SalesReport(ctx, l, sales.ByRegion, p, id); err != nil {
		s.fail(c, err)
		return
	}
	listings, err := s.store.ArtisanListings(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	interest, err := s.store.ProductStats(ctx, id, sales.Day(p.From), sales.Day(p.To))
	if err != nil {
		s.fail(c, err)
		return
	}
	before, err := s.store.ProductStats(ctx, id, sales.Day(previous.From), sales.Day(previous.To))
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, in := range before {
		d.Viewed[1] += in.Views
	}
	for _, li := range listings {
		if in, ok := interest[li.ID]; ok || sold[strconv.FormatInt(li.ID, 10)] > 0 {
			d.Interest = append(d.Interest, listingInterest{Product: li, Interest: in, Sold: sold[strconv.FormatInt(li.ID, 10)]})
			d.Viewed[0] += in.Views
		}
		if li.Status != catalog.ProductActive {
			continue
		}
		d.Listings++
		for _, k := range li.SKUs {
			if k.Stock == 0 {
				d.StockOuts++
			}
		}
	}
	slices.SortStableFunc(d.Interest, func(a, b listingInterest) int { return cmp.Compare(b.Views, a.Views) })
	if d.Stats, err = s.store.FulfilmentStats(ctx, id, p.From, p.To); err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "workspace/performance", l.T("sales.performance", "Name", ws.Artisan.Name), d)
}
