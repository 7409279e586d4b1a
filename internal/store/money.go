package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/sales"
)

// lockOrder reads an order with its lines and parts for a change to its
// money or stock. On MySQL its row is locked (SELECT … FOR UPDATE) until
// the transaction ends, so two payments or refunds of one order queue
// instead of both acting on the same read; on SQLite the transaction
// already holds the one writer.
func (s *Store) lockOrder(tx *gorm.DB, id int64) (order.Order, error) {
	var o order.Order
	lock := tx
	if s.dialect == MySQL {
		lock = tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	if err := lock.Select("id").Take(&o, id).Error; err != nil {
		return o, notFound(err, order.ErrNotFound, "order")
	}
	return o, tx.Scopes(withOrderDetails).Take(&o, id).Error
}

// orderMoney is what an order's buyer paid and how it is accounted for,
// read in tx: payments, refunds, and each part's credits and refunds from
// the ledger.
func orderMoney(tx *gorm.DB, o order.Order) (order.Money, error) {
	m := order.Money{Refunded: o.Refunded}
	if err := tx.Model(&order.Payment{}).Where("order_id = ?", o.ID).Select("COALESCE(SUM(amount), 0)").Scan(&m.Paid).Error; err != nil {
		return m, err
	}
	if err := tx.Model(&order.Refund{}).Where("order_id = ?", o.ID).Select("COALESCE(SUM(held), 0)").Scan(&m.HeldRefunded).Error; err != nil {
		return m, err
	}
	var rows []struct {
		ArtisanID int64
		Kind      string
		Note      string
		Amount    int64
	}
	err := tx.Model(&ledger.Entry{}).Select("artisan_id, kind, note, SUM(amount) AS amount").
		Where("order_number = ? AND kind IN ?", o.Number, []string{ledger.KindSale, ledger.KindShipping, ledger.KindRefund, ledger.KindCommission}).
		Group("artisan_id, kind, note").Scan(&rows).Error
	if err != nil {
		return m, err
	}
	for _, f := range o.Fulfilments {
		p := order.PartMoney{FulfilmentID: f.ID, ArtisanID: f.ArtisanID}
		if f.CommissionBP != nil {
			p.CommissionBP = *f.CommissionBP
		}
		credited := false
		for _, r := range rows {
			if r.ArtisanID != f.ArtisanID {
				continue
			}
			switch {
			case r.Kind == ledger.KindSale:
				p.Items, credited = r.Amount, true
			case r.Kind == ledger.KindShipping:
				p.Shipping, credited = r.Amount, true
			case r.Kind == ledger.KindRefund && r.Note == "items":
				p.ItemsRefunded = -r.Amount
			case r.Kind == ledger.KindRefund && r.Note == "shipping":
				p.ShippingRefunded = -r.Amount
			case r.Kind == ledger.KindCommission:
				p.Commission = -r.Amount
			}
		}
		if f.CommissionBP == nil && p.Items > 0 {
			// Paid before rates were kept with the sale: the rate the
			// commission charged implies.
			p.CommissionBP = int((p.Commission*10000 + p.Items/2) / p.Items)
		}
		if credited {
			m.Parts = append(m.Parts, p)
		}
	}
	return m, nil
}

// OrderMoney is what an order's buyer paid and how it is accounted for,
// for the refund form and for checks.
func (s *Store) OrderMoney(ctx context.Context, o order.Order) (order.Money, error) {
	m, err := orderMoney(s.read.WithContext(ctx), o)
	if err != nil {
		return m, fmt.Errorf("store: money of order %s: %w", o.Number, err)
	}
	return m, nil
}

// raiseFlag adds a reason for staff to look at an order (order.RaiseFlag)
// and saves the order's flags.
func raiseFlag(tx *gorm.DB, o *order.Order, kind, note string) error {
	o.RaiseFlag(kind, note)
	return saveFlags(tx, *o)
}

// clearFlag removes a reason once the action that resolves it is done;
// other flags stay.
func clearFlag(tx *gorm.DB, o *order.Order, kind string) error {
	if !o.ClearFlag(kind) {
		return nil
	}
	return saveFlags(tx, *o)
}

func saveFlags(tx *gorm.DB, o order.Order) error {
	return tx.Model(&order.Order{}).Where("id = ?", o.ID).Updates(map[string]any{"flag": o.Flag, "flag_note": o.FlagNote}).Error
}

// RaiseFlag asks staff to look at an order, saying why.
func (s *Store) RaiseFlag(ctx context.Context, orderID int64, kind, note string) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		o, err := s.lockOrder(tx, orderID)
		if err != nil {
			return err
		}
		return raiseFlag(tx, &o, kind, note)
	})
	if err != nil {
		return fmt.Errorf("store: flag order %d: %w", orderID, err)
	}
	return nil
}

// RefundDetails is who refunds and how, beside the allocation request.
type RefundDetails struct {
	Method     string
	Reference  string
	RecordOnly bool
	Reason     string
	CreatedBy  string
}

// RecordRefund returns money of an order to its buyer, under the order's
// lock: the request is allocated (order.Allocate) against what each part
// was credited and not yet refunded; the refund with its allocation, each
// artisan's ledger debits and commission returned at the sale's rate, the
// units taken back (and their stock, where it was taken and restock is
// asked), and the order's status are written in one transaction. Only the
// flags the refund resolves are cleared. It returns the order as it now is
// and the refund.
func (s *Store) RecordRefund(ctx context.Context, orderID int64, req order.RefundRequest, d RefundDetails) (o order.Order, r order.Refund, err error) {
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if o, err = s.lockOrder(tx, orderID); err != nil {
			return err
		}
		m, err := orderMoney(tx, o)
		if err != nil {
			return err
		}
		if r, err = order.Allocate(o, m, req); err != nil {
			return err
		}
		r.Method, r.Reference, r.RecordOnly, r.Reason, r.CreatedBy = d.Method, d.Reference, d.RecordOnly, d.Reason, d.CreatedBy
		if err := tx.Omit("Parts", "Lines").Create(&r).Error; err != nil {
			return err
		}
		now := s.now()
		for i := range r.Parts {
			p := &r.Parts[i]
			money, _ := m.Part(p.FulfilmentID)
			p.RefundID = r.ID
			p.Commission = ledger.Commission(money.ItemsRefunded+p.Items, money.CommissionBP) - ledger.Commission(money.ItemsRefunded, money.CommissionBP)
			entries := ledger.RefundEntries(p.ArtisanID, o.Number, p.Items, p.Shipping, money.ItemsRefunded, money.CommissionBP, now)
			for j := range entries {
				entries[j].Reference, entries[j].CreatedBy = refundReference(r), r.CreatedBy
			}
			if len(entries) > 0 {
				if err := tx.Create(&entries).Error; err != nil {
					return err
				}
			}
			if err := tx.Create(p).Error; err != nil {
				return err
			}
		}
		for i := range r.Lines {
			rl := &r.Lines[i]
			rl.RefundID = r.ID
			l := o.Lines[slices.IndexFunc(o.Lines, func(l order.Line) bool { return l.ID == rl.LineID })]
			if req.Restock {
				rl.Restocked = min(rl.Units, l.Held)
				if err := releaseUnits(tx, l, rl.Restocked); err != nil {
					return err
				}
			}
			fields := map[string]any{"refunded_units": gorm.Expr("refunded_units + ?", rl.Units)}
			if l.RefundedUnits+rl.Units == l.Quantity && !l.Cancelled {
				fields["cancelled"], fields["cancel_reason"] = true, "refunded: "+r.Reason
			}
			if err := tx.Model(&order.Line{}).Where("id = ?", l.ID).Updates(fields).Error; err != nil {
				return err
			}
			if err := tx.Create(rl).Error; err != nil {
				return err
			}
		}
		if o.PaidAt != nil {
			if err := markDirty(tx, sales.Day(*o.PaidAt)); err != nil {
				return err
			}
		}
		refunded := o.Refunded + r.Amount
		status := o.Status
		if len(r.Parts) > 0 { // money held for nobody going back changes no sale
			status = order.PartiallyRefunded
			if allRefunded(m, r) {
				status = order.Refunded
			}
		}
		if err := tx.Model(&order.Order{}).Where("id = ?", o.ID).
			Updates(map[string]any{"refunded": refunded, "status": status, "updated_at": now}).Error; err != nil {
			return err
		}
		if err := addEvent(tx, o.ID, "refunded", fmt.Sprintf("%d %s %s: %s", r.Amount, r.Method, r.Reference, r.Reason), r.CreatedBy); err != nil {
			return err
		}
		if err := tx.Scopes(withOrderDetails).Take(&o, o.ID).Error; err != nil {
			return err
		}
		return s.clearResolvedFlags(tx, &o)
	})
	if err != nil {
		return o, r, fmt.Errorf("store: record refund of order %d: %w", orderID, err)
	}
	return o, r, nil
}

// allRefunded reports whether, with r, every credited part is refunded
// whole.
func allRefunded(m order.Money, r order.Refund) bool {
	for _, p := range m.Parts {
		left := p.ItemsLeft() + p.ShippingLeft()
		for _, rp := range r.Parts {
			if rp.FulfilmentID == p.FulfilmentID {
				left -= rp.Items + rp.Shipping
			}
		}
		if left > 0 {
			return false
		}
	}
	return true
}

// refundReference is what a refund's ledger entries cite: the bank's or
// Stripe's reference, or, for a card refund still on its way, the refund's
// own number.
func refundReference(r order.Refund) string {
	if r.Reference != "" {
		return r.Reference
	}
	return fmt.Sprintf("refund %d", r.ID)
}

// clearResolvedFlags clears the flags about money to return once nothing
// is left to return: held money (over-, under- or late payment) all given
// back, and every cancelled paid line refunded.
func (s *Store) clearResolvedFlags(tx *gorm.DB, o *order.Order) error {
	m, err := orderMoney(tx, *o)
	if err != nil {
		return err
	}
	if m.HeldLeft() == 0 {
		for _, kind := range []string{order.FlagOverpaid, order.FlagPaidAfterExpiry} {
			if err := clearFlag(tx, o, kind); err != nil {
				return err
			}
		}
		if o.Status != order.PendingPayment {
			if err := clearFlag(tx, o, order.FlagUnderpaid); err != nil {
				return err
			}
		}
	}
	due := slices.ContainsFunc(o.Lines, func(l order.Line) bool { return l.Cancelled && l.Paid && l.RefundedUnits < l.Quantity })
	if !due {
		return clearFlag(tx, o, order.FlagRefundDue)
	}
	return nil
}

// releaseUnits gives units of a line back to its SKU's stock, from what
// the line holds as the database has it now (not as l was read): the
// line's held count drops first, conditionally, and stock rises only when
// it did, so units are never given back twice whatever the caller read.
func releaseUnits(tx *gorm.DB, l order.Line, units int) error {
	if units <= 0 {
		return nil
	}
	res := tx.Model(&order.Line{}).Where("id = ? AND held >= ?", l.ID, units).Update("held", gorm.Expr("held - ?", units))
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("line %d holds fewer than %d units: %w", l.ID, units, order.ErrState)
	}
	return tx.Set(stockMove, true).Exec("UPDATE skus SET stock = stock + ? WHERE id = ?", units, l.SKUID).Error
}

// QueueMovement records money to send to an outside system, in the
// transaction of the change it belongs to; SendMovements sends it.
func (s *Store) QueueMovement(ctx context.Context, m *payment.Movement) error {
	now := s.now()
	m.Status, m.NextAttemptAt, m.CreatedAt, m.UpdatedAt = payment.MovementPending, now, now, now
	if err := s.write.WithContext(ctx).Create(m).Error; err != nil {
		return fmt.Errorf("store: queue %s of %s: %w", m.Kind, m.OrderNumber, err)
	}
	return nil
}

// ClaimMovement takes a pending movement for this process to send,
// hiding it from other processes for lease: a conditional update, so two
// processes never send the same movement at once (and its idempotency key
// covers a lease that ran out mid-call).
func (s *Store) ClaimMovement(ctx context.Context, id int64, lease time.Duration) (payment.Movement, bool, error) {
	var m payment.Movement
	if err := s.write.WithContext(ctx).Take(&m, id).Error; err != nil {
		return m, false, notFound(err, order.ErrNotFound, "store: movement")
	}
	if m.Status != payment.MovementPending {
		return m, false, nil
	}
	now := s.now()
	res := s.write.WithContext(ctx).Model(&payment.Movement{}).
		Where("id = ? AND status = ? AND next_attempt_at = ?", id, payment.MovementPending, m.NextAttemptAt).
		Updates(map[string]any{"next_attempt_at": now.Add(lease), "updated_at": now})
	if res.Error != nil {
		return m, false, fmt.Errorf("store: claim movement %d: %w", id, res.Error)
	}
	return m, res.RowsAffected == 1, nil
}

// DueMovements lists pending movements whose next attempt is due.
func (s *Store) DueMovements(ctx context.Context, limit int) ([]int64, error) {
	var ids []int64
	err := s.read.WithContext(ctx).Model(&payment.Movement{}).
		Where("status = ? AND next_attempt_at <= ?", payment.MovementPending, s.now()).
		Order("next_attempt_at, id").Limit(limit).Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: due movements: %w", err)
	}
	return ids, nil
}

// MovementDone records that the provider moved the money, with its id; a
// refund's record cites it from then on. (Ledger entries keep what they
// said when written — "refund 12", "Stripe Connect transfer" — and the
// movement links them to the provider's id: the ledger is never edited.)
func (s *Store) MovementDone(ctx context.Context, m payment.Movement, providerRef string) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.now()
		if err := tx.Model(&payment.Movement{}).Where("id = ?", m.ID).Updates(map[string]any{
			"status": payment.MovementDone, "provider_ref": providerRef, "attempts": gorm.Expr("attempts + 1"), "last_error": "", "updated_at": now,
		}).Error; err != nil {
			return err
		}
		if m.RefundID != nil {
			return tx.Model(&order.Refund{}).Where("id = ?", *m.RefundID).Update("reference", providerRef).Error
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: movement %d done: %w", m.ID, err)
	}
	return nil
}

// MovementFailed records a failed attempt, with the kind of failure staff
// read (a fault code, never the provider's text), and when to try again.
func (s *Store) MovementFailed(ctx context.Context, id int64, reason string, retryAt time.Time) error {
	err := s.write.WithContext(ctx).Model(&payment.Movement{}).Where("id = ?", id).Updates(map[string]any{
		"attempts": gorm.Expr("attempts + 1"), "last_error": reason, "next_attempt_at": retryAt, "updated_at": s.now(),
	}).Error
	if err != nil {
		return fmt.Errorf("store: movement %d failed: %w", id, err)
	}
	return nil
}

// RetryMovementNow makes a pending movement due at once, for staff who
// know the provider is back.
func (s *Store) RetryMovementNow(ctx context.Context, id int64) error {
	err := s.write.WithContext(ctx).Model(&payment.Movement{}).Where("id = ? AND status = ?", id, payment.MovementPending).
		Update("next_attempt_at", s.now()).Error
	if err != nil {
		return fmt.Errorf("store: retry movement %d: %w", id, err)
	}
	return nil
}

// Movements lists an order's money movements, or with number "" every
// pending one, oldest first.
func (s *Store) Movements(ctx context.Context, number string) ([]payment.Movement, error) {
	db := s.read.WithContext(ctx).Order("id")
	if number != "" {
		db = db.Where("order_number = ?", number)
	} else {
		db = db.Where("status = ?", payment.MovementPending)
	}
	var ms []payment.Movement
	if err := db.Limit(500).Find(&ms).Error; err != nil {
		return nil, fmt.Errorf("store: movements: %w", err)
	}
	return ms, nil
}
