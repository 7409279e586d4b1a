package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/app"
	"kriya/internal/exhibition"
	"kriya/internal/i18n"
	"kriya/internal/report"
	"kriya/internal/sales"
)

// recapData is an event's recap page: the document its files hold, shown
// as a page, so the page, the PDF and the workbook cannot disagree.
type recapData struct {
	Event     string // the event's page
	Doc       report.Document
	PDF, XLSX string // the files' links, whole URLs
}

// exhibitionRecap is an event's recap as a page, or as the PDF or workbook
// a council files (format=pdf|xlsx), in Bahasa Indonesia for the files, as
// the monev summary.
func (s *Server) exhibitionRecap(c *gin.Context) {
	e, ok := s.eventPage(c)
	if !ok {
		return
	}
	l := s.i18n.For(lang(c))
	format := c.Query("format")
	if format == "pdf" || format == "xlsx" {
		l = s.i18n.For("id")
	}
	r, err := s.app.ExhibitionRecap(c.Request.Context(), l, e)
	if err != nil {
		s.fail(c, err)
		return
	}
	doc := recapDocument(l, r, time.Now())
	base, _, _ := eventPages(c, e)
	switch format {
	case "pdf", "xlsx":
		s.sendDocument(c, doc, format, "rekap-pameran-"+i64(e.ID)+"-"+e.StartsOn+"."+format)
	default:
		file := func(format string) string { return base + "/recap?" + url.Values{"format": {format}}.Encode() }
		s.privatePage(c, http.StatusOK, "council/recap", doc.Title, recapData{Event: base, Doc: doc, PDF: file("pdf"), XLSX: file("xlsx")})
	}
}

// recapDocument is the recap as the council files it.
func recapDocument(l *i18n.Localizer, r app.Recap, now time.Time) report.Document {
	e := r.Exhibition
	days := e.Days()
	corrected := 0
	for _, h := range r.Receipts {
		corrected += len(h.Earlier)
	}
	doc := report.Document{
		Title:    l.T("exhibition.recap.title", "Name", e.Name),
		Subtitle: e.Place + " · " + dayText(l, e.StartsOn) + " – " + dayText(l, e.EndsOn),
		Footer:   l.T("monev.printed", "When", l.DateTime(now)),
	}
	doc.Sections = append(doc.Sections, report.Section{Heading: l.T("exhibition.recap.summary"), Pairs: [][2]string{
		{l.T("exhibition.place"), e.Place},
		{l.T("exhibition.recap.days"), l.T("exhibition.recap.days_text", "From", dayText(l, e.StartsOn), "To", dayText(l, e.EndsOn), "Count", len(days))},
		{l.T("exhibition.recap.selected"), itoa(len(r.Selected))},
		{l.T("exhibition.recap.applied"), itoa(r.Applied)},
		{l.T("exhibition.recap.not_selected"), itoa(r.NotSelected)},
		{l.T("exhibition.recap.receipts"), l.T("exhibition.recap.receipts_text", "Count", r.Total.Receipts, "Corrected", corrected)},
		{l.T("sales.units"), l.Number(r.Total.Units)},
		{l.T("exhibition.recap.stand_total"), l.Rupiah(r.Total.Amount)},
	}})

	participants := &report.Table{Headers: []string{l.T("nav.artisans"), l.T("filters.category"), l.T("exhibition.receipts"), l.T("sales.units"), l.T("exhibition.amount")},
		Widths: []float64{2, 1.4, 0.8, 0.8, 1.2}}
	for _, p := range r.Selected {
		participants.Rows = append(participants.Rows, []string{p.Artisan.Name, p.Category, i64(p.Stand.Receipts), i64(p.Stand.Units), l.Rupiah(p.Stand.Amount)})
	}
	doc.Sections = append(doc.Sections, report.Section{Heading: l.T("exhibition.recap.participants"), Table: participants})

	for _, g := range []struct {
		heading, key string
		rows         []exhibition.Total
	}{
		{l.T("exhibition.recap.by_day"), l.T("exhibition.day"), r.ByDay},
		{l.T("exhibition.recap.by_artisan"), l.T("nav.artisans"), r.ByArtisan},
		{l.T("exhibition.recap.by_category"), l.T("filters.category"), r.ByCategory},
		{l.T("exhibition.recap.by_method"), l.T("exhibition.method"), r.ByMethod},
	} {
		t := &report.Table{Headers: []string{g.key, l.T("exhibition.receipts"), l.T("sales.units"), l.T("exhibition.amount")}, Widths: []float64{2, 1, 1, 1.4}}
		for _, row := range append(g.rows, exhibition.Total{Label: l.T("sales.total"), Receipts: r.Total.Receipts, Units: r.Total.Units, Amount: r.Total.Amount}) {
			t.Rows = append(t.Rows, []string{row.Label, i64(row.Receipts), i64(row.Units), l.Rupiah(row.Amount)})
		}
		doc.Sections = append(doc.Sections, report.Section{Heading: g.heading, Table: t})
	}

	doc.Sections = append(doc.Sections, onlineSection(l, r))

	receipts := &report.Table{Headers: []string{l.T("exhibition.receipt.number"), l.T("exhibition.sold_at"), l.T("nav.artisans"), l.T("sales.units"),
		l.T("exhibition.amount"), l.T("exhibition.method"), l.T("exhibition.entered"), l.T("exhibition.note")},
		Widths: []float64{0.6, 1.4, 1.6, 0.6, 1.2, 0.9, 1.1, 1.8}}
	history := &report.Table{Headers: []string{l.T("exhibition.receipt.number"), l.T("exhibition.sold_at"), l.T("nav.artisans"), l.T("sales.units"),
		l.T("exhibition.amount"), l.T("exhibition.method"), l.T("exhibition.entered"), l.T("exhibition.recap.replaced_because")},
		Widths: []float64{0.6, 1.4, 1.6, 0.6, 1.2, 0.9, 1.1, 1.8}}
	for _, h := range r.Receipts {
		rc := h.Receipt
		note := rc.Note
		if rc.Voided {
			note = l.T("exhibition.voided_because", "Reason", rc.Reason)
		}
		receipts.Rows = append(receipts.Rows, []string{i64(h.Number()), l.DateTime(rc.SoldAt), r.Names[rc.ArtisanID], i64(rc.Units),
			l.Rupiah(rc.Amount), l.T("exhibition.method." + rc.Method), rc.EnteredBy, note})
		successor := rc
		for _, old := range h.Earlier {
			history.Rows = append(history.Rows, []string{i64(h.Number()), l.DateTime(old.SoldAt), r.Names[old.ArtisanID], i64(old.Units),
				l.Rupiah(old.Amount), l.T("exhibition.method." + old.Method), old.EnteredBy, successor.Reason + " (" + successor.EnteredBy + ")"})
			successor = old
		}
	}
	doc.Sections = append(doc.Sections, report.Section{Heading: l.T("exhibition.recap.receipts_list"), Table: receipts})
	if len(history.Rows) > 0 {
		doc.Sections = append(doc.Sections, report.Section{Heading: l.T("exhibition.recap.corrections"), Table: history,
			Paragraphs: []string{l.T("exhibition.recap.corrections_hint")}})
	}
	return doc
}

// onlineSection sets each participant's online sales in the days before
// the event beside those after it, and says which days those are.
func onlineSection(l *i18n.Localizer, r app.Recap) report.Section {
	days := r.Before.Days()
	t := &report.Table{Headers: []string{l.T("nav.artisans"),
		l.T("exhibition.recap.before_orders"), l.T("exhibition.recap.before_net"),
		l.T("exhibition.recap.after_orders"), l.T("exhibition.recap.after_net"), l.T("exhibition.recap.change")},
		Widths: []float64{2, 0.9, 1.3, 0.9, 1.3, 0.9}}
	var before, after sales.Figures
	for _, p := range r.Selected {
		before, after = before.Add(p.Before), after.Add(p.After)
		t.Rows = append(t.Rows, []string{p.Artisan.Name, i64(p.Before.Orders), l.Rupiah(p.Before.Net()), i64(p.After.Orders), l.Rupiah(p.After.Net()), changeCell(p.Before, p.After, r)})
	}
	t.Rows = append(t.Rows, []string{l.T("sales.total"), i64(before.Orders), l.Rupiah(before.Net()), i64(after.Orders), l.Rupiah(after.Net()), changeCell(before, after, r)})
	windows := l.T("exhibition.recap.windows", "Days", days,
		"Before", r.Before.String(l.Lang), "After", r.After.String(l.Lang))
	switch {
	case r.After.Days() == 0:
		windows = l.T("exhibition.recap.not_over", "Days", days, "Before", r.Before.String(l.Lang))
	case r.Running:
		windows += " " + l.T("exhibition.recap.running", "Days", days, "Full", app.RecapDays)
	}
	return report.Section{Heading: l.T("exhibition.recap.online", "Days", app.RecapDays), Table: t,
		Paragraphs: []string{windows, l.T("sales.definition")}}
}

// changeCell is the change of online net sales after the event, "—" with
// nothing before or no day after yet.
func changeCell(before, after sales.Figures, r app.Recap) string {
	pct, ok := sales.Change(after.Net(), before.Net())
	if !ok || r.After.Days() == 0 {
		return "—"
	}
	return fmt.Sprintf("%+.0f%%", pct)
}
