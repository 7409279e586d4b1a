package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/sales"
)

type webhookEvent struct {
	ID          string `gorm:"primaryKey"`
	Type        string
	OrderNumber string
	ReceivedAt  time.Time
}

// SetCheckoutSession remembers the card checkout opened for an order.
func (s *Store) SetCheckoutSession(ctx context.Context, orderID int64, sessionID string) error {
	err := s.write.WithContext(ctx).Model(&order.Order{}).Where("id = ?", orderID).
		Update("stripe_session_id", sessionID).Error
	if err != nil {
		return fmt.Errorf("store: set checkout session: %w", err)
	}
	return nil
}

// ApplyCardEvent processes one card provider event exactly once: the event
// id is stored in the same transaction as the change it makes, so a second
// delivery (or a concurrent one) finds it and changes nothing. Events may
// arrive in any order; each reads the order under its lock and acts only on
// the state it finds. bp is the council's commission in basis points.
func (s *Store) ApplyCardEvent(ctx context.Context, ev payment.Event, bp int) (out CardOutcome, err error) {
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).
			Create(&webhookEvent{ID: ev.ID, Type: ev.Type, OrderNumber: ev.OrderNumber, ReceivedAt: s.now()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			out.Duplicate = true
			return nil
		}
		id, err := cardEventOrder(tx, ev)
		if err != nil || id == 0 {
			return err // 0: not ours to act on
		}
		o, err := s.lockOrder(tx, id)
		if err != nil {
			return err
		}
		switch ev.Type {
		case payment.EventPaid:
			if !ev.Paid {
				return nil // completed, but an async method still pending
			}
			out.Order, out.Paid, err = s.cardPaid(tx, o, ev, bp)
			return err
		case payment.EventFailed, payment.EventExpired:
			out.Order, err = s.endUnpaid(tx, o.ID, order.Expired, "payment_"+ev.Type, "stripe")
			if errors.Is(err, order.ErrState) {
				return nil // paid or ended already
			}
			out.Expired = err == nil
			return err
		case payment.EventRefunded:
			var card int64 // what Kriya refunded of this payment
			if err := tx.Model(&order.Refund{}).Where("order_id = ? AND method = ?", o.ID, order.MethodStripe).
				Select("COALESCE(SUM(amount), 0)").Scan(&card).Error; err != nil {
				return err
			}
			if ev.Refunded > card {
				return raiseFlag(tx, &o, order.FlagExternalRefund, fmt.Sprintf("Stripe reports %d refunded of %s, Kriya recorded %d: record the refund", ev.Refunded, ev.PaymentIntent, card))
			}
			return nil
		case payment.EventDisputed:
			if err := addEvent(tx, o.ID, "disputed", ev.Charge, "stripe"); err != nil {
				return err
			}
			return raiseFlag(tx, &o, order.FlagDisputed, fmt.Sprintf("dispute of %d on charge %s", ev.Amount, ev.Charge))
		}
		return nil
	})
	if err != nil {
		return CardOutcome{}, fmt.Errorf("store: apply %s %s: %w", ev.Type, ev.ID, err)
	}
	return out, nil
}

// cardEventOrder finds the order an event is about: by its number, or for
// refunds and disputes, which name the payment, by any payment recorded
// under that payment intent (an order paid twice has two).
func cardEventOrder(tx *gorm.DB, ev payment.Event) (int64, error) {
	var ids []int64
	switch {
	case ev.OrderNumber != "":
		if err := tx.Model(&order.Order{}).Where("number = ?", ev.OrderNumber).Limit(1).Pluck("id", &ids).Error; err != nil {
			return 0, err
		}
	case ev.PaymentIntent != "":
		if err := tx.Model(&order.Payment{}).Where("method = ? AND reference = ?", order.MethodStripe, ev.PaymentIntent).
			Limit(1).Pluck("order_id", &ids).Error; err != nil {
			return 0, err
		}
		if len(ids) == 0 {
			if err := tx.Model(&order.Order{}).Where("payment_intent = ?", ev.PaymentIntent).Limit(1).Pluck("id", &ids).Error; err != nil {
				return 0, err
			}
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// CardOutcome is what a card event did to its order: nothing (a duplicate,
// or an event with nothing left to do), paid it, or expired it. Order is
// the order as it now is when it was paid or expired, so the buyer can be
// told.
type CardOutcome struct {
	Duplicate bool
	Paid      bool
	Expired   bool
	Order     order.Order
}

// cardPaid records a card payment on the order as read under its lock.
// The payment is always recorded (money is never lost); what it does to
// the order depends on the order and the amount:
//   - unpaid: paid when the amount, in rupiah, covers the total (more is
//     flagged overpaid); less is held and flagged underpaid;
//   - already paid by another payment: held, flagged overpaid (paid twice);
//   - expired or cancelled: revived whole (stock, parts, ledger) when all
//     its stock is still there, else held and flagged for a refund.
func (s *Store) cardPaid(tx *gorm.DB, o order.Order, ev payment.Event, bp int) (order.Order, bool, error) {
	p := order.Payment{OrderID: o.ID, Method: order.MethodStripe, Amount: ev.Amount, Reference: ev.PaymentIntent, PaidAt: s.now(), RecordedBy: "stripe"}
	var seen int64
	if err := tx.Model(&order.Payment{}).Where("order_id = ? AND method = ? AND reference = ?", o.ID, order.MethodStripe, ev.PaymentIntent).
		Count(&seen).Error; err != nil || seen > 0 {
		return o, false, err // this payment is recorded already (another event of it came first)
	}
	if o.PaymentIntent == "" {
		if err := tx.Model(&order.Order{}).Where("id = ?", o.ID).
			Updates(map[string]any{"payment_intent": ev.PaymentIntent, "charge_id": ev.Charge}).Error; err != nil {
			return o, false, err
		}
	}
	if o.StripeSessionID != "" && ev.SessionID != "" && ev.SessionID != o.StripeSessionID {
		return s.holdPayment(tx, o, apart(p), order.FlagOverpaid, fmt.Sprintf("paid %d through checkout %s, which Kriya did not open for this order: refund it", ev.Amount, ev.SessionID))
	}
	if ev.Currency != "" && ev.Currency != "idr" {
		return s.holdPayment(tx, o, apart(p), order.FlagOverpaid, fmt.Sprintf("paid %d %s, not rupiah: refund it", ev.Amount, ev.Currency))
	}
	switch o.Status {
	case order.Expired, order.Cancelled:
		revived, err := s.revive(tx, o)
		var stock *order.StockError
		if errors.As(err, &stock) {
			return s.holdPayment(tx, o, apart(p), order.FlagPaidAfterExpiry, fmt.Sprintf("paid %d after it %s; the stock is gone: refund the buyer", ev.Amount, o.Status))
		}
		if err != nil {
			return o, false, err
		}
		o = revived
	case order.PendingPayment:
	default:
		return s.holdPayment(tx, o, apart(p), order.FlagOverpaid, fmt.Sprintf("paid a second time (%d via %s): refund one payment", ev.Amount, ev.PaymentIntent))
	}
	return s.payTowards(tx, o, p, bp)
}

// payTowards records a payment for an unpaid order: the order is paid once
// its payments cover the total, and flagged overpaid for what is beyond;
// short of it, the money is held and the order flagged underpaid.
func (s *Store) payTowards(tx *gorm.DB, o order.Order, p order.Payment, bp int) (order.Order, bool, error) {
	before, err := towardsTotal(tx, o.ID)
	if err != nil {
		return o, false, err
	}
	total := before + p.Amount
	if total < o.Total {
		return s.holdPayment(tx, o, p, order.FlagUnderpaid, fmt.Sprintf("received %d of %d", total, o.Total))
	}
	paid, err := s.markPaid(tx, o, p, bp)
	if err != nil {
		return o, false, err
	}
	if err := clearFlag(tx, &paid, order.FlagUnderpaid); err != nil {
		return paid, false, err
	}
	if total > o.Total {
		err = raiseFlag(tx, &paid, order.FlagOverpaid, fmt.Sprintf("received %d for %d: refund %d", total, o.Total, total-o.Total))
	}
	return paid, true, err
}

// towardsTotal is what an unpaid order's payments add up to towards its
// total: payments apart from it don't count, and money already given back
// doesn't either (refunds of held money return the apart payments first).
func towardsTotal(tx *gorm.DB, orderID int64) (int64, error) {
	var sums struct{ Towards, Apart, Returned int64 }
	err := tx.Model(&order.Payment{}).Where("order_id = ?", orderID).
		Select("COALESCE(SUM(CASE WHEN apart THEN 0 ELSE amount END), 0) AS towards, COALESCE(SUM(CASE WHEN apart THEN amount ELSE 0 END), 0) AS apart").
		Scan(&sums).Error
	if err != nil {
		return 0, err
	}
	if err := tx.Model(&order.Refund{}).Where("order_id = ?", orderID).Select("COALESCE(SUM(held), 0)").Scan(&sums.Returned).Error; err != nil {
		return 0, err
	}
	return sums.Towards - max(0, sums.Returned-sums.Apart), nil
}

// apart marks p as not counting towards its order's total.
func apart(p order.Payment) order.Payment {
	p.Apart = true
	return p
}

// holdPayment records money the council holds for nobody yet and flags the
// order so staff return it (or the rest of it comes).
func (s *Store) holdPayment(tx *gorm.DB, o order.Order, p order.Payment, kind, note string) (order.Order, bool, error) {
	if err := tx.Create(&p).Error; err != nil {
		return o, false, err
	}
	if err := addEvent(tx, o.ID, "payment_recorded", fmt.Sprintf("%s %d ref %s", p.Method, p.Amount, p.Reference), p.RecordedBy); err != nil {
		return o, false, err
	}
	return o, false, raiseFlag(tx, &o, kind, note)
}

// revive brings an expired or cancelled order back to waiting for payment,
// whole: every live line takes its stock again (all or none, in a
// savepoint) and every part waits to be paid. It returns the order as
// read again, or a *order.StockError when some stock is gone.
func (s *Store) revive(tx *gorm.DB, o order.Order) (order.Order, error) {
	err := tx.Transaction(func(tx *gorm.DB) error {
		for _, l := range o.Lines {
			if l.Cancelled {
				continue
			}
			if err := reserveAnyPrice(tx, l); err != nil {
				return err
			}
		}
		res := tx.Model(&order.Order{}).Where("id = ? AND status = ?", o.ID, o.Status).Update("status", order.PendingPayment)
		if res.Error != nil || res.RowsAffected != 1 {
			return cmpErr(res.Error, order.ErrState)
		}
		return tx.Model(&order.Fulfilment{}).Where("order_id = ?", o.ID).Update("status", order.FulfilmentPending).Error
	})
	if err != nil {
		return o, err
	}
	var revived order.Order
	return revived, tx.Scopes(withOrderDetails).Take(&revived, o.ID).Error
}

// reserveAnyPrice takes stock back for a line the buyer already paid for,
// at the price they paid, whatever the listing's price is now; the line
// holds it again.
func reserveAnyPrice(tx *gorm.DB, l order.Line) error {
	res := tx.Set(stockMove, true).Exec("UPDATE skus SET stock = stock - ? WHERE id = ? AND stock >= ?", l.Quantity, l.SKUID, l.Quantity)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return &order.StockError{SKU: l.SKUCode, Title: l.Title}
	}
	return tx.Model(&order.Line{}).Where("id = ?", l.ID).Update("held", l.Quantity).Error
}

// markPaid moves an unpaid order to paid with its payment, readies its
// parts for packing and credits each artisan's ledger at rate bp, which
// each part keeps for its refunds. It returns the order as paid.
func (s *Store) markPaid(tx *gorm.DB, o order.Order, p order.Payment, bp int) (order.Order, error) {
	res := tx.Model(&order.Order{}).Where("id = ? AND status = ?", o.ID, order.PendingPayment).
		Updates(map[string]any{"status": order.Paid, "paid_at": p.PaidAt.UTC(), "updated_at": s.now()})
	if res.Error != nil {
		return o, res.Error
	}
	if res.RowsAffected == 0 {
		return o, order.ErrState
	}
	p.OrderID = o.ID
	if err := tx.Create(&p).Error; err != nil {
		return o, err
	}
	if err := tx.Model(&order.Line{}).Where("order_id = ? AND cancelled = ?", o.ID, false).Update("paid", true).Error; err != nil {
		return o, err
	}
	if err := markDirty(tx, sales.Day(p.PaidAt)); err != nil {
		return o, err
	}
	if err := tx.Model(&order.Fulfilment{}).Where("order_id = ? AND status = ?", o.ID, order.FulfilmentPending).
		Updates(map[string]any{"status": order.FulfilmentToPack, "commission_bp": bp}).Error; err != nil {
		return o, err
	}
	var entries []ledger.Entry
	for _, f := range o.Fulfilments {
		if f.Status == order.FulfilmentCancelled {
			continue
		}
		var lines int64
		for _, l := range o.Lines {
			if l.FulfilmentID == f.ID && !l.Cancelled {
				lines += l.Amount()
			}
		}
		entries = append(entries, ledger.SaleEntries(f.ArtisanID, o.Number, lines, f.Shipping, bp, s.now())...)
	}
	if len(entries) > 0 {
		if err := tx.Create(&entries).Error; err != nil {
			return o, err
		}
	}
	if err := addEvent(tx, o.ID, "paid", fmt.Sprintf("%s %d ref %s", p.Method, p.Amount, p.Reference), p.RecordedBy); err != nil {
		return o, err
	}
	var paid order.Order
	return paid, tx.Scopes(withOrderDetails).Take(&paid, o.ID).Error
}

// Ledger lists an artisan's ledger entries, oldest first.
func (s *Store) Ledger(ctx context.Context, artisanID int64) ([]ledger.Entry, error) {
	var es []ledger.Entry
	if err := s.read.WithContext(ctx).Where("artisan_id = ?", artisanID).Order("id").Find(&es).Error; err != nil {
		return nil, fmt.Errorf("store: ledger: %w", err)
	}
	return es, nil
}

// Balances is what the council owes each artisan with any entry.
func (s *Store) Balances(ctx context.Context) (map[int64]int64, error) {
	var rows []struct {
		ArtisanID int64
		Balance   int64
	}
	err := s.read.WithContext(ctx).Model(&ledger.Entry{}).Select("artisan_id, SUM(amount) AS balance").Group("artisan_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: balances: %w", err)
	}
	out := make(map[int64]int64, len(rows))
	for _, r := range rows {
		out[r.ArtisanID] = r.Balance
	}
	return out, nil
}

// Settle records a payout to an artisan, if its balance allows: settlements
// of one artisan take turns (a row lock on MySQL, the single writer on
// SQLite), so two staff paying at once can never pay more than is owed.
func (s *Store) Settle(ctx context.Context, e *ledger.Entry) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		lock := tx
		if s.dialect == MySQL {
			lock = tx.Clauses(clause.Locking{Strength: "UPDATE"})
		}
		var id int64
		if err := lock.Table("artisans").Where("id = ?", e.ArtisanID).Select("id").Take(&id).Error; err != nil {
			return err
		}
		var balance int64
		if err := tx.Model(&ledger.Entry{}).Where("artisan_id = ?", e.ArtisanID).Select("COALESCE(SUM(amount), 0)").Scan(&balance).Error; err != nil {
			return err
		}
		if e.Kind == ledger.KindSettlement {
			if err := ledger.CheckSettlement(balance, -e.Amount); err != nil {
				return err
			}
		}
		return tx.Create(e).Error
	})
	if err != nil {
		return fmt.Errorf("store: settle artisan %d: %w", e.ArtisanID, err)
	}
	return nil
}

// OrderPayments is what the order's payments add up to.
func (s *Store) OrderPayments(ctx context.Context, orderID int64) ([]order.Payment, error) {
	var ps []order.Payment
	if err := s.read.WithContext(ctx).Where("order_id = ?", orderID).Order("id").Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("store: payments: %w", err)
	}
	return ps, nil
}
