package catalog

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		query  string
		want   Query
		errors []string
	}{
		{"", Query{Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}, nil},
		{"q=perak", Query{Text: "perak", Sort: SortRelevance, Page: 1, PerPage: DefaultPerPage}, nil},
		{"q=***", Query{Text: "***", Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}, nil},
		{"min_price=150.000&max_price=Rp+1,250,000", Query{MinPrice: 150_000, MaxPrice: 1_250_000, Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}, nil},
		{"min_price=abc", Query{Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}, []string{"min_price"}},
		{"min_price=-5", Query{Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}, []string{"min_price"}},
		{"min_price=9000&max_price=10", Query{MinPrice: 9000, Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}, []string{"max_price"}},
		{"page=-1&per_page=100000", Query{Sort: SortNewest, Page: 1, PerPage: MaxPerPage}, nil},
		{"page=3&per_page=0", Query{Sort: SortNewest, Page: 3, PerPage: DefaultPerPage}, nil},
		{"page=x", Query{Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}, []string{"page"}},
		{"sort=price_desc&in_stock=1&category=perak&artisan=sari", Query{Category: "perak", Artisan: "sari", InStock: true, Sort: SortPriceDesc, Page: 1, PerPage: DefaultPerPage}, nil},
		{"sort=drop", Query{Sort: SortNewest, Page: 1, PerPage: DefaultPerPage}, []string{"sort"}},
	}
	for _, tt := range tests {
		v, err := url.ParseQuery(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		got, errs := ParseQuery(v)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseQuery(%q) (-want +got):\n%s", tt.query, diff)
		}
		var fields []string
		for f := range errs {
			fields = append(fields, f)
		}
		if len(fields) != len(tt.errors) || (len(fields) == 1 && fields[0] != tt.errors[0]) {
			t.Errorf("ParseQuery(%q) errors = %v, want %v", tt.query, errs, tt.errors)
		}
	}
}

// Finding 13: page=9223372036854775807 made (page-1)×per page overflow to
// a negative offset. The page is capped, so the offset stays positive for
// the largest page size.
func TestPageOverflow_OffsetStaysPositive(t *testing.T) {
	q, errs := ParseQuery(url.Values{"page": {"9223372036854775807"}, "per_page": {"100"}})
	if len(errs) > 0 || q.Page != MaxPage {
		t.Fatalf("page = %d, errors %v; want %d", q.Page, errs, MaxPage)
	}
	if q.Offset() <= 0 || q.Offset() != (MaxPage-1)*MaxPerPage {
		t.Errorf("offset = %d", q.Offset())
	}
}

func TestTerms(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Silver RING", []string{"silver", "ring"}},
		{`"perak" OR ukiran*`, []string{"perak", "or", "ukiran"}},
		{"'; DROP TABLE products; --", []string{"drop", "table", "products"}},
		{"perak perak perak", []string{"perak"}},
		{"Cincin-perak 925", []string{"cincin", "perak", "925"}},
		{"***", []string{}},
		{strings.Repeat("a", 100), []string{strings.Repeat("a", 40)}},
		{"a b c d e f g h i j k", []string{"a", "b", "c", "d", "e", "f", "g", "h"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Query{Text: tt.text}.Terms()); diff != "" {
			t.Errorf("Terms(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}
