package order

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"kriya/internal/catalog"
)

// MaxQuantity bounds one cart line: a craft market sells pieces, not pallets.
const MaxQuantity = 99

// ErrQuantity means a quantity typed in a form is not a whole number of
// pieces.
var ErrQuantity = errors.New("the quantity must be a whole number")

// ParseQuantity reads a quantity as a buyer types it in a form: ASCII
// digits, spaces around them allowed. Zero is a quantity (it empties a cart
// line); more than MaxQuantity, however many digits, is MaxQuantity, since
// the buyer plainly wants as many as can be had. Anything else — signs,
// decimals, other scripts' digits — is ErrQuantity.
func ParseQuantity(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, ErrQuantity
	}
	if s = strings.TrimLeft(s, "0"); len(s) > len(strconv.Itoa(MaxQuantity)) {
		return MaxQuantity, nil
	}
	n, _ := strconv.Atoi(s) // at most a few digits; "" (all zeros) is 0
	return min(n, MaxQuantity), nil
}

// Cart is what a buyer is about to order: a guest's (by session) or a
// signed-in buyer's (kept across sessions and merged at login).
type Cart struct {
	ID    int64
	Items []CartItem
}

// CartItem is a SKU in a cart with the listing as it is now, and the price
// the buyer saw when adding it.
type CartItem struct {
	SKU       catalog.SKU
	Product   catalog.Product // with Artisan
	Quantity  int
	PriceSeen int64
	// Price is what one costs now: the SKU's price, or its sale price
	// while the listing's sale runs (catalog.Product.PriceOf), as the
	// store read it.
	Price int64
}

// Amount is the item's current price times its quantity.
func (i CartItem) Amount() int64 { return i.Price * int64(i.Quantity) }

// Notice kinds: what changed since the buyer added an item.
const (
	NoticePrice       = "price"       // the price changed
	NoticeStock       = "stock"       // fewer left than wanted: quantity lowered
	NoticeUnavailable = "unavailable" // sold out, withdrawn, or the shop is not taking orders
)

// Notice tells the buyer about one item that changed.
type Notice struct {
	Kind     string
	Title    string
	Label    string
	OldPrice int64
	NewPrice int64
	Quantity int // what is left for NoticeStock
}

// Check compares the cart with the listings as they are at now and returns
// the cart as it can be ordered — unavailable items dropped, quantities cut
// to stock, prices current — with a notice for every change. Checkout runs
// it at every step, so the buyer is never surprised at payment.
func (c Cart) Check(now time.Time) (Cart, []Notice) {
	out := Cart{ID: c.ID}
	var notices []Notice
	for _, it := range c.Items {
		n := Notice{Title: it.Product.Title.ID, Label: it.SKU.Label}
		a := it.Product.Artisan
		switch {
		case it.Product.Status != catalog.ProductActive || a == nil || a.Status != catalog.ArtisanActive || a.OnVacation(now) || it.SKU.Stock == 0:
			n.Kind = NoticeUnavailable
			notices = append(notices, n)
			continue
		case it.Quantity > it.SKU.Stock:
			n.Kind, n.Quantity = NoticeStock, it.SKU.Stock
			notices = append(notices, n)
			it.Quantity = it.SKU.Stock
		}
		if it.PriceSeen != it.Price {
			notices = append(notices, Notice{Kind: NoticePrice, Title: n.Title, Label: n.Label, OldPrice: it.PriceSeen, NewPrice: it.Price})
			it.PriceSeen = it.Price
		}
		out.Items = append(out.Items, it)
	}
	return out, notices
}

// Group is one artisan's part of a cart, shipped as one parcel.
type Group struct {
	Artisan catalog.Artisan
	Items   []CartItem
}

// Grams is the parcel's weight.
func (g Group) Grams() int {
	n := 0
	for _, it := range g.Items {
		n += it.Product.WeightGrams * it.Quantity
	}
	return n
}

// Subtotal is the group's items' amount.
func (g Group) Subtotal() int64 {
	var n int64
	for _, it := range g.Items {
		n += it.Amount()
	}
	return n
}

// ByArtisan groups the cart's items by artisan, in the order they were
// first added.
func (c Cart) ByArtisan() []Group {
	var groups []Group
	index := map[int64]int{}
	for _, it := range c.Items {
		i, ok := index[it.Product.ArtisanID]
		if !ok {
			i = len(groups)
			index[it.Product.ArtisanID] = i
			groups = append(groups, Group{Artisan: *it.Product.Artisan})
		}
		groups[i].Items = append(groups[i].Items, it)
	}
	return groups
}

// Subtotal is the amount of every item.
func (c Cart) Subtotal() int64 {
	var n int64
	for _, it := range c.Items {
		n += it.Amount()
	}
	return n
}

// Build turns a checked cart into an order: one fulfilment per artisan
// with its shipping fee, lines copied as they are now. zone is the
// delivery zone (ZonePickup for collection at the gallery).
func Build(c Cart, zone string, rates RateTable) (Order, error) {
	if len(c.Items) == 0 {
		return Order{}, ErrEmptyCart
	}
	var o Order
	for _, g := range c.ByArtisan() {
		fee, err := rates.Fee(zone, g.Grams())
		if err != nil {
			return Order{}, err
		}
		f := Fulfilment{ArtisanID: g.Artisan.ID, ArtisanName: g.Artisan.Name, Status: FulfilmentPending, Zone: zone, Shipping: fee}
		o.Fulfilments = append(o.Fulfilments, f)
		for _, it := range g.Items {
			o.Lines = append(o.Lines, Line{
				ArtisanID: g.Artisan.ID, ProductID: it.Product.ID, SKUID: it.SKU.ID, SKUCode: it.SKU.Code,
				Title: it.Product.Title.ID, Label: it.SKU.Label, Price: it.Price, Quantity: it.Quantity,
				WeightGrams: it.Product.WeightGrams,
			})
		}
	}
	o.Pickup = zone == ZonePickup
	o.Totals()
	return o, nil
}
