package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"kriya/internal/catalog"
)

// newSKUCode makes a short public code such as "K7QF3M2XA": unguessable
// enough that codes do not reveal catalog size, short enough to read aloud.
func newSKUCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 8)
	rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "K" + string(b)
}

// ProductBySlug returns a product buyers may see, with its SKUs, images,
// artisan and category, or catalog.ErrNotFound.
func (s *Store) ProductBySlug(ctx context.Context, slug string) (catalog.Product, error) {
	var p catalog.Product
	err := s.visibleProducts(ctx).Where("products.slug = ?", slug).Select("products.*").
		Preload("SKUs", func(db *gorm.DB) *gorm.DB { return db.Order("position, id") }).
		Preload("Images", func(db *gorm.DB) *gorm.DB { return db.Order("position, id") }).
		Preload("Artisan").Preload("Category").Take(&p).Error
	if err != nil {
		return p, notFound(err, catalog.ErrNotFound, "store: product "+slug)
	}
	return p, nil
}

// Products answers a catalog query: filters, full-text search, order and
// page. Unknown category or artisan slugs simply match nothing.
func (s *Store) Products(ctx context.Context, q catalog.Query) (catalog.Listing, error) {
	l := catalog.Listing{Page: q.Page, PerPage: q.PerPage}
	// Only products of active artisans are visible; that is said one way to
	// count and another to fetch the page, for the planners' sake. Counting
	// is quickest over the active artisans' index entries (IN). Fetching a
	// page is quickest down the order's index, skipping products of inactive
	// artisans (NOT IN): given IN, MariaDB starts from the artisans and sorts
	// every product, seconds with 100,000 of them. Both say the same, since
	// every product's artisan exists (a foreign key).
	const ofActiveArtisans = "products.artisan_id IN (SELECT id FROM artisans WHERE status = ?)"
	const notOfInactiveArtisans = "products.artisan_id NOT IN (SELECT id FROM artisans WHERE status <> ?)"
	db := s.read.WithContext(ctx).Model(&catalog.Product{}).Where("products.status = ?", catalog.ProductActive)
	if q.Category != "" {
		db = db.Where("products.category_id IN (SELECT id FROM categories WHERE slug = ?)", q.Category)
	}
	if q.Artisan != "" {
		db = db.Where("products.artisan_id IN (SELECT id FROM artisans WHERE slug = ?)", q.Artisan)
	}
	if q.MinPrice > 0 {
		db = db.Where("products.price_from >= ?", q.MinPrice)
	}
	if q.MaxPrice > 0 {
		db = db.Where("products.price_from <= ?", q.MaxPrice)
	}
	if q.InStock {
		db = db.Where("EXISTS (SELECT 1 FROM skus WHERE skus.product_id = products.id AND skus.stock > 0)")
	}
	if q.Featured {
		db = db.Where("products.featured = ?", true)
	}
	var rank clause.Expr
	terms := q.Terms()
	if len(terms) > 0 {
		var ok bool
		if db, rank, ok = s.search(db, terms); !ok {
			return l, nil // nothing searchable in the text: no product matches
		}
	}
	order := clause.Expr{SQL: "products.created_at DESC, products.id DESC"}
	switch {
	case q.Sort == catalog.SortRelevance && rank.SQL != "":
		order = clause.Expr{SQL: rank.SQL + ", products.id DESC", Vars: rank.Vars}
	case q.Sort == catalog.SortPriceAsc:
		// Ties go up by id too: one direction lets MariaDB read the
		// (status, price_from) index in order instead of sorting every product.
		order = clause.Expr{SQL: "products.price_from ASC, products.id ASC"}
	case q.Sort == catalog.SortPriceDesc:
		order = clause.Expr{SQL: "products.price_from DESC, products.id DESC"}
	}
	count := db.Session(&gorm.Session{}).Where(ofActiveArtisans, catalog.ArtisanActive)
	db = db.Where(notOfInactiveArtisans, catalog.ArtisanActive).Order(clause.OrderBy{Expression: order})

	// A search ranks every product it matches, a large part of the catalog
	// for a word like "perak", so the ranking of its first pages is kept
	// (searchCache). Stock moves without a new generation, so searches for
	// products in stock are not kept.
	if key := searchKey(q, terms); key != "" && q.Offset()+q.PerPage <= searchCachedIDs {
		// Other requests may wait on this ranking: it runs to the end even
		// if the request that started it goes away.
		detached := context.WithoutCancel(ctx)
		hit, err := s.searches.ranked(key, s.Generation(), func() (h searchHit, err error) {
			if err = count.WithContext(detached).Count(&h.total).Error; err == nil && h.total > 0 {
				err = db.WithContext(detached).Limit(searchCachedIDs).Pluck("products.id", &h.ids).Error
			}
			return h, err
		})
		if err != nil {
			return l, fmt.Errorf("store: search products: %w", err)
		}
		l.Total = hit.total
		return l, s.cardsByID(ctx, &l, hit.ids)
	}
	if err := count.Count(&l.Total).Error; err != nil {
		return l, fmt.Errorf("store: count products: %w", err)
	}
	if l.Total == 0 || q.Offset() >= int(l.Total) {
		return l, nil
	}
	rows, err := db.Limit(q.PerPage).Offset(q.Offset()).Select(cardColumns).Rows()
	if err != nil {
		return l, fmt.Errorf("store: products: %w", err)
	}
	if err := scanCards(rows, &l); err != nil {
		return l, fmt.Errorf("store: products: %w", err)
	}
	if err := s.loadCards(ctx, l.Products); err != nil {
		return l, fmt.Errorf("store: products: %w", err)
	}
	return l, nil
}

// cardsByID fills the listing's page from a search's ranked ids, keeping
// their order and dropping any product no longer on sale.
func (s *Store) cardsByID(ctx context.Context, l *catalog.Listing, ranked []int64) error {
	from := min((l.Page-1)*l.PerPage, len(ranked))
	page := ranked[from:min(from+l.PerPage, len(ranked))]
	if len(page) == 0 {
		return nil
	}
	// By id alone: given the status too, SQLite walks the status index
	// through every active product instead of looking up 24 rows.
	rows, err := s.read.WithContext(ctx).Model(&catalog.Product{}).Select(cardColumns).
		Where("products.id IN ?", page).Rows()
	if err != nil {
		return fmt.Errorf("store: products: %w", err)
	}
	var found catalog.Listing
	if err := scanCards(rows, &found); err != nil {
		return fmt.Errorf("store: products: %w", err)
	}
	byID := make(map[int64]catalog.Product, len(found.Products))
	for _, p := range found.Products {
		byID[p.ID] = p
	}
	for _, id := range page {
		if p, ok := byID[id]; ok && p.Status == catalog.ProductActive {
			l.Products = append(l.Products, p)
		}
	}
	if err := s.loadCards(ctx, l.Products); err != nil {
		return fmt.Errorf("store: products: %w", err)
	}
	return nil
}

// scanCards reads product rows of cardColumns into the listing.
func scanCards(rows *sql.Rows, l *catalog.Listing) error {
	defer rows.Close()
	for rows.Next() {
		var p catalog.Product
		err := rows.Scan(&p.ID, &p.Slug, &p.ArtisanID, &p.CategoryID, &p.Title.ID, &p.Title.EN,
			&p.Status, &p.Featured, &p.PriceFrom, &p.CreatedAt, &p.UpdatedAt)
		if err != nil {
			return err
		}
		l.Products = append(l.Products, p)
	}
	return rows.Err()
}

// cardColumns are what a product card shows; listings leave out the long
// descriptions, which only the product page needs.
const cardColumns = "products.id, products.slug, products.artisan_id, products.category_id, " +
	"products.title_id, products.title_en, products.status, products.featured, products.price_from, " +
	"products.created_at, products.updated_at"

// loadCards fills in what product cards show besides the product row: SKUs
// (for price and stock), photos, artisan and category. Rows are scanned by
// hand: listings are the hottest path of the site.
func (s *Store) loadCards(ctx context.Context, ps []catalog.Product) error {
	if len(ps) == 0 {
		return nil
	}
	ids := make([]int64, len(ps))
	index := make(map[int64]*catalog.Product, len(ps))
	for i := range ps {
		ids[i] = ps[i].ID
		index[ps[i].ID] = &ps[i]
	}
	rows, err := s.read.WithContext(ctx).Raw("SELECT id, product_id, code, label, price, stock, position FROM skus "+
		"WHERE product_id IN ? ORDER BY product_id, position, id", ids).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k catalog.SKU
		if err := rows.Scan(&k.ID, &k.ProductID, &k.Code, &k.Label, &k.Price, &k.Stock, &k.Position); err != nil {
			return err
		}
		p := index[k.ProductID]
		p.SKUs = append(p.SKUs, k)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	images, err := s.read.WithContext(ctx).Raw("SELECT id, product_id, position, `key`, width, height FROM product_images "+
		"WHERE product_id IN ? ORDER BY product_id, position, id", ids).Rows()
	if err != nil {
		return err
	}
	defer images.Close()
	for images.Next() {
		var img catalog.ProductImage
		if err := images.Scan(&img.ID, &img.ProductID, &img.Position, &img.Key, &img.Width, &img.Height); err != nil {
			return err
		}
		p := index[img.ProductID]
		p.Images = append(p.Images, img)
	}
	if err := images.Err(); err != nil {
		return err
	}
	return s.attach(ctx, ps)
}

// visibleProducts starts buyer-facing queries of single products: active
// products of active artisans only (Products says the same its own way).
func (s *Store) visibleProducts(ctx context.Context) *gorm.DB {
	return s.read.WithContext(ctx).Model(&catalog.Product{}).
		Where("products.status = ? AND products.artisan_id IN (SELECT id FROM artisans WHERE status = ?)",
			catalog.ProductActive, catalog.ArtisanActive)
}

// SitemapProducts lists the slug and last change of every visible product.
func (s *Store) SitemapProducts(ctx context.Context) ([]catalog.Product, error) {
	var ps []catalog.Product
	err := s.visibleProducts(ctx).Select("products.slug, products.updated_at").
		Order("products.id").Find(&ps).Error
	if err != nil {
		return nil, fmt.Errorf("store: sitemap products: %w", err)
	}
	return ps, nil
}

// indexProduct rewrites the search document of one product. Call it in the
// transaction that changes the product, its artisan's name or category.
func (s *Store) indexProduct(tx *gorm.DB, id int64) error {
	var p catalog.Product
	if err := tx.Preload("Artisan").Preload("Category").Take(&p, id).Error; err != nil {
		return fmt.Errorf("index product %d: %w", id, err)
	}
	title := p.Title.ID + " " + p.Title.EN
	body := strings.Join([]string{
		p.Description.ID, p.Description.EN, p.Material.ID, p.Material.EN,
		p.Artisan.Name, p.Category.Name.ID, p.Category.Name.EN,
	}, "\n")
	switch s.dialect {
	case SQLite:
		if err := tx.Exec("DELETE FROM product_search WHERE rowid = ?", id).Error; err != nil {
			return fmt.Errorf("index product %d: %w", id, err)
		}
		return tx.Exec("INSERT INTO product_search (rowid, product_id, title, body) VALUES (?, ?, ?, ?)",
			id, id, title, body).Error
	default:
		return tx.Exec("REPLACE INTO product_search (product_id, title, body) VALUES (?, ?, ?)",
			id, title, body).Error
	}
}

// ProductTitles returns the Indonesian and English titles of products by
// id, for reports that name them.
func (s *Store) ProductTitles(ctx context.Context, ids []int64) (map[int64]catalog.Text, error) {
	var ps []catalog.Product
	if len(ids) == 0 {
		return map[int64]catalog.Text{}, nil
	}
	if err := s.read.WithContext(ctx).Select("id, title_id, title_en").Where("id IN ?", ids).Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("store: product titles: %w", err)
	}
	out := make(map[int64]catalog.Text, len(ps))
	for _, p := range ps {
		out[p.ID] = p.Title
	}
	return out, nil
}
