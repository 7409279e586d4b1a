package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/order"
)

// checkoutData is the checkout page: the form, and once the address is
// known, the order as it will be placed for the buyer to confirm.
type checkoutData struct {
	Form      *form
	Cart      order.Cart
	Groups    []order.Group
	Notices   []order.Notice
	Preview   *order.Order
	Provinces []order.Province
	Countries []order.Country
	Bank      bool   // bank transfer is offered (the council's account is set)
	Card      bool   // card payment is offered
	Council   string // whose accounts a bank transfer goes to
}

func (s *Server) checkoutForm(c *gin.Context) {
	cart, notices, err := s.checkedCart(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(cart.Items) == 0 {
		c.Redirect(http.StatusSeeOther, "/cart")
		return
	}
	f := emptyForm()
	f.Values.Set("checkout_key", app.NewKey())
	f.Values.Set("country", order.Indonesia)
	f.Values.Set("province", "Bali")
	f.Values.Set("city", "Kota Denpasar")
	if u := currentUser(c); u != nil {
		f.Values.Set("email", u.Email)
		f.Values.Set("name", u.Name)
	}
	s.showCheckout(c, http.StatusOK, f, cart, notices, nil)
}

func (s *Server) showCheckout(c *gin.Context, status int, f *form, cart order.Cart, notices []order.Notice, preview *order.Order) {
	d := checkoutData{Form: f, Cart: cart, Groups: cart.ByArtisan(), Notices: notices, Preview: preview,
		Provinces: order.Provinces, Countries: order.Countries}
	co, err := s.app.Council(c.Request.Context())
	if err == nil {
		d.Council = co.Name
		d.Bank, err = s.app.Offers(c.Request.Context(), order.MethodManual)
	}
	if err == nil {
		d.Card, err = s.app.Offers(c.Request.Context(), order.MethodStripe)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, status, "checkout/checkout", s.i18n.For(lang(c)).T("checkout.title"), d)
}

// checkout validates the buyer's details, shows the order with its
// shipping for confirmation, and places it once confirmed. The checkout
// key in the form makes a double click, or a resent form, yield the same
// order.
func (s *Server) checkout(c *gin.Context) {
	cart, notices, err := s.checkedCart(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f := newForm(c)
	// The checkout key is this session's (or account's): the same key
	// from another browser is another checkout, never this one's order.
	req := app.Checkout{
		Email: strings.ToLower(f.Get("email")), Name: f.Get("name"), Phone: f.Get("phone"),
		Address: order.Address{Street: f.Get("street"), Notes: f.Get("notes"), Kelurahan: f.Get("kelurahan"),
			Kecamatan: f.Get("kecamatan"), City: f.Get("city"), Province: f.Get("province"),
			PostalCode: f.Get("postal_code"), Country: f.Get("country")},
		Pickup: f.Get("delivery") == "pickup", Method: f.Get("payment_method"), Key: f.Get("checkout_key"),
		Lang: lang(c), UserID: buyerID(c), Client: c.ClientIP(),
	}
	if session := s.sessions.GetString(c.Request.Context(), sessionCart); session != "" {
		req.Requester = "session:" + session
	}
	if len(cart.Items) == 0 {
		if o, err := s.app.PlacedCheckout(c.Request.Context(), req); err == nil && req.Key != "" {
			c.Redirect(http.StatusSeeOther, s.app.OrderLink(o.Number)) // a resent form after success
			return
		}
		c.Redirect(http.StatusSeeOther, "/cart")
		return
	}
	o, err := s.app.BuildOrder(c.Request.Context(), cart, req)
	if !f.Problems(err) {
		s.fail(c, err)
		return
	}
	if len(notices) > 0 || !f.Valid() || f.Get("confirmed_total") != strconv.FormatInt(o.Total, 10) {
		status := http.StatusOK
		if !f.Valid() {
			status = http.StatusUnprocessableEntity
		}
		var preview *order.Order
		if f.Valid() {
			preview = &o
		}
		s.showCheckout(c, status, f, cart, notices, preview)
		return
	}
	cartID, err := s.cartID(c, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	err = s.app.PlaceOrder(c.Request.Context(), &o, cartID)
	switch {
	case errors.Is(err, order.ErrOutOfStock) || errors.Is(err, order.ErrPriceChanged):
		cart, notices, err = s.checkedCart(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		f.Check(false, "cart", "checkout.changed")
		s.showCheckout(c, http.StatusConflict, f, cart, notices, nil)
		return
	case errors.Is(err, order.ErrHoldLimit):
		f.Check(false, "cart", "checkout.error.hold_limit")
		s.showCheckout(c, http.StatusTooManyRequests, f, cart, notices, nil)
		return
	case errors.Is(err, order.ErrKeyReused):
		f.Values.Set("checkout_key", app.NewKey()) // this form's details are a new checkout
		f.Check(false, "cart", "checkout.error.key_reused")
		s.showCheckout(c, http.StatusUnprocessableEntity, f, cart, notices, &o)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	s.flash(c, "order.placed")
	if o.PaymentMethod == order.MethodStripe && o.Status == order.PendingPayment {
		url, err := s.app.StartCard(c.Request.Context(), o)
		if err == nil {
			c.Redirect(http.StatusSeeOther, url)
			return
		}
		s.log.Error("card checkout", "order", o.Number, "err", err)
		s.refuse(c, "order.card_unavailable")
	}
	c.Redirect(http.StatusSeeOther, s.app.OrderLink(o.Number))
}

// buyerID is the account of a signed-in buyer, whose orders are listed on
// their account page; nil for guests and other roles.
func buyerID(c *gin.Context) *int64 {
	if u := currentUser(c); u != nil && u.Role == account.RoleBuyer {
		return &u.ID
	}
	return nil
}

// pathOf keeps the path and query of a URL (a Referer), dropping its host.
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.RequestURI()
}
