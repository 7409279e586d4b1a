package monev

import "unicode/utf8"

// Reported is what the artisan told the officers: never overwritten by
// measured figures, only shown beside them. Money is in rupiah.
//
// Figures and yes-or-no answers are pointers: nil is a question not
// answered, which a report prints as "—", never as 0 or "no". (Records
// kept before the difference was made hold zeros for both.)
type Reported struct {
	Workers         Workers
	Capacity        Quantity // what the workshop could make in the period
	Output          Quantity // what it made
	ProductionValue *int64
	Turnover        Turnover
	Markets         Markets
	Materials       []Material
	Digital         Digital
	PermitStatus    string
}

// Workers counts the workshop's people.
type Workers struct {
	Total, Women, Paid, Family *int64
}

// Quantity is an amount in a unit the artisan names ("pcs", "meter").
type Quantity struct {
	Amount *int64
	Unit   string
}

// Turnover is the period's turnover by channel, as reported. It has no
// Kriya channel: what sold on the marketplace is measured, not asked.
type Turnover struct {
	OwnShop, Gallery, Exhibitions, Marketplaces, Export *int64
}

// Total is the reported turnover over the channels answered; ok is false
// when none was.
func (t Turnover) Total() (total int64, ok bool) {
	for _, n := range t.channels() {
		if n != nil {
			total, ok = total+*n, true
		}
	}
	return total, ok
}

func (t Turnover) channels() []*int64 {
	return []*int64{t.OwnShop, t.Gallery, t.Exhibitions, t.Marketplaces, t.Export}
}

// Markets are where the artisan sells.
type Markets struct {
	Bali, National  *bool
	ExportCountries string
	ExportValue     *int64
}

// Material is a raw material, where it comes from and what it costs.
type Material struct {
	Type, Origin string
	Price        int64
	Unit         string
}

// Digital is the artisan's use of digital channels.
type Digital struct {
	SocialMedia  string // which, e.g. "Instagram, Facebook"
	Marketplaces string // other marketplaces, e.g. "Tokopedia"
	QRIS         *bool
}

// value is an answered figure's value, 0 for an unanswered one: for
// checks that hold whatever was left out.
func value(n *int64) int64 {
	if n == nil {
		return 0
	}
	return *n
}

// maxMoney bounds reported amounts: ten trillion rupiah is beyond any
// workshop, and keeps sums far from overflowing.
const maxMoney = 10_000_000_000_000

func (r Reported) validate() map[string]string {
	errs := map[string]string{}
	bad := func(field, msg string) {
		if errs[field] == "" {
			errs[field] = msg
		}
	}
	w := r.Workers
	for _, n := range []*int64{w.Total, w.Women, w.Paid, w.Family} {
		if value(n) < 0 || value(n) > 100_000 {
			bad("workers", "ws.error.out_of_range")
		}
	}
	// Parts of a total that was answered cannot exceed it.
	if w.Total != nil && (value(w.Women) > *w.Total || value(w.Paid) > *w.Total || value(w.Family) > *w.Total) {
		bad("workers", "monev.error.workers")
	}
	for _, q := range []Quantity{r.Capacity, r.Output} {
		if value(q.Amount) < 0 || value(q.Amount) > 100_000_000 || utf8.RuneCountInString(q.Unit) > 40 {
			bad("production", "ws.error.out_of_range")
		}
	}
	for _, m := range append(r.Turnover.channels(), r.ProductionValue, r.Markets.ExportValue) {
		if value(m) < 0 || value(m) > maxMoney {
			bad("turnover", "ws.error.price")
		}
	}
	if utf8.RuneCountInString(r.Markets.ExportCountries) > 300 {
		bad("markets", "form.too_long")
	}
	if len(r.Materials) > 20 {
		bad("materials", "form.too_long")
	}
	for _, m := range r.Materials {
		if m.Type == "" || utf8.RuneCountInString(m.Type) > 100 || utf8.RuneCountInString(m.Origin) > 100 || utf8.RuneCountInString(m.Unit) > 40 || m.Price < 0 || m.Price > maxMoney {
			bad("materials", "monev.error.material")
		}
	}
	d := r.Digital
	if utf8.RuneCountInString(d.SocialMedia) > 200 || utf8.RuneCountInString(d.Marketplaces) > 200 || utf8.RuneCountInString(r.PermitStatus) > 300 {
		bad("digital", "form.too_long")
	}
	return errs
}
