package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/app"
	"kriya/internal/catalog"
	"kriya/internal/exhibition"
	"kriya/internal/sales"
)

// exhibitionsData lists events with the form for a new one.
type exhibitionsData struct {
	Exhibitions []exhibition.Exhibition
	Form        *form
}

func (s *Server) councilExhibitions(c *gin.Context) {
	s.showExhibitions(c, http.StatusOK, emptyForm())
}

func (s *Server) showExhibitions(c *gin.Context, status int, f *form) {
	es, err := s.store.Exhibitions(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, status, "council/exhibitions", s.i18n.For(lang(c)).T("exhibition.title"), exhibitionsData{Exhibitions: es, Form: f})
}

func (s *Server) createExhibition(c *gin.Context) {
	f := newForm(c)
	e := exhibition.Exhibition{Name: f.Get("name"), Place: f.Get("place"), StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on"),
		ArtisanEntry: f.Get("artisan_entry") == "1"}
	err := s.app.CreateExhibition(c.Request.Context(), *currentUser(c), &e)
	if !f.Problems(err) {
		s.fail(c, err)
		return
	}
	if !f.Valid() {
		s.showExhibitions(c, http.StatusUnprocessableEntity, f)
		return
	}
	c.Redirect(http.StatusSeeOther, "/council/exhibitions/"+strconv.FormatInt(e.ID, 10))
}

// exhibitionData is one event: its artisans and stand receipts.
type exhibitionData struct {
	Exhibition   exhibition.Exhibition
	Participants []exhibition.Participant
	Artisans     map[int64]catalog.Artisan
	All          []catalog.Artisan
	Stands       app.Stands
	Form         *form
	Statuses     []string
	Methods      []string
	Staff        bool
	Base         string // the event's pages: receipts are under Base/receipts
	Today        string // the day a new receipt's form starts with
	Recap        string // the recap page, for staff
}

// newExhibitionData is what every page of an event shows: its receipts'
// form, which starts on today when today is an event day (an empty time
// then means now: a sale entered as it happens needs nothing typed).
func newExhibitionData(e exhibition.Exhibition, base string, f *form) exhibitionData {
	d := exhibitionData{Exhibition: e, Form: f, Statuses: exhibition.Statuses, Methods: exhibition.Methods, Base: base,
		Artisans: map[int64]catalog.Artisan{}, Today: e.StartsOn}
	if today := sales.Day(time.Now()); e.Covers(today) {
		d.Today = today
	}
	return d
}

// eventPage loads the event in the URL.
func (s *Server) eventPage(c *gin.Context) (exhibition.Exhibition, bool) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	e, err := s.store.Exhibition(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return e, false
	}
	return e, true
}

// eventPages are where an event's pages are for the request — the
// council's, or the artisan's own (own) in its workspace — and the page
// that lists its receipts: the event's, or the workspace's exhibitions.
func eventPages(c *gin.Context, e exhibition.Exhibition) (base, list string, own bool) {
	if ws, ok := c.Get(ctxWorkspace); ok {
		return ws.(workspace).Base + "/exhibitions/" + i64(e.ID), ws.(workspace).Base + "/exhibitions", true
	}
	base = "/council/exhibitions/" + i64(e.ID)
	return base, base, false
}

func (s *Server) councilExhibition(c *gin.Context) {
	s.showExhibition(c, http.StatusOK, emptyForm())
}

func (s *Server) showExhibition(c *gin.Context, status int, f *form) {
	ctx := c.Request.Context()
	e, ok := s.eventPage(c)
	if !ok {
		return
	}
	base, _, _ := eventPages(c, e)
	d := newExhibitionData(e, base, f)
	d.Staff, d.Recap = true, base+"/recap"
	var err error
	if d.Participants, err = s.store.Participants(ctx, e.ID); err != nil {
		s.fail(c, err)
		return
	}
	if d.All, err = s.store.Artisans(ctx); err != nil {
		s.fail(c, err)
		return
	}
	for _, a := range d.All {
		d.Artisans[a.ID] = a
	}
	if d.Stands, err = s.app.StandSales(ctx, s.i18n.For(lang(c)), e, 0); err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, status, "council/exhibition", e.Name, d)
}

// setParticipant records staff's decision on an artisan at an event.
func (s *Server) setParticipant(c *gin.Context) {
	e, ok := s.eventPage(c)
	if !ok {
		return
	}
	artisanID, _ := strconv.ParseInt(c.PostForm("artisan"), 10, 64)
	status := c.PostForm("status")
	if _, err := s.store.ArtisanByID(c.Request.Context(), artisanID); err != nil || !slices.Contains(exhibition.Statuses, status) {
		s.refuse(c, "exhibition.error.participant")
		c.Redirect(http.StatusSeeOther, "/council/exhibitions/"+strconv.FormatInt(e.ID, 10))
		return
	}
	if err := s.app.SetParticipant(c.Request.Context(), *currentUser(c), exhibition.Participant{ExhibitionID: e.ID, ArtisanID: artisanID, Status: status}); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/council/exhibitions/"+strconv.FormatInt(e.ID, 10))
}

// readSale reads what a receipt form says was sold: when, how many, for
// how much, paid how, with what note.
func readSale(f *form) exhibition.Receipt {
	var r exhibition.Receipt
	if at, err := exhibition.SaleTime(f.Get("day"), f.Get("time"), time.Now()); err != nil {
		f.Problems(err) // its field errors, the only errors it gives
	} else {
		r.At(at)
	}
	units, uerr := parseInt(f.Get("units"))
	amount, aerr := catalog.ParseRupiah(f.Get("amount"))
	f.Check(uerr == nil, "units", "ws.error.number")
	f.Check(aerr == nil, "amount", "ws.error.price")
	r.Units, r.Amount, r.Method, r.Note = int64(units), amount, f.Get("method"), f.Get("note")
	return r
}

// recordReceipt records one sale at a stand: staff for any selected
// participant, an artisan for its own stand when the event allows.
func (s *Server) recordReceipt(c *gin.Context) {
	e, ok := s.eventPage(c)
	if !ok {
		return
	}
	f := newForm(c)
	r := readSale(f)
	_, list, own := eventPages(c, e)
	if own {
		r.ArtisanID = currentWorkspace(c).Artisan.ID
	} else {
		r.ArtisanID, _ = strconv.ParseInt(f.Get("artisan"), 10, 64)
	}
	var err error
	if f.Valid() {
		err = s.app.RecordReceipt(c.Request.Context(), *currentUser(c), e, &r)
	}
	if !f.Problems(err) {
		s.fail(c, err)
		return
	}
	if !f.Valid() {
		if own {
			s.showArtisanExhibitions(c, http.StatusUnprocessableEntity, f)
		} else {
			s.showExhibition(c, http.StatusUnprocessableEntity, f)
		}
		return
	}
	s.flash(c, "exhibition.sale_saved")
	c.Redirect(http.StatusSeeOther, list)
}

// receiptData is one receipt with its history, and the form that corrects
// or voids its latest version.
type receiptData struct {
	WS       workspace // the artisan's, on its own pages
	Staff    bool
	Event    exhibitionData
	History  exhibition.History
	Versions []receiptVersion // newest first
	Artisan  catalog.Artisan
	Asked    int64  // the version in the URL, which may be an earlier one
	Back     string // the page the receipt is listed on
	Action   string // where the form posts: the latest version
	Editable bool   // the user may correct the receipt now
	Form     *form
}

// receiptVersion is one version of a receipt as its history lists it.
type receiptVersion struct {
	N int // 1 for the receipt as first entered
	exhibition.Receipt
}

// receiptForm is the correction form as it starts: the latest version's
// sale.
func receiptForm(r exhibition.Receipt) *form {
	f := emptyForm()
	at := r.SoldAt.In(sales.WITA)
	f.Values.Set("day", at.Format("2006-01-02"))
	f.Values.Set("time", at.Format("15:04"))
	f.Values.Set("units", i64(r.Units))
	f.Values.Set("amount", i64(r.Amount))
	f.Values.Set("method", r.Method)
	f.Values.Set("note", r.Note)
	return f
}

func (s *Server) receiptPage(c *gin.Context) {
	s.showReceipt(c, http.StatusOK, nil)
}

// showReceipt shows the receipt of the version in the URL; f is the
// correction form as submitted, or nil for the latest version's values.
func (s *Server) showReceipt(c *gin.Context, status int, f *form) {
	ctx := c.Request.Context()
	e, ok := s.eventPage(c)
	if !ok {
		return
	}
	asked, _ := strconv.ParseInt(c.Param("receipt"), 10, 64)
	u := *currentUser(c)
	h, err := s.app.ReceiptHistory(ctx, u, e, asked)
	if err != nil {
		s.fail(c, err)
		return
	}
	base, list, own := eventPages(c, e)
	d := receiptData{Staff: !own, Event: newExhibitionData(e, base, f), History: h, Asked: asked, Back: list,
		Action: base + "/receipts/" + i64(h.Receipt.ID), Editable: !own}
	d.Versions = append(d.Versions, receiptVersion{len(h.Earlier) + 1, h.Receipt})
	for i, r := range h.Earlier {
		d.Versions = append(d.Versions, receiptVersion{len(h.Earlier) - i, r})
	}
	if d.Artisan, err = s.store.ArtisanByID(ctx, h.Receipt.ArtisanID); err != nil {
		s.fail(c, err)
		return
	}
	if own {
		d.WS = currentWorkspace(c)
		mine, err := s.store.ArtisanExhibitions(ctx, d.WS.Artisan.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		d.Editable = e.ArtisanEntry && slices.ContainsFunc(mine, func(p exhibition.Participant) bool {
			return p.ExhibitionID == e.ID && p.Status == exhibition.Selected
		})
	}
	d.Editable = d.Editable && !h.Receipt.Voided
	if f == nil || len(f.Values) == 0 {
		errs := map[string]string{}
		if f != nil {
			errs = f.Errors
		}
		f = receiptForm(h.Receipt)
		f.Errors = errs
	}
	d.Form, d.Event.Form = f, f
	title := s.i18n.For(lang(c)).T("exhibition.receipt.title", "Number", h.Number(), "Name", d.Artisan.Name)
	s.privatePage(c, status, "council/receipt", title, d)
}

// correctReceipt corrects or voids (action=void) the latest version of a
// receipt, with a reason; someone else's correction of it first is said
// on the receipt's page, which then shows what they changed.
func (s *Server) correctReceipt(c *gin.Context) {
	e, ok := s.eventPage(c)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(c.Param("receipt"), 10, 64)
	f := newForm(c)
	next := exhibition.Receipt{Voided: f.Get("action") == "void"}
	if !next.Voided { // a void reads nothing but its reason
		next = readSale(f)
	}
	next.Reason = f.Get("reason")
	var err error
	if f.Valid() {
		_, err = s.app.CorrectReceipt(c.Request.Context(), *currentUser(c), e, id, next)
	}
	switch {
	case errors.Is(err, exhibition.ErrSuperseded), errors.Is(err, exhibition.ErrVoided):
		msg := "exhibition.error.superseded"
		if errors.Is(err, exhibition.ErrVoided) {
			msg = "exhibition.error.voided"
		}
		s.showReceipt(c, http.StatusConflict, &form{Values: url.Values{}, Errors: map[string]string{"receipt": msg}})
		return
	case !f.Problems(err):
		s.fail(c, err)
		return
	case !f.Valid():
		s.showReceipt(c, http.StatusUnprocessableEntity, f)
		return
	}
	if next.Voided {
		s.flash(c, "exhibition.receipt_voided")
	} else {
		s.flash(c, "exhibition.receipt_corrected")
	}
	_, list, _ := eventPages(c, e)
	c.Redirect(http.StatusSeeOther, list)
}

// artisanExhibitionsData is an artisan's events and its stand receipts.
type artisanExhibitionsData struct {
	WS     workspace
	Events []artisanEvent
	Open   []exhibition.Exhibition // upcoming events to apply to
	Form   *form
}

type artisanEvent struct {
	Exhibition exhibition.Exhibition
	Status     string
	Stand      exhibitionData // the artisan's receipts, and where its form posts
}

func (s *Server) artisanExhibitions(c *gin.Context) {
	s.showArtisanExhibitions(c, http.StatusOK, emptyForm())
}

func (s *Server) showArtisanExhibitions(c *gin.Context, status int, f *form) {
	ctx := c.Request.Context()
	l := s.i18n.For(lang(c))
	ws := currentWorkspace(c)
	mine, err := s.store.ArtisanExhibitions(ctx, ws.Artisan.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	all, err := s.store.Exhibitions(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := artisanExhibitionsData{WS: ws, Form: f}
	joined := map[int64]string{}
	for _, p := range mine {
		joined[p.ExhibitionID] = p.Status
	}
	today := sales.Day(time.Now())
	for _, e := range all {
		st, ok := joined[e.ID]
		switch {
		case ok:
			ev := artisanEvent{Exhibition: e, Status: st, Stand: newExhibitionData(e, ws.Base+"/exhibitions/"+i64(e.ID), f)}
			if ev.Stand.Stands, err = s.app.StandSales(ctx, l, e, ws.Artisan.ID); err != nil {
				s.fail(c, err)
				return
			}
			d.Events = append(d.Events, ev)
		case e.EndsOn >= today:
			d.Open = append(d.Open, e)
		}
	}
	s.privatePage(c, status, "workspace/exhibitions", l.T("exhibition.title"), d)
}

// applyToExhibition lets an artisan ask for a stand at an upcoming event.
func (s *Server) applyToExhibition(c *gin.Context) {
	e, ok := s.eventPage(c)
	if !ok {
		return
	}
	ws := currentWorkspace(c)
	if err := s.app.ApplyToExhibition(c.Request.Context(), ws.Artisan.ID, e.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "exhibition.applied")
	c.Redirect(http.StatusSeeOther, ws.Base+"/exhibitions")
}
