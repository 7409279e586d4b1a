package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/app"
	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/report/chart"
	"kriya/internal/report/salesexport"
	"kriya/internal/sales"
)

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
	Compared   [2]sales.Period // what the tiles compare: the period so far, and the same days before
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
	if d.Totals, err = s.app.SalesTotal(ctx, l, p, 0); err != nil {
		s.fail(c, err)
		return
	}
	current, previous := p.Compared(time.Now())
	d.Compared = [2]sales.Period{current, previous}
	if d.Previous, err = s.app.SalesTotal(ctx, l, previous, 0); err != nil {
		s.fail(c, err)
		return
	}
	months, err := s.app.SalesReport(ctx, l, sales.ByMonth, p, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Trend, d.Months = trendChart(l, l.T("sales.trend"), p, months), months
	sold := map[string]bool{}
	for _, g := range dashboardGroups {
		rows, err := s.app.SalesReport(ctx, l, g, p, 0)
		if err != nil {
			s.fail(c, err)
			return
		}
		title := l.T("sales.by." + g)
		d.Breakdowns = append(d.Breakdowns, breakdown{Group: g, Title: title, Rows: rows, Total: app.GroupTotal(g, rows, d.Totals), Chart: barChart(l, title, rows)})
		if g == sales.ByArtisan {
			for _, r := range rows {
				sold[r.Key] = sold[r.Key] || r.Gross > 0
			}
		}
	}
	top, err := s.app.SalesReport(ctx, l, sales.ByProduct, p, 0)
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
	rows, err := s.app.SalesReport(c.Request.Context(), l, group, p, artisanID)
	if err != nil {
		s.fail(c, err)
		return
	}
	total, err := s.app.SalesTotal(c.Request.Context(), l, p, artisanID)
	if err != nil {
		s.fail(c, err)
		return
	}
	total = app.GroupTotal(group, rows, total)
	e := salesexport.Export{Title: l.T("sales.export.title", "Group", l.T("sales.by."+group)), Definition: app.SalesDefinition(l),
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
