package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/artisan"
	"kriya/internal/catalog"
	"kriya/internal/fault"
	"kriya/internal/i18n"
	"kriya/internal/monev"
)

// registerData is the staff's list of artisans in one status.
type registerData struct {
	Status   string
	Statuses []string
	Artisans []catalog.Artisan
}

var registerStatuses = []string{artisan.Applied, artisan.ChangesRequested, artisan.Active, artisan.Suspended, artisan.Rejected}

func (s *Server) councilArtisans(c *gin.Context) {
	status := c.DefaultQuery("status", artisan.Applied)
	valid := false
	for _, st := range registerStatuses {
		valid = valid || st == status
	}
	if !valid {
		status = artisan.Applied
	}
	as, err := s.store.ArtisansByStatus(c.Request.Context(), status)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "council/artisans", s.i18n.For(lang(c)).T("council.artisans.title"), registerData{Status: status, Statuses: registerStatuses, Artisans: as})
}

// artisanRecordData is one artisan's page in the register.
type artisanRecordData struct {
	Artisan  catalog.Artisan
	Permits  []artisan.Permit
	History  []artisan.StatusChange
	Actions  []string
	Listings []catalog.Product
	Visits   []monev.Visit
	Form     *form
}

func (s *Server) councilArtisan(c *gin.Context) {
	s.showArtisanRecord(c, http.StatusOK, emptyForm())
}

func (s *Server) showArtisanRecord(c *gin.Context, status int, f *form) {
	ctx := c.Request.Context()
	ws := currentWorkspace(c)
	d := artisanRecordData{Artisan: ws.Artisan, Actions: artisan.Actions(ws.Artisan.Status), Form: f}
	var err error
	if d.Permits, err = s.store.Permits(ctx, ws.Artisan.ID); err != nil {
		s.fail(c, err)
		return
	}
	if d.History, err = s.store.StatusHistory(ctx, ws.Artisan.ID); err != nil {
		s.fail(c, err)
		return
	}
	if d.Listings, err = s.store.ArtisanListings(ctx, ws.Artisan.ID); err != nil {
		s.fail(c, err)
		return
	}
	if d.Visits, err = s.store.Visits(ctx, monev.Filter{ArtisanID: ws.Artisan.ID}); err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, status, "council/artisan", ws.Artisan.Name, d)
}

// changeArtisanStatus approves, returns, rejects, suspends or reinstates
// an artisan, as package artisan's rules allow, with the reason kept in
// the history and the audit log.
func (s *Server) changeArtisanStatus(c *gin.Context) {
	ctx := c.Request.Context()
	ws := currentWorkspace(c)
	u := currentUser(c)
	f := newForm(c)
	change := artisan.Change{Action: f.Get("action"), Reason: f.Get("reason")}
	if change.Action == artisan.Approve {
		change.Decree.Number, change.Decree.Supervisor = f.Get("decree_number"), f.Get("supervisor")
		if d, err := time.ParseInLocation("2006-01-02", f.Get("decree_date"), i18n.WITA); err == nil {
			change.Decree.Date = d
		}
	}
	f.Check(len(change.Reason) <= 1000, "reason", "form.too_long")
	_, err := s.app.ChangeArtisanStatus(ctx, *u, ws.Artisan, change)
	switch {
	case errors.Is(err, artisan.ErrReason):
		f.Check(false, "reason", "council.error.reason")
	case errors.Is(err, artisan.ErrDecree):
		f.Check(false, "decree_number", "council.error.decree")
	case errors.Is(err, artisan.ErrTransition) || errors.Is(err, artisan.ErrNotAllowed):
		f.Check(false, "action", "council.error.transition")
	case err != nil:
		s.fail(c, err)
		return
	}
	if !f.Valid() {
		s.showArtisanRecord(c, http.StatusUnprocessableEntity, f)
		return
	}
	s.flash(c, "council.status.changed")
	c.Redirect(http.StatusSeeOther, ws.Base)
}

// reviewData is the curation queue.
type reviewData struct {
	Listings []catalog.Product
	Changes  []catalog.ListingChange
}

func (s *Server) reviewQueue(c *gin.Context) {
	listings, changes, err := s.store.ReviewQueue(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "council/reviews", s.i18n.For(lang(c)).T("council.reviews.title"), reviewData{Listings: listings, Changes: changes})
}

// decideReview approves or rejects (with a reason) a new listing or a
// change of a live one.
func (s *Server) decideReview(c *gin.Context) {
	ctx := c.Request.Context()
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	err := s.app.DecideReview(ctx, *currentUser(c), c.Param("kind"), id, c.PostForm("decision") == "approve", c.PostForm("reason"))
	if fault.KindOf(err) == fault.Invalid {
		s.refuse(c, "council.error.reason")
		c.Redirect(http.StatusSeeOther, "/council/reviews")
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "council.review.decided")
	c.Redirect(http.StatusSeeOther, "/council/reviews")
}
