package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"kriya/internal/catalog"
)

type productStatRow struct {
	ProductID int64  `gorm:"primaryKey"`
	Day       string `gorm:"primaryKey"`
	Views     int64
	CartAdds  int64
}

// addProductStat adds to one product's count of a day.
func addProductStat(db *gorm.DB, productID int64, day, column string, n int64) error {
	row := productStatRow{ProductID: productID, Day: day}
	if column == "views" {
		row.Views = n
	} else {
		row.CartAdds = n
	}
	return db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "product_id"}, {Name: "day"}},
		DoUpdates: clause.Assignments(map[string]any{column: gorm.Expr(column+" + ?", n)}),
	}).Create(&row).Error
}

// AddProductViews adds a day's views, counted by product slug (the
// product page's URL), to the products' statistics. Slugs of no product
// are dropped.
func (s *Store) AddProductViews(ctx context.Context, day string, views map[string]int64) error {
	if len(views) == 0 {
		return nil
	}
	slugs := make([]string, 0, len(views))
	for slug := range views {
		slugs = append(slugs, slug)
	}
	var products []catalog.Product
	if err := s.read.WithContext(ctx).Select("id, slug").Where("slug IN ?", slugs).Find(&products).Error; err != nil {
		return fmt.Errorf("store: product views: %w", err)
	}
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, p := range products {
			if err := addProductStat(tx, p.ID, day, "views", views[p.Slug]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: product views: %w", err)
	}
	return nil
}

// CountCartAdd counts a product put in a cart on day.
func (s *Store) CountCartAdd(ctx context.Context, productID int64, day string) error {
	if err := addProductStat(s.write.WithContext(ctx), productID, day, "cart_adds", 1); err != nil {
		return fmt.Errorf("store: count cart add: %w", err)
	}
	return nil
}

// ProductStats are an artisan's listings' views and cart adds over the
// days [from, to), by product.
func (s *Store) ProductStats(ctx context.Context, artisanID int64, from, to string) (map[int64]catalog.Interest, error) {
	var rows []struct {
		ProductID       int64
		Views, CartAdds int64
	}
	err := s.read.WithContext(ctx).Table("product_stats").
		Select("product_stats.product_id, SUM(product_stats.views) AS views, SUM(product_stats.cart_adds) AS cart_adds").
		Joins("JOIN products ON products.id = product_stats.product_id").
		Where("products.artisan_id = ? AND product_stats.day >= ? AND product_stats.day < ?", artisanID, from, to).
		Group("product_stats.product_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: product stats: %w", err)
	}
	out := map[int64]catalog.Interest{}
	for _, r := range rows {
		out[r.ProductID] = catalog.Interest{Views: r.Views, CartAdds: r.CartAdds}
	}
	return out, nil
}
