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
