package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"kriya/internal/catalog"
	"kriya/internal/order"
)

// ShippingRates returns the council's delivery tariff.
func (s *Store) ShippingRates(ctx context.Context) (order.RateTable, error) {
	var t order.RateTable
	if err := s.read.WithContext(ctx).Order("zone, max_grams").Find(&t).Error; err != nil {
		return nil, fmt.Errorf("store: shipping rates: %w", err)
	}
	return t, nil
}

// SaveShippingRates replaces the whole tariff at once.
func (s *Store) SaveShippingRates(ctx context.Context, t order.RateTable) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("1 = 1").Delete(&order.Rate{}).Error; err != nil {
			return err
		}
		for i := range t {
			t[i].ID = 0
		}
		if len(t) == 0 {
			return nil
		}
		return tx.Create(&t).Error
	})
	if err != nil {
		return fmt.Errorf("store: save shipping rates: %w", err)
	}
	return nil
}

// PlaceOrder stores an order and reserves its stock in one transaction:
// each SKU's stock drops only if enough is left (a conditional update),
// and only while its listing and artisan are live; otherwise nothing is
// kept and a *order.StockError names the SKU. A price that changed since
// the buyer saw it gives order.ErrPriceChanged. The checkout key makes a
// repeated submission return the order already placed (existing true),
// when it asks for the same (order.Replay; else order.ErrKeyReused).
func (s *Store) PlaceOrder(ctx context.Context, o *order.Order, cartID int64) (existing bool, err error) {
	if prior, err := s.PlacedOrder(ctx, o.CheckoutKey); err == nil {
		if err := order.Replay(prior, *o); err != nil {
			return false, err
		}
		*o = prior
		return true, nil
	} else if !errors.Is(err, order.ErrNotFound) {
		return false, err
	}
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		lines, fulfilments := o.Lines, o.Fulfilments
		o.Lines, o.Fulfilments = nil, nil
		if err := tx.Create(o).Error; err != nil {
			return err
		}
		fulfilmentOf := map[int64]int64{}
		for i := range fulfilments {
			fulfilments[i].OrderID = o.ID
			if err := tx.Create(&fulfilments[i]).Error; err != nil {
				return err
			}
			fulfilmentOf[fulfilments[i].ArtisanID] = fulfilments[i].ID
		}
		// Reserve SKUs in the order of their ids: two orders sharing SKUs
		// then lock their rows in the same order, and on MySQL never
		// deadlock each other waiting for the row the other holds.
		for _, l := range slices.SortedStableFunc(slices.Values(lines), func(a, b order.Line) int { return cmp.Compare(a.SKUID, b.SKUID) }) {
			if err := reserve(tx, l, s.now()); err != nil {
				return err
			}
		}
		for i := range lines {
			l := &lines[i]
			l.OrderID, l.FulfilmentID, l.Held = o.ID, fulfilmentOf[l.ArtisanID], l.Quantity
			if err := tx.Create(l).Error; err != nil {
				return err
			}
		}
		o.Lines, o.Fulfilments = lines, fulfilments
		if err := addEvent(tx, o.ID, "placed", o.PaymentMethod, o.Email); err != nil {
			return err
		}
		if cartID != 0 {
			if err := tx.Where("cart_id = ?", cartID).Delete(&cartItemRow{}).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		// The same checkout submitted twice at once: the other won.
		prior, perr := s.PlacedOrder(ctx, o.CheckoutKey)
		if perr != nil {
			return false, fmt.Errorf("store: place order: %w", perr)
		}
		if err := order.Replay(prior, *o); err != nil {
			return false, err
		}
		*o = prior
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: place order: %w", err)
	}
	return false, nil
}

// reserve takes a line's quantity from its SKU's stock, if the stock, the
// price and the listing allow. The listing is checked with a correlated
// EXISTS: as "product_id IN (every visible product)" SQLite built the whole
// list for each line, 0.9 s with 100,000 products, in the one writer.
func reserve(tx *gorm.DB, l order.Line, now time.Time) error {
	// The line's price must be the SKU's price now: its sale price while
	// the listing's sale runs (catalog.Product.PriceOf), else its price.
	res := tx.Set(stockMove, true).Exec(`UPDATE skus SET stock = stock - ? WHERE id = ? AND stock >= ?
		AND EXISTS (SELECT 1 FROM products JOIN artisans ON artisans.id = products.artisan_id
			WHERE products.id = skus.product_id AND products.status = ? AND artisans.status = ?
			AND ? = CASE WHEN skus.sale_price > 0 AND skus.sale_price < skus.price
				AND products.sale_from <= ? AND products.sale_until > ? THEN skus.sale_price ELSE skus.price END)`,
		l.Quantity, l.SKUID, l.Quantity, catalog.ProductActive, catalog.ArtisanActive, l.Price, now.UTC(), now.UTC())
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var k catalog.SKU
	if err := tx.Take(&k, l.SKUID).Error; err != nil {
		return err
	}
	var p catalog.Product
	if err := tx.Select("id, sale_from, sale_until").Take(&p, k.ProductID).Error; err != nil {
		return err
	}
	if p.PriceOf(k, now) != l.Price && k.Stock >= l.Quantity {
		return order.ErrPriceChanged
	}
	return &order.StockError{SKU: l.SKUCode, Title: l.Title, Available: k.Stock}
}

func addEvent(tx *gorm.DB, orderID int64, kind, detail, actor string) error {
	return tx.Create(&order.Event{OrderID: orderID, Kind: kind, Detail: detail, Actor: actor}).Error
}

func withOrderDetails(db *gorm.DB) *gorm.DB {
	return db.Preload("Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Fulfilments", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Events", func(db *gorm.DB) *gorm.DB { return db.Order("id") })
}

// PlacedOrder returns the order a checkout attempt placed, if any.
func (s *Store) PlacedOrder(ctx context.Context, key string) (order.Order, error) {
	var o order.Order
	err := s.write.WithContext(ctx).Scopes(withOrderDetails).Where("checkout_key = ?", key).Take(&o).Error
	if err != nil {
		return o, notFound(err, order.ErrNotFound, "store: order by checkout")
	}
	return o, nil
}

// OrderByNumber returns an order with its lines, fulfilments and history.
func (s *Store) OrderByNumber(ctx context.Context, number string) (order.Order, error) {
	var o order.Order
	err := s.read.WithContext(ctx).Scopes(withOrderDetails).Where("number = ?", strings.ToUpper(number)).Take(&o).Error
	if err != nil {
		return o, notFound(err, order.ErrNotFound, "store: order "+number)
	}
	return o, nil
}

// Orders lists orders, newest first, at most 200: a user's own (UserID),
// or all matching a staff member's filters.
func (s *Store) Orders(ctx context.Context, f order.Filter) ([]order.Order, error) {
	db := s.read.WithContext(ctx).Preload("Fulfilments").Order("id DESC").Limit(200)
	if f.UserID != 0 {
		db = db.Where("user_id = ?", f.UserID)
	}
	if f.Status != "" {
		db = db.Where("status = ?", f.Status)
	}
	if f.Flagged {
		db = db.Where("flag <> ''")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pattern := "%" + like(strings.ToLower(q)) + "%"
		db = db.Where(`(number LIKE ? ESCAPE '!' OR email LIKE ? ESCAPE '!' OR LOWER(name) LIKE ? ESCAPE '!')`,
			like(strings.ToUpper(q))+"%", pattern, pattern)
	}
	var os []order.Order
	if err := db.Find(&os).Error; err != nil {
		return nil, fmt.Errorf("store: orders: %w", err)
	}
	return os, nil
}

// DueOrders lists unpaid orders past their deadline, at most 200 at a time.
func (s *Store) DueOrders(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := s.read.WithContext(ctx).Model(&order.Order{}).
		Where("status = ? AND expires_at <= ?", order.PendingPayment, s.now()).Limit(200).Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: due orders: %w", err)
	}
	return ids, nil
}

// EndUnpaid moves an unpaid order to status (expired or cancelled) and
// releases its stock, in one transaction, and returns the order. The
// change is conditional, so when several workers expire the same order,
// one releases its stock and the others get order.ErrState.
func (s *Store) EndUnpaid(ctx context.Context, id int64, status, kind, actor string) (o order.Order, err error) {
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		o, err = s.endUnpaid(tx, id, status, kind, actor)
		return err
	})
	if err != nil {
		return o, fmt.Errorf("store: %s order %d: %w", kind, id, err)
	}
	return o, nil
}

func (s *Store) endUnpaid(tx *gorm.DB, id int64, status, kind, actor string) (order.Order, error) {
	var o order.Order
	res := tx.Model(&order.Order{}).Where("id = ? AND status = ?", id, order.PendingPayment).
		Updates(map[string]any{"status": status, "updated_at": s.now()})
	if res.Error != nil {
		return o, res.Error
	}
	if res.RowsAffected == 0 {
		return o, order.ErrState
	}
	if err := tx.Scopes(withOrderDetails).Take(&o, id).Error; err != nil {
		return o, err
	}
	for _, l := range o.Lines {
		if err := releaseUnits(tx, l, l.Held); err != nil {
			return o, err
		}
	}
	if err := tx.Model(&order.Fulfilment{}).Where("order_id = ?", id).Update("status", order.FulfilmentCancelled).Error; err != nil {
		return o, err
	}
	return o, addEvent(tx, id, kind, "", actor)
}

// RecordPayment records a bank transfer staff received for an unpaid
// order, read under its lock. Once the payments cover the total the order
// is paid (markPaid); less is held and the order flagged underpaid, more
// flagged overpaid — neither is silently accepted. An order not waiting
// for payment gives order.ErrState. It returns the order as it now is.
func (s *Store) RecordPayment(ctx context.Context, orderID int64, p order.Payment, bp int) (o order.Order, err error) {
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if o, err = s.lockOrder(tx, orderID); err != nil {
			return err
		}
		if o.Status != order.PendingPayment {
			return order.ErrState
		}
		p.OrderID = o.ID
		paid, _, err := s.payTowards(tx, o, p, bp)
		if err != nil {
			return err
		}
		return tx.Scopes(withOrderDetails).Take(&o, paid.ID).Error
	})
	if err != nil {
		return o, fmt.Errorf("store: record payment of order %d: %w", orderID, err)
	}
	return o, nil
}

// ArtisanOrders lists the orders with a part for an artisan, newest first,
// each holding only that artisan's fulfilment and lines.
func (s *Store) ArtisanOrders(ctx context.Context, artisanID int64, status string) ([]order.Order, error) {
	db := s.read.WithContext(ctx).Where("artisan_id = ?", artisanID).Order("id DESC").Limit(300)
	if status != "" {
		db = db.Where("status = ?", status)
	}
	var fs []order.Fulfilment
	if err := db.Find(&fs).Error; err != nil {
		return nil, fmt.Errorf("store: artisan fulfilments: %w", err)
	}
	out := make([]order.Order, 0, len(fs))
	for _, f := range fs {
		o, err := s.artisanOrder(s.read.WithContext(ctx), artisanID, f)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// ArtisanOrderCounts counts an artisan's parts of orders by status, for
// the tabs of its orders page.
func (s *Store) ArtisanOrderCounts(ctx context.Context, artisanID int64) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := s.read.WithContext(ctx).Model(&order.Fulfilment{}).Select("status, COUNT(*) AS n").
		Where("artisan_id = ?", artisanID).Group("status").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: artisan order counts: %w", err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// ArtisanOrder returns one of an artisan's parts of an order, by its
// fulfilment id; another artisan's is not found.
func (s *Store) ArtisanOrder(ctx context.Context, artisanID, fulfilmentID int64) (order.Order, error) {
	var f order.Fulfilment
	err := s.read.WithContext(ctx).Where("id = ? AND artisan_id = ?", fulfilmentID, artisanID).Take(&f).Error
	if err != nil {
		return order.Order{}, notFound(err, order.ErrNotFound, "store: fulfilment")
	}
	return s.artisanOrder(s.read.WithContext(ctx), artisanID, f)
}

func (s *Store) artisanOrder(db *gorm.DB, artisanID int64, f order.Fulfilment) (order.Order, error) {
	var o order.Order
	err := db.Preload("Lines", "artisan_id = ?", artisanID).Take(&o, f.OrderID).Error
	if err != nil {
		return o, fmt.Errorf("store: order of fulfilment %d: %w", f.ID, err)
	}
	o.Fulfilments = []order.Fulfilment{f}
	return o, nil
}

// ShipFulfilment marks a paid part shipped with its courier and tracking
// number; only a part waiting to be packed can be. It returns the whole
// order as it now is.
func (s *Store) ShipFulfilment(ctx context.Context, artisanID, fulfilmentID int64, courier, tracking string) (order.Order, error) {
	return s.moveFulfilment(ctx, artisanID, fulfilmentID, order.FulfilmentToPack, order.FulfilmentShipped,
		map[string]any{"courier": courier, "tracking": tracking, "shipped_at": s.now()}, "shipped", courier+" "+tracking)
}

// DeliverFulfilment marks a shipped part delivered; when every part of the
// order is delivered or cancelled, the order is fulfilled.
func (s *Store) DeliverFulfilment(ctx context.Context, artisanID, fulfilmentID int64) error {
	_, err := s.moveFulfilment(ctx, artisanID, fulfilmentID, order.FulfilmentShipped, order.FulfilmentDelivered,
		map[string]any{"delivered_at": s.now()}, "delivered", "")
	return err
}

func (s *Store) moveFulfilment(ctx context.Context, artisanID, fulfilmentID int64, from, to string, fields map[string]any, kind, detail string) (o order.Order, err error) {
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		fields["status"] = to
		res := tx.Model(&order.Fulfilment{}).Where("id = ? AND artisan_id = ? AND status = ?", fulfilmentID, artisanID, from).Updates(fields)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return order.ErrState
		}
		var f order.Fulfilment
		if err := tx.Take(&f, fulfilmentID).Error; err != nil {
			return err
		}
		if err := addEvent(tx, f.OrderID, kind, f.ArtisanName+": "+detail, f.ArtisanName); err != nil {
			return err
		}
		if err := s.completeIfDone(tx, f.OrderID); err != nil {
			return err
		}
		return tx.Scopes(withOrderDetails).Take(&o, f.OrderID).Error
	})
	if err != nil {
		return o, fmt.Errorf("store: %s fulfilment %d: %w", kind, fulfilmentID, err)
	}
	return o, nil
}

// completeIfDone marks a paid order fulfilled once none of its parts waits.
func (s *Store) completeIfDone(tx *gorm.DB, orderID int64) error {
	var open int64
	err := tx.Model(&order.Fulfilment{}).Where("order_id = ? AND status NOT IN ?", orderID,
		[]string{order.FulfilmentDelivered, order.FulfilmentCancelled}).Count(&open).Error
	if err != nil || open > 0 {
		return err
	}
	return tx.Model(&order.Order{}).Where("id = ? AND status = ?", orderID, order.Paid).
		Updates(map[string]any{"status": order.Fulfilled, "updated_at": s.now()}).Error
}

// CancelLine cancels one line of an artisan's part (it cannot be made or
// sent) with a reason, returning the stock it holds when restock is set.
// An unpaid order's totals drop by the line (and by the part's shipping
// when it was the part's last line); a paid order keeps the total it was
// paid, and the line's money goes back as a refund (app.CancelLine). It
// returns the order as it now is.
func (s *Store) CancelLine(ctx context.Context, artisanID, lineID int64, reason string, restock bool) (o order.Order, err error) {
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var l order.Line
		if err := tx.Where("id = ? AND artisan_id = ?", lineID, artisanID).Take(&l).Error; err != nil {
			return notFound(err, order.ErrNotFound, "line")
		}
		// The order's state is read under its lock, before anything moves:
		// a line of an order that ended (cancelled or expired) gave its
		// stock back when the order ended, and cancelling it now would
		// change a closed order's totals and history.
		if o, err = s.lockOrder(tx, l.OrderID); err != nil {
			return err
		}
		if o.Status == order.Cancelled || o.Status == order.Expired {
			return order.ErrState
		}
		res := tx.Model(&order.Line{}).Where("id = ? AND cancelled = ?", lineID, false).
			Updates(map[string]any{"cancelled": true, "cancel_reason": reason})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return order.ErrState
		}
		var f order.Fulfilment
		if err := tx.Take(&f, l.FulfilmentID).Error; err != nil {
			return err
		}
		if f.Status == order.FulfilmentShipped || f.Status == order.FulfilmentDelivered {
			return order.ErrState
		}
		if restock {
			if err := releaseUnits(tx, l, l.Held); err != nil {
				return err
			}
		}
		unpaid := o.Status == order.PendingPayment
		var open int64
		if err := tx.Model(&order.Line{}).Where("fulfilment_id = ? AND cancelled = ?", f.ID, false).Count(&open).Error; err != nil {
			return err
		}
		if open == 0 {
			fields := map[string]any{"status": order.FulfilmentCancelled}
			if unpaid {
				fields["shipping"] = 0 // not charged any more
			}
			if err := tx.Model(&f).Updates(fields).Error; err != nil {
				return err
			}
		}
		if err := tx.Scopes(withOrderDetails).Take(&o, l.OrderID).Error; err != nil {
			return err
		}
		if unpaid {
			o.Totals()
			if err := tx.Model(&o).Updates(map[string]any{"subtotal": o.Subtotal, "shipping": o.Shipping, "total": o.Total, "updated_at": s.now()}).Error; err != nil {
				return err
			}
		}
		if err := addEvent(tx, o.ID, "line_cancelled", fmt.Sprintf("%s %s ×%d: %s", l.Title, l.Label, l.Quantity, reason), f.ArtisanName); err != nil {
			return err
		}
		return s.completeIfDone(tx, o.ID)
	})
	if err != nil {
		return o, fmt.Errorf("store: cancel line %d: %w", lineID, err)
	}
	return o, nil
}

// FulfilmentStats measures an artisan's service over orders paid in
// [from, to): days from payment to shipping, and lines cancelled.
func (s *Store) FulfilmentStats(ctx context.Context, artisanID int64, from, to time.Time) (order.Stats, error) {
	var st order.Stats
	var shipped []struct {
		PaidAt    time.Time
		ShippedAt time.Time
	}
	err := s.read.WithContext(ctx).Table("fulfilments").Select("orders.paid_at, fulfilments.shipped_at").
		Joins("JOIN orders ON orders.id = fulfilments.order_id").
		Where("fulfilments.artisan_id = ? AND fulfilments.shipped_at IS NOT NULL AND orders.paid_at >= ? AND orders.paid_at < ?", artisanID, from.UTC(), to.UTC()).
		Scan(&shipped).Error
	if err != nil {
		return st, fmt.Errorf("store: fulfilment stats: %w", err)
	}
	var days float64
	for _, f := range shipped {
		days += f.ShippedAt.Sub(f.PaidAt).Hours() / 24
	}
	if st.Shipped = int64(len(shipped)); st.Shipped > 0 {
		st.AverageShipDays = days / float64(st.Shipped)
	}
	var lines []struct{ Cancelled bool }
	err = s.read.WithContext(ctx).Table("order_lines").Select("order_lines.cancelled").
		Joins("JOIN orders ON orders.id = order_lines.order_id").
		Where("order_lines.artisan_id = ? AND order_lines.paid = ? AND orders.paid_at >= ? AND orders.paid_at < ?", artisanID, true, from.UTC(), to.UTC()).
		Scan(&lines).Error
	if err != nil {
		return st, fmt.Errorf("store: fulfilment stats: %w", err)
	}
	st.Lines = int64(len(lines))
	for _, l := range lines {
		if l.Cancelled {
			st.CancelledLines++
		}
	}
	return st, nil
}
