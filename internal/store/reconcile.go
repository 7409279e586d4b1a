package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"kriya/internal/order"
	"kriya/internal/payment"
)

// disputeEvent is the kind of order event ApplyCardEvent writes when the
// buyer's bank disputes a card payment. The event, not the order's flag,
// says an order was disputed: a later flag, or a refund, clears the flag.
const disputeEvent = "disputed"

// inChunk bounds the values of one IN list, well below SQLite's and
// MySQL's limits on placeholders in a statement.
const inChunk = 500

// CardRecords is Kriya's side of a card reconciliation: every order whose
// card money moved between since and until (a card payment, a refund of
// one, or a dispute recorded), and every order in named however old (the
// orders the provider's charges name, so a charge whose payment Kriya
// never recorded meets its order), each with all the card money Kriya ever
// recorded for it. Whole orders rather than what moved in the window,
// because the provider's charges carry their whole history too (amount
// refunded so far). Orders come in order-number order.
func (s *Store) CardRecords(ctx context.Context, since, until time.Time, named []string) ([]payment.Record, error) {
	db := s.read.WithContext(ctx)
	since, until = since.UTC(), until.UTC()
	// No index serves these date ranges (payments, refunds and events are
	// indexed by order): reconciliation runs about once a month, and
	// scanning three tables then costs less than indexes every payment
	// would pay for.
	var ids []int64
	err := db.Raw(`SELECT order_id FROM payments WHERE method = ? AND paid_at >= ? AND paid_at < ?
		UNION SELECT order_id FROM refunds WHERE method = ? AND created_at >= ? AND created_at < ?
		UNION SELECT order_id FROM order_events WHERE kind = ? AND created_at >= ? AND created_at < ?`,
		order.MethodStripe, since, until, order.MethodStripe, since, until, disputeEvent, since, until).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: card records: %w", err)
	}
	for numbers := range slices.Chunk(named, inChunk) {
		var more []int64
		if err := db.Model(&order.Order{}).Where("number IN ?", numbers).Pluck("id", &more).Error; err != nil {
			return nil, fmt.Errorf("store: card records: named orders: %w", err)
		}
		ids = append(ids, more...)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)

	var out []payment.Record
	for chunk := range slices.Chunk(ids, inChunk) {
		records, err := cardRecords(db, chunk)
		if err != nil {
			return nil, fmt.Errorf("store: card records: %w", err)
		}
		out = append(out, records...)
	}
	slices.SortFunc(out, func(a, b payment.Record) int { return cmp.Compare(a.Order, b.Order) })
	return out, nil
}

// cardRecords reads the card money of the orders with the given ids.
func cardRecords(db *gorm.DB, ids []int64) ([]payment.Record, error) {
	var orders []struct {
		ID     int64
		Number string
		Flag   string
	}
	if err := db.Model(&order.Order{}).Select("id, number, flag").Where("id IN ?", ids).Scan(&orders).Error; err != nil {
		return nil, err
	}
	byID := make(map[int64]*payment.Record, len(orders))
	out := make([]payment.Record, len(orders))
	for i, o := range orders {
		out[i] = payment.Record{Order: o.Number, Disputed: o.Flag == order.FlagDisputed}
		byID[o.ID] = &out[i]
	}

	var payments []struct {
		OrderID   int64
		Amount    int64
		Reference string
		PaidAt    time.Time
	}
	if err := db.Model(&order.Payment{}).Select("order_id, amount, reference, paid_at").
		Where("method = ? AND order_id IN ?", order.MethodStripe, ids).Order("id").Scan(&payments).Error; err != nil {
		return nil, err
	}
	for _, p := range payments {
		r := byID[p.OrderID]
		r.Received += p.Amount
		r.Moved = append(r.Moved, p.PaidAt)
		if p.Reference != "" && !slices.Contains(r.PaymentIntents, p.Reference) {
			r.PaymentIntents = append(r.PaymentIntents, p.Reference)
		}
	}

	var refunds []struct {
		OrderID   int64
		Amount    int64
		CreatedAt time.Time
	}
	if err := db.Model(&order.Refund{}).Select("order_id, amount, created_at").
		Where("method = ? AND order_id IN ?", order.MethodStripe, ids).Order("id").Scan(&refunds).Error; err != nil {
		return nil, err
	}
	for _, f := range refunds {
		r := byID[f.OrderID]
		r.Refunded += f.Amount
		r.Moved = append(r.Moved, f.CreatedAt)
	}

	var disputes []struct {
		OrderID   int64
		CreatedAt time.Time
	}
	if err := db.Model(&order.Event{}).Select("order_id, created_at").
		Where("kind = ? AND order_id IN ?", disputeEvent, ids).Order("id").Scan(&disputes).Error; err != nil {
		return nil, err
	}
	for _, d := range disputes {
		r := byID[d.OrderID]
		r.Disputed = true
		r.Moved = append(r.Moved, d.CreatedAt)
	}
	for i := range out {
		slices.SortFunc(out[i].Moved, time.Time.Compare)
	}
	return out, nil
}
