package web

import (
	"bytes"
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/app"
	"kriya/internal/catalog"
	"kriya/internal/fault"
	"kriya/internal/i18n"
	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/report"
	"kriya/internal/sales"
)

// balancePage is how many ledger lines a page of the balance shows.
const balancePage = 50

// balanceData is an artisan's account with the council: the statement of
// a period, its lines newest first with the balance after each (one kind
// of entry, or all), and the payouts, each with its statement.
type balanceData struct {
	WS        workspace
	Artisan   catalog.Artisan
	Balance   int64 // owed now
	Period    sales.Period
	Problem   string
	Kind      string // "" for every kind
	Kinds     []string
	Statement ledger.Statement
	Lines     []ledger.Line // this page's
	Page      int
	Pages     int
	Payouts   []ledger.Payout
	URL       *url.URL // this page, for the pages' links
	Export    string   // the CSV of what the page shows
	Form      *form
	CanSettle bool // staff see the settlement form
	Connect   bool // the artisan has a Stripe Connect account and card payments are on
}

// ledgerKinds are the kinds of entry, in the order the filter lists them.
var ledgerKinds = []string{ledger.KindSale, ledger.KindShipping, ledger.KindCommission, ledger.KindRefund,
	ledger.KindCommissionReturn, ledger.KindSettlement}

// workspaceBalance shows the artisan (or staff, in assisted mode) what the
// council owes, entry by entry.
func (s *Server) workspaceBalance(c *gin.Context) {
	s.showBalance(c, http.StatusOK, emptyForm())
}

// balanceStatement reads the workspace's ledger and the period and kind
// the request asks for (this year, every kind, unless it says otherwise).
func (s *Server) balanceStatement(c *gin.Context) (d balanceData, entries []ledger.Entry, ok bool) {
	ws := currentWorkspace(c)
	entries, err := s.store.Ledger(c.Request.Context(), ws.Artisan.ID)
	if err != nil {
		s.fail(c, err)
		return d, nil, false
	}
	card, err := s.app.Offers(c.Request.Context(), order.MethodStripe)
	if err != nil {
		s.fail(c, err)
		return d, nil, false
	}
	d = balanceData{WS: ws, Artisan: ws.Artisan, Balance: ledger.Balance(entries), Kinds: ledgerKinds, CanSettle: ws.Staff != nil,
		Connect: card && ws.Artisan.ConnectAccountID != ""}
	if d.Period, err = sales.ParsePeriod(cmp.Or(c.Query("period"), sales.PeriodYear), c.Query("from"), c.Query("to"), time.Now()); err != nil {
		d.Problem = s.i18n.For(lang(c)).T("sales.error.period")
		d.Period, _ = sales.ParsePeriod(sales.PeriodYear, "", "", time.Now())
	}
	if k := c.Query("kind"); slices.Contains(ledgerKinds, k) {
		d.Kind = k
	}
	d.Statement = ledger.StatementFor(entries, d.Period.From, d.Period.To)
	return d, entries, true
}

// lines are the statement's lines of the chosen kind.
func (d balanceData) lines() []ledger.Line {
	lines := d.Statement.Lines()
	if d.Kind != "" {
		lines = slices.DeleteFunc(lines, func(l ledger.Line) bool { return l.Kind != d.Kind })
	}
	return lines
}

func (s *Server) showBalance(c *gin.Context, status int, f *form) {
	d, entries, ok := s.balanceStatement(c)
	if !ok {
		return
	}
	d.Form, d.Payouts = f, ledger.Payouts(entries)
	d.URL = &url.URL{Path: d.WS.Base + "/balance", RawQuery: c.Request.URL.RawQuery}
	export := url.Values{"period": {d.Period.Kind}, "from": {sales.Day(d.Period.From)}, "to": {sales.Day(d.Period.Last())}, "format": {"csv"}}
	if d.Kind != "" {
		export.Set("kind", d.Kind)
	}
	d.Export = d.WS.Base + "/balance/export?" + export.Encode()
	lines := d.lines()
	d.Pages = max(1, (len(lines)+balancePage-1)/balancePage)
	d.Page, _ = strconv.Atoi(c.Query("page"))
	d.Page = min(max(d.Page, 1), d.Pages)
	d.Lines = lines[(d.Page-1)*balancePage : min(d.Page*balancePage, len(lines))]
	s.privatePage(c, status, "workspace/balance", s.i18n.For(lang(c)).T("balance.title", "Name", d.Artisan.Name), d)
}

// balanceExport downloads the statement the page shows (its period and
// kind, every page) as CSV.
func (s *Server) balanceExport(c *gin.Context) {
	d, _, ok := s.balanceStatement(c)
	if !ok {
		return
	}
	l := s.i18n.For(lang(c))
	about := []string{l.T("balance.title", "Name", d.Artisan.Name), d.Period.String(l.Lang),
		l.T("balance.export.opening", "Amount", l.Rupiah(d.Statement.Opening)), l.T("balance.export.closing", "Amount", l.Rupiah(d.Statement.Closing))}
	if d.Kind != "" {
		about = append(about, l.T("balance.export.kind", "Kind", l.T("ledger."+d.Kind)))
	}
	headers := []string{l.T("balance.when"), l.T("balance.kind"), l.T("ws.orders.number"), l.T("balance.reference"), l.T("balance.amount"), l.T("balance.after")}
	var rows [][]string
	for _, line := range d.lines() {
		rows = append(rows, []string{line.CreatedAt.In(i18n.WITA).Format("2006-01-02 15:04"), ledgerKindText(l, line.Entry), line.OrderNumber,
			line.Reference, strconv.FormatInt(line.Amount, 10), strconv.FormatInt(line.Balance, 10)})
	}
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, about, headers, rows); err != nil {
		s.fail(c, err)
		return
	}
	name := "saldo-" + d.Artisan.Slug + "-" + sales.Day(d.Period.From) + "-" + sales.Day(d.Period.Last()) + ".csv"
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// ledgerKindText names an entry's kind, with its note.
func ledgerKindText(l *i18n.Localizer, e ledger.Entry) string {
	if e.Note != "" {
		return l.T("ledger."+e.Kind) + " (" + e.Note + ")"
	}
	return l.T("ledger." + e.Kind)
}

// payoutStatement downloads the statement of one payout as PDF: what was
// sold, the commission, refunds and shipping since the payout before, and
// what was paid out, with its reference. The payout is looked up among
// the workspace's own entries, so another artisan's is not found.
func (s *Server) payoutStatement(c *gin.Context) {
	ws := currentWorkspace(c)
	entries, err := s.store.Ledger(c.Request.Context(), ws.Artisan.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	id, _ := strconv.ParseInt(c.Param("entry"), 10, 64)
	payouts := ledger.Payouts(entries)
	i := slices.IndexFunc(payouts, func(p ledger.Payout) bool { return p.Settlement.ID == id })
	if i < 0 {
		s.fail(c, errNoPayout)
		return
	}
	p := payouts[i]
	l := s.i18n.For(lang(c))
	st, sums := p.Statement, p.Statement.ByKind()
	summary := [][2]string{{l.T("balance.payout.opening"), l.Rupiah(st.Opening)}}
	for _, k := range ledgerKinds {
		if n, ok := sums[k]; ok {
			summary = append(summary, [2]string{l.T("ledger." + k), l.Rupiah(n)})
		}
	}
	summary = append(summary, [2]string{l.T("balance.payout.closing"), l.Rupiah(st.Closing)},
		[2]string{l.T("balance.reference"), p.Settlement.Reference})
	table := &report.Table{Headers: []string{l.T("balance.when"), l.T("balance.kind"), l.T("ws.orders.number"), l.T("balance.amount"), l.T("balance.after")},
		Widths: []float64{1.1, 1.6, 1.2, 1, 1}}
	lines := st.Lines()
	slices.Reverse(lines) // a printed statement reads oldest first
	for _, line := range lines {
		table.Rows = append(table.Rows, []string{l.DateTime(line.CreatedAt), ledgerKindText(l, line.Entry), line.OrderNumber, l.Rupiah(line.Amount), l.Rupiah(line.Balance)})
	}
	doc := report.Document{
		Title:    l.T("balance.payout.title", "Name", ws.Artisan.Name, "Amount", l.Rupiah(-p.Settlement.Amount)),
		Subtitle: l.T("balance.payout.subtitle", "When", l.DateTime(p.Settlement.CreatedAt)),
		Footer:   l.T("monev.printed", "When", l.DateTime(time.Now())),
		Sections: []report.Section{{Heading: l.T("balance.payout.summary"), Pairs: summary}, {Heading: l.T("balance.payout.entries"), Table: table}},
	}
	var buf bytes.Buffer
	if err := doc.WritePDF(&buf); err != nil {
		s.fail(c, err)
		return
	}
	name := "pembayaran-" + ws.Artisan.Slug + "-" + p.Settlement.CreatedAt.In(i18n.WITA).Format("2006-01-02") + ".pdf"
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
}

// errNoPayout answers a payout that is not the workspace's.
var errNoPayout error = fault.New(fault.NotFound, "", "no such payout")

// settle pays an artisan: by bank transfer staff made (recorded with its
// reference) or, for an artisan with a Connect account, by a Stripe
// transfer of one order's share (app.Settle). The ledger refuses any
// payout above the balance.
func (s *Server) settle(c *gin.Context) {
	ws := currentWorkspace(c)
	f := newForm(c)
	amount, err := catalog.ParseRupiah(f.Get("amount"))
	if err != nil {
		amount = 0
	}
	pending, err := s.app.Settle(c.Request.Context(), *currentUser(c), ws.Artisan,
		app.Settlement{Amount: amount, Connect: f.Get("via") == "connect", OrderNumber: f.Get("order"), Reference: f.Get("reference")})
	switch {
	case errors.Is(err, payment.ErrDeclined) || errors.Is(err, payment.ErrUnavailable):
		s.log.Error("connect transfer", "order", f.Get("order"), "err", err)
		f.Check(false, "amount", "council.refund.provider")
		s.showBalance(c, http.StatusBadGateway, f)
		return
	case !f.Problems(err):
		s.fail(c, err)
		return
	case !f.Valid():
		s.showBalance(c, http.StatusUnprocessableEntity, f)
		return
	}
	if pending {
		s.refuse(c, "council.money.still_pending")
	} else {
		s.flash(c, "balance.settled")
	}
	c.Redirect(http.StatusSeeOther, ws.Base+"/balance")
}
