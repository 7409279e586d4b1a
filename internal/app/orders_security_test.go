package app_test

import (
	"errors"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/order"
)

// Finding 5 of issue 14: a line of an expired order cannot be cancelled;
// its stock went back once, at expiry, and nothing moves again. (Before
// the fix the line was cancelled in the expired order without error.)
func TestCancelLineOfExpiredOrderIsRefused(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		endek := s.sku("kain-endek", 0, 5)
		o := s.place(order.MethodManual, item{endek, 2})
		s.now = s.now.Add(order.ManualPaymentWindow + time.Minute)
		if n, err := s.at(0).ExpireDue(s.ctx); err != nil || n != 1 {
			t.Fatalf("expire = %d, %v", n, err)
		}
		ws := app.Workspace{Artisan: s.ayu, By: account.User{Name: "Ayu"}}
		err := s.at(0).CancelLine(s.ctx, ws, o.Fulfilments[0].ID, o.Lines[0].ID, "habis", true)
		if !errors.Is(err, order.ErrState) {
			t.Errorf("cancel a line of an expired order = %v, want order.ErrState", err)
		}
		if got := s.stock(endek, s.ayu.ID); got != 5 {
			t.Errorf("stock = %d, want 5", got)
		}
		if l := s.order(o.Number).Lines[0]; l.Cancelled {
			t.Error("the expired order's line was cancelled")
		}
	})
}

// Finding 1 of issue 14: an unpaid bank-transfer order nobody promised to
// pay gives its stock back after order.UnconfirmedWindow; a promised one
// keeps it until order.ManualPaymentWindow after it was placed. (Before
// the fix both held the stock for 24 hours.)
func TestUnpromisedTransferExpiresAfterUnconfirmedWindow(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		endek := s.sku("kain-endek", 0, 5)
		quiet := s.place(order.MethodManual, item{endek, 1})
		promised := s.place(order.MethodManual, item{endek, 2})
		if err := s.at(0).PromiseTransfer(s.ctx, s.order(promised.Number)); err != nil {
			t.Fatal(err)
		}
		if err := s.at(0).PromiseTransfer(s.ctx, s.order(promised.Number)); !errors.Is(err, order.ErrState) {
			t.Errorf("a second promise = %v, want order.ErrState", err)
		}
		s.now = s.now.Add(order.UnconfirmedWindow + time.Minute)
		if n, err := s.at(0).ExpireDue(s.ctx); err != nil || n != 1 {
			t.Fatalf("expired %d, %v; want the unpromised order only", n, err)
		}
		if got := s.order(quiet.Number).Status; got != order.Expired {
			t.Errorf("unpromised order = %s, want expired", got)
		}
		if got := s.stock(endek, s.ayu.ID); got != 3 {
			t.Errorf("stock = %d, want 3 (the promised order's 2 still held)", got)
		}
		if err := s.at(0).PromiseTransfer(s.ctx, s.order(quiet.Number)); !errors.Is(err, order.ErrState) {
			t.Errorf("a promise for an expired order = %v, want order.ErrState", err)
		}
		s.now = s.now.Add(order.ManualPaymentWindow)
		if n, err := s.at(0).ExpireDue(s.ctx); err != nil || n != 1 {
			t.Fatalf("expired %d, %v; want the promised order after its window", n, err)
		}
		if got := s.stock(endek, s.ayu.ID); got != 5 {
			t.Errorf("stock = %d, want 5", got)
		}
	})
}
