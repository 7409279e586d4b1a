package monev

import "unicode/utf8"

// Reported is what the artisan told the officers: never overwritten by
// measured figures, only shown beside them. Money is in rupiah.
type Reported struct {
	Workers         Workers
	Capacity        Quantity // what the workshop could make in the period
	Output          Quantity // what it made
	ProductionValue int64
	Turnover        Turnover
	Markets         Markets
	Materials       []Material
	Digital         Digital
	PermitStatus    string
}

// Workers counts the workshop's people.
type Workers struct {
	Total, Women, Paid, Family int64
}

// Quantity is an amount in a unit the artisan names ("pcs", "meter").
type Quantity struct {
	Amount int64
	Unit   string
}

// Turnover is the period's turnover by channel, as reported.
type Turnover struct {
	OwnShop, Gallery, Exhibitions, Marketplaces, Export int64
}

// Total is the reported turnover over every channel.
func (t Turnover) Total() int64 {
	return t.OwnShop + t.Gallery + t.Exhibitions + t.Marketplaces + t.Export
}

// Markets are where the artisan sells.
type Markets struct {
	Bali, National  bool
	ExportCountries string
	ExportValue     int64
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
	QRIS         bool
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
	for _, n := range []int64{w.Total, w.Women, w.Paid, w.Family} {
		if n < 0 || n > 100_000 {
			bad("workers", "ws.error.out_of_range")
		}
	}
	if w.Women > w.Total || w.Paid > w.Total || w.Family > w.Total {
		bad("workers", "monev.error.workers")
	}
	for _, q := range []Quantity{r.Capacity, r.Output} {
		if q.Amount < 0 || q.Amount > 100_000_000 || utf8.RuneCountInString(q.Unit) > 40 {
			bad("production", "ws.error.out_of_range")
		}
	}
	t := r.Turnover
	for _, m := range []int64{r.ProductionValue, t.OwnShop, t.Gallery, t.Exhibitions, t.Marketplaces, t.Export, r.Markets.ExportValue} {
		if m < 0 || m > maxMoney {
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
