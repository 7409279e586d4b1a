package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"kriya/internal/catalog"
	"kriya/internal/order"
)

type cartRow struct {
	ID         int64
	SessionKey *string
	UserID     *int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

type cartItemRow struct {
	ID        int64
	CartID    int64
	SKUID     int64 `gorm:"column:sku_id"`
	Quantity  int
	PriceSeen int64
	CreatedAt time.Time
}

// CartID finds the cart of a signed-in user (userID) or of a guest's
// session (sessionKey), creating it when create is set; 0 means none yet.
func (s *Store) CartID(ctx context.Context, sessionKey string, userID *int64, create bool) (int64, error) {
	db := s.write.WithContext(ctx)
	q := db.Model(&cartRow{})
	row := cartRow{}
	if userID != nil {
		q, row.UserID = q.Where("user_id = ?", *userID), userID
	} else if sessionKey != "" {
		q, row.SessionKey = q.Where("session_key = ?", sessionKey), &sessionKey
	} else {
		return 0, nil
	}
	var id int64
	err := q.Select("id").Take(&id).Error
	switch {
	case err == nil:
		return id, nil
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return 0, fmt.Errorf("store: cart: %w", err)
	case !create:
		return 0, nil
	}
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return 0, fmt.Errorf("store: create cart: %w", err)
	}
	if row.ID == 0 { // created meanwhile by a concurrent request
		return s.CartID(ctx, sessionKey, userID, false)
	}
	return row.ID, nil
}

// Cart reads a cart's items with their listings as they are now.
func (s *Store) Cart(ctx context.Context, cartID int64) (order.Cart, error) {
	c := order.Cart{ID: cartID}
	if cartID == 0 {
		return c, nil
	}
	var rows []cartItemRow
	if err := s.read.WithContext(ctx).Where("cart_id = ?", cartID).Order("id").Find(&rows).Error; err != nil {
		return c, fmt.Errorf("store: cart items: %w", err)
	}
	if len(rows) == 0 {
		return c, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.SKUID
	}
	items, err := s.skuItems(ctx, "skus.id IN ?", ids)
	if err != nil {
		return c, err
	}
	byID := map[int64]order.CartItem{}
	for _, it := range items {
		byID[it.SKU.ID] = it
	}
	for _, r := range rows {
		if it, ok := byID[r.SKUID]; ok {
			it.Quantity, it.PriceSeen = r.Quantity, r.PriceSeen
			c.Items = append(c.Items, it)
		}
	}
	return c, nil
}

// SKUItems looks SKUs up by their public codes, each with its listing and
// artisan as they are now, for orders placed without a cart (the API) and
// for adding to a cart. Unknown codes are simply absent.
func (s *Store) SKUItems(ctx context.Context, codes []string) (map[string]order.CartItem, error) {
	items, err := s.skuItems(ctx, "skus.code IN ?", codes)
	if err != nil {
		return nil, err
	}
	out := make(map[string]order.CartItem, len(items))
	for _, it := range items {
		it.PriceSeen = it.Price
		out[it.SKU.Code] = it
	}
	return out, nil
}

func (s *Store) skuItems(ctx context.Context, where string, arg any) ([]order.CartItem, error) {
	var skus []catalog.SKU
	if err := s.read.WithContext(ctx).Where(where, arg).Find(&skus).Error; err != nil {
		return nil, fmt.Errorf("store: skus: %w", err)
	}
	if len(skus) == 0 {
		return nil, nil
	}
	productIDs := make([]int64, 0, len(skus))
	for _, k := range skus {
		productIDs = append(productIDs, k.ProductID)
	}
	var products []catalog.Product
	err := s.read.WithContext(ctx).Select(cardColumns+", products.weight_grams, products.sale_from, products.sale_until").
		Preload("Artisan").Preload("Images", func(db *gorm.DB) *gorm.DB { return db.Order("position, id") }).
		Where("id IN ?", productIDs).Find(&products).Error
	if err != nil {
		return nil, fmt.Errorf("store: sku products: %w", err)
	}
	productByID := map[int64]catalog.Product{}
	for _, p := range products {
		productByID[p.ID] = p
	}
	items := make([]order.CartItem, 0, len(skus))
	for _, k := range skus {
		if p, ok := productByID[k.ProductID]; ok {
			items = append(items, order.CartItem{SKU: k, Product: p, Price: p.PriceOf(k, s.now())})
		}
	}
	return items, nil
}

// AddToCart puts quantity more of a SKU in a cart, remembering the price
// the buyer saw the first time.
func (s *Store) AddToCart(ctx context.Context, cartID, skuID int64, quantity int, priceSeen int64) error {
	err := s.write.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "cart_id"}, {Name: "sku_id"}},
		DoUpdates: clause.Assignments(map[string]any{"quantity": addQuantity(quantity)}),
	}).Create(&cartItemRow{CartID: cartID, SKUID: skuID, Quantity: min(quantity, order.MaxQuantity), PriceSeen: priceSeen}).Error
	if err != nil {
		return fmt.Errorf("store: add to cart: %w", err)
	}
	return nil
}

// SetCartQuantity sets a SKU's quantity in a cart; 0 removes it.
func (s *Store) SetCartQuantity(ctx context.Context, cartID, skuID int64, quantity int, priceSeen int64) error {
	db := s.write.WithContext(ctx).Where("cart_id = ? AND sku_id = ?", cartID, skuID)
	var err error
	if quantity <= 0 {
		err = db.Delete(&cartItemRow{}).Error
	} else {
		err = db.Model(&cartItemRow{}).Updates(map[string]any{"quantity": min(quantity, order.MaxQuantity), "price_seen": priceSeen}).Error
	}
	if err != nil {
		return fmt.Errorf("store: set cart quantity: %w", err)
	}
	return nil
}

// MergeCart moves a guest's cart into a signed-in buyer's cart at login,
// adding quantities, and removes the guest's.
func (s *Store) MergeCart(ctx context.Context, fromCartID, intoCartID int64) error {
	if fromCartID == 0 || fromCartID == intoCartID {
		return nil
	}
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var rows []cartItemRow
		if err := tx.Where("cart_id = ?", fromCartID).Find(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			err := tx.Clauses(clause.OnConflict{
				Columns:   []clause.Column{{Name: "cart_id"}, {Name: "sku_id"}},
				DoUpdates: clause.Assignments(map[string]any{"quantity": addQuantity(r.Quantity)}),
			}).Create(&cartItemRow{CartID: intoCartID, SKUID: r.SKUID, Quantity: r.Quantity, PriceSeen: r.PriceSeen}).Error
			if err != nil {
				return err
			}
		}
		return tx.Delete(&cartRow{}, fromCartID).Error
	})
	if err != nil {
		return fmt.Errorf("store: merge carts: %w", err)
	}
	return nil
}

// addQuantity adds to a cart line's quantity, capped at order.MaxQuantity,
// in SQL both dialects speak (SQLite has no LEAST, MySQL no scalar MIN).
func addQuantity(n int) clause.Expr {
	return gorm.Expr("CASE WHEN quantity + ? > ? THEN ? ELSE quantity + ? END", n, order.MaxQuantity, order.MaxQuantity, n)
}

// CartCount is the number of pieces in a signed-in buyer's (userID) or a
// guest session's cart, in one query: the header shows it on every page.
func (s *Store) CartCount(ctx context.Context, sessionKey string, userID *int64) (int, error) {
	db := s.read.WithContext(ctx).Table("cart_items").Joins("JOIN carts ON carts.id = cart_items.cart_id")
	switch {
	case userID != nil:
		db = db.Where("carts.user_id = ?", *userID)
	case sessionKey != "":
		db = db.Where("carts.session_key = ?", sessionKey)
	default:
		return 0, nil
	}
	var n int64
	if err := db.Select("COALESCE(SUM(cart_items.quantity), 0)").Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("store: cart count: %w", err)
	}
	return int(n), nil
}
