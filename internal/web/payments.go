package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/catalog"
	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/payment"
)

// CardPaymentWindow is how long a card order waits for its payment: the
// hosted checkout expires at the same moment (Stripe needs at least 30
// minutes).
const CardPaymentWindow = time.Hour

// startCard opens (or, with the same idempotency key, reopens) the card
// checkout of an unpaid order and returns where to send the buyer.
func (s *Server) startCard(c *gin.Context, o order.Order) (string, error) {
	r := payment.CheckoutRequest{
		OrderNumber: o.Number, Email: o.Email, Shipping: o.Shipping, ExpiresAt: o.ExpiresAt,
		SuccessURL:     s.cfg.BaseURL + s.orderLink(o.Number) + "&card=success",
		CancelURL:      s.cfg.BaseURL + s.orderLink(o.Number) + "&card=cancel",
		IdempotencyKey: "checkout-" + o.Number,
	}
	for _, l := range o.Lines {
		if !l.Cancelled {
			name := l.Title
			if l.Label != "" {
				name += " (" + l.Label + ")"
			}
			r.Lines = append(r.Lines, payment.CheckoutLine{Name: name, Price: l.Price, Quantity: l.Quantity})
		}
	}
	co, err := s.card.StartCheckout(c.Request.Context(), r)
	if err != nil {
		return "", err
	}
	if err := s.store.SetCheckoutSession(c.Request.Context(), o.ID, co.SessionID); err != nil {
		return "", err
	}
	return co.RedirectURL, nil
}

// payOrder sends the buyer of an unpaid card order (back) to the hosted
// checkout.
func (s *Server) payOrder(c *gin.Context) {
	o, _, ok := s.buyerOrder(c)
	if !ok {
		return
	}
	if s.card == nil || o.Status != order.PendingPayment || o.PaymentMethod != order.MethodStripe {
		s.flash(c, "order.not_payable")
		c.Redirect(http.StatusSeeOther, s.orderLink(o.Number))
		return
	}
	url, err := s.startCard(c, o)
	if err != nil {
		s.log.Error("card checkout", "order", o.Number, "err", err)
		s.flash(c, "order.card_unavailable")
		c.Redirect(http.StatusSeeOther, s.orderLink(o.Number))
		return
	}
	c.Redirect(http.StatusSeeOther, url)
}

// stripeWebhook receives Stripe's events: verified, stored by id and acted
// on once, in the same transaction. Any answer but 2xx makes Stripe retry,
// so only a bad signature (400) or our own failure (500) gets one.
func (s *Server) stripeWebhook(c *gin.Context) {
	if s.webhooks == nil {
		s.apiFail(c, http.StatusNotFound, codeNotFound, "card payments are not configured", nil)
		return
	}
	payload, err := io.ReadAll(io.LimitReader(c.Request.Body, 1<<20))
	if err != nil {
		s.apiFail(c, http.StatusBadRequest, codeBadRequest, "unreadable body", nil)
		return
	}
	ev, err := s.webhooks.Verify(payload, c.GetHeader("Stripe-Signature"))
	if errors.Is(err, payment.ErrSignature) {
		s.apiFail(c, http.StatusBadRequest, codeBadRequest, "invalid signature", nil)
		return
	}
	if err != nil {
		s.apiFail(c, http.StatusBadRequest, codeBadRequest, "invalid event", nil)
		return
	}
	if _, err := s.store.ApplyCardEvent(c.Request.Context(), ev, s.cfg.CommissionBP, s.orderMail("paid"), s.orderMail("expired")); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"received": true})
}

// refund returns money to the buyer of an order — all of it or one
// artisan's part — through Stripe for card orders, or as a bank transfer
// staff made (with its reference) for bank-transfer orders.
func (s *Server) refund(c *gin.Context) {
	ctx := c.Request.Context()
	f := newForm(c)
	o, err := s.store.OrderByNumber(ctx, c.Param("number"))
	if err != nil {
		s.fail(c, err)
		return
	}
	r := order.Refund{OrderID: o.ID, Method: o.PaymentMethod, Reason: f.Get("reason"), CreatedBy: currentUser(c).Name, Reference: f.Get("reference")}
	if a := f.Get("artisan"); a != "" && a != "all" {
		id, _ := strconv.ParseInt(a, 10, 64)
		r.ArtisanID = &id
	}
	amount, err := catalog.ParseRupiah(f.Get("amount"))
	f.Check(err == nil && amount > 0, "refund_amount", "ws.error.price")
	r.Amount = amount
	f.Check(r.Reason != "" && len(r.Reason) <= 500, "refund_reason", "council.error.reason")
	f.Check(o.PaymentMethod == order.MethodStripe || r.Reference != "", "refund_reference", "council.refund.reference_needed")
	if !f.Valid() {
		s.showCouncilOrder(c, http.StatusUnprocessableEntity, f)
		return
	}
	if err := s.refundThrough(c, o, &r, f.Get("restock") == "1"); err != nil {
		if errors.Is(err, order.ErrState) {
			f.Check(false, "refund_amount", "council.refund.too_much")
			s.showCouncilOrder(c, http.StatusUnprocessableEntity, f)
			return
		}
		if errors.Is(err, payment.ErrDeclined) || errors.Is(err, payment.ErrUnavailable) {
			f.Check(false, "refund_amount", "council.refund.provider")
			s.showCouncilOrder(c, http.StatusBadGateway, f)
			return
		}
		s.fail(c, err)
		return
	}
	s.flash(c, "council.refund.done")
	c.Redirect(http.StatusSeeOther, "/council/orders/"+o.Number)
}

// refundThrough returns the money (through Stripe for card orders, with a
// key fixed by the order and how much was refunded before, so a retry
// never refunds twice) and records the refund; it is audited.
func (s *Server) refundThrough(c *gin.Context, o order.Order, r *order.Refund, restock bool) error {
	ctx := c.Request.Context()
	if o.PaymentMethod == order.MethodStripe {
		if s.card == nil || o.PaymentIntent == "" {
			return fmt.Errorf("refund %s: no card payment to refund: %w", o.Number, payment.ErrUnavailable)
		}
		id, err := s.card.Refund(ctx, payment.Refund{OrderNumber: o.Number, PaymentRef: o.PaymentIntent, Amount: r.Amount,
			IdempotencyKey: fmt.Sprintf("refund-%s-%d-%d", o.Number, o.Refunded, r.Amount)})
		if err != nil {
			return err
		}
		r.Reference = id
	}
	if err := s.store.RecordRefund(ctx, *r, restock, s.cfg.CommissionBP, s.orderMail("refunded")); err != nil {
		return err
	}
	return s.audit(c, "order.refund", "order", o.Number, fmt.Sprintf("%d %s %s: %s", r.Amount, r.Method, r.Reference, r.Reason))
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
	d := balanceData{Artisan: a, Statement: ledger.StatementFor(entries, time.Time{}, time.Now().Add(time.Hour)),
		Balance: ledger.Balance(entries), Form: f, CanSettle: staff, Connect: s.card != nil && a.ConnectAccountID != ""}
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
	ctx := c.Request.Context()
	ws := currentWorkspace(c)
	f := newForm(c)
	amount, err := catalog.ParseRupiah(f.Get("amount"))
	f.Check(err == nil && amount > 0, "amount", "ws.error.price")
	via := f.Get("via")
	number := f.Get("order")
	f.Check(via != "connect" || number != "", "order", "form.required")
	f.Check(via == "connect" || f.Get("reference") != "", "reference", "council.refund.reference_needed")
	if !f.Valid() {
		s.showBalance(c, http.StatusUnprocessableEntity, ws.Artisan, f, true)
		return
	}
	entry := ledger.SettlementEntry(ws.Artisan.ID, amount, f.Get("reference"), time.Now())
	entry.OrderNumber, entry.CreatedBy = number, currentUser(c).Name
	if via == "connect" {
		entries, err := s.store.Ledger(ctx, ws.Artisan.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		if err := ledger.CheckSettlement(ledger.Balance(entries), amount); err != nil {
			f.Check(false, "amount", "balance.error.exceeds")
			s.showBalance(c, http.StatusUnprocessableEntity, ws.Artisan, f, true)
			return
		}
		o, err := s.store.OrderByNumber(ctx, number)
		if err != nil || s.card == nil || ws.Artisan.ConnectAccountID == "" {
			f.Check(false, "order", "balance.error.connect")
			s.showBalance(c, http.StatusUnprocessableEntity, ws.Artisan, f, true)
			return
		}
		id, err := s.card.Transfer(ctx, payment.Transfer{OrderNumber: o.Number, ArtisanAccount: ws.Artisan.ConnectAccountID,
			Amount: amount, SourceTransaction: o.ChargeID, IdempotencyKey: fmt.Sprintf("transfer-%s-%d", o.Number, ws.Artisan.ID)})
		if err != nil {
			s.log.Error("connect transfer", "order", o.Number, "err", err)
			f.Check(false, "amount", "council.refund.provider")
			s.showBalance(c, http.StatusBadGateway, ws.Artisan, f, true)
			return
		}
		entry.Reference = id
	}
	err = s.store.Settle(ctx, entry)
	if errors.Is(err, ledger.ErrExceedsBalance) || errors.Is(err, ledger.ErrNotPositive) {
		f.Check(false, "amount", "balance.error.exceeds")
		s.showBalance(c, http.StatusUnprocessableEntity, ws.Artisan, f, true)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.audit(c, "ledger.settle", "artisan", strconv.FormatInt(ws.Artisan.ID, 10), fmt.Sprintf("%d via %s ref %s", amount, via, entry.Reference)); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "balance.settled")
	c.Redirect(http.StatusSeeOther, ws.Base+"/balance")
}
