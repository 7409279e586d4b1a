package web

import (
	"html/template"
	"net/http"
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
	Problem   string
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
	listings, err := s.store.ArtisanListings(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, li := range listings {
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
	if d.Stats, err = s.store.FulfilmentStats(ctx, id, p.From, p.To); err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "workspace/performance", l.T("sales.performance", "Name", ws.Artisan.Name), d)
}
