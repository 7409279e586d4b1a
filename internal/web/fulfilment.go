package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"kriya/internal/order"
)

// fulfilmentsData lists a shop's parts of orders.
type fulfilmentsData struct {
	WS     workspace
	Status string
	Orders []order.Order
}

var fulfilmentStatuses = []string{order.FulfilmentToPack, order.FulfilmentShipped, order.FulfilmentDelivered, order.FulfilmentPending, order.FulfilmentCancelled}

func (s *Server) workspaceOrders(c *gin.Context) {
	ws := currentWorkspace(c)
	status := c.DefaultQuery("status", order.FulfilmentToPack)
	if !slices.Contains(fulfilmentStatuses, status) {
		status = order.FulfilmentToPack
	}
	orders, err := s.store.ArtisanOrders(c.Request.Context(), ws.Artisan.ID, status)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "workspace/orders", s.i18n.For(lang(c)).T("ws.orders.title"), fulfilmentsData{WS: ws, Status: status, Orders: orders})
}

// fulfilmentData is one part of an order: to pack, ship or cancel lines.
type fulfilmentData struct {
	WS       workspace
	Order    order.Order
	Couriers []string
	Form     *form
	Slip     bool // the printable packing slip
}

// workspaceOrder loads the fulfilment in the URL, if it is the shop's.
func (s *Server) workspaceOrder(c *gin.Context) (order.Order, bool) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	o, err := s.store.ArtisanOrder(c.Request.Context(), currentWorkspace(c).Artisan.ID, id)
	if err != nil {
		s.fail(c, err)
		return o, false
	}
	return o, true
}

func (s *Server) fulfilmentPage(c *gin.Context) {
	s.showFulfilment(c, http.StatusOK, emptyForm(), false)
}

func (s *Server) packingSlip(c *gin.Context) {
	s.showFulfilment(c, http.StatusOK, emptyForm(), true)
}

func (s *Server) showFulfilment(c *gin.Context, status int, f *form, slip bool) {
	o, ok := s.workspaceOrder(c)
	if !ok {
		return
	}
	page := "workspace/order"
	if slip {
		page = "workspace/slip"
	}
	s.privatePage(c, status, page, o.Number, fulfilmentData{WS: currentWorkspace(c), Order: o, Couriers: order.Couriers, Form: f, Slip: slip})
}

// shipFulfilment records the courier and tracking number of a packed
// part; the buyer is e-mailed.
func (s *Server) shipFulfilment(c *gin.Context) {
	ws := currentWorkspace(c)
	f := newForm(c)
	courier, tracking := f.Get("courier"), f.Get("tracking")
	f.Check(slices.Contains(order.Couriers, courier), "courier", "ws.orders.error.courier")
	f.Check(tracking != "" && len(tracking) <= 100, "tracking", "form.required")
	if !f.Valid() {
		s.showFulfilment(c, http.StatusUnprocessableEntity, f, false)
		return
	}
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	err := s.store.ShipFulfilment(c.Request.Context(), ws.Artisan.ID, id, courier, tracking, s.orderMail("shipped"))
	s.afterFulfilment(c, ws, id, err, "ws.orders.shipped")
}

func (s *Server) deliverFulfilment(c *gin.Context) {
	ws := currentWorkspace(c)
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	err := s.store.DeliverFulfilment(c.Request.Context(), ws.Artisan.ID, id)
	s.afterFulfilment(c, ws, id, err, "ws.orders.delivered")
}

// cancelLine cancels one line the shop cannot make or send, with a reason
// the buyer reads; its stock returns unless the artisan says otherwise.
func (s *Server) cancelLine(c *gin.Context) {
	ws := currentWorkspace(c)
	f := newForm(c)
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	lineID, _ := strconv.ParseInt(f.Get("line"), 10, 64)
	reason := f.Get("reason")
	f.Check(reason != "" && len(reason) <= 500, "reason", "council.error.reason")
	if !f.Valid() {
		s.showFulfilment(c, http.StatusUnprocessableEntity, f, false)
		return
	}
	o, ok := s.workspaceOrder(c)
	if !ok {
		return
	}
	var line order.Line
	for _, l := range o.Lines {
		if l.ID == lineID {
			line = l
		}
	}
	err := s.store.CancelLine(c.Request.Context(), ws.Artisan.ID, lineID, reason, f.Get("restock") != "no", s.orderMail("cancelled"))
	if err == nil && line.ID != 0 && (o.Status == order.Paid || o.Status == order.PartiallyRefunded) {
		err = s.refundCancelledLine(c, o, line, reason)
	}
	s.afterFulfilment(c, ws, id, err, "ws.orders.line_cancelled")
}

// refundCancelledLine gives the buyer back a paid line the artisan
// cancelled: through Stripe at once for a card order; for a bank transfer
// the order is flagged so staff send the money and record it.
func (s *Server) refundCancelledLine(c *gin.Context, o order.Order, l order.Line, reason string) error {
	full, err := s.store.OrderByNumber(c.Request.Context(), o.Number)
	if err != nil {
		return err
	}
	if full.PaymentMethod != order.MethodStripe || s.card == nil {
		return s.store.FlagOrder(c.Request.Context(), full.ID, order.FlagRefundDue,
			fmt.Sprintf("refund %d for %s: %s", l.Amount(), l.Title, reason))
	}
	artisanID := l.ArtisanID
	r := order.Refund{OrderID: full.ID, ArtisanID: &artisanID, Amount: l.Amount(), Method: order.MethodStripe, Reason: reason, CreatedBy: full.Fulfilments[0].ArtisanName}
	return s.refundThrough(c, full, &r, false)
}

func (s *Server) afterFulfilment(c *gin.Context, ws workspace, id int64, err error, done string) {
	switch {
	case errors.Is(err, order.ErrState):
		s.flash(c, "ws.orders.error.state")
	case err != nil:
		s.fail(c, err)
		return
	default:
		s.flash(c, done)
		if ws.Staff != nil {
			if err := s.audit(c, "fulfilment."+done[len("ws.orders."):], "fulfilment", strconv.FormatInt(id, 10), ws.Artisan.Name); err != nil {
				s.fail(c, err)
				return
			}
		}
	}
	c.Redirect(http.StatusSeeOther, ws.Base+"/orders/"+strconv.FormatInt(id, 10))
}
