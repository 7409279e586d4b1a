package web

import (
	"context"
	"crypto/hmac"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"kriya/internal/mail"
	"kriya/internal/order"
)

// orderData is a buyer's order page.
type orderData struct {
	Card        string // "success" or "cancel" on return from the card checkout
	Order       order.Order
	Sig         string // the link's signature, kept for the cancel form
	BankAccount string
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
	want := s.orderSignature(o.Number)
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
	d := orderData{Order: o, Sig: sig, BankAccount: s.cfg.BankAccount}
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
	err := s.store.CancelUnpaid(c.Request.Context(), o.ID, o.Email, s.orderMail("cancelled"))
	if errors.Is(err, order.ErrState) {
		s.flash(c, "order.not_cancellable")
	} else if err != nil {
		s.fail(c, err)
		return
	} else {
		s.flash(c, "order.cancelled")
	}
	c.Redirect(http.StatusSeeOther, s.orderLink(o.Number))
}

// orderMail builds the e-mail of an order event, in the buyer's language,
// with the signed link to the order.
func (s *Server) orderMail(kind string) order.Notify {
	return func(o order.Order) mail.Message {
		l := s.i18n.For(o.Lang)
		link := s.cfg.BaseURL + s.orderLink(o.Number)
		var tracking []string
		for _, f := range o.Fulfilments {
			if f.Tracking != "" {
				tracking = append(tracking, f.ArtisanName+": "+f.Courier+" "+f.Tracking)
			}
		}
		return mail.Message{
			To:      o.Email,
			Subject: l.T("email.order."+kind+".subject", "Number", o.Number),
			Text: l.T("email.order."+kind+".body", "Name", o.Name, "Number", o.Number, "Total", l.Rupiah(o.Total),
				"URL", link, "Bank", s.cfg.BankAccount, "Deadline", l.DateTime(o.ExpiresAt), "Tracking", strings.Join(tracking, "\n")),
		}
	}
}

// ExpireOrders expires unpaid orders past their deadline and releases
// their stock; `kriya serve` runs it every minute in every process.
func (s *Server) ExpireOrders(ctx context.Context) error {
	_, err := s.store.ExpireDue(ctx, s.orderMail("expired"))
	return err
}
