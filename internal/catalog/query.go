package catalog

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// Sort orders for product listings.
const (
	SortRelevance = "relevance" // best match first; the default when searching
	SortNewest    = "newest"    // the default when browsing
	SortPriceAsc  = "price_asc"
	SortPriceDesc = "price_desc"
)

// Page sizes: what a listing shows unless asked, and the most it shows.
const (
	DefaultPerPage = 24
	MaxPerPage     = 100
	// MaxPage caps the page number, so that the offset (page-1)×per page
	// cannot overflow even where int has 32 bits; ten million products
	// is far beyond any catalog Kriya holds.
	MaxPage = 100_000
)

// Search limits keep any query cheap: a pasted essay becomes a few words.
const (
	maxSearchTerms   = 8
	maxSearchTermLen = 40
)

// Query is what a buyer asks the catalog: words to search for, filters,
// an order and a page. A zero MinPrice or MaxPrice means no bound.
type Query struct {
	Text     string
	Category string // category slug
	Artisan  string // artisan slug
	MinPrice int64
	MaxPrice int64
	InStock  bool
	Featured bool // only the council's picks; set by pages, not by buyers
	Sort     string
	Page     int
	PerPage  int
}

// Offset is the number of products before the query's page.
func (q Query) Offset() int { return (q.Page - 1) * q.PerPage }

// Terms splits the search text into at most a few lower-case words of
// letters and digits. Quotes, operators and punctuation are dropped, so
// the store can build a full-text query from any input without escaping.
func (q Query) Terms() []string {
	words := strings.FieldsFunc(strings.ToLower(q.Text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	terms := make([]string, 0, maxSearchTerms)
	seen := map[string]bool{}
	for _, w := range words {
		if r := []rune(w); len(r) > maxSearchTermLen {
			w = string(r[:maxSearchTermLen])
		}
		if seen[w] {
			continue
		}
		seen[w] = true
		terms = append(terms, w)
		if len(terms) == maxSearchTerms {
			break
		}
	}
	return terms
}

// FieldErrors maps a query parameter to what is wrong with it, in words a
// buyer or an integrator can act on.
type FieldErrors map[string]string

// ParseQuery reads a listing query from URL parameters. It always returns a
// usable query: a parameter that cannot be used is left at its default and
// reported in the errors, so a page can still be shown while an API answers
// 422. Page numbers and sizes out of range are clamped, not refused.
func ParseQuery(v url.Values) (Query, FieldErrors) {
	errs := FieldErrors{}
	q := Query{
		Text:     strings.TrimSpace(v.Get("q")),
		Category: strings.TrimSpace(v.Get("category")),
		Artisan:  strings.TrimSpace(v.Get("artisan")),
		InStock:  v.Get("in_stock") == "1" || v.Get("in_stock") == "true" || v.Get("in_stock") == "on",
		Page:     1,
		PerPage:  DefaultPerPage,
	}
	q.MinPrice = priceParam(v.Get("min_price"), "min_price", errs)
	q.MaxPrice = priceParam(v.Get("max_price"), "max_price", errs)
	if q.MinPrice > 0 && q.MaxPrice > 0 && q.MinPrice > q.MaxPrice {
		errs["max_price"] = "must not be below the minimum price"
		q.MaxPrice = 0
	}
	if n, ok := parseInt(v.Get("page"), "page", errs); ok && n > 1 {
		q.Page = min(n, MaxPage)
	}
	if n, ok := parseInt(v.Get("per_page"), "per_page", errs); ok && n > 0 {
		q.PerPage = min(n, MaxPerPage)
	}
	switch s := v.Get("sort"); s {
	case "":
		q.Sort = SortNewest
		if q.Text != "" {
			q.Sort = SortRelevance
		}
	case SortRelevance, SortNewest, SortPriceAsc, SortPriceDesc:
		q.Sort = s
	default:
		errs["sort"] = "must be one of relevance, newest, price_asc, price_desc"
		q.Sort = SortNewest
	}
	if q.Sort == SortRelevance && len(q.Terms()) == 0 {
		q.Sort = SortNewest
	}
	return q, errs
}

// priceParam reads an optional price filter with ParseRupiah, which takes
// "150.000" or "Rp 150.000" as buyers type them.
func priceParam(s, field string, errs FieldErrors) int64 {
	if strings.TrimSpace(s) == "" {
		return 0
	}
	n, err := ParseRupiah(s)
	if err != nil {
		errs[field] = "must be a whole number of rupiah"
		return 0
	}
	return n
}

func parseInt(s, field string, errs FieldErrors) (int, bool) {
	if s == "" {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		errs[field] = "must be a whole number"
		return 0, false
	}
	return n, true
}

// Listing is one page of products answering a query.
type Listing struct {
	Products []Product
	Total    int64
	Page     int
	PerPage  int
}

// Pages is the number of pages the whole result spans.
func (l Listing) Pages() int {
	if l.PerPage == 0 {
		return 0
	}
	return int((l.Total + int64(l.PerPage) - 1) / int64(l.PerPage))
}
