package web

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/monev"
	"kriya/internal/report"
	"kriya/internal/sales"
	"kriya/internal/wilayah"
)

// dayText writes a "YYYY-MM-DD" day as a person reads it, "12 Nov 2026".
func dayText(l *i18n.Localizer, day string) string {
	t, err := time.ParseInLocation("2006-01-02", day, i18n.WITA)
	if err != nil {
		return day
	}
	return l.Date(t)
}

// percentText writes a fraction as "12,5%", or "—" when there is none.
func percentText(l *i18n.Localizer, f float64, ok bool) string {
	if !ok {
		return "—"
	}
	return l.Percent(f)
}

// visitDocument is a record as the council files it: what was reported
// beside what was measured, the constraints, recommendations and
// follow-ups. The printable page shows the same, from the same data.
func visitDocument(l *i18n.Localizer, d visitData) report.Document {
	v, m, r := d.Visit, d.Measured, d.Visit.Reported
	share, shareOK := m.Share(r)
	change, changeOK := m.Change()
	yes := func(b bool) string {
		if b {
			return l.T("monev.yes")
		}
		return l.T("monev.no")
	}
	var team []string
	for _, t := range v.Team {
		team = append(team, t.Name+" ("+l.T("monev.role."+t.Role)+")")
	}
	doc := report.Document{
		Title:    l.T("monev.visit.title", "Name", d.Artisan.Name, "Day", dayText(l, v.Day)),
		Subtitle: l.T("monev.kind."+v.Kind) + " · " + l.T("monev.status."+v.Status) + " · " + wilayah.Name(d.Artisan.KecamatanCode),
		Footer:   l.T("monev.printed", "When", l.DateTime(time.Now())),
		Sections: []report.Section{
			{Heading: l.T("monev.section.visit"), Pairs: [][2]string{
				{l.T("monev.artisan"), d.Artisan.Name + " — " + d.Artisan.Owner},
				{l.T("monev.day"), dayText(l, v.Day)},
				{l.T("monev.team"), strings.Join(team, ", ")},
				{l.T("monev.period"), dayText(l, v.PeriodFrom) + " – " + dayText(l, v.PeriodTo)},
			}},
			{Heading: l.T("monev.section.measured"), Pairs: [][2]string{
				{l.T("monev.measured.online"), l.Rupiah(m.Online.Net())},
				{l.T("monev.measured.orders"), l.Number(m.Online.Orders) + " · " + l.T("monev.measured.units_n", "Count", m.Online.Units)},
				{l.T("monev.measured.exhibition"), l.Rupiah(m.Exhibition.Net())},
				{l.T("monev.measured.total"), l.Rupiah(m.Total().Net())},
				{l.T("monev.measured.share"), percentText(l, share, shareOK)},
				{l.T("monev.measured.previous", "From", dayText(l, m.PreviousFrom), "To", dayText(l, m.PreviousTo)), l.Rupiah(m.PreviousTotal().Net()) + " (" + changeText(l, change, changeOK) + ")"},
				{l.T("monev.measured.status"), measuredStatus(l, d)},
			}},
			{Heading: l.T("monev.section.reported"), Pairs: [][2]string{
				{l.T("monev.workers"), l.T("monev.workers_text", "Total", r.Workers.Total, "Women", r.Workers.Women, "Paid", r.Workers.Paid, "Family", r.Workers.Family)},
				{l.T("monev.capacity"), l.Number(r.Capacity.Amount) + " " + r.Capacity.Unit},
				{l.T("monev.output"), l.Number(r.Output.Amount) + " " + r.Output.Unit},
				{l.T("monev.production_value"), l.Rupiah(r.ProductionValue)},
				{l.T("monev.turnover.own_shop"), l.Rupiah(r.Turnover.OwnShop)},
				{l.T("monev.turnover.gallery"), l.Rupiah(r.Turnover.Gallery)},
				{l.T("monev.turnover.exhibitions"), l.Rupiah(r.Turnover.Exhibitions)},
				{l.T("monev.turnover.marketplaces"), l.Rupiah(r.Turnover.Marketplaces)},
				{l.T("monev.turnover.export"), l.Rupiah(r.Turnover.Export)},
				{l.T("monev.turnover.total"), l.Rupiah(r.Turnover.Total())},
				{l.T("monev.markets"), l.T("monev.markets_text", "Bali", yes(r.Markets.Bali), "National", yes(r.Markets.National))},
				{l.T("monev.export_countries"), cmp.Or(r.Markets.ExportCountries, "—")},
				{l.T("monev.export_value"), l.Rupiah(r.Markets.ExportValue)},
				{l.T("monev.social_media"), cmp.Or(r.Digital.SocialMedia, "—")},
				{l.T("monev.other_marketplaces"), cmp.Or(r.Digital.Marketplaces, "—")},
				{l.T("monev.qris"), yes(r.Digital.QRIS)},
				{l.T("monev.permit_status"), cmp.Or(r.PermitStatus, "—")},
			}},
		},
	}
	if len(r.Materials) > 0 {
		t := &report.Table{Headers: []string{l.T("monev.material.type"), l.T("monev.material.origin"), l.T("monev.material.price")}}
		for _, mat := range r.Materials {
			t.Rows = append(t.Rows, []string{mat.Type, mat.Origin, l.Rupiah(mat.Price) + " / " + mat.Unit})
		}
		doc.Sections = append(doc.Sections, report.Section{Heading: l.T("monev.section.materials"), Table: t})
	}
	constraints := &report.Table{Headers: []string{l.T("monev.constraint.category"), l.T("monev.constraint.severity"), l.T("monev.constraint.description")}, Widths: []float64{1, 0.6, 3}}
	for _, c := range v.Constraints {
		constraints.Rows = append(constraints.Rows, []string{l.T("monev.category." + c.Category), l.T("monev.severity." + c.Severity), c.Description})
	}
	doc.Sections = append(doc.Sections,
		report.Section{Heading: l.T("monev.section.constraints"), Table: constraints},
		report.Section{Heading: l.T("monev.section.recommendations"), Paragraphs: []string{cmp.Or(v.Recommendations, "—")}})
	followUps := &report.Table{Headers: []string{l.T("monev.fu.action"), l.T("monev.fu.owner"), l.T("monev.fu.due"), l.T("monev.fu.status"), l.T("monev.fu.note")}, Widths: []float64{1.2, 1, 0.8, 0.8, 2}}
	for _, f := range d.FollowUps {
		followUps.Rows = append(followUps.Rows, []string{l.T("monev.action." + f.Action), f.Owner, dayText(l, f.DueOn), l.T("monev.fu_status." + f.Status), f.Note})
	}
	doc.Sections = append(doc.Sections, report.Section{Heading: l.T("monev.section.follow_ups"), Table: followUps})
	return doc
}

// measuredStatus says whether the figures are live, frozen, or frozen and
// since changed.
func measuredStatus(l *i18n.Localizer, d visitData) string {
	switch {
	case d.Visit.Measured == nil: // a draft: the figures are today's
		return l.T("monev.measured.live")
	case d.Today != nil:
		return l.T("monev.measured.differs", "When", l.DateTime(d.Measured.At), "Net", l.Rupiah(d.Today.Total().Net()))
	}
	return l.T("monev.measured.frozen", "When", l.DateTime(d.Measured.At))
}

// changeText says a percent change as the dashboard does ("+12%
// dibanding periode sebelumnya"), or that there is nothing to compare with.
func changeText(l *i18n.Localizer, pct float64, ok bool) string {
	if !ok {
		return l.T("sales.change_none")
	}
	return l.T("sales.change", "Pct", fmt.Sprintf("%+.0f%%", pct))
}

// summaryData is the council's period summary of its monev.
type summaryData struct {
	Period      sales.Period
	Problem     string
	Visits      int
	ByKind      []countRow
	Constraints []countRow
	Opened      int64
	Closed      int64
	Artisans    []beforeAfter
	Days        int // the length of the before and after windows
}

type countRow struct {
	Label string
	Count int
	High  int // constraints of high severity
}

// beforeAfter is a visited artisan's net sales in the days before its
// visit and in as many days after it (fewer if the visit is recent).
type beforeAfter struct {
	Artisan       string
	Day           string
	Before, After int64
	AfterDays     int
}

// summaryWindow is how many days before and after a visit are compared: a
// quarter, the council's reporting rhythm.
const summaryWindow = 90

// monevSummary is the period's monev in one page, or as PDF or XLSX
// (format=pdf|xlsx), in Bahasa Indonesia for the files.
func (s *Server) monevSummary(c *gin.Context) {
	ctx := c.Request.Context()
	l := s.i18n.For(lang(c))
	format := c.Query("format")
	if format != "" {
		l = s.i18n.For("id")
	}
	p, err := periodOf(c)
	d := summaryData{Days: summaryWindow}
	if err != nil {
		d.Problem = l.T("sales.error.period")
		p, _ = sales.ParsePeriod(sales.PeriodQuarter, "", "", time.Now())
	}
	d.Period = p
	visits, err := s.store.Visits(ctx, monev.Filter{From: sales.Day(p.From), To: sales.Day(p.Last())})
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Visits = len(visits)
	kinds, categories, high := map[string]int{}, map[string]int{}, map[string]int{}
	for _, v := range visits {
		kinds[v.Kind]++
		for _, k := range v.Constraints {
			categories[k.Category]++
			if k.Severity == "high" {
				high[k.Category]++
			}
		}
	}
	for _, k := range monev.Kinds {
		d.ByKind = append(d.ByKind, countRow{Label: l.T("monev.kind." + k), Count: kinds[k]})
	}
	for _, k := range monev.ConstraintCategories {
		d.Constraints = append(d.Constraints, countRow{Label: l.T("monev.category." + k), Count: categories[k], High: high[k]})
	}
	if d.Opened, d.Closed, err = s.store.FollowUpCounts(ctx, p); err != nil {
		s.fail(c, err)
		return
	}
	artisans := map[int64]catalog.Artisan{}
	as, err := s.store.ArtisansByStatus(ctx, "")
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, a := range as {
		artisans[a.ID] = a
	}
	today := sales.Day(time.Now())
	for _, v := range visits {
		ba, err := s.beforeAfter(c, v, today)
		if err != nil {
			s.fail(c, err)
			return
		}
		ba.Artisan = artisans[v.ArtisanID].Name
		d.Artisans = append(d.Artisans, ba)
	}
	slices.SortFunc(d.Artisans, func(a, b beforeAfter) int { return strings.Compare(a.Day, b.Day) })
	switch format {
	case "pdf", "xlsx":
		s.summaryFile(c, l, d, format)
	default:
		s.privatePage(c, http.StatusOK, "monev/summary", l.T("monev.summary.title"), d)
	}
}

// beforeAfter measures a visited artisan's net sales around its visit.
func (s *Server) beforeAfter(c *gin.Context, v monev.Visit, today string) (beforeAfter, error) {
	ctx := c.Request.Context()
	l := s.i18n.For("id")
	ba := beforeAfter{Day: v.Day}
	day, err := time.ParseInLocation("2006-01-02", v.Day, sales.WITA)
	if err != nil {
		return ba, err
	}
	before := sales.Period{Kind: sales.PeriodCustom, From: day.AddDate(0, 0, -summaryWindow), To: day}
	after := sales.Period{Kind: sales.PeriodCustom, From: day, To: day.AddDate(0, 0, summaryWindow)}
	if end, _ := time.ParseInLocation("2006-01-02", today, sales.WITA); after.To.After(end.AddDate(0, 0, 1)) {
		after.To = end.AddDate(0, 0, 1)
	}
	ba.AfterDays = max(0, after.Days())
	b, err := s.app.SalesTotal(ctx, l, before, v.ArtisanID)
	if err != nil {
		return ba, err
	}
	ba.Before = b.Net()
	if ba.AfterDays > 0 {
		a, err := s.app.SalesTotal(ctx, l, after, v.ArtisanID)
		if err != nil {
			return ba, err
		}
		ba.After = a.Net()
	}
	return ba, nil
}

// summaryFile writes the period summary as a PDF or a workbook.
func (s *Server) summaryFile(c *gin.Context, l *i18n.Localizer, d summaryData, format string) {
	doc := report.Document{
		Title:    l.T("monev.summary.title") + " — " + d.Period.String(l.Lang),
		Subtitle: l.T("monev.summary.lead", "Visits", d.Visits, "Opened", d.Opened, "Closed", d.Closed),
		Footer:   l.T("monev.printed", "When", l.DateTime(time.Now())),
	}
	kinds := &report.Table{Headers: []string{l.T("monev.kind"), l.T("monev.summary.count")}}
	for _, r := range d.ByKind {
		kinds.Rows = append(kinds.Rows, []string{r.Label, itoa(r.Count)})
	}
	cons := &report.Table{Headers: []string{l.T("monev.constraint.category"), l.T("monev.summary.count"), l.T("monev.summary.high")}}
	for _, r := range d.Constraints {
		cons.Rows = append(cons.Rows, []string{r.Label, itoa(r.Count), itoa(r.High)})
	}
	around := &report.Table{Headers: []string{l.T("monev.artisan"), l.T("monev.day"),
		l.T("monev.summary.before", "Days", d.Days) + " (Rp)", l.T("monev.summary.after", "Days", d.Days) + " (Rp)", l.T("monev.summary.after_days")},
		Widths: []float64{2, 1, 1.2, 1.2, 0.8}}
	for _, a := range d.Artisans {
		around.Rows = append(around.Rows, []string{a.Artisan, a.Day, i64(a.Before), i64(a.After), itoa(a.AfterDays)})
	}
	doc.Sections = []report.Section{
		{Heading: l.T("monev.summary.visits"), Table: kinds},
		{Heading: l.T("monev.section.constraints"), Table: cons},
		{Heading: l.T("monev.section.follow_ups"), Pairs: [][2]string{{l.T("monev.summary.opened"), i64(d.Opened)}, {l.T("monev.summary.closed"), i64(d.Closed)}}},
		{Heading: l.T("monev.summary.sales"), Table: around, Paragraphs: []string{l.T("sales.definition")}},
	}
	name := "monev-" + sales.Day(d.Period.From) + "-" + sales.Day(d.Period.Last()) + "." + format
	s.sendDocument(c, doc, format, name)
}

// sendDocument writes a document as a PDF or XLSX download. It is written
// into memory first, so a failure is a clean error page, not half a file.
func (s *Server) sendDocument(c *gin.Context, doc report.Document, format, name string) {
	var buf bytes.Buffer
	write, contentType := doc.WritePDF, "application/pdf"
	if format == "xlsx" {
		write, contentType = doc.WriteXLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	if err := write(&buf); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, contentType, buf.Bytes())
}
