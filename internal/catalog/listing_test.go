package catalog

import (
	"slices"
	"strconv"
	"testing"
)

func TestPlanEdit(t *testing.T) {
	live := Product{ID: 7, Status: ProductActive, Title: Text{ID: "Cincin"},
		SKUs:   []SKU{{ID: 1, Label: "6", Price: 100_000, Stock: 2}},
		Images: []ProductImage{{Key: "a"}}}
	priced := live
	priced.SKUs = []SKU{{ID: 1, Label: "6", Price: 120_000, Stock: 5}}
	described := live
	described.Description = Text{ID: "baru"}
	described.SKUs = []SKU{{ID: 1, Label: "6", Price: 100_000, Stock: 9}}
	replaced := live
	replaced.SKUs = []SKU{{Label: "7", Price: 90_000, Stock: 1}}

	tests := []struct {
		name           string
		live, edited   Product
		review, staff  bool
		wantStatus     string
		wantPrice      int64 // of the first saved SKU
		wantStock      int
		wantProposal   bool
		wantProposalPx int64
	}{
		{"new listing waits", Product{}, Product{SKUs: []SKU{{Price: 5}}}, true, false, ProductPending, 5, 0, false, 0},
		{"new listing by staff is live", Product{}, Product{SKUs: []SKU{{Price: 5}}}, true, true, ProductActive, 5, 0, false, 0},
		{"review off: live at once", Product{}, Product{SKUs: []SKU{{Price: 5}}}, false, false, ProductActive, 5, 0, false, 0},
		{"price change waits, stock applies", live, priced, true, false, ProductActive, 100_000, 5, true, 120_000},
		{"description and stock apply at once", live, described, true, false, ProductActive, 100_000, 9, false, 0},
		{"staff price change applies", live, priced, true, true, ProductActive, 120_000, 5, false, 0},
		{"all SKUs replaced: old ones sell until approval", live, replaced, true, false, ProductActive, 100_000, 2, true, 90_000},
	}
	for _, tt := range tests {
		edited := tt.edited
		if edited.Status == "" {
			edited.Status = tt.live.Status
		}
		saved, prop := PlanEdit(tt.live, edited, tt.review, tt.staff)
		if saved.Status != tt.wantStatus || saved.SKUs[0].Price != tt.wantPrice || saved.SKUs[0].Stock != tt.wantStock {
			t.Errorf("%s: saved status %q, price %d, stock %d", tt.name, saved.Status, saved.SKUs[0].Price, saved.SKUs[0].Stock)
		}
		if (prop != nil) != tt.wantProposal || (prop != nil && prop.SKUs[0].Price != tt.wantProposalPx) {
			t.Errorf("%s: proposal %+v", tt.name, prop)
		}
	}
}

func TestValidateListing(t *testing.T) {
	ok := Product{Title: Text{ID: "Cincin"}, CategoryID: 1, SKUs: []SKU{{Price: 1000, Stock: 1}}}
	if errs := ok.Validate(); len(errs) != 0 {
		t.Errorf("valid listing: %v", errs)
	}
	bad := Product{SKUs: []SKU{{Price: 0, Stock: -1, Label: "x"}, {Price: 5, Label: "x"}}, Images: make([]ProductImage, 11), ProcessingDays: 400}
	errs := bad.Validate()
	for _, f := range []string{"title_id", "category", "skus.0.price", "skus.0.stock", "skus.1.label", "photos", "processing_days"} {
		if errs[f] == "" {
			t.Errorf("no error for %s: %v", f, errs)
		}
	}
}

// A copy is a draft like the listing, without its identity, stock or
// photos; an empty English title stays empty.
func TestCopy(t *testing.T) {
	p := Product{ID: 7, Slug: "cincin", Status: ProductActive, Featured: true, Title: Text{ID: "Cincin"},
		SKUs:   []SKU{{ID: 3, Code: "ABC", Label: "Ukuran 6", Price: 450_000, Stock: 4, LowStock: 1}},
		Images: []ProductImage{{Key: "sari/1.jpg"}}}
	c := p.Copy(Text{ID: "(salinan)", EN: "(copy)"})
	if c.ID != 0 || c.Slug != "" || c.Status != ProductDraft || c.Featured || len(c.Images) != 0 || c.Title != (Text{ID: "Cincin (salinan)"}) {
		t.Errorf("copy = %+v", c)
	}
	if c.SKUs[0] != (SKU{Label: "Ukuran 6", Price: 450_000, LowStock: 1}) || p.SKUs[0].Code != "ABC" {
		t.Errorf("copied SKU = %+v (original %+v)", c.SKUs[0], p.SKUs[0])
	}
}

func TestGridLabels(t *testing.T) {
	sizes, colours := ParseOptions(" S, M ,, L, M "), ParseOptions("Merah,  Biru Laut")
	if !slices.Equal(sizes, []string{"S", "M", "L"}) || !slices.Equal(colours, []string{"Merah", "Biru Laut"}) {
		t.Fatalf("options = %q, %q", sizes, colours)
	}
	labels, err := GridLabels(sizes, colours)
	want := []string{"S / Merah", "S / Biru Laut", "M / Merah", "M / Biru Laut", "L / Merah", "L / Biru Laut"}
	if err != nil || !slices.Equal(labels, want) {
		t.Errorf("3 × 2 = %q, %v; want %q", labels, err, want)
	}
	if first, second, ok := GridAxes(labels); !ok || !slices.Equal(first, sizes) || !slices.Equal(second, colours) {
		t.Errorf("the axes of the grid = %q, %q, %v", first, second, ok)
	}
	if _, _, ok := GridAxes([]string{"S / Merah", "M / Biru"}); ok {
		t.Error("two labels of a 2 × 2 grid read as a grid")
	}
	if labels, _ := GridLabels(nil, colours); !slices.Equal(labels, colours) {
		t.Errorf("one axis = %q", labels)
	}
	many := make([]string, 8)
	for i := range many {
		many[i] = strconv.Itoa(i)
	}
	if _, err := GridLabels(many, many); err == nil {
		t.Error("64 combinations accepted; a listing has at most 50 SKUs")
	}
}
