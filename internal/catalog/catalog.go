// Package catalog holds what a buyer browses: craft categories, the artisans'
// public profiles, their products and the SKUs that carry price and stock.
package catalog

import (
	"time"

	"kriya/internal/fault"
)

// ErrNotFound is returned, wrapped, when a category, artisan or product does
// not exist or is not visible to buyers.
var ErrNotFound error = fault.New(fault.NotFound, "", "not found")

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

// Artisan is a workshop the council supervises: its public profile and,
// for staff and its owner, its entry in the supervision register.
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

	// The supervision register (package artisan), never shown to buyers.
	ApplicantID  *int64 // the user who applied and manages the shop
	Phone        string
	WhatsApp     string `gorm:"column:whatsapp"`
	Street       string
	DecreeNumber string // the council's decree (SK) making the artisan binaan
	DecreeDate   *time.Time
	Supervisor   string // the supervising officer
	StatusReason string // why the last status change was made
	// ConnectAccountID is the artisan's Stripe Connect account, where it
	// has one; otherwise staff settle by bank transfer.
	ConnectAccountID string

	// A vacation keeps the shop visible but takes no orders.
	VacationFrom    *time.Time
	VacationUntil   *time.Time
	VacationMessage string
}

// OnVacation reports whether the shop takes no orders at t. VacationUntil
// is the last day away.
func (a Artisan) OnVacation(t time.Time) bool {
	if a.VacationFrom == nil || a.VacationUntil == nil {
		return false
	}
	return !t.Before(*a.VacationFrom) && t.Before(a.VacationUntil.AddDate(0, 0, 1))
}

// Product statuses. Only active products are shown to buyers. A new
// listing waits as pending while listing review is on; rejected ones carry
// the reason in ReviewReason.
const (
	ProductActive   = "active"
	ProductDraft    = "draft"
	ProductPending  = "pending"
	ProductRejected = "rejected"
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
	Dimensions  string // e.g. "20 × 10 × 5 cm"
	// ProcessingDays is 0 for ready to ship, else days to make to order.
	ProcessingDays int
	Status         string
	ReviewReason   string     // why staff rejected the listing or its last change
	AssistedBy     string     // the staff member who last edited it for the artisan
	AssistedAt     *time.Time // when
	Featured       bool
	// SaleFrom and SaleUntil are when the listing's sale runs (SaleUntil
	// exclusive); while it does, SKUs with a SalePrice sell at it.
	SaleFrom  *time.Time
	SaleUntil *time.Time
	PriceFrom int64
	SKUs      []SKU
	Images    []ProductImage
	CreatedAt time.Time
	UpdatedAt time.Time
}

// OnSale reports whether the listing's sale runs at t.
func (p Product) OnSale(t time.Time) bool {
	return p.SaleFrom != nil && p.SaleUntil != nil && !t.Before(*p.SaleFrom) && t.Before(*p.SaleUntil)
}

// PriceOf is what a buyer pays for one of k at t: its sale price while
// the listing's sale runs and it has one below its price, else its price.
// Orders keep the price paid, so sales count it.
func (p Product) PriceOf(k SKU, t time.Time) int64 {
	if p.OnSale(t) && k.SalePrice > 0 && k.SalePrice < k.Price {
		return k.SalePrice
	}
	return k.Price
}

// LowestPrice is the lowest a buyer pays for one of the listing's SKUs at
// t: PriceFrom, or lower while a sale runs.
func (p Product) LowestPrice(t time.Time) int64 {
	lowest := p.PriceFrom
	for _, k := range p.SKUs {
		if price := p.PriceOf(k, t); lowest == 0 || price < lowest {
			lowest = price
		}
	}
	return lowest
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
	// SalePrice is what the SKU sells at while its listing's sale runs
	// (Product.PriceOf); 0 when it has none.
	SalePrice int64
	// LowStock is the stock at or under which the artisan is told to
	// restock (notify.LowStock); 0 never tells. New SKUs start at
	// DefaultLowStock.
	LowStock int
	Position int
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

// Interest is how buyers met a listing over a period: how often its page
// was viewed (by people, not crawlers) and how often it was put in a cart.
type Interest struct {
	Views    int64
	CartAdds int64
}
