package web

import (
	"errors"
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
	Counts map[string]int64 // parts by status, for the tabs
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
	counts, err := s.store.ArtisanOrderCounts(c.Request.Context(), ws.Artisan.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "workspace/orders", s.i18n.For(lang(c)).T("ws.orders.title"), fulfilmentsData{WS: ws, Status: status, Orders: orders, Counts: counts})
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
	err := s.app.Ship(c.Request.Context(), ws.worker(c), id, courier, tracking)
	s.afterFulfilment(c, ws, id, err, "ws.orders.shipped")
}

func (s *Server) deliverFulfilment(c *gin.Context) {
	ws := currentWorkspace(c)
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	err := s.app.Deliver(c.Request.Context(), ws.worker(c), id)
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
	if _, ok := s.workspaceOrder(c); !ok {
		return
	}
	err := s.app.CancelLine(c.Request.Context(), ws.worker(c), id, lineID, reason, f.Get("restock") != "no")
	s.afterFulfilment(c, ws, id, err, "ws.orders.line_cancelled")
}

func (s *Server) afterFulfilment(c *gin.Context, ws workspace, id int64, err error, done string) {
	switch {
	case errors.Is(err, order.ErrState):
		s.refuse(c, "ws.orders.error.state")
	case err != nil:
		s.fail(c, err)
		return
	default:
		s.flash(c, done)
	}
	c.Redirect(http.StatusSeeOther, ws.Base+"/orders/"+strconv.FormatInt(id, 10))
}
