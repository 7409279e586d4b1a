package api

import (
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/app"
	"kriya/internal/sales"
)

// salesGroups are the breakdowns the API gives.
var salesGroups = []string{sales.ByArtisan, sales.ByCategory, sales.ByChannel, sales.ByKecamatan, sales.ByRegion, sales.ByMonth, sales.ByProduct}

type apiSalesRow struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Orders  int64  `json:"orders"`
	Units   int64  `json:"units"`
	Gross   int64  `json:"gross"`
	Refunds int64  `json:"refunds"`
	Net     int64  `json:"net"`
}

func apiSalesRow1(r sales.Row) apiSalesRow {
	return apiSalesRow{Key: r.Key, Label: r.Label, Orders: r.Orders, Units: r.Units, Gross: r.Gross, Refunds: r.Refunds, Net: r.Net()}
}

// sales is GET /api/v1/council/sales: a breakdown for integrations,
// the same figures as the dashboard'api.
func (api *API) sales(c *gin.Context) {
	group := c.DefaultQuery("group", sales.ByArtisan)
	if !slices.Contains(salesGroups, group) {
		api.refuse(c, http.StatusUnprocessableEntity, codeInvalid, "group must be artisan, category, channel, month, kecamatan, region or product", map[string]string{"group": "unknown"})
		return
	}
	p, err := sales.ParsePeriod("custom", c.Query("from"), c.Query("to"), time.Now())
	if err != nil {
		api.refuse(c, http.StatusUnprocessableEntity, codeInvalid, "from and to must be dates, YYYY-MM-DD, to not before from", map[string]string{"from": err.Error()})
		return
	}
	l := api.i18n.For(lang(c))
	rows, err := api.app.SalesReport(c.Request.Context(), l, group, p, 0)
	if err != nil {
		api.fail(c, err)
		return
	}
	total, err := api.app.SalesTotal(c.Request.Context(), l, p, 0)
	if err != nil {
		api.fail(c, err)
		return
	}
	total = app.GroupTotal(group, rows, total)
	out := struct {
		Group      string        `json:"group"`
		From       string        `json:"from"`
		To         string        `json:"to"`
		Definition string        `json:"definition"`
		Rows       []apiSalesRow `json:"rows"`
		Totals     apiSalesRow   `json:"totals"`
	}{Group: group, From: sales.Day(p.From), To: sales.Day(p.Last()), Definition: app.SalesDefinition(api.i18n.For("en")),
		Rows: []apiSalesRow{}, Totals: apiSalesRow1(sales.Row{Key: "total", Label: "total", Figures: total})}
	for _, r := range rows {
		out.Rows = append(out.Rows, apiSalesRow1(r))
	}
	c.JSON(http.StatusOK, out)
}
