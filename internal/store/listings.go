package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"kriya/internal/catalog"
)

// listingChangeRow is a row of listing_changes; the proposal is JSON.
type listingChangeRow struct {
	ID        int64
	ProductID int64
	Proposal  string
	Status    string
	Reason    string
	DecidedBy string
	CreatedAt time.Time
	DecidedAt *time.Time
}

func (r listingChangeRow) change() (catalog.ListingChange, error) {
	c := catalog.ListingChange{ID: r.ID, ProductID: r.ProductID, Status: r.Status, Reason: r.Reason,
		DecidedBy: r.DecidedBy, CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt}
	err := json.Unmarshal([]byte(r.Proposal), &c.Proposal)
	return c, err
}

func withSKUsAndImages(db *gorm.DB) *gorm.DB {
	return db.Preload("SKUs", func(db *gorm.DB) *gorm.DB { return db.Order("position, id") }).
		Preload("Images", func(db *gorm.DB) *gorm.DB { return db.Order("position, id") }).
		Preload("Category")
}

// ArtisanListings lists an artisan's own listings in every status, newest
// first.
func (s *Store) ArtisanListings(ctx context.Context, artisanID int64) ([]catalog.Product, error) {
	var ps []catalog.Product
	err := s.read.WithContext(ctx).Scopes(withSKUsAndImages).Where("artisan_id = ?", artisanID).
		Order("created_at DESC, id DESC").Find(&ps).Error
	if err != nil {
		return nil, fmt.Errorf("store: artisan listings: %w", err)
	}
	return ps, nil
}

// ArtisanListing returns one of an artisan's listings. The artisan is part
// of the lookup: another artisan's listing is not found, whatever its id.
func (s *Store) ArtisanListing(ctx context.Context, artisanID, productID int64) (catalog.Product, error) {
	var p catalog.Product
	err := s.read.WithContext(ctx).Scopes(withSKUsAndImages).
		Where("id = ? AND artisan_id = ?", productID, artisanID).Take(&p).Error
	if err != nil {
		return p, notFound(err, catalog.ErrNotFound, fmt.Sprintf("store: listing %d", productID))
	}
	return p, nil
}

// Listing returns any listing by id, without its SKUs and photos: for the
// council's side, which is not one artisan's.
func (s *Store) Listing(ctx context.Context, productID int64) (catalog.Product, error) {
	var p catalog.Product
	if err := s.write.WithContext(ctx).Take(&p, productID).Error; err != nil {
		return p, notFound(err, catalog.ErrNotFound, fmt.Sprintf("store: listing %d", productID))
	}
	return p, nil
}

// SaveListing creates a listing (ID 0) or updates one with its SKUs and
// photos, in one transaction, and indexes it for search. SKUs keep their
// codes; new ones get one. It is the one way products are written: the
// workspace, imports, the demo and tests all come through here.
func (s *Store) SaveListing(ctx context.Context, p *catalog.Product) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return s.saveListing(tx, p) })
	if err != nil {
		return fmt.Errorf("store: save listing %q: %w", p.Slug, err)
	}
	return nil
}

// SaveListings saves listings exactly as SaveListing does, all in one
// transaction: bulk loads (kriya seed products) then commit, and wait for
// the disk, once per batch rather than once per listing.
func (s *Store) SaveListings(ctx context.Context, ps []*catalog.Product) error {
	err := s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, p := range ps {
			if err := s.saveListing(tx, p); err != nil {
				return fmt.Errorf("%q: %w", p.Slug, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: save listings: %w", err)
	}
	return nil
}

func (s *Store) saveListing(tx *gorm.DB, p *catalog.Product) error {
	if len(p.SKUs) == 0 {
		return errors.New("a listing needs at least one SKU")
	}
	p.PriceFrom = 0
	for i := range p.SKUs {
		if p.PriceFrom == 0 || p.SKUs[i].Price < p.PriceFrom {
			p.PriceFrom = p.SKUs[i].Price
		}
		p.SKUs[i].Position = i + 1
		if p.SKUs[i].Code == "" {
			p.SKUs[i].Code = newSKUCode()
		}
		if p.SKUs[i].ID == 0 && p.SKUs[i].LowStock == 0 {
			p.SKUs[i].LowStock = catalog.DefaultLowStock
		}
	}
	for i := range p.Images {
		p.Images[i].Position = i + 1
	}
	if p.ID == 0 {
		if err := tx.Omit("Artisan", "Category").Create(p).Error; err != nil {
			return err
		}
		return s.indexProduct(tx, p.ID)
	}
	err := tx.Model(p).Select("category_id", "title_id", "title_en", "description_id", "description_en",
		"material_id", "material_en", "weight_grams", "dimensions", "processing_days", "status",
		"review_reason", "assisted_by", "assisted_at", "price_from", "sale_from", "sale_until", "updated_at").Updates(p).Error
	if err != nil {
		return err
	}
	keep := []int64{0}
	for i := range p.SKUs {
		k := &p.SKUs[i]
		k.ProductID = p.ID
		if k.ID == 0 {
			if err := tx.Create(k).Error; err != nil {
				return err
			}
		} else if err := tx.Model(k).Where("product_id = ?", p.ID).
			Select("label", "price", "sale_price", "stock", "low_stock", "position").Updates(k).Error; err != nil {
			return err
		}
		keep = append(keep, k.ID)
	}
	// Restocked above the threshold: the next fall is news again.
	if err := tx.Model(&catalog.SKU{}).Where("product_id = ? AND stock > low_stock AND low_stock_told = ?", p.ID, true).
		Update("low_stock_told", false).Error; err != nil {
		return err
	}
	if err := tx.Where("product_id = ? AND id NOT IN ?", p.ID, keep).Delete(&catalog.SKU{}).Error; err != nil {
		return err
	}
	if err := tx.Where("product_id = ?", p.ID).Delete(&catalog.ProductImage{}).Error; err != nil {
		return err
	}
	for i := range p.Images {
		p.Images[i].ID, p.Images[i].ProductID = 0, p.ID
	}
	if len(p.Images) > 0 {
		if err := tx.Create(&p.Images).Error; err != nil {
			return err
		}
	}
	return s.indexProduct(tx, p.ID)
}

// ProposeChange holds a change of a live listing's title, prices or photos
// for staff, replacing any change of it still pending.
func (s *Store) ProposeChange(ctx context.Context, productID int64, prop catalog.Proposal) error {
	b, err := json.Marshal(prop)
	if err != nil {
		return fmt.Errorf("store: propose change: %w", err)
	}
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Model(&listingChangeRow{}).Where("product_id = ? AND status = ?", productID, catalog.ChangePending).
			Updates(map[string]any{"status": catalog.ChangeRejected, "reason": "replaced by a newer change", "decided_at": s.now()}).Error
		if err != nil {
			return err
		}
		return tx.Create(&listingChangeRow{ProductID: productID, Proposal: string(b), Status: catalog.ChangePending}).Error
	})
	if err != nil {
		return fmt.Errorf("store: propose change: %w", err)
	}
	return nil
}

// LatestChange returns a listing's most recent proposed change, pending or
// decided, so its owner sees the outcome; or catalog.ErrNotFound.
func (s *Store) LatestChange(ctx context.Context, productID int64) (catalog.ListingChange, error) {
	var r listingChangeRow
	err := s.read.WithContext(ctx).Where("product_id = ?", productID).Order("id DESC").Take(&r).Error
	if err != nil {
		return catalog.ListingChange{}, notFound(err, catalog.ErrNotFound, "store: latest change")
	}
	return r.change()
}

// ReviewQueue lists what waits for curation: new listings pending, and
// pending changes of live listings, each with its listing.
func (s *Store) ReviewQueue(ctx context.Context) ([]catalog.Product, []catalog.ListingChange, error) {
	var pending []catalog.Product
	err := s.read.WithContext(ctx).Scopes(withSKUsAndImages).Preload("Artisan").
		Where("status = ?", catalog.ProductPending).Order("updated_at, id").Find(&pending).Error
	if err != nil {
		return nil, nil, fmt.Errorf("store: review queue: %w", err)
	}
	var rows []listingChangeRow
	if err := s.read.WithContext(ctx).Where("status = ?", catalog.ChangePending).Order("id").Find(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("store: review queue: %w", err)
	}
	changes := make([]catalog.ListingChange, 0, len(rows))
	for _, r := range rows {
		c, err := r.change()
		if err != nil {
			return nil, nil, fmt.Errorf("store: review queue: change %d: %w", r.ID, err)
		}
		var p catalog.Product
		if err := s.read.WithContext(ctx).Scopes(withSKUsAndImages).Preload("Artisan").Take(&p, r.ProductID).Error; err != nil {
			return nil, nil, fmt.Errorf("store: review queue: %w", err)
		}
		c.Product = &p
		changes = append(changes, c)
	}
	return pending, changes, nil
}

// DecideListing publishes a pending new listing or rejects it with a
// reason. Only a pending listing can be decided: the update is conditional.
func (s *Store) DecideListing(ctx context.Context, productID int64, approve bool, reason string) error {
	status := catalog.ProductActive
	if !approve {
		status = catalog.ProductRejected
	}
	res := s.write.WithContext(ctx).Model(&catalog.Product{}).
		Where("id = ? AND status = ?", productID, catalog.ProductPending).
		Updates(map[string]any{"status": status, "review_reason": reason, "updated_at": s.now()})
	if res.Error != nil {
		return fmt.Errorf("store: decide listing %d: %w", productID, res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("store: decide listing %d: %w", productID, catalog.ErrNotFound)
	}
	return nil
}

// DecideChange applies a pending change to its live listing, or rejects it
// with a reason the artisan will see. Stock is the live stock: it is never
// part of a proposal.
func (s *Store) DecideChange(ctx context.Context, changeID int64, approve bool, reason, staff string) (productID int64, err error) {
	err = s.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var r listingChangeRow
		if err := tx.Where("id = ? AND status = ?", changeID, catalog.ChangePending).Take(&r).Error; err != nil {
			return notFound(err, catalog.ErrNotFound, "change")
		}
		productID = r.ProductID
		status := catalog.ChangeRejected
		if approve {
			status = catalog.ChangeApproved
		}
		res := tx.Model(&listingChangeRow{}).Where("id = ? AND status = ?", changeID, catalog.ChangePending).
			Updates(map[string]any{"status": status, "reason": reason, "decided_by": staff, "decided_at": s.now()})
		if res.Error != nil || res.RowsAffected != 1 {
			return cmpErr(res.Error, catalog.ErrNotFound)
		}
		if !approve {
			return nil
		}
		c, err := r.change()
		if err != nil {
			return err
		}
		var p catalog.Product
		if err := tx.Scopes(withSKUsAndImages).Take(&p, r.ProductID).Error; err != nil {
			return err
		}
		applyProposal(&p, c.Proposal)
		return s.saveListing(tx, &p)
	})
	if err != nil {
		return 0, fmt.Errorf("store: decide change %d: %w", changeID, err)
	}
	return productID, nil
}

// applyProposal puts a proposal's titles, SKU labels and prices, new SKUs
// and photos on the live listing, keeping live stock and dropping SKUs
// deleted since the proposal was made.
func applyProposal(p *catalog.Product, prop catalog.Proposal) {
	live := map[int64]catalog.SKU{}
	for _, k := range p.SKUs {
		live[k.ID] = k
	}
	var skus []catalog.SKU
	for _, k := range prop.SKUs {
		if k.ID != 0 {
			current, ok := live[k.ID]
			if !ok {
				continue
			}
			k.Stock, k.Code, k.LowStock = current.Stock, current.Code, current.LowStock
		}
		skus = append(skus, k)
	}
	p.Title, p.SKUs, p.Images = prop.Title, skus, prop.Images
	p.ReviewReason = ""
}

// cmpErr returns err, or fallback when the statement went through but
// matched nothing.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// ArtisanSKU returns one SKU, by its public code, of one artisan's
// listings.
func (s *Store) ArtisanSKU(ctx context.Context, artisanID int64, code string) (catalog.SKU, error) {
	var k catalog.SKU
	err := s.read.WithContext(ctx).Model(&catalog.SKU{}).
		Joins("JOIN products ON products.id = skus.product_id").
		Where("skus.code = ? AND products.artisan_id = ?", code, artisanID).Select("skus.*").Take(&k).Error
	if err != nil {
		return k, notFound(err, catalog.ErrNotFound, "store: sku "+code)
	}
	return k, nil
}
