package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/app"
	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/order"
	"kriya/internal/payment"
)

// councilOrdersData is the staff's list of orders.
type councilOrdersData struct {
	Filter   order.Filter
	Statuses []string
	Orders   []order.Order
}

var orderStatuses = []string{order.PendingPayment, order.Paid, order.Fulfilled, order.Cancelled, order.Expired, order.Refunded, order.PartiallyRefunded}

func (s *Server) councilOrders(c *gin.Context) {
	f := order.Filter{Status: c.Query("status"), Query: c.Query("q"), Flagged: c.Query("flagged") == "1"}
	orders, err := s.store.Orders(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "council/orders", s.i18n.For(lang(c)).T("council.orders.title"), councilOrdersData{Filter: f, Statuses: orderStatuses, Orders: orders})
}

// councilOrderData is one order with its history, payments, and the
// payment and refund forms.
type councilOrderData struct {
	Order     order.Order
	Payments  []order.Payment
	Paid      int64
	Money     order.Money        // what each part was credited and refunded, and what the council holds
	Movements []payment.Movement // refunds and transfers sent, or still on their way, to Stripe
	Form      *form
}

func (s *Server) councilOrder(c *gin.Context) {
	s.showCouncilOrder(c, http.StatusOK, emptyForm())
}

func (s *Server) showCouncilOrder(c *gin.Context, status int, f *form) {
	o, err := s.store.OrderByNumber(c.Request.Context(), c.Param("number"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(f.Values) == 0 && o.Status == order.PendingPayment {
		// The payment form's defaults; the refund form (the same field
		// name, shown once paid) starts empty, never at the whole total.
		f.Values.Set("amount", i64(o.Total))
		f.Values.Set("paid_at", time.Now().In(i18n.WITA).Format("2006-01-02"))
	}
	payments, err := s.store.OrderPayments(c.Request.Context(), o.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	money, err := s.store.OrderMoney(c.Request.Context(), o)
	if err != nil {
		s.fail(c, err)
		return
	}
	movements, err := s.store.Movements(c.Request.Context(), o.Number)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := councilOrderData{Order: o, Payments: payments, Money: money, Movements: movements, Form: f}
	for _, p := range payments {
		d.Paid += p.Amount
	}
	s.privatePage(c, status, "council/order", o.Number, d)
}

// confirmPayment records a bank transfer and marks the order paid.
func (s *Server) confirmPayment(c *gin.Context) {
	f := newForm(c)
	p := app.Transfer{Reference: f.Get("reference")}
	var err error
	if p.Amount, err = catalog.ParseRupiah(f.Get("amount")); err != nil || p.Amount <= 0 {
		f.Check(false, "amount", "ws.error.price")
	}
	if p.PaidAt, err = time.ParseInLocation("2006-01-02", f.Get("paid_at"), i18n.WITA); err != nil {
		f.Check(false, "paid_at", "ws.error.date")
	}
	f.Check(p.Reference != "" && len(p.Reference) <= 200, "reference", "form.required")
	if !f.Valid() {
		s.showCouncilOrder(c, http.StatusUnprocessableEntity, f)
		return
	}
	o, err := s.app.RecordTransfer(c.Request.Context(), *currentUser(c), c.Param("number"), p)
	switch {
	case errors.Is(err, order.ErrState):
		f.Check(false, "amount", "council.orders.error.state")
		s.showCouncilOrder(c, http.StatusConflict, f)
		return
	case !f.Problems(err):
		s.fail(c, err)
		return
	case !f.Valid():
		s.showCouncilOrder(c, http.StatusUnprocessableEntity, f)
		return
	}
	switch {
	case o.HasFlag(order.FlagUnderpaid):
		s.refuse(c, "council.orders.underpaid")
	case o.HasFlag(order.FlagOverpaid):
		s.refuse(c, "council.orders.overpaid")
	default:
		s.flash(c, "council.orders.paid")
	}
	c.Redirect(http.StatusSeeOther, "/council/orders/"+o.Number)
}

// ratesData is the council's shipping tariff editor.
type ratesData struct {
	Rates order.RateTable
	Zones []string
	Error string
}

func (s *Server) ratesPage(c *gin.Context) {
	rates, err := s.store.ShippingRates(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showRates(c, http.StatusOK, rates, "")
}

func (s *Server) showRates(c *gin.Context, status int, rates order.RateTable, problem string) {
	s.privatePage(c, status, "council/rates", s.i18n.For(lang(c)).T("council.rates.title"), ratesData{Rates: append(rates, order.Rate{}, order.Rate{}, order.Rate{}), Zones: order.Zones, Error: problem})
}

// saveRates replaces the tariff with the rows of the form; empty rows are
// dropped, a bad one refuses the whole table.
func (s *Server) saveRates(c *gin.Context) {
	f := newForm(c)
	zones, grams, fees := f.Values["zone"], f.Values["max_grams"], f.Values["fee"]
	var rates order.RateTable
	for i := range zones {
		if i >= len(grams) || i >= len(fees) || (zones[i] == "" && grams[i] == "" && fees[i] == "") {
			continue
		}
		g, gerr := parseInt(grams[i])
		fee, ferr := catalog.ParseRupiah(fees[i])
		if gerr != nil || ferr != nil {
			s.showRates(c, http.StatusUnprocessableEntity, rates, s.i18n.For(lang(c)).T("council.rates.error"))
			return
		}
		rates = append(rates, order.Rate{Zone: zones[i], MaxGrams: g, Fee: fee})
	}
	if len(rates) == 0 {
		s.showRates(c, http.StatusUnprocessableEntity, rates, s.i18n.For(lang(c)).T("council.rates.empty"))
		return
	}
	err := s.app.SaveShippingRates(c.Request.Context(), *currentUser(c), rates)
	if errors.Is(err, order.ErrInvalidRate) {
		s.showRates(c, http.StatusUnprocessableEntity, rates, err.Error())
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "council.rates.saved")
	c.Redirect(http.StatusSeeOther, "/council/rates")
}
