package catalog

import (
	"net/url"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Whatever a buyer types into the search box or the price filters, the
// query parses, and search terms stay few, short and plain.
func FuzzParseQuery(f *testing.F) {
	for _, seed := range []string{"q=perak", `q="silver ring"*`, "q=';DROP TABLE products;--&min_price=abc", "page=-1&per_page=100000",
		"min_price=Rp+1.250.000&max_price=99", "q=%F0%9F%92%8D+cincin&sort=price_desc", "q=\x00\xff"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, _ := ParseQuery(v)
		if q.Page < 1 || q.PerPage < 1 || q.PerPage > MaxPerPage || q.MinPrice < 0 || q.MaxPrice < 0 {
			t.Fatalf("out of range: %+v", q)
		}
		terms := q.Terms()
		if len(terms) > maxSearchTerms {
			t.Fatalf("%d terms", len(terms))
		}
		for _, term := range terms {
			if term == "" || utf8.RuneCountInString(term) > maxSearchTermLen {
				t.Fatalf("term %q", term)
			}
			for _, r := range term {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Fatalf("term %q holds %q", term, r)
				}
			}
		}
	})
}
