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
// arrive in any order; each only acts on the state it expects. bp is the
// council's commission in basis points.
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
		find := tx.Scopes(withOrderDetails)
		switch {
		case ev.OrderNumber != "":
			find = find.Where("number = ?", ev.OrderNumber)
		case ev.PaymentIntent != "": // refunds and disputes name the payment, not the order
			find = find.Where("payment_intent = ?", ev.PaymentIntent)
		default:
			return nil // not ours to act on
		}
		var o order.Order
		if err := find.Take(&o).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return nil
			}
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
			if extra := ev.Refunded - o.Refunded; extra > 0 {
				return flag(tx, o.ID, order.FlagExternalRefund, fmt.Sprintf("Stripe reports %d refunded, Kriya recorded %d", ev.Refunded, o.Refunded))
			}
			return nil
		case payment.EventDisputed:
			if err := addEvent(tx, o.ID, "disputed", ev.Charge, "stripe"); err != nil {
				return err
			}
			return flag(tx, o.ID, order.FlagDisputed, "dispute on charge "+ev.Charge)
		}
		return nil
	})
	if err != nil {
		return CardOutcome{}, fmt.Errorf("store: apply %s %s: %w", ev.Type, ev.ID, err)
	}
	return out, nil
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

// cardPaid records a card payment. An unpaid order becomes paid. A payment
// for an order that already expired or was cancelled takes its stock back
// if all of it is still there; otherwise the money is recorded and the
// order flagged for a refund — never lost.
func (s *Store) cardPaid(tx *gorm.DB, o order.Order, ev payment.Event, bp int) (order.Order, bool, error) {
	p := order.Payment{OrderID: o.ID, Method: order.MethodStripe, Amount: ev.Amount, Reference: ev.PaymentIntent, PaidAt: s.now(), RecordedBy: "stripe"}
	if err := tx.Model(&order.Order{}).Where("id = ?", o.ID).
		Updates(map[string]any{"payment_intent": ev.PaymentIntent, "charge_id": ev.Charge}).Error; err != nil {
		return o, false, err
	}
	switch o.Status {
	case order.PendingPayment:
		o, err := s.markPaid(tx, o, p, bp)
		return o, err == nil, err
	case order.Expired, order.Cancelled:
		err := tx.Transaction(func(tx *gorm.DB) error { // a savepoint: all lines or none
			for _, l := range o.Lines {
				if !l.Cancelled {
					if err := reserveAnyPrice(tx, l); err != nil {
						return err
					}
				}
			}
			return tx.Model(&order.Order{}).Where("id = ? AND status = ?", o.ID, o.Status).Update("status", order.PendingPayment).Error
		})
		if err == nil {
			err := tx.Model(&order.Fulfilment{}).Where("order_id = ?", o.ID).Update("status", order.FulfilmentPending).Error
			if err != nil {
				return o, false, err
			}
			o.Status = order.PendingPayment
			o, err = s.markPaid(tx, o, p, bp)
			return o, err == nil, err
		}
		var stock *order.StockError
		if !errors.As(err, &stock) {
			return o, false, err
		}
		if err := tx.Create(&p).Error; err != nil {
			return o, false, err
		}
		if err := addEvent(tx, o.ID, "paid_after_expiry", fmt.Sprintf("%d via %s", ev.Amount, ev.PaymentIntent), "stripe"); err != nil {
			return o, false, err
		}
		return o, false, flag(tx, o.ID, order.FlagPaidAfterExpiry, "paid after it "+o.Status+"; the stock is gone: refund the buyer")
	}
	return o, false, nil // already paid: another event said so first
}

// reserveAnyPrice takes stock back for a line the buyer already paid for,
// at the price they paid, whatever the listing's price is now.
func reserveAnyPrice(tx *gorm.DB, l order.Line) error {
	res := tx.Set(stockMove, true).Exec("UPDATE skus SET stock = stock - ? WHERE id = ? AND stock >= ?", l.Quantity, l.SKUID, l.Quantity)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return &order.StockError{SKU: l.SKUCode, Title: l.Title}
	}
	return nil
}

// markPaid moves an unpaid order to paid with its payment, readies its
// parts for packing and credits each artisan's ledger. It returns the
// order as paid.
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
		Update("status", order.FulfilmentToPack).Error; err != nil {
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

func flag(tx *gorm.DB, orderID int64, kind, note string) error {
	return tx.Model(&order.Order{}).Where("id = ?", orderID).Updates(map[string]any{"flag": kind, "flag_note": note}).Error
}

// FlagOrder asks staff to look at an order, saying why.
func (s *Store) FlagOrder(ctx context.Context, orderID int64, kind, note string) error {
	if err := flag(s.write.WithContext(ctx), orderID, kind, note); err != nil {
		return fmt.Errorf("store: flag order %d: %w", orderID, err)
	}
	return nil
}

// RecordRefund records money returned to a buyer — for the whole order or
// one artisan's part — after the provider (or the bank) returned it: the
// refund, each artisan's ledger debit with commission given back, the
// lines taken off the order (and their stock returned when restock is set),
// and the order's refunded status, in one transaction. The amount must not
// exceed what was paid and not yet refunded. It returns the order as it
// now is.
func (s *Store) RecordRefund(ctx context.Context, r order.Refund, restock bool, bp int) (o order.Order, err error) {
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Scopes(withOrderDetails).Take(&o, r.OrderID).Error; err != nil {
			return notFound(err, order.ErrNotFound, "order")
		}
		var paid int64
		if err := tx.Model(&order.Payment{}).Where("order_id = ?", o.ID).Select("COALESCE(SUM(amount), 0)").Scan(&paid).Error; err != nil {
			return err
		}
		if r.Amount <= 0 || r.Amount > paid-o.Refunded {
			return order.ErrState
		}
		if err := tx.Create(&r).Error; err != nil {
			return err
		}
		remaining := r.Amount
		for _, f := range o.Fulfilments {
			if r.ArtisanID != nil && f.ArtisanID != *r.ArtisanID {
				continue
			}
			var lines, before int64
			for _, l := range o.Lines {
				if l.FulfilmentID == f.ID && !l.Cancelled {
					lines += l.Amount()
				}
			}
			if err := tx.Model(&ledger.Entry{}).Where("artisan_id = ? AND order_number = ? AND kind = ? AND note = ?",
				f.ArtisanID, o.Number, ledger.KindRefund, "items").Select("COALESCE(-SUM(amount), 0)").Scan(&before).Error; err != nil {
				return err
			}
			lines = max(0, min(lines-before, remaining))
			shipping := max(0, min(f.Shipping, remaining-lines))
			remaining -= lines + shipping
			if entries := ledger.RefundEntries(f.ArtisanID, o.Number, lines, shipping, before, bp, s.now()); len(entries) > 0 {
				for i := range entries {
					entries[i].Reference, entries[i].CreatedBy = r.Reference, r.CreatedBy
				}
				if err := tx.Create(&entries).Error; err != nil {
					return err
				}
			}
			if restock {
				for _, l := range o.Lines {
					if l.FulfilmentID == f.ID && !l.Cancelled {
						if err := release(tx, l); err != nil {
							return err
						}
						if err := tx.Model(&order.Line{}).Where("id = ?", l.ID).
							Updates(map[string]any{"cancelled": true, "cancel_reason": "refunded: " + r.Reason}).Error; err != nil {
							return err
						}
					}
				}
			}
		}
		if o.PaidAt != nil {
			if err := markDirty(tx, sales.Day(*o.PaidAt)); err != nil {
				return err
			}
		}
		refunded := o.Refunded + r.Amount
		status := order.PartiallyRefunded
		if refunded >= paid {
			status = order.Refunded
		}
		err := tx.Model(&order.Order{}).Where("id = ?", o.ID).
			Updates(map[string]any{"refunded": refunded, "status": status, "flag": "", "flag_note": "", "updated_at": s.now()}).Error
		if err != nil {
			return err
		}
		if err := addEvent(tx, o.ID, "refunded", fmt.Sprintf("%d %s %s: %s", r.Amount, r.Method, r.Reference, r.Reason), r.CreatedBy); err != nil {
			return err
		}
		o.Refunded, o.Status = refunded, status
		return nil
	})
	if err != nil {
		return o, fmt.Errorf("store: record refund of order %d: %w", r.OrderID, err)
	}
	return o, nil
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
func (s *Store) Settle(ctx context.Context, e ledger.Entry) error {
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
		return tx.Create(&e).Error
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

// CardPayments lists card payments recorded since a time: order number →
// amount, for reconciliation with the provider.
func (s *Store) CardPayments(ctx context.Context, since time.Time) (map[string]int64, error) {
	var rows []struct {
		Number string
		Amount int64
	}
	err := s.read.WithContext(ctx).Table("payments").Joins("JOIN orders ON orders.id = payments.order_id").
		Where("payments.method = ? AND payments.paid_at >= ?", order.MethodStripe, since.UTC()).
		Select("orders.number AS number, SUM(payments.amount) AS amount").Group("orders.number").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: card payments: %w", err)
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Number] = r.Amount
	}
	return out, nil
}
