package order

import (
	"slices"
	"strings"
	"time"

	"kriya/internal/fault"
)

// Refund is money returned to the buyer, decided once as an allocation
// and stored with it: which artisans' parts it comes out of (items,
// shipping and the commission returned, Parts), which lines' units go
// back (Lines), and what part of it was money the council held for nobody
// (Held: an overpayment, or a payment for an order that had already
// ended). ArtisanID is set when the refund is one artisan's part.
type Refund struct {
	ID         int64
	OrderID    int64
	ArtisanID  *int64
	Amount     int64
	Held       int64
	Method     string
	Reference  string
	RecordOnly bool // made in the provider's dashboard already: recorded, not sent
	Reason     string
	CreatedBy  string
	CreatedAt  time.Time
	Parts      []RefundPart `gorm:"-"`
	Lines      []RefundLine `gorm:"-"`
}

// RefundPart is what a refund takes from one artisan's part of an order.
type RefundPart struct {
	ID           int64
	RefundID     int64
	FulfilmentID int64
	ArtisanID    int64
	Items        int64 // rupiah of the part's lines
	Shipping     int64 // rupiah of the part's shipping
	Commission   int64 // commission given back to the artisan, at the sale's rate
}

// RefundLine is how many units of a line a refund takes back, and how many
// of them went back into stock.
type RefundLine struct {
	ID        int64
	RefundID  int64
	LineID    int64
	Units     int
	Restocked int
}

// PartMoney is what one artisan's part of a paid order was credited in the
// ledger and has been refunded since: the limits of any refund from it.
type PartMoney struct {
	FulfilmentID     int64
	ArtisanID        int64
	Items            int64 // credited at payment
	Shipping         int64
	ItemsRefunded    int64
	ShippingRefunded int64
	CommissionBP     int   // the council's rate when the sale was credited
	Commission       int64 // commission charged on the part's items
}

// ItemsLeft is what can still be refunded of the part's lines.
func (p PartMoney) ItemsLeft() int64 { return p.Items - p.ItemsRefunded }

// ShippingLeft is what can still be refunded of the part's shipping.
func (p PartMoney) ShippingLeft() int64 { return p.Shipping - p.ShippingRefunded }

// Money is what an order's buyer paid and how it is accounted for: credited
// to artisans' parts, or held by the council for nobody (an overpayment, a
// payment that came after the order ended, a payment short of the total).
type Money struct {
	Paid         int64
	Refunded     int64
	HeldRefunded int64
	Parts        []PartMoney
}

// Credited is what the artisans' parts were credited, in all.
func (m Money) Credited() int64 {
	var sum int64
	for _, p := range m.Parts {
		sum += p.Items + p.Shipping
	}
	return sum
}

// HeldLeft is the money paid for the order that no artisan was credited
// and that has not gone back to the buyer.
func (m Money) HeldLeft() int64 { return m.Paid - m.Credited() - m.HeldRefunded }

// Part is the money of the part with that fulfilment id, if credited.
func (m Money) Part(fulfilmentID int64) (PartMoney, bool) {
	i := slices.IndexFunc(m.Parts, func(p PartMoney) bool { return p.FulfilmentID == fulfilmentID })
	if i < 0 {
		return PartMoney{}, false
	}
	return m.Parts[i], true
}

// RefundRequest is a refund as staff ask for it: an amount, optionally
// narrowed to one artisan's part (ArtisanID), or made explicit line by
// line (Units) and parcel by parcel (Shipping).
type RefundRequest struct {
	ArtisanID int64          // 0: the whole order
	Amount    int64          // 0 with units or shipping chosen: what they add up to
	Units     map[int64]int  // line id → units refunded
	Shipping  map[int64]bool // fulfilment id → its shipping refunded
	Restock   bool           // refunded units go back on sale, where their stock was taken
}

// Refund errors, as field messages for the form that asked.
const (
	msgTooMuch     = "council.refund.too_much"
	msgChooseScope = "council.refund.choose_part"
	msgNotCredited = "council.refund.not_credited"
	msgUnits       = "council.refund.units"
	msgAddsUp      = "council.refund.adds_up"
	msgRestock     = "council.refund.restock_units"
)

// Allocate decides where a refund's money comes from, once, before it is
// recorded. A refund is refused (a fault.Invalid error naming the field)
// rather than charged to a part that was never credited, to the wrong
// artisan, or beyond what a part was credited and not yet refunded:
//   - with units or shipping chosen, exactly those, and the amount (if
//     given) must be what they add up to;
//   - for one artisan, its items first, then its shipping;
//   - for the whole order, the money the council holds for nobody first,
//     then everything left when the amount is all of it, or the one part
//     that has anything left; when several parts could give, staff choose.
//
// Units are taken back (and may go back in stock) only when chosen, or
// when the refund takes a part's items whole.
func Allocate(o Order, m Money, r RefundRequest) (Refund, error) {
	out := Refund{OrderID: o.ID}
	if r.ArtisanID != 0 {
		id := r.ArtisanID
		out.ArtisanID = &id
	}
	explicit := false
	for _, n := range r.Units {
		explicit = explicit || n > 0
	}
	for _, yes := range r.Shipping {
		explicit = explicit || yes
	}
	var err error
	if explicit {
		out, err = allocateChosen(o, m, r, out)
	} else {
		out, err = allocateAmount(o, m, r, out)
	}
	if err != nil {
		return out, err
	}
	if r.Restock && len(out.Lines) == 0 {
		return out, fault.Fields(map[string]string{"refund_units": msgRestock})
	}
	for _, p := range out.Parts {
		out.Amount += p.Items + p.Shipping
	}
	out.Amount += out.Held
	if out.Amount <= 0 {
		return out, fault.Fields(map[string]string{"refund_amount": msgTooMuch})
	}
	return out, nil
}

// allocateChosen allocates exactly the units and shipping staff chose.
func allocateChosen(o Order, m Money, r RefundRequest, out Refund) (Refund, error) {
	parts := map[int64]*RefundPart{}
	part := func(f Fulfilment) (*RefundPart, error) {
		if p, ok := parts[f.ID]; ok {
			return p, nil
		}
		if r.ArtisanID != 0 && f.ArtisanID != r.ArtisanID {
			return nil, fault.Fields(map[string]string{"refund_units": msgChooseScope})
		}
		if _, ok := m.Part(f.ID); !ok {
			return nil, fault.Fields(map[string]string{"refund_units": msgNotCredited})
		}
		parts[f.ID] = &RefundPart{FulfilmentID: f.ID, ArtisanID: f.ArtisanID}
		return parts[f.ID], nil
	}
	for _, l := range o.Lines {
		n := r.Units[l.ID]
		if n == 0 {
			continue
		}
		if n < 0 || n > l.Quantity-l.RefundedUnits {
			return out, fault.Fields(map[string]string{"refund_units": msgUnits})
		}
		p, err := part(o.fulfilment(l.FulfilmentID))
		if err != nil {
			return out, err
		}
		p.Items += l.Price * int64(n)
		out.Lines = append(out.Lines, RefundLine{LineID: l.ID, Units: n})
	}
	for _, f := range o.Fulfilments {
		if !r.Shipping[f.ID] {
			continue
		}
		p, err := part(f)
		if err != nil {
			return out, err
		}
		money, _ := m.Part(f.ID)
		p.Shipping = money.ShippingLeft()
	}
	for _, f := range o.Fulfilments {
		p, ok := parts[f.ID]
		if !ok {
			continue
		}
		money, _ := m.Part(f.ID)
		if p.Items > money.ItemsLeft() {
			return out, fault.Fields(map[string]string{"refund_units": msgTooMuch})
		}
		out.Parts = append(out.Parts, *p)
	}
	var sum int64
	for _, p := range out.Parts {
		sum += p.Items + p.Shipping
	}
	switch {
	case r.Amount == 0 || r.Amount == sum:
	case r.ArtisanID == 0 && r.Amount > sum && r.Amount-sum <= m.HeldLeft():
		out.Held = r.Amount - sum
	default:
		return out, fault.Fields(map[string]string{"refund_amount": msgAddsUp})
	}
	return out, nil
}

// allocateAmount spreads an amount over the order as Allocate describes.
func allocateAmount(o Order, m Money, r RefundRequest, out Refund) (Refund, error) {
	left := r.Amount
	if left <= 0 {
		return out, fault.Fields(map[string]string{"refund_amount": msgTooMuch})
	}
	var candidates []PartMoney
	for _, p := range m.Parts {
		if (r.ArtisanID == 0 || p.ArtisanID == r.ArtisanID) && p.ItemsLeft()+p.ShippingLeft() > 0 {
			candidates = append(candidates, p)
		}
	}
	if r.ArtisanID == 0 {
		out.Held = min(left, m.HeldLeft())
		left -= out.Held
	} else if !slices.ContainsFunc(o.Fulfilments, func(f Fulfilment) bool { return f.ArtisanID == r.ArtisanID }) {
		return out, fault.Fields(map[string]string{"refund_artisan": msgNotCredited})
	}
	if left == 0 {
		return out, nil
	}
	var everything int64
	for _, p := range candidates {
		everything += p.ItemsLeft() + p.ShippingLeft()
	}
	switch {
	case left > everything:
		return out, fault.Fields(map[string]string{"refund_amount": msgTooMuch})
	case len(candidates) > 1 && left < everything:
		return out, fault.Fields(map[string]string{"refund_artisan": msgChooseScope})
	}
	for _, p := range candidates {
		items := min(left, p.ItemsLeft())
		shipping := min(left-items, p.ShippingLeft())
		left -= items + shipping
		out.Parts = append(out.Parts, RefundPart{FulfilmentID: p.FulfilmentID, ArtisanID: p.ArtisanID, Items: items, Shipping: shipping})
		if items == p.ItemsLeft() {
			for _, l := range o.Lines {
				if l.FulfilmentID == p.FulfilmentID && l.Quantity > l.RefundedUnits {
					out.Lines = append(out.Lines, RefundLine{LineID: l.ID, Units: l.Quantity - l.RefundedUnits})
				}
			}
		}
	}
	return out, nil
}

func (o Order) fulfilment(id int64) Fulfilment {
	for _, f := range o.Fulfilments {
		if f.ID == id {
			return f
		}
	}
	return Fulfilment{}
}

// Flags are the reasons an order needs a person's attention, several at
// once if need be (overpaid and disputed); each is cleared only by the
// action that resolves it.
func (o Order) Flags() []string {
	if o.Flag == "" {
		return nil
	}
	return strings.Split(o.Flag, ",")
}

// FlagNoteLines are the notes of the order's flags, one per flag.
func (o Order) FlagNoteLines() []string {
	if o.FlagNote == "" {
		return nil
	}
	return strings.Split(o.FlagNote, "\n")
}

// RaiseFlag adds a reason for staff to look at the order, with its note;
// raising a flag again replaces its note.
func (o *Order) RaiseFlag(kind, note string) {
	o.ClearFlag(kind)
	o.Flag = strings.Join(append(o.Flags(), kind), ",")
	o.FlagNote = strings.Join(append(o.FlagNoteLines(), kind+": "+note), "\n")
}

// ClearFlag removes a reason and its note, leaving the others; it reports
// whether the order carried it.
func (o *Order) ClearFlag(kind string) bool {
	if !o.HasFlag(kind) {
		return false
	}
	o.Flag = strings.Join(slices.DeleteFunc(o.Flags(), func(f string) bool { return f == kind }), ",")
	o.FlagNote = strings.Join(slices.DeleteFunc(o.FlagNoteLines(), func(n string) bool { return strings.HasPrefix(n, kind+": ") }), "\n")
	return true
}

// HasFlag reports whether the order carries the flag kind.
func (o Order) HasFlag(kind string) bool { return slices.Contains(o.Flags(), kind) }
