package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"kriya/internal/order"
)

// holderRow is a requester that has placed orders (order_holders): its
// row is the lock two orders of one requester queue on.
type holderRow struct {
	Scope     string `gorm:"primaryKey"`
	TouchedAt time.Time
}

// EnsureHolders creates the rows of requesters, each in a statement of its
// own and outside any transaction: LockHolders then only updates rows that
// exist. (Creating them inside the transaction would make concurrent first
// orders of one requester deadlock on MySQL, each holding the shared lock
// a duplicate insert takes and wanting the other's exclusive one.)
func (s *Store) EnsureHolders(ctx context.Context, scopes ...string) error {
	for _, scope := range scopes {
		err := s.write.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).
			Create(&holderRow{Scope: scope, TouchedAt: s.now()}).Error
		if err != nil {
			return fmt.Errorf("store: holder %s: %w", scope, err)
		}
	}
	return nil
}

// LockHolders locks the rows of requesters until the transaction ends, in
// one statement (so in the index's order, whoever else locks some of
// them): a second order of the same e-mail or client address waits here,
// and then reads the first one's holds. Call it first in the transaction:
// on MySQL a transaction's snapshot is taken at its first read, and must
// be taken after the lock. SQLite's one writer already queues orders.
func (s *Store) LockHolders(ctx context.Context, scopes ...string) error {
	err := s.write.WithContext(ctx).Model(&holderRow{}).Where("scope IN ?", slices.Sorted(slices.Values(scopes))).
		Update("touched_at", s.now()).Error
	if err != nil {
		return fmt.Errorf("store: lock holders: %w", err)
	}
	return nil
}

// Holding counts what the orders of an e-mail and of a client address
// hold unpaid (units, in all and for the e-mail per SKU) and how many were
// placed since since. An empty client counts nothing for it.
func (s *Store) Holding(ctx context.Context, email, client string, since time.Time) (order.Holding, error) {
	h := order.Holding{EmailSKU: map[int64]int{}}
	db := s.write.WithContext(ctx)
	type held struct {
		SKUID int64
		Units int
	}
	for _, by := range []struct {
		column, value string
		units         *int
		orders        *int
		perSKU        map[int64]int
	}{
		{"email", email, &h.EmailUnits, &h.EmailOrders, h.EmailSKU},
		{"client_addr", client, &h.ClientUnits, &h.ClientOrders, map[int64]int{}},
	} {
		if by.value == "" {
			continue
		}
		var rows []held
		err := db.Table("order_lines").Select("order_lines.sku_id, SUM(order_lines.held) AS units").
			Joins("JOIN orders ON orders.id = order_lines.order_id").
			Where("orders."+by.column+" = ? AND orders.status = ?", by.value, order.PendingPayment).
			Group("order_lines.sku_id").Scan(&rows).Error
		if err != nil {
			return h, fmt.Errorf("store: holding by %s: %w", by.column, err)
		}
		for _, r := range rows {
			by.perSKU[r.SKUID] = r.Units
			*by.units += r.Units
		}
		var n int64
		if err := db.Model(&order.Order{}).Where(by.column+" = ? AND created_at >= ?", by.value, since.UTC()).Count(&n).Error; err != nil {
			return h, fmt.Errorf("store: orders by %s: %w", by.column, err)
		}
		*by.orders = int(n)
	}
	return h, nil
}

// PromiseTransfer records that the buyer of an unpaid bank-transfer order
// will transfer, and gives the order until deadline. Only once, and only
// while the order still waits within its first window (order.ErrState).
func (s *Store) PromiseTransfer(ctx context.Context, id int64, deadline time.Time) error {
	now := s.now()
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&order.Order{}).
			Where("id = ? AND status = ? AND payment_method = ? AND transfer_promised IS NULL AND expires_at > ?", id, order.PendingPayment, order.MethodManual, now).
			Updates(map[string]any{"transfer_promised": now, "expires_at": deadline, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return order.ErrState
		}
		return addEvent(tx, id, "transfer_promised", "", "")
	})
	if err != nil {
		return fmt.Errorf("store: promise transfer of order %d: %w", id, err)
	}
	return nil
}
