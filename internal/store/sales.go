package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/sales"
)

type salesDaily struct {
	Day        string `gorm:"primaryKey"`
	ArtisanID  int64  `gorm:"primaryKey"`
	CategoryID int64  `gorm:"primaryKey"`
	Channel    string `gorm:"primaryKey"`
	Region     string `gorm:"primaryKey"`
	Units      int64
	Gross      int64
	Refunds    int64
}

type salesDailyProduct struct {
	Day       string `gorm:"primaryKey"`
	ProductID int64  `gorm:"primaryKey"`
	ArtisanID int64
	Units     int64
	Gross     int64
	Refunds   int64
}

type salesDailyOrders struct {
	ArtisanID int64  `gorm:"primaryKey"` // 0: every artisan's orders
	Dim       string `gorm:"primaryKey"`
	Day       string `gorm:"primaryKey"`
	DimKey    string `gorm:"primaryKey"`
	Orders    int64
}

type salesDirty struct {
	Day string `gorm:"primaryKey"`
}

// markDirty asks for a day's rollup to be rebuilt; every change to sales
// calls it in its own transaction, so no change can be missed.
func markDirty(tx *gorm.DB, day string) error {
	return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&salesDirty{Day: day}).Error
}

// RefreshSales rebuilds the rollups of every day marked dirty. Queries
// call it first, so figures are always exact; on MySQL a named lock keeps
// two processes from rebuilding at once.
func (s *Store) RefreshSales(ctx context.Context) error {
	var days []string
	if err := s.write.WithContext(ctx).Model(&salesDirty{}).Order("day").Limit(5000).Pluck("day", &days).Error; err != nil {
		return fmt.Errorf("store: dirty sales days: %w", err)
	}
	if len(days) == 0 {
		return nil
	}
	if s.dialect == MySQL {
		unlock, err := s.mysqlLock(ctx, "kriya-sales")
		if err != nil {
			return err
		}
		defer unlock()
	}
	for _, day := range days {
		if err := s.refreshDay(ctx, day); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) refreshDay(ctx context.Context, day string) error {
	from, err := time.ParseInLocation("2006-01-02", day, sales.WITA)
	if err != nil {
		return fmt.Errorf("store: refresh sales: day %q: %w", day, err)
	}
	to := from.AddDate(0, 0, 1)
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Gone already: another process rebuilt it.
		if res := tx.Where("day = ?", day).Delete(&salesDirty{}); res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		orders, err := paidOrders(tx, from.UTC(), to.UTC())
		if err != nil {
			return err
		}
		stands, err := standSales(tx, day)
		if err != nil {
			return err
		}
		r := sales.Rollup(orders, stands)
		for _, m := range []any{&salesDaily{}, &salesDailyProduct{}, &salesDailyOrders{}} {
			if err := tx.Where("day = ?", day).Delete(m).Error; err != nil {
				return err
			}
		}
		var cells []salesDaily
		for _, c := range r.Cells {
			cells = append(cells, salesDaily{day, c.ArtisanID, c.CategoryID, c.Channel, c.Region, c.Units, c.Gross, c.Refunds})
		}
		var products []salesDailyProduct
		for _, p := range r.Products {
			products = append(products, salesDailyProduct{day, p.ProductID, p.ArtisanID, p.Units, p.Gross, p.Refunds})
		}
		var counts []salesDailyOrders
		for _, o := range r.Orders {
			counts = append(counts, salesDailyOrders{o.ArtisanID, o.Dim, day, o.Key, o.Orders})
		}
		for _, rows := range []any{cells, products, counts} {
			if err := tx.CreateInBatches(rows, 500).Error; err != nil && err != gorm.ErrEmptySlice {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: refresh sales of %s: %w", day, err)
	}
	return nil
}

// paidOrders loads the orders paid in [from, to) with their lines as paid
// and the item refunds of each artisan.
func paidOrders(tx *gorm.DB, from, to time.Time) ([]sales.PaidOrder, error) {
	var os []order.Order
	err := tx.Select("id, number, country, province").Where("paid_at >= ? AND paid_at < ?", from, to).Find(&os).Error
	if err != nil || len(os) == 0 {
		return nil, err
	}
	ids, numbers := make([]int64, len(os)), make([]string, len(os))
	index := map[int64]int{}
	for i, o := range os {
		ids[i], numbers[i], index[o.ID] = o.ID, o.Number, i
	}
	var lines []struct {
		ID, OrderID, ArtisanID, ProductID, CategoryID int64
		Quantity                                      int64
		Price                                         int64
		KecamatanCode                                 string
	}
	err = tx.Table("order_lines").
		Select("order_lines.id, order_lines.order_id, order_lines.artisan_id, order_lines.product_id, order_lines.quantity, order_lines.price, products.category_id, artisans.kecamatan_code").
		Joins("JOIN products ON products.id = order_lines.product_id").
		Joins("JOIN artisans ON artisans.id = order_lines.artisan_id").
		Where("order_lines.order_id IN ? AND order_lines.paid = ?", ids, true).Scan(&lines).Error
	if err != nil {
		return nil, err
	}
	var refunds []struct {
		OrderNumber string
		ArtisanID   int64
		Amount      int64
	}
	err = tx.Model(&ledger.Entry{}).Select("order_number, artisan_id, -SUM(amount) AS amount").
		Where("kind = ? AND note = ? AND order_number IN ?", ledger.KindRefund, "items", numbers).
		Group("order_number, artisan_id").Scan(&refunds).Error
	if err != nil {
		return nil, err
	}
	out := make([]sales.PaidOrder, len(os))
	byNumber := map[string]int{}
	for i, o := range os {
		out[i] = sales.PaidOrder{Region: o.Address.Region(), Refunds: map[int64]int64{}}
		byNumber[o.Number] = i
	}
	for _, l := range lines {
		i := index[l.OrderID]
		out[i].Lines = append(out[i].Lines, sales.PaidLine{LineID: l.ID, ArtisanID: l.ArtisanID, CategoryID: l.CategoryID,
			ProductID: l.ProductID, Kecamatan: l.KecamatanCode, Units: l.Quantity, Gross: l.Price * l.Quantity})
	}
	for _, r := range refunds {
		out[byNumber[r.OrderNumber]].Refunds[r.ArtisanID] = r.Amount
	}
	return out, nil
}

// standSales loads a day's stand receipts that count: the latest version
// of each (a void counts nothing, being all zeros).
func standSales(tx *gorm.DB, day string) ([]sales.StandSale, error) {
	var rows []struct {
		ExhibitionID, ArtisanID, CategoryID, Units, Amount int64
		KecamatanCode                                      string
	}
	err := tx.Table("exhibition_sales").
		Select("exhibition_sales.exhibition_id, exhibition_sales.artisan_id, artisans.category_id, artisans.kecamatan_code, exhibition_sales.units, exhibition_sales.amount").
		Joins("JOIN artisans ON artisans.id = exhibition_sales.artisan_id").
		Where("exhibition_sales.day = ? AND exhibition_sales.superseded_by IS NULL", day).Scan(&rows).Error
	out := make([]sales.StandSale, len(rows))
	for i, r := range rows {
		out[i] = sales.StandSale{ExhibitionID: r.ExhibitionID, ArtisanID: r.ArtisanID, CategoryID: r.CategoryID,
			Kecamatan: r.KecamatanCode, Units: r.Units, Amount: r.Amount}
	}
	return out, err
}

// SalesRows is a breakdown of the sales of days [from, to) — "YYYY-MM-DD"
// in WITA — grouped as group says (a sales.By* constant, or "" for the
// total), optionally of one artisan only. Rows come from the rollups,
// which are refreshed first.
func (s *Store) SalesRows(ctx context.Context, group, from, to string, artisanID int64) ([]sales.Row, error) {
	if err := s.RefreshSales(ctx); err != nil {
		return nil, err
	}
	key, orderDim, table := "''", "total", "sales_daily"
	switch group {
	case sales.ByArtisan:
		key, orderDim = "sales_daily.artisan_id", "artisan"
	case sales.ByCategory:
		key, orderDim = "sales_daily.category_id", "category"
	case sales.ByChannel:
		key, orderDim = "sales_daily.channel", "channel"
	case sales.ByRegion:
		key, orderDim = "sales_daily.region", "region"
	case sales.ByKecamatan:
		key, orderDim = "artisans.kecamatan_code", "kecamatan"
	case sales.ByMonth:
		key = "SUBSTR(sales_daily.day, 1, 7)"
	case sales.ByProduct:
		key, orderDim, table = "sales_daily_products.product_id", "", "sales_daily_products"
	}
	// Products are only sold online; stand sales are recorded per artisan.
	onlineNet := "SUM(CASE WHEN sales_daily.channel = '" + sales.ChannelOnline + "' THEN sales_daily.gross - sales_daily.refunds ELSE 0 END)"
	if table == "sales_daily_products" {
		onlineNet = "SUM(sales_daily_products.gross - sales_daily_products.refunds)"
	}
	db := s.read.WithContext(ctx).Table(table).
		Select(key+" AS k, SUM("+table+".units) AS units, SUM("+table+".gross) AS gross, SUM("+table+".refunds) AS refunds, "+onlineNet+" AS online_net").
		Where(table+".day >= ? AND "+table+".day < ?", from, to).Group("k")
	if group == sales.ByKecamatan {
		db = db.Joins("JOIN artisans ON artisans.id = sales_daily.artisan_id")
	}
	if artisanID != 0 {
		db = db.Where(table+".artisan_id = ?", artisanID)
	}
	var rows []struct {
		K                                string
		Units, Gross, Refunds, OnlineNet int64
	}
	if err := db.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: sales by %s: %w", group, err)
	}
	orders, err := s.orderCounts(ctx, group, orderDim, from, to, artisanID)
	if err != nil {
		return nil, err
	}
	out := make([]sales.Row, 0, len(rows))
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.K] = true
		out = append(out, sales.Row{Key: r.K, Figures: sales.Figures{Orders: orders[r.K], Units: r.Units, Gross: r.Gross, Refunds: r.Refunds, OnlineNet: r.OnlineNet}})
	}
	for k, n := range orders { // a group with orders but no rows cannot happen; keep the counts honest anyway
		if !seen[k] && n > 0 {
			out = append(out, sales.Row{Key: k, Figures: sales.Figures{Orders: n}})
		}
	}
	return out, nil
}

// orderCounts counts orders per key of a grouping. With an artisan filter,
// only that artisan's orders count.
func (s *Store) orderCounts(ctx context.Context, group, dim, from, to string, artisanID int64) (map[string]int64, error) {
	out := map[string]int64{}
	if dim == "" {
		return out, nil
	}
	key := "dim_key"
	if group == sales.ByMonth {
		key = "SUBSTR(day, 1, 7)"
	}
	db := s.read.WithContext(ctx).Model(&salesDailyOrders{}).Select(key+" AS k, SUM(orders) AS n").
		Where("artisan_id = ? AND dim = ? AND day >= ? AND day < ?", artisanID, dim, from, to).Group("k")
	var rows []struct {
		K string
		N int64
	}
	if err := db.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: order counts: %w", err)
	}
	for _, r := range rows {
		out[r.K] = r.N
	}
	return out, nil
}
