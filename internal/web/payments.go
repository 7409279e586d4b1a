package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/app"
	"kriya/internal/catalog"
	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/payment"
)

// payOrder sends the buyer of an unpaid card order (back) to the hosted
// checkout.
func (s *Server) payOrder(c *gin.Context) {
	o, _, ok := s.buyerOrder(c)
	if !ok {
		return
	}
	url, err := s.app.StartCard(c.Request.Context(), o)
	if errors.Is(err, order.ErrState) {
		s.flash(c, "order.not_payable")
		c.Redirect(http.StatusSeeOther, s.app.OrderLink(o.Number))
		return
	}
	if err != nil {
		s.log.Error("card checkout", "order", o.Number, "err", err)
		s.flash(c, "order.card_unavailable")
		c.Redirect(http.StatusSeeOther, s.app.OrderLink(o.Number))
		return
	}
	c.Redirect(http.StatusSeeOther, url)
}

// stripeWebhook receives Stripe's events: verified, stored by id and acted
// on once, in the same transaction. Any answer but 2xx makes Stripe retry,
// so only a bad signature (400) or our own failure (500) gets one.
func (s *Server) stripeWebhook(c *gin.Context) {
	refuse := func(status int, message string) {
		c.AbortWithStatusJSON(status, gin.H{"error": gin.H{"message": message}})
	}
	if s.webhooks == nil {
		refuse(http.StatusNotFound, "card payments are not configured")
		return
	}
	payload, err := io.ReadAll(io.LimitReader(c.Request.Body, 1<<20))
	if err != nil {
		refuse(http.StatusBadRequest, "unreadable body")
		return
	}
	ev, err := s.webhooks.Verify(payload, c.GetHeader("Stripe-Signature"))
	if errors.Is(err, payment.ErrSignature) {
		refuse(http.StatusBadRequest, "invalid signature")
		return
	}
	if err != nil {
		refuse(http.StatusBadRequest, "invalid event")
		return
	}
	if err := s.app.ApplyCardEvent(c.Request.Context(), ev); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"received": true})
}

// refund returns money to the buyer of an order as staff allocate it:
// an amount for the whole order or one artisan's part, or units line by
// line and shipping part by part (order.Allocate decides and refuses). A
// bank refund cites the transfer staff made; a card refund goes to Stripe
// (or, made in Stripe's dashboard already, is only recorded).
func (s *Server) refund(c *gin.Context) {
	ctx := c.Request.Context()
	f := newForm(c)
	o, err := s.store.OrderByNumber(ctx, c.Param("number"))
	if err != nil {
		s.fail(c, err)
		return
	}
	req := order.RefundRequest{Units: map[int64]int{}, Shipping: map[int64]bool{}, Restock: f.Get("restock") == "1"}
	if a := f.Get("artisan"); a != "" && a != "all" {
		if req.ArtisanID, err = strconv.ParseInt(a, 10, 64); err != nil {
			f.Check(false, "refund_artisan", "council.refund.choose_part")
		}
	}
	if v := f.Get("amount"); v != "" {
		req.Amount, err = catalog.ParseRupiah(v)
		f.Check(err == nil && req.Amount > 0, "refund_amount", "ws.error.price")
	}
	for _, l := range o.Lines {
		if v := f.Get("units_" + i64(l.ID)); v != "" && v != "0" {
			n, err := parseInt(v)
			f.Check(err == nil && n >= 0, "refund_units", "council.refund.units")
			req.Units[l.ID] = n
		}
	}
	for _, fl := range o.Fulfilments {
		req.Shipping[fl.ID] = f.Get("shipping_"+i64(fl.ID)) == "1"
	}
	var pending bool
	if f.Valid() {
		pending, err = s.app.Refund(ctx, *currentUser(c), o, req,
			app.RefundInput{Reason: f.Get("reason"), Reference: f.Get("reference"), RecordOnly: f.Get("record_only") == "1"})
	}
	switch {
	case errors.Is(err, payment.ErrUnavailable):
		f.Check(false, "refund_amount", "council.refund.provider")
		s.showCouncilOrder(c, http.StatusBadGateway, f)
		return
	case !f.Problems(err):
		s.fail(c, err)
		return
	case !f.Valid():
		s.showCouncilOrder(c, http.StatusUnprocessableEntity, f)
		return
	}
	if pending {
		s.flash(c, "council.refund.pending")
	} else {
		s.flash(c, "council.refund.done")
	}
	c.Redirect(http.StatusSeeOther, "/council/orders/"+o.Number)
}

// retryMovement sends a pending refund or transfer again, now.
func (s *Server) retryMovement(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	done, err := s.app.RetryMovement(c.Request.Context(), *currentUser(c), id)
	if err != nil && !errors.Is(err, payment.ErrUnavailable) {
		s.fail(c, err)
		return
	}
	if done {
		s.flash(c, "council.money.sent")
	} else {
		s.flash(c, "council.money.still_pending")
	}
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next"), "/council/money"))
}

// moneyData is the council's list of money still on its way out.
type moneyData struct {
	Movements []payment.Movement
	Next      string
}

// councilMoney lists refunds and transfers not yet confirmed by Stripe.
func (s *Server) councilMoney(c *gin.Context) {
	ms, err := s.store.Movements(c.Request.Context(), "")
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "council/money", s.i18n.For(lang(c)).T("council.money.title"), moneyData{Movements: ms, Next: "/council/money"})
}

// balanceData is an artisan's account with the council.
type balanceData struct {
	Artisan   catalog.Artisan
	Statement ledger.Statement
	Balance   int64
	Form      *form
	CanSettle bool // staff see the settlement form
	Connect   bool // the artisan has a Stripe Connect account and card payments are on
}

// workspaceBalance shows the artisan (or staff, in assisted mode) what the
// council owes, entry by entry.
func (s *Server) workspaceBalance(c *gin.Context) {
	ws := currentWorkspace(c)
	s.showBalance(c, http.StatusOK, ws.Artisan, emptyForm(), ws.Staff != nil)
}

func (s *Server) showBalance(c *gin.Context, status int, a catalog.Artisan, f *form, staff bool) {
	entries, err := s.store.Ledger(c.Request.Context(), a.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	card, err := s.app.Offers(c.Request.Context(), order.MethodStripe)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := balanceData{Artisan: a, Statement: ledger.StatementFor(entries, time.Time{}, time.Now().Add(time.Hour)),
		Balance: ledger.Balance(entries), Form: f, CanSettle: staff, Connect: card && a.ConnectAccountID != ""}
	s.privatePage(c, status, "workspace/balance", s.i18n.For(lang(c)).T("balance.title", "Name", a.Name), d)
}

// balancesData is the council's overview of what it owes whom.
type balancesData struct {
	Artisans []catalog.Artisan
	Balances map[int64]int64
	Total    int64
}

func (s *Server) councilBalances(c *gin.Context) {
	ctx := c.Request.Context()
	artisans, err := s.store.ArtisansByStatus(ctx, "")
	if err != nil {
		s.fail(c, err)
		return
	}
	balances, err := s.store.Balances(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := balancesData{Artisans: artisans, Balances: balances}
	for _, b := range balances {
		d.Total += b
	}
	s.privatePage(c, http.StatusOK, "council/balances", s.i18n.For(lang(c)).T("council.balances.title"), d)
}

// settle pays an artisan: by bank transfer staff made (recorded with its
// reference) or, for an artisan with a Connect account, by a Stripe
// transfer of one order's share (idempotency key transfer-<order>-<artisan>).
// The ledger refuses any payout above the balance.
func (s *Server) settle(c *gin.Context) {
	ws := currentWorkspace(c)
	f := newForm(c)
	amount, err := catalog.ParseRupiah(f.Get("amount"))
	if err != nil {
		amount = 0
	}
	pending, err := s.app.Settle(c.Request.Context(), *currentUser(c), ws.Artisan,
		app.Settlement{Amount: amount, Connect: f.Get("via") == "connect", OrderNumber: f.Get("order"), Reference: f.Get("reference")})
	switch {
	case errors.Is(err, payment.ErrDeclined) || errors.Is(err, payment.ErrUnavailable):
		s.log.Error("connect transfer", "order", f.Get("order"), "err", err)
		f.Check(false, "amount", "council.refund.provider")
		s.showBalance(c, http.StatusBadGateway, ws.Artisan, f, true)
		return
	case !f.Problems(err):
		s.fail(c, err)
		return
	case !f.Valid():
		s.showBalance(c, http.StatusUnprocessableEntity, ws.Artisan, f, true)
		return
	}
	if pending {
		s.flash(c, "council.money.still_pending")
	} else {
		s.flash(c, "balance.settled")
	}
	c.Redirect(http.StatusSeeOther, ws.Base+"/balance")
}
