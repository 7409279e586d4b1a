package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

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

// exhibitionData is one event: its artisans and stand sales.
type exhibitionData struct {
	Exhibition   exhibition.Exhibition
	Participants []exhibition.Participant
	Artisans     map[int64]catalog.Artisan
	All          []catalog.Artisan
	Sales        []exhibition.Sale
	Form         *form
	Statuses     []string
	Methods      []string
	Staff        bool
	Base         string // where the sales form posts
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

func (s *Server) councilExhibition(c *gin.Context) {
	s.showExhibition(c, http.StatusOK, emptyForm())
}

func (s *Server) showExhibition(c *gin.Context, status int, f *form) {
	ctx := c.Request.Context()
	e, ok := s.eventPage(c)
	if !ok {
		return
	}
	d := exhibitionData{Exhibition: e, Form: f, Statuses: exhibition.Statuses, Methods: exhibition.Methods, Staff: true,
		Base: "/council/exhibitions/" + strconv.FormatInt(e.ID, 10), Artisans: map[int64]catalog.Artisan{}}
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
	if d.Sales, err = s.store.StandSales(ctx, e.ID); err != nil {
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

// standSale records (or corrects) a day's stand sales: staff for any
// participant, an artisan for its own stand when the event allows.
func (s *Server) standSale(c *gin.Context) {
	e, ok := s.eventPage(c)
	if !ok {
		return
	}
	f := newForm(c)
	sale := exhibition.Sale{Day: f.Get("day"), Method: f.Get("method"), Note: f.Get("note")}
	ws, own := c.Get(ctxWorkspace)
	back := "/council/exhibitions/" + strconv.FormatInt(e.ID, 10)
	if own {
		sale.ArtisanID, back = ws.(workspace).Artisan.ID, ws.(workspace).Base+"/exhibitions"
	} else {
		sale.ArtisanID, _ = strconv.ParseInt(f.Get("artisan"), 10, 64)
	}
	units, uerr := parseInt(f.Get("units"))
	amount, aerr := catalog.ParseRupiah(f.Get("amount"))
	f.Check(uerr == nil, "units", "ws.error.number")
	f.Check(aerr == nil, "amount", "ws.error.price")
	sale.Units, sale.Amount = int64(units), amount
	var err error
	if f.Valid() {
		err = s.app.RecordStandSale(c.Request.Context(), *currentUser(c), e, &sale)
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
	c.Redirect(http.StatusSeeOther, back)
}

// artisanExhibitionsData is an artisan's events and its stand sales form.
type artisanExhibitionsData struct {
	WS       workspace
	Events   []artisanEvent
	Open     []exhibition.Exhibition   // upcoming events to apply to
	Artisans map[int64]catalog.Artisan // the artisan alone: the stand sales table names a sale's artisan
	Form     *form
}

type artisanEvent struct {
	Exhibition exhibition.Exhibition
	Status     string
	Sales      []exhibition.Sale
	Stand      exhibitionData // what the stand sales form shows and where it posts
}

func (s *Server) artisanExhibitions(c *gin.Context) {
	s.showArtisanExhibitions(c, http.StatusOK, emptyForm())
}

func (s *Server) showArtisanExhibitions(c *gin.Context, status int, f *form) {
	ctx := c.Request.Context()
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
	d := artisanExhibitionsData{WS: ws, Form: f, Artisans: map[int64]catalog.Artisan{ws.Artisan.ID: ws.Artisan}}
	joined := map[int64]string{}
	for _, p := range mine {
		joined[p.ExhibitionID] = p.Status
	}
	today := sales.Day(time.Now())
	for _, e := range all {
		st, ok := joined[e.ID]
		switch {
		case ok:
			ev := artisanEvent{Exhibition: e, Status: st,
				Stand: exhibitionData{Exhibition: e, Methods: exhibition.Methods, Base: ws.Base + "/exhibitions/" + strconv.FormatInt(e.ID, 10)}}
			sales, err := s.store.StandSales(ctx, e.ID)
			if err != nil {
				s.fail(c, err)
				return
			}
			for _, sl := range sales {
				if sl.ArtisanID == ws.Artisan.ID {
					ev.Sales = append(ev.Sales, sl)
				}
			}
			d.Events = append(d.Events, ev)
		case e.EndsOn >= today:
			d.Open = append(d.Open, e)
		}
	}
	s.privatePage(c, status, "workspace/exhibitions", s.i18n.For(lang(c)).T("exhibition.title"), d)
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
