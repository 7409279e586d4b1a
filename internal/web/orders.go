package web

import (
	"crypto/hmac"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"kriya/internal/council"
	"kriya/internal/order"
)

// orderData is a buyer's order page.
type orderData struct {
	Card    string // "success" or "cancel" on return from the card checkout
	Order   order.Order
	Sig     string          // the link's signature, kept for the cancel form
	Council council.Council // whose accounts a transfer goes to, as set now
}

// buyerOrder loads the order in the URL for whoever may see it: the
// holder of its signed link, the signed-in buyer who placed it, or staff.
// Anyone else finds nothing.
func (s *Server) buyerOrder(c *gin.Context) (order.Order, string, bool) {
	o, err := s.store.OrderByNumber(c.Request.Context(), c.Param("number"))
	if err != nil {
		s.fail(c, err)
		return o, "", false
	}
	sig := c.Query("sig")
	if sig == "" {
		sig = c.PostForm("sig")
	}
	want := s.app.OrderSignature(o.Number)
	u := currentUser(c)
	allowed := hmac.Equal([]byte(sig), []byte(want)) ||
		(u != nil && o.UserID != nil && *o.UserID == u.ID) || (u != nil && u.IsStaff())
	if !allowed {
		s.notFound(c)
		return o, "", false
	}
	return o, want, true
}

func (s *Server) orderPage(c *gin.Context) {
	o, sig, ok := s.buyerOrder(c)
	if !ok {
		return
	}
	d := orderData{Order: o, Sig: sig}
	var err error
	if d.Council, err = s.app.Council(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	if r := c.Query("card"); r == "success" || r == "cancel" {
		d.Card = r
	}
	c.Header("Referrer-Policy", "no-referrer") // the link is the key
	s.privatePage(c, http.StatusOK, "checkout/order", s.i18n.For(lang(c)).T("order.title", "Number", o.Number), d)
}

// cancelOrder lets the buyer cancel an order not yet paid; its stock goes
// back on sale.
func (s *Server) cancelOrder(c *gin.Context) {
	o, _, ok := s.buyerOrder(c)
	if !ok {
		return
	}
	err := s.app.CancelUnpaid(c.Request.Context(), o)
	if errors.Is(err, order.ErrState) {
		s.refuse(c, "order.not_cancellable")
	} else if err != nil {
		s.fail(c, err)
		return
	} else {
		s.flash(c, "order.cancelled")
	}
	c.Redirect(http.StatusSeeOther, s.app.OrderLink(o.Number))
}

// promiseTransfer is the buyer of a bank-transfer order saying they will
// transfer: the order then keeps its stock for the whole payment window
// (app.PromiseTransfer).
func (s *Server) promiseTransfer(c *gin.Context) {
	o, _, ok := s.buyerOrder(c)
	if !ok {
		return
	}
	err := s.app.PromiseTransfer(c.Request.Context(), o)
	if errors.Is(err, order.ErrState) {
		s.refuse(c, "order.promise.late")
	} else if err != nil {
		s.fail(c, err)
		return
	} else {
		s.flash(c, "order.promise.done")
	}
	c.Redirect(http.StatusSeeOther, s.app.OrderLink(o.Number))
}
