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
	"kriya/internal/council"
	"kriya/internal/i18n"
	"kriya/internal/media"
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

// unnumbered stands where a record not yet verified will have its number,
// as on an office's draft: dots to write on.
const unnumbered = "...................."

// visitDocument is a record as the council files it, the Laporan Hasil
// Monev: under the council's letterhead, numbered, what was reported
// beside what was measured, the constraints, recommendations and
// follow-ups, who prepared, verified and filed it and when, the visit's
// photographs, and the signature blocks. The printable page shows the
// same, from the same data. It speaks as a document, not as the system:
// no statuses, no "draft".
func visitDocument(l *i18n.Localizer, d visitData) report.Document {
	v, m, r, c := d.Visit, d.Measured, d.Visit.Reported, d.Council
	people := func(n *int64) string {
		if n == nil {
			return "—"
		}
		return l.T("monev.people_n", "Count", *n)
	}
	amount := func(n *int64) string {
		if n == nil {
			return "—"
		}
		return l.Rupiah(*n)
	}
	quantity := func(q monev.Quantity) string {
		if q.Amount == nil {
			return "—"
		}
		return strings.TrimSpace(l.Number(*q.Amount) + " " + q.Unit)
	}
	answer := func(b *bool) string {
		switch {
		case b == nil:
			return "—"
		case *b:
			return l.T("monev.yes")
		}
		return l.T("monev.no")
	}
	text := func(s string) string { return cmp.Or(s, "—") }
	reported, reportedOK := r.Turnover.Total()
	reportedTotal := "—"
	if reportedOK {
		reportedTotal = l.Rupiah(reported)
	}
	change, changeOK := m.Change()
	doc := report.Document{
		Letterhead: letterhead(l, c, d.Images),
		Title:      l.T("monev.doc.title"),
		Reference:  l.T("monev.doc.number", "Number", cmp.Or(v.Number, unnumbered)),
		Subtitle:   l.T("monev.doc.subtitle", "Name", d.Artisan.Name),
		Footer:     l.T("monev.printed", "When", l.DateTime(time.Now()), "Council", c.Name),
	}
	team := &report.Table{Headers: []string{l.T("monev.team.no"), l.T("monev.team.name"), l.T("monev.team.position"), l.T("monev.team.role")},
		Widths: []float64{0.4, 2, 2, 1}}
	for i, t := range v.Team {
		team.Rows = append(team.Rows, []string{itoa(i + 1), t.Name, text(t.Position), l.T("monev.role." + t.Role)})
	}
	doc.Sections = []report.Section{
		{Heading: l.T("monev.section.visit"), Pairs: [][2]string{
			{l.T("monev.artisan"), d.Artisan.Name},
			{l.T("artisan.owner"), text(d.Artisan.Owner)},
			{l.T("monev.kecamatan"), text(wilayah.Name(d.Artisan.KecamatanCode))},
			{l.T("monev.kind"), l.T("monev.kind." + v.Kind)},
			{l.T("monev.doc.day"), longDay(l, v.Day)},
			{l.T("monev.period"), dayText(l, v.PeriodFrom) + " – " + dayText(l, v.PeriodTo)},
		}},
		{Heading: l.T("monev.section.team"), Table: team},
		{Heading: l.T("monev.section.measured"), Pairs: [][2]string{
			{l.T("monev.measured.online"), l.Rupiah(m.Online.Net())},
			{l.T("monev.measured.orders"), l.Number(m.Online.Orders) + " · " + l.T("monev.measured.units_n", "Count", m.Online.Units)},
			{l.T("monev.measured.exhibition"), l.Rupiah(m.Exhibition.Net())},
			{l.T("monev.measured.total"), l.Rupiah(m.Total().Net())},
			{l.T("monev.measured.share"), shareText(l, m, r)},
			{l.T("monev.measured.previous", "From", dayText(l, m.PreviousFrom), "To", dayText(l, m.PreviousTo)), l.Rupiah(m.PreviousTotal().Net()) + " (" + changeText(l, change, changeOK) + ")"},
			{l.T("monev.measured.source"), measuredSource(l, d)},
		}},
		{Heading: l.T("monev.section.reported"), Pairs: [][2]string{
			{l.T("monev.workers.total"), people(r.Workers.Total)},
			{l.T("monev.workers.women"), people(r.Workers.Women)},
			{l.T("monev.workers.paid"), people(r.Workers.Paid)},
			{l.T("monev.workers.family"), people(r.Workers.Family)},
			{l.T("monev.capacity"), quantity(r.Capacity)},
			{l.T("monev.output"), quantity(r.Output)},
			{l.T("monev.production_value_doc"), amount(r.ProductionValue)},
			{l.T("monev.turnover.own_shop"), amount(r.Turnover.OwnShop)},
			{l.T("monev.turnover.gallery"), amount(r.Turnover.Gallery)},
			{l.T("monev.turnover.exhibitions"), amount(r.Turnover.Exhibitions)},
			{l.T("monev.turnover.marketplaces"), amount(r.Turnover.Marketplaces)},
			{l.T("monev.turnover.export"), amount(r.Turnover.Export)},
			{l.T("monev.turnover.total"), reportedTotal},
			{l.T("monev.market.bali"), answer(r.Markets.Bali)},
			{l.T("monev.market.national"), answer(r.Markets.National)},
			{l.T("monev.export_countries"), text(r.Markets.ExportCountries)},
			{l.T("monev.export_value_doc"), amount(r.Markets.ExportValue)},
			{l.T("monev.social_media"), text(r.Digital.SocialMedia)},
			{l.T("monev.other_marketplaces"), text(r.Digital.Marketplaces)},
			{l.T("monev.qris"), answer(r.Digital.QRIS)},
			{l.T("monev.permit_status"), text(r.PermitStatus)},
		}},
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
		report.Section{Heading: l.T("monev.section.recommendations"), Paragraphs: []string{text(v.Recommendations)}})
	followUps := &report.Table{Headers: []string{l.T("monev.fu.action"), l.T("monev.fu.owner"), l.T("monev.fu.due"), l.T("monev.fu.status"), l.T("monev.fu.note")}, Widths: []float64{1.2, 1.4, 0.9, 0.8, 1.7}}
	for _, f := range d.FollowUps {
		followUps.Rows = append(followUps.Rows, []string{l.T("monev.action." + f.Action), f.Owner, dayText(l, f.DueOn), l.T("monev.fu_status." + f.Status), f.Note})
	}
	doc.Sections = append(doc.Sections, report.Section{Heading: l.T("monev.section.follow_ups"), Table: followUps})
	step := func(userID int64, at *time.Time) string {
		if at == nil {
			return "—"
		}
		return l.T("monev.doc.by_at", "Name", d.People[userID].Name, "When", l.LongDateTime(*at))
	}
	doc.Sections = append(doc.Sections, report.Section{Heading: l.T("monev.section.history"), Pairs: [][2]string{
		{l.T("monev.doc.submitted_by"), step(v.SubmittedBy, v.SubmittedAt)},
		{l.T("monev.doc.verified_by"), step(v.VerifiedBy, v.VerifiedAt)},
		{l.T("monev.doc.locked_by"), step(v.LockedBy, v.LockedAt)},
	}})
	var photos []report.Picture
	for _, a := range d.Attachments {
		if a.Kind != "photo" {
			continue
		}
		photos = append(photos, report.Picture{URL: d.Base + "/attachments/" + i64(a.ID), Data: d.Images[a.FileKey],
			Caption: l.T("monev.doc.photo", "N", len(photos)+1, "Caption", cmp.Or(a.Caption, l.T("monev.doc.photo_default", "Name", d.Artisan.Name)))})
	}
	for i := range doc.Sections {
		doc.Sections[i].Heading = string(rune('A'+i)) + ". " + doc.Sections[i].Heading
	}
	doc.Signatures = signatures(l, d)
	// The photographs are the report's appendix (lampiran), after the
	// signatures, as offices attach them.
	if len(photos) > 0 {
		doc.Appendix = []report.Section{{Heading: l.T("monev.section.photos", "Number", cmp.Or(v.Number, unnumbered)), Pictures: photos}}
	}
	return doc
}

// letterhead is the council's letterhead as its settings give it: its
// lines (its name in capitals when it has none), its address, and its
// telephone and e-mail.
// images holds the logo's content for a PDF (by its stored key), and
// nothing for a page, which links to it.
func letterhead(l *i18n.Localizer, c council.Council, images map[string][]byte) *report.Letterhead {
	lh := &report.Letterhead{Lines: c.Letterhead}
	if len(lh.Lines) == 0 {
		lh.Lines = []string{strings.ToUpper(c.Name)}
	}
	if c.Address != "" {
		lh.Contact = append(lh.Contact, strings.Join(council.Lines(c.Address), ", "))
	}
	var reach []string
	if c.Phone != "" {
		reach = append(reach, l.T("monev.doc.telephone", "Phone", c.Phone))
	}
	if c.Email != "" {
		reach = append(reach, l.T("monev.doc.email", "Email", c.Email))
	}
	if len(reach) > 0 {
		lh.Contact = append(lh.Contact, strings.Join(reach, " · "))
	}
	if c.LogoKey != "" {
		key := media.VariantKey(c.LogoKey, media.Thumb)
		lh.Logo = &report.Picture{URL: "/media/" + key, Data: images[key]}
	}
	return lh
}

// signatures are a record's signature blocks: on the left the council's
// head, who acknowledges it ("Mengetahui"), on the right the officer who
// led the visit, under the place and date of the record — the day it was
// verified and numbered, dots to write on before.
func signatures(l *i18n.Localizer, d visitData) *report.Signatures {
	c, v := d.Council, d.Visit
	date := unnumbered
	if v.VerifiedAt != nil {
		date = l.FullDate(*v.VerifiedAt)
	}
	dateline := date
	if c.City != "" {
		dateline = c.City + ", " + date
	}
	lead, _ := v.Lead()
	return &report.Signatures{Dateline: dateline, Blocks: []report.Signature{
		{Heading: []string{l.T("monev.doc.acknowledged"), cmp.Or(c.HeadPosition, l.T("monev.doc.head_default")) + " " + c.Name}, Name: c.HeadName},
		{Heading: []string{l.T("monev.doc.officer")}, Name: lead.Name, Position: cmp.Or(lead.Position, l.T("monev.doc.lead_position"))},
	}}
}

// longDay writes a "YYYY-MM-DD" day out in full, "Kamis, 4 Agustus 2022".
func longDay(l *i18n.Localizer, day string) string {
	t, err := time.ParseInLocation("2006-01-02", day, i18n.WITA)
	if err != nil {
		return day
	}
	return l.LongDate(t)
}

// shareText says Kriya's share of the artisan's turnover and what it is
// a share of, so a reader can check it: the online omzet out of the
// reported turnover plus that omzet.
func shareText(l *i18n.Localizer, m monev.Measured, r monev.Reported) string {
	share, ok := m.Share(r)
	if !ok {
		return "—"
	}
	reported, _ := r.Turnover.Total()
	online := m.Online.Net()
	return l.T("monev.measured.share_text", "Pct", l.Percent(share), "Online", l.Rupiah(online),
		"Whole", l.Rupiah(reported+online), "Reported", l.Rupiah(reported))
}

// measuredSource says where the measured figures come from and when they
// were taken, in a document's words.
func measuredSource(l *i18n.Localizer, d visitData) string {
	if d.Visit.Measured == nil { // not submitted: the figures are today's
		return l.T("monev.measured.taken_live", "When", l.LongDateTime(d.Measured.At))
	}
	s := l.T("monev.measured.taken", "When", l.LongDateTime(d.Measured.At))
	if d.Today != nil {
		s += " " + l.T("monev.measured.changed_since", "When", l.LongDateTime(d.Today.At), "Net", l.Rupiah(d.Today.Total().Net()))
	}
	return s
}

// measuredStatus says, on the record's page, whether the figures are
// live, frozen, or frozen and since changed.
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
// (format=pdf|xlsx), in Bahasa Indonesia for the files. It counts the
// records submitted to the council, never drafts: a draft is an
// officer's working copy, which may still change or be dropped.
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
	visits, err := s.store.Visits(ctx, monev.Filter{From: sales.Day(p.From), To: sales.Day(p.Last()),
		Statuses: []string{monev.Submitted, monev.Verified, monev.Locked}})
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

// summaryFile writes the period summary as a PDF or a workbook, under the
// council's letterhead, amounts in rupiah, each table on a named sheet.
func (s *Server) summaryFile(c *gin.Context, l *i18n.Localizer, d summaryData, format string) {
	ctx := c.Request.Context()
	co, err := s.app.Council(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	images := map[string][]byte{}
	if co.LogoKey != "" && format == "pdf" {
		s.embed(images, s.files, media.VariantKey(co.LogoKey, media.Thumb))
	}
	doc := report.Document{
		Letterhead: letterhead(l, co, images),
		Title:      l.T("monev.summary.title") + " — " + d.Period.String(l.Lang),
		Subtitle:   l.T("monev.summary.lead", "Visits", d.Visits, "Opened", d.Opened, "Closed", d.Closed),
		Footer:     l.T("monev.printed", "When", l.DateTime(time.Now()), "Council", co.Name),
		Sheet:      l.T("monev.summary.sheet"),
		Rupiah:     l.Rupiah,
	}
	kinds := &report.Table{Headers: []string{l.T("monev.kind"), l.T("monev.summary.count")}, Sheet: l.T("monev.summary.sheet_visits")}
	for _, r := range d.ByKind {
		kinds.Rows = append(kinds.Rows, []string{r.Label, itoa(r.Count)})
	}
	cons := &report.Table{Headers: []string{l.T("monev.constraint.category"), l.T("monev.summary.count"), l.T("monev.summary.high")},
		Sheet: l.T("monev.section.constraints")}
	for _, r := range d.Constraints {
		cons.Rows = append(cons.Rows, []string{r.Label, itoa(r.Count), itoa(r.High)})
	}
	around := &report.Table{Headers: []string{l.T("monev.artisan"), l.T("monev.day"),
		l.T("monev.summary.before", "Days", d.Days), l.T("monev.summary.after", "Days", d.Days), l.T("monev.summary.after_days")},
		Widths: []float64{2, 1, 1.2, 1.2, 0.8}, Rupiah: []int{2, 3}, Sheet: l.T("monev.summary.sheet_sales")}
	for _, a := range d.Artisans {
		around.Rows = append(around.Rows, []string{a.Artisan, dayText(l, a.Day), i64(a.Before), i64(a.After), itoa(a.AfterDays)})
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
