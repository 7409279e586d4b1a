package web

import (
	"cmp"
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/report/chart"
	"kriya/internal/report/salesexport"
	"kriya/internal/sales"
	"kriya/internal/wilayah"
)

// salesDefinition is the omzet definition printed with every export, in
// the reader's language.
func (s *Server) salesDefinition(l *i18n.Localizer) string { return l.T("sales.definition") }

// salesReport is the one way pages, exports and the API get a breakdown:
// rows from the store's rollups, named in the reader's language and
// sorted (months in order, everything else by net sales, largest first).
// The empty group gives one row, the period's total.
func (s *Server) salesReport(ctx context.Context, l *i18n.Localizer, group string, p sales.Period, artisanID int64) ([]sales.Row, error) {
	rows, err := s.store.SalesRows(ctx, group, sales.Day(p.From), sales.Day(p.To), artisanID)
	if err != nil {
		return nil, err
	}
	if err := s.labelRows(ctx, l, group, rows); err != nil {
		return nil, err
	}
	if group == sales.ByMonth {
		slices.SortFunc(rows, func(a, b sales.Row) int { return strings.Compare(a.Key, b.Key) })
	} else {
		slices.SortFunc(rows, func(a, b sales.Row) int {
			return cmp.Or(cmp.Compare(b.Net(), a.Net()), strings.Compare(a.Label, b.Label))
		})
	}
	return rows, nil
}

// salesTotal is a period's total figures.
func (s *Server) salesTotal(ctx context.Context, l *i18n.Localizer, p sales.Period, artisanID int64) (sales.Figures, error) {
	rows, err := s.salesReport(ctx, l, "", p, artisanID)
	if err != nil || len(rows) == 0 {
		return sales.Figures{}, err
	}
	return rows[0].Figures, nil
}

// groupTotal is the total row of a breakdown: its rows added up, with the
// period's distinct orders (an order with two artisans is one order).
// Products carry no orders, so their total has none either.
func groupTotal(group string, rows []sales.Row, total sales.Figures) sales.Figures {
	var sum sales.Figures
	for _, r := range rows {
		sum = sum.Add(r.Figures)
	}
	if group != sales.ByProduct {
		sum.Orders = total.Orders
	}
	return sum
}

// labelRows names each row's key for people.
func (s *Server) labelRows(ctx context.Context, l *i18n.Localizer, group string, rows []sales.Row) error {
	names := map[string]string{}
	switch group {
	case sales.ByArtisan:
		as, err := s.store.ArtisansByStatus(ctx, "")
		if err != nil {
			return err
		}
		for _, a := range as {
			names[strconv.FormatInt(a.ID, 10)] = a.Name
		}
	case sales.ByCategory:
		cats, err := s.store.Categories(ctx)
		if err != nil {
			return err
		}
		for _, c := range cats {
			names[strconv.FormatInt(c.ID, 10)] = c.Name.In(l.Lang)
		}
	case sales.ByChannel:
		es, err := s.store.Exhibitions(ctx)
		if err != nil {
			return err
		}
		names[sales.ChannelOnline] = l.T("sales.channel.online")
		for _, e := range es {
			names[sales.ExhibitionChannel(e.ID)] = l.T("sales.channel.exhibition", "Name", e.Name)
		}
	case sales.ByProduct:
		var ids []int64
		for _, r := range rows {
			id, _ := strconv.ParseInt(r.Key, 10, 64)
			ids = append(ids, id)
		}
		titles, err := s.store.ProductTitles(ctx, ids)
		if err != nil {
			return err
		}
		for id, t := range titles {
			names[strconv.FormatInt(id, 10)] = t.In(l.Lang)
		}
	}
	for i := range rows {
		k := rows[i].Key
		switch group {
		case sales.ByKecamatan:
			rows[i].Label = cmp.Or(wilayah.Name(k), k)
		case sales.ByRegion:
			rows[i].Label = l.T("sales.region." + k)
		case sales.ByMonth:
			if t, err := time.Parse("2006-01", k); err == nil {
				rows[i].Label = strings.TrimPrefix(l.Date(t.Add(12*time.Hour)), "1 ")
			}
		case "":
			rows[i].Label = l.T("sales.total")
		default:
			rows[i].Label = cmp.Or(names[k], k)
		}
	}
	return nil
}

// periodOf reads the period picker of a request.
func periodOf(c *gin.Context) (sales.Period, error) {
	return sales.ParsePeriod(c.Query("period"), c.Query("from"), c.Query("to"), time.Now())
}

// breakdown is one table (and chart) of the dashboard.
type breakdown struct {
	Group string
	Title string
	Rows  []sales.Row
	Total sales.Figures
	Chart template.HTML
}

// councilDashboardData is the council's view of sales in a period.
type councilDashboardData struct {
	Period     sales.Period
	Query      url.Values
	Totals     sales.Figures
	Previous   sales.Figures
	Trend      template.HTML
	Months     []sales.Row
	Breakdowns []breakdown
	Top        []sales.Row
	Silent     []catalog.Artisan // active artisans with no sales in the period
	Problem    string
}

// dashboardGroups are the dashboard's breakdowns, in order.
var dashboardGroups = []string{sales.ByChannel, sales.ByArtisan, sales.ByCategory, sales.ByKecamatan, sales.ByRegion}

func (s *Server) councilDashboard(c *gin.Context) {
	ctx := c.Request.Context()
	l := s.i18n.For(lang(c))
	p, err := periodOf(c)
	d := councilDashboardData{Query: c.Request.URL.Query()}
	if err != nil {
		d.Problem = l.T("sales.error.period")
		p, _ = sales.ParsePeriod("month", "", "", time.Now())
	}
	d.Period = p
	if d.Totals, err = s.salesTotal(ctx, l, p, 0); err != nil {
		s.fail(c, err)
		return
	}
	if d.Previous, err = s.salesTotal(ctx, l, p.Previous(), 0); err != nil {
		s.fail(c, err)
		return
	}
	months, err := s.salesReport(ctx, l, sales.ByMonth, p, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Trend, d.Months = trendChart(l, l.T("sales.trend"), p, months), months
	sold := map[string]bool{}
	for _, g := range dashboardGroups {
		rows, err := s.salesReport(ctx, l, g, p, 0)
		if err != nil {
			s.fail(c, err)
			return
		}
		title := l.T("sales.by." + g)
		d.Breakdowns = append(d.Breakdowns, breakdown{Group: g, Title: title, Rows: rows, Total: groupTotal(g, rows, d.Totals), Chart: barChart(l, title, rows)})
		if g == sales.ByArtisan {
			for _, r := range rows {
				sold[r.Key] = sold[r.Key] || r.Gross > 0
			}
		}
	}
	top, err := s.salesReport(ctx, l, sales.ByProduct, p, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Top = top[:min(10, len(top))]
	artisans, err := s.store.Artisans(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, a := range artisans {
		if !sold[strconv.FormatInt(a.ID, 10)] {
			d.Silent = append(d.Silent, a)
		}
	}
	s.privatePage(c, http.StatusOK, "council/dashboard", l.T("sales.title"), d)
}

func barChart(l *i18n.Localizer, title string, rows []sales.Row) template.HTML {
	labels, values := make([]string, 0, len(rows)), make([]int64, 0, len(rows))
	for _, r := range rows[:min(12, len(rows))] {
		labels, values = append(labels, r.Label), append(values, r.Net())
	}
	return chart.Bar(title, labels, values, l.Rupiah)
}

// trendChart shows every month of the period, months without sales as 0.
func trendChart(l *i18n.Localizer, title string, p sales.Period, months []sales.Row) template.HTML {
	net := map[string]int64{}
	label := map[string]string{}
	for _, r := range months {
		net[r.Key], label[r.Key] = r.Net(), r.Label
	}
	var labels []string
	var values []int64
	for _, m := range p.Months() {
		if label[m] == "" {
			t, _ := time.Parse("2006-01", m)
			label[m] = strings.TrimPrefix(l.Date(t.Add(12*time.Hour)), "1 ")
		}
		labels, values = append(labels, label[m]), append(values, net[m])
	}
	return chart.Trend(title, labels, values, l.Rupiah)
}

// salesExport sends a breakdown as CSV or XLSX, with the definition and
// period written above the table.
func (s *Server) salesExport(c *gin.Context) {
	l := s.i18n.For(lang(c))
	p, err := periodOf(c)
	if err != nil {
		s.notFound(c)
		return
	}
	group := c.Query("group")
	if !slices.Contains(append(dashboardGroups, sales.ByMonth, sales.ByProduct), group) {
		group = sales.ByArtisan
	}
	var artisanID int64
	if ws, ok := c.Get(ctxWorkspace); ok {
		artisanID = ws.(workspace).Artisan.ID
	}
	rows, err := s.salesReport(c.Request.Context(), l, group, p, artisanID)
	if err != nil {
		s.fail(c, err)
		return
	}
	total, err := s.salesTotal(c.Request.Context(), l, p, artisanID)
	if err != nil {
		s.fail(c, err)
		return
	}
	total = groupTotal(group, rows, total)
	e := salesexport.Export{Title: l.T("sales.export.title", "Group", l.T("sales.by."+group)), Definition: s.salesDefinition(l),
		Period: p.String(l.Lang), Generated: time.Now(), KeyHeader: l.T("sales.by." + group), Rows: rows, Total: total}
	name := "kriya-sales-" + group + "-" + sales.Day(p.From) + "-" + sales.Day(p.Last())
	if c.Query("format") == "xlsx" {
		c.Header("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		if err := e.WriteXLSX(c.Writer, l.Lang); err != nil {
			s.log.Error("xlsx export", "err", err)
		}
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	c.Header("Content-Type", "text/csv; charset=utf-8")
	if err := e.WriteCSV(c.Writer, l.Lang); err != nil {
		s.log.Error("csv export", "err", err)
	}
}

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

// apiSales is GET /api/v1/council/sales: a breakdown for integrations,
// the same figures as the dashboard's.
func (s *Server) apiSales(c *gin.Context) {
	group := c.DefaultQuery("group", sales.ByArtisan)
	if !slices.Contains(append(dashboardGroups, sales.ByMonth, sales.ByProduct), group) {
		s.apiFail(c, http.StatusUnprocessableEntity, codeInvalid, "group must be artisan, category, channel, month, kecamatan, region or product", map[string]string{"group": "unknown"})
		return
	}
	p, err := sales.ParsePeriod("custom", c.Query("from"), c.Query("to"), time.Now())
	if err != nil {
		s.apiFail(c, http.StatusUnprocessableEntity, codeInvalid, "from and to must be dates, YYYY-MM-DD, to not before from", map[string]string{"from": err.Error()})
		return
	}
	l := s.i18n.For(lang(c))
	rows, err := s.salesReport(c.Request.Context(), l, group, p, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	total, err := s.salesTotal(c.Request.Context(), l, p, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	total = groupTotal(group, rows, total)
	out := struct {
		Group      string        `json:"group"`
		From       string        `json:"from"`
		To         string        `json:"to"`
		Definition string        `json:"definition"`
		Rows       []apiSalesRow `json:"rows"`
		Totals     apiSalesRow   `json:"totals"`
	}{Group: group, From: sales.Day(p.From), To: sales.Day(p.Last()), Definition: s.salesDefinition(s.i18n.For("en")),
		Rows: []apiSalesRow{}, Totals: apiSalesRow1(sales.Row{Key: "total", Label: "total", Figures: total})}
	for _, r := range rows {
		out.Rows = append(out.Rows, apiSalesRow1(r))
	}
	c.JSON(http.StatusOK, out)
}
