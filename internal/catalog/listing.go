package catalog

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kriya/internal/fault"
)

// Limits of a listing, checked before anything is stored.
const (
	MaxPhotos         = 10
	MaxSKUs           = 50
	MaxStock          = 100_000
	DefaultLowStock   = 2 // a new SKU's restock reminder, see SKU.LowStock
	MaxProcessingDays = 365
	MaxWeightGrams    = 1_000_000
)

// Validate checks a listing as an artisan or staff member submitted it and
// names every problem by form field: title, category, skus, photos, … with
// SKU problems as skus.N.price and skus.N.stock (N from 0).
func (p Product) Validate() FieldErrors {
	errs := FieldErrors{}
	check := func(ok bool, field, msg string) {
		if !ok && errs[field] == "" {
			errs[field] = msg
		}
	}
	check(p.Title.ID != "", "title_id", "required")
	check(utf8.RuneCountInString(p.Title.ID) <= 300, "title_id", "too_long")
	check(utf8.RuneCountInString(p.Title.EN) <= 300, "title_en", "too_long")
	check(len(p.Description.ID) <= 10_000, "description_id", "too_long")
	check(len(p.Description.EN) <= 10_000, "description_en", "too_long")
	check(utf8.RuneCountInString(p.Material.ID) <= 200, "material_id", "too_long")
	check(utf8.RuneCountInString(p.Material.EN) <= 200, "material_en", "too_long")
	check(utf8.RuneCountInString(p.Dimensions) <= 100, "dimensions", "too_long")
	check(p.CategoryID != 0, "category", "required")
	check(p.WeightGrams >= 0 && p.WeightGrams <= MaxWeightGrams, "weight_grams", "out_of_range")
	check(p.ProcessingDays >= 0 && p.ProcessingDays <= MaxProcessingDays, "processing_days", "out_of_range")
	check(len(p.SKUs) > 0, "skus", "required")
	check(len(p.SKUs) <= MaxSKUs, "skus", "too_many")
	check(len(p.Images) <= MaxPhotos, "photos", "too_many")
	check((p.SaleFrom == nil) == (p.SaleUntil == nil), "sale_until", "sale_dates")
	check(p.SaleFrom == nil || p.SaleUntil == nil || p.SaleUntil.After(*p.SaleFrom), "sale_until", "sale_dates")
	labels := map[string]bool{}
	for i, s := range p.SKUs {
		n := "skus." + strconv.Itoa(i)
		check(s.Price > 0 && s.Price <= MaxRupiah, n+".price", "price")
		check(s.Stock >= 0 && s.Stock <= MaxStock, n+".stock", "out_of_range")
		check(s.SalePrice >= 0 && (s.SalePrice == 0 || s.SalePrice < s.Price), n+".sale_price", "sale_price")
		check(utf8.RuneCountInString(s.Label) <= 100, n+".label", "too_long")
		check(!labels[s.Label], n+".label", "duplicate")
		labels[s.Label] = true
	}
	return errs
}

// Proposal is what curation reviews of a change to a live listing: its
// titles, its SKUs' labels and prices (new SKUs have ID 0) and its photos,
// in order. Stock is never reviewed; it changes at once.
type Proposal struct {
	Title  Text
	SKUs   []SKU
	Images []ProductImage
}

// ProposalOf takes the reviewed parts of a listing.
func ProposalOf(p Product) Proposal {
	return Proposal{Title: p.Title, SKUs: p.SKUs, Images: p.Images}
}

// NeedsReview reports whether an edit changes what curation reviews: a
// title, a price or sale price, an added SKU or the photos. The sale's
// days change at once.
func NeedsReview(live, edited Product) bool {
	if live.Title != edited.Title || !SamePhotos(live.Images, edited.Images) {
		return true
	}
	skus := map[int64]SKU{}
	for _, s := range live.SKUs {
		skus[s.ID] = s
	}
	for _, s := range edited.SKUs {
		if k, ok := skus[s.ID]; !ok || k.Price != s.Price || k.SalePrice != s.SalePrice {
			return true // a sale price is a price: curation sees it
		}
	}
	return false
}

// Listing change statuses.
const (
	ChangePending  = "pending"
	ChangeApproved = "approved"
	ChangeRejected = "rejected"
)

// ListingChange is a proposal waiting for, or decided by, staff.
type ListingChange struct {
	ID        int64
	ProductID int64
	Product   *Product // the live listing, for the review page
	Proposal  Proposal
	Status    string
	Reason    string
	DecidedBy string
	CreatedAt time.Time
	DecidedAt *time.Time
}

// ImageKeys lists the keys of images, to compare photo lists.
func ImageKeys(images []ProductImage) []string {
	keys := make([]string, len(images))
	for i, img := range images {
		keys[i] = img.Key
	}
	return keys
}

// SamePhotos reports whether two photo lists hold the same photos in the
// same order.
func SamePhotos(a, b []ProductImage) bool { return slices.Equal(ImageKeys(a), ImageKeys(b)) }

// PlanEdit decides how a listing edit is stored when listings are curated
// (review on) and the editor is the artisan, not staff: a new or rejected
// listing waits as pending; on a live listing, changes of title, prices,
// new SKUs or photos wait as a proposal while the listing keeps showing
// its current ones, and every other change applies at once. It returns
// the listing to save and the proposal to hold, if any.
func PlanEdit(live, edited Product, review, byStaff bool) (Product, *Proposal) {
	if !review || byStaff {
		if edited.Status == "" || edited.Status == ProductPending || edited.Status == ProductRejected {
			edited.Status = ProductActive
		}
		return edited, nil
	}
	if live.ID == 0 || live.Status != ProductActive {
		edited.Status = ProductPending
		return edited, nil
	}
	if !NeedsReview(live, edited) {
		return edited, nil
	}
	prop := ProposalOf(edited)
	keep := edited
	keep.Title, keep.Images = live.Title, live.Images
	liveSKUs := map[int64]SKU{}
	for _, s := range live.SKUs {
		liveSKUs[s.ID] = s
	}
	keep.SKUs = nil
	for _, s := range edited.SKUs {
		if k, ok := liveSKUs[s.ID]; ok {
			s.Price, s.SalePrice = k.Price, k.SalePrice // reviewed: the live ones sell until approval
			keep.SKUs = append(keep.SKUs, s)
		}
	}
	if len(keep.SKUs) == 0 {
		keep.SKUs = live.SKUs // every SKU replaced: the old ones sell until approval
	}
	return keep, &prop
}

// Applied is the live listing as it will be once the proposal is
// approved: its titles, SKU labels and prices and photos; stock stays the
// live one's, since stock is never reviewed. live is not modified.
func (pr Proposal) Applied(live Product) Product {
	stock := map[int64]int{}
	for _, k := range live.SKUs {
		stock[k.ID] = k.Stock
	}
	p := live
	p.Title, p.Images = pr.Title, pr.Images
	p.SKUs = make([]SKU, len(pr.SKUs))
	p.PriceFrom = 0
	for i, k := range pr.SKUs {
		if k.ID != 0 {
			k.Stock = stock[k.ID]
		}
		p.SKUs[i] = k
		if p.PriceFrom == 0 || k.Price < p.PriceFrom {
			p.PriceFrom = k.Price
		}
	}
	return p
}

// Copy is a new draft listing like p, to edit into a sibling (another
// colour, another size): titles marked as a copy, the same SKUs without
// codes and stock, and no photos, which belong to the listing they were
// uploaded for.
func (p Product) Copy(copySuffix Text) Product {
	c := p
	c.ID, c.Slug, c.Status, c.ReviewReason, c.Featured = 0, "", ProductDraft, "", false
	c.AssistedBy, c.AssistedAt, c.Images = "", nil, nil
	suffix := func(title, s string) string {
		if title == "" {
			return ""
		}
		return title + " " + s
	}
	c.Title = Text{ID: suffix(p.Title.ID, copySuffix.ID), EN: suffix(p.Title.EN, copySuffix.EN)}
	c.SKUs = make([]SKU, len(p.SKUs))
	for i, k := range p.SKUs {
		c.SKUs[i] = SKU{Label: k.Label, Price: k.Price, LowStock: k.LowStock}
	}
	return c
}

// MaxOptions is how many values one axis of a listing's options may have.
const MaxOptions = 20

// errTooManyOptions refuses a grid of options over the limits, on the
// form's options field.
var errTooManyOptions = fault.Fields(map[string]string{"options": "ws.error.options"})

// ParseOptions reads one axis of options as an artisan types it ("S, M,
// L"): trimmed, without blanks or repeats, in the order typed.
func ParseOptions(s string) []string {
	var out []string
	for _, o := range strings.Split(s, ",") {
		if o = strings.Join(strings.Fields(o), " "); o != "" && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// GridLabels are the SKU labels of every combination of two axes of
// options, the first axis outermost: sizes × colours gives "S / Merah",
// "S / Biru", "M / Merah", … With one axis, its values alone. It refuses
// more than MaxOptions values on an axis or more than MaxSKUs labels.
func GridLabels(first, second []string) ([]string, error) {
	if len(first) > MaxOptions || len(second) > MaxOptions {
		return nil, errTooManyOptions
	}
	if len(first) == 0 {
		first, second = second, nil
	}
	var labels []string
	for _, a := range first {
		if len(second) == 0 {
			labels = append(labels, a)
		}
		for _, b := range second {
			labels = append(labels, a+" / "+b)
		}
	}
	if len(labels) > MaxSKUs {
		return nil, errTooManyOptions
	}
	return labels, nil
}

// GridAxes finds the two axes of options whose GridLabels are labels, if
// they are such a grid, so the form can show a listing's axes again.
func GridAxes(labels []string) (first, second []string, ok bool) {
	for _, l := range labels {
		a, b, found := strings.Cut(l, " / ")
		if !found {
			return nil, nil, false
		}
		if !slices.Contains(first, a) {
			first = append(first, a)
		}
		if !slices.Contains(second, b) {
			second = append(second, b)
		}
	}
	grid, err := GridLabels(first, second)
	return first, second, err == nil && len(labels) > 0 && slices.Equal(grid, labels)
}
