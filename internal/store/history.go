package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/sales"
)

// ImportOrders writes past, paid orders as they were — lines, parts,
// payments and the artisans' ledger credits — without touching stock, for
// demo histories and benchmarks (`kriya seed orders`). Their days are
// marked for the sales rollups. bp is the commission in basis points.
func (s *Store) ImportOrders(ctx context.Context, orders []order.Order, bp int) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var all []order.Order
		for _, o := range orders {
			o.Lines, o.Fulfilments, o.Events = nil, nil, nil
			all = append(all, o)
		}
		if err := tx.Omit("Lines", "Fulfilments", "Events").CreateInBatches(&all, 500).Error; err != nil {
			return err
		}
		var fulfilments []order.Fulfilment
		for i := range orders {
			for _, f := range orders[i].Fulfilments {
				f.OrderID = all[i].ID
				fulfilments = append(fulfilments, f)
			}
		}
		if err := tx.CreateInBatches(&fulfilments, 500).Error; err != nil {
			return err
		}
		var lines []order.Line
		var payments []order.Payment
		var entries []ledger.Entry
		days := map[string]bool{}
		k := 0
		for i, o := range orders {
			ids := map[int64]int64{}
			for range o.Fulfilments {
				ids[fulfilments[k].ArtisanID] = fulfilments[k].ID
				k++
			}
			amounts := map[int64]int64{}
			for _, l := range o.Lines {
				l.OrderID, l.FulfilmentID, l.Paid = all[i].ID, ids[l.ArtisanID], true
				lines = append(lines, l)
				amounts[l.ArtisanID] += l.Amount()
			}
			if o.PaidAt == nil {
				continue
			}
			payments = append(payments, order.Payment{OrderID: all[i].ID, Method: o.PaymentMethod, Amount: o.Total,
				Reference: "demo", PaidAt: *o.PaidAt, RecordedBy: "demo", CreatedAt: *o.PaidAt})
			for _, f := range o.Fulfilments {
				for _, e := range ledger.SaleEntries(f.ArtisanID, o.Number, amounts[f.ArtisanID], f.Shipping, bp, *o.PaidAt) {
					e.CreatedBy = "demo"
					entries = append(entries, e)
				}
			}
			days[sales.Day(*o.PaidAt)] = true
		}
		for _, batch := range []any{&lines, &payments, &entries} {
			if err := tx.CreateInBatches(batch, 500).Error; err != nil && err != gorm.ErrEmptySlice {
				return err
			}
		}
		for d := range days {
			if err := markDirty(tx, d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: import orders: %w", err)
	}
	return nil
}
