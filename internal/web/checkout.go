package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
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
	Card      bool // card payment is offered
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
	f.Values.Set("checkout_key", newKey())
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
	s.privatePage(c, status, "checkout/checkout", s.i18n.For(lang(c)).T("checkout.title"), checkoutData{Form: f, Cart: cart,
		Groups: cart.ByArtisan(), Notices: notices, Preview: preview, Provinces: order.Provinces, Countries: order.Countries, Card: s.card != nil})
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
	if len(cart.Items) == 0 {
		if o, err := s.store.PlacedOrder(c.Request.Context(), f.Get("checkout_key")); err == nil {
			c.Redirect(http.StatusSeeOther, s.orderLink(o.Number)) // a resent form after success
			return
		}
		c.Redirect(http.StatusSeeOther, "/cart")
		return
	}
	req := checkoutRequest{
		Email: strings.ToLower(f.Get("email")), Name: f.Get("name"), Phone: f.Get("phone"),
		Address: order.Address{Street: f.Get("street"), Notes: f.Get("notes"), Kelurahan: f.Get("kelurahan"),
			Kecamatan: f.Get("kecamatan"), City: f.Get("city"), Province: f.Get("province"),
			PostalCode: f.Get("postal_code"), Country: f.Get("country")},
		Pickup: f.Get("delivery") == "pickup", Method: f.Get("payment_method"), Key: f.Get("checkout_key"),
	}
	o, errs, err := s.buildOrder(c, cart, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	for k, v := range errs {
		f.Check(false, k, v)
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
	err = s.placeOrder(c, &o, cartID)
	var stockErr *order.StockError
	switch {
	case errors.As(err, &stockErr) || errors.Is(err, order.ErrPriceChanged):
		cart, notices, err = s.checkedCart(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		f.Check(false, "cart", "checkout.changed")
		s.showCheckout(c, http.StatusConflict, f, cart, notices, nil)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	s.flash(c, "order.placed")
	if o.PaymentMethod == order.MethodStripe && o.Status == order.PendingPayment {
		url, err := s.startCard(c, o)
		if err == nil {
			c.Redirect(http.StatusSeeOther, url)
			return
		}
		s.log.Error("card checkout", "order", o.Number, "err", err)
		s.flash(c, "order.card_unavailable")
	}
	c.Redirect(http.StatusSeeOther, s.orderLink(o.Number))
}

// checkoutRequest is what a buyer gives at checkout, from the page or the
// API.
type checkoutRequest struct {
	Email, Name, Phone string
	Address            order.Address
	Pickup             bool
	Method             string
	Key                string
}

// buildOrder validates a checkout and turns the checked cart into the
// order to place, with shipping from the council's rates. Problems come
// back as field errors (message ids).
func (s *Server) buildOrder(c *gin.Context, cart order.Cart, r checkoutRequest) (order.Order, map[string]string, error) {
	errs := map[string]string{}
	if !validEmail(r.Email) {
		errs["email"] = "form.email.invalid"
	}
	if r.Name == "" || len(r.Name) > 200 {
		errs["name"] = "form.required"
	}
	if !validPhone(r.Phone) {
		errs["phone"] = "apply.error.phone"
	}
	if r.Method != order.MethodManual && (r.Method != order.MethodStripe || s.card == nil) {
		errs["payment_method"] = "checkout.error.method"
	}
	addr, addrErrs := r.Address.Normalize()
	if !r.Pickup {
		for k, v := range addrErrs {
			errs[k] = v
		}
	}
	zone := order.ZonePickup
	if !r.Pickup {
		zone = order.ZoneOf(addr)
	}
	rates, err := s.store.ShippingRates(c.Request.Context())
	if err != nil {
		return order.Order{}, nil, err
	}
	o, err := order.Build(cart, zone, rates)
	switch {
	case errors.Is(err, order.ErrNoRate):
		errs["delivery"] = "checkout.error.no_rate"
	case errors.Is(err, order.ErrEmptyCart):
		errs["cart"] = "cart.empty"
	case err != nil:
		return o, nil, err
	}
	o.Number, o.CheckoutKey = order.NewNumber(), r.Key
	if o.CheckoutKey == "" || len(o.CheckoutKey) > 64 {
		o.CheckoutKey = newKey()
	}
	o.Email, o.Name, o.Phone, o.Address, o.Lang = r.Email, r.Name, r.Phone, addr, lang(c)
	o.PaymentMethod, o.Status = r.Method, order.PendingPayment
	o.ExpiresAt = time.Now().Add(order.ManualPaymentWindow)
	if r.Method == order.MethodStripe {
		o.ExpiresAt = time.Now().Add(CardPaymentWindow)
	}
	if u := currentUser(c); u != nil && u.Role == account.RoleBuyer {
		o.UserID = &u.ID
	}
	return o, errs, nil
}

// placeOrder places a built order, with its confirmation e-mail queued in
// the same transaction.
func (s *Server) placeOrder(c *gin.Context, o *order.Order, cartID int64) error {
	_, err := s.store.PlaceOrder(c.Request.Context(), o, cartID, s.orderMail("placed"))
	return err
}

// orderSignature signs an order number so its link opens the order for
// whoever holds it (the buyer, by e-mail), without an account.
func (s *Server) orderSignature(number string) string {
	m := hmac.New(sha256.New, s.linkKey)
	m.Write([]byte(strings.ToUpper(number)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// orderLink is the signed path of an order's page.
func (s *Server) orderLink(number string) string {
	return "/orders/" + number + "?sig=" + s.orderSignature(number)
}

// newKey is a random key for carts and checkout attempts.
func newKey() string {
	plain, _ := account.NewSecret()
	return plain
}

// pathOf keeps the path and query of a URL (a Referer), dropping its host.
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return u.RequestURI()
}
