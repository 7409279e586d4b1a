// Package catalog holds what a buyer browses: craft categories, the artisans'
// public profiles, their products and the SKUs that carry price and stock.
package catalog

import (
	"errors"
	"time"
)

// ErrNotFound is returned, wrapped, when a category, artisan or product does
// not exist or is not visible to buyers.
var ErrNotFound = errors.New("not found")

// Text is copy written in both languages of the storefront. Bahasa Indonesia
// is the default and the fallback when an English text is missing.
type Text struct {
	ID string
	EN string
}

// In returns the text in lang ("id" or "en"), falling back to Indonesian.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" {
		return t.EN
	}
	return t.ID
}

// Category is a craft the council recognises, such as perak or tenun endek.
type Category struct {
	ID       int64
	Slug     string
	Name     Text `gorm:"embedded;embeddedPrefix:name_"`
	Position int
}

// Artisan statuses. Only active artisans are shown to buyers; later issues
// add the application and supervision states.
const (
	ArtisanActive    = "active"
	ArtisanSuspended = "suspended"
)

// Artisan is the public profile of a workshop the council supervises.
type Artisan struct {
	ID         int64
	Slug       string
	Name       string
	Owner      string
	CategoryID int64
	Category   *Category
	// KecamatanCode and KelurahanCode are official area codes (see package
	// wilayah), so reports can group artisans by kecamatan.
	KecamatanCode string
	KelurahanCode string
	Story         Text `gorm:"embedded;embeddedPrefix:story_"`
	PhotoKey      string
	Featured      bool
	Status        string
	Since         int // the year the workshop started
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Product statuses. Only active products are shown to buyers.
const (
	ProductActive   = "active"
	ProductDraft    = "draft"
	ProductArchived = "archived"
)

// Product is one listing. Its price and stock live on its SKUs; PriceFrom
// is the lowest SKU price, kept by the store so listings can sort and
// filter by price without reading every SKU.
type Product struct {
	ID          int64
	Slug        string
	ArtisanID   int64
	Artisan     *Artisan
	CategoryID  int64
	Category    *Category
	Title       Text `gorm:"embedded;embeddedPrefix:title_"`
	Description Text `gorm:"embedded;embeddedPrefix:description_"`
	Material    Text `gorm:"embedded;embeddedPrefix:material_"`
	WeightGrams int
	Status      string
	Featured    bool
	PriceFrom   int64
	SKUs        []SKU
	Images      []ProductImage
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// InStock reports whether any SKU of the product can be bought.
func (p Product) InStock() bool {
	for _, s := range p.SKUs {
		if s.Stock > 0 {
			return true
		}
	}
	return false
}

// Cover is the product's first photo, or nil when it has none.
func (p Product) Cover() *ProductImage {
	if len(p.Images) == 0 {
		return nil
	}
	return &p.Images[0]
}

// PriceVaries reports whether the SKUs have different prices, when a price
// is shown as "from".
func (p Product) PriceVaries() bool {
	for _, s := range p.SKUs {
		if s.Price != p.PriceFrom {
			return true
		}
	}
	return false
}

// SKU is one purchasable variant of a product, such as a ring in size 7.
// Code is the stable public identifier used by carts and the API.
type SKU struct {
	ID        int64
	ProductID int64
	Code      string
	Label     string
	Price     int64
	Stock     int
	Position  int
}

// ProductImage is a photo of a product, stored in media storage under Key.
type ProductImage struct {
	ID        int64
	ProductID int64
	Position  int
	Key       string
	Width     int
	Height    int
}
