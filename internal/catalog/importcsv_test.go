package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

const importHeader = "handle,title_id,title_en,description_id,description_en,category,material_id,material_en,weight_grams,sku_label,price,stock\n"

var importCategories = []string{"perak", "tenun"}

func TestParseImportRow(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name string
		row  string
		want string // the row's reason, or "" when it imports
	}{
		{"minimal", ",Cincin,,,,perak,,,,,150000,", ""},
		{"every column", "c1,Cincin,Ring,Perak 925,925 silver,perak,Perak,Silver,8,Ukuran 7,Rp 150.000,3", ""},
		{"price with commas", `,Cincin,,,,perak,,,,,"150,000",`, ""},
		{"price with zero decimals", `,Cincin,,,,perak,,,,,"Rp150.000,00",`, ""},
		{"category in capitals", ",Cincin,,,,Perak,,,,,150000,", ""},
		{"stock with a separator", ",Cincin,,,,perak,,,,,150000,1.000", ""},
		{"longest title", "," + long(300) + ",,,,perak,,,,,150000,", ""},
		{"bad price", ",Cincin,,,,perak,,,,,abc,", `price must be a whole number of rupiah, got "abc"`},
		{"decimal price", ",Cincin,,,,perak,,,,,1.50,", `price must be a whole number of rupiah, got "1.50"`},
		{"zero price", ",Cincin,,,,perak,,,,,0,", "price must be more than 0"},
		{"negative price", ",Cincin,,,,perak,,,,,-5,", `price must not be negative, got "-5"`},
		{"huge price", ",Cincin,,,,perak,,,,,2000000000000,", `price must be at most 1000000000000 rupiah, got "2000000000000"`},
		{"overflowing price", ",Cincin,,,,perak,,,,,99999999999999999999999,", `price must be at most 1000000000000 rupiah, got "99999999999999999999999"`},
		{"no price", ",Cincin,,,,perak,,,,,,", "price is required"},
		{"no title", ",,Ring,,,perak,,,,,150000,", "title_id is required"},
		{"long title", "," + long(301) + ",,,,perak,,,,,150000,", "title_id is longer than 300 characters"},
		{"title on two lines", ",\"Cincin\nperak\",,,,perak,,,,,150000,", "title_id must be a single line of text"},
		{"long English title", ",Cincin," + long(301) + ",,,perak,,,,,150000,", "title_en is longer than 300 characters"},
		{"long description", ",Cincin,," + strings.Repeat("a", 10_001) + ",,perak,,,,,150000,", "description_id is longer than 10000 bytes"},
		{"description with line breaks", ",Cincin,,\"Satu\nDua\",,perak,,,,,150000,", ""},
		{"not UTF-8", ",Cincin \xe9,,,,perak,,,,,150000,", `title_id is not UTF-8 text; save the file as "CSV UTF-8"`},
		{"unknown category", ",Cincin,,,,kaca,,,,,150000,", `unknown category "kaca"; use one of perak, tenun`},
		{"no category", ",Cincin,,,,,,,,,150000,", "category is required"},
		{"long material", ",Cincin,,,,perak," + long(201) + ",,,,150000,", "material_id is longer than 200 characters"},
		{"bad weight", ",Cincin,,,,perak,,,8.5,,150000,", `weight_grams must be a whole number of grams from 0 to 1000000, got "8.5"`},
		{"heavy", ",Cincin,,,,perak,,,1000001,,150000,", `weight_grams must be a whole number of grams from 0 to 1000000, got "1000001"`},
		{"negative stock", ",Cincin,,,,perak,,,,,150000,-1", `stock must be a whole number from 0 to 100000, got "-1"`},
		{"too much stock", ",Cincin,,,,perak,,,,,150000,100001", `stock must be a whole number from 0 to 100000, got "100001"`},
		{"long label", ",Cincin,,,,perak,,,," + long(101) + ",150000,", "sku_label is longer than 100 characters"},
		{"long handle", strings.Repeat("h", 10_001) + ",Cincin,,,,perak,,,,,150000,", "handle is longer than 10000 bytes"},
		{"several problems", ",,,,,kaca,,,,,abc,x", `title_id is required; unknown category "kaca"; use one of perak, tenun; price must be a whole number of rupiah, got "abc"; stock must be a whole number from 0 to 100000, got "x"`},
		{"long value shortened", ",Cincin,,,,perak,,,,," + strings.Repeat("9", 50) + "x,", `price must be a whole number of rupiah, got "` + strings.Repeat("9", 40) + `…"`},
		{"too few fields", ",Cincin,perak,150000", "expected 12 fields, found 4"},
		{"too many fields", ",Cincin,,,,perak,,,,,150000,,", "expected 12 fields, found 13"},
		{"bare quote", `,Cincin 7",,,,perak,,,,,150000,`, `cannot read the row (bare " in non-quoted-field); a cell with quotes must be in quotes itself, with each quote inside doubled`},
		{"empty spreadsheet row", ",,,,,,,,,,,", "-"},
		{"short empty row", " , ", "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ParseImport(strings.NewReader(importHeader+tt.row+"\n"), importCategories)
			if err != nil {
				t.Fatal(err)
			}
			if res.Rows != 1 {
				t.Errorf("Rows = %d, want 1", res.Rows)
			}
			var want []RowError
			products := 1
			switch tt.want {
			case "":
			case "-":
				products = 0
			default:
				want, products = []RowError{{Line: 2, Reason: tt.want}}, 0
			}
			if diff := cmp.Diff(want, res.Errors); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if len(res.Products) != products {
				t.Errorf("got %d products, want %d", len(res.Products), products)
			}
		})
	}
}

func TestParseImportProduct(t *testing.T) {
	in := importHeader + `c1,Cincin,Ring,"Perak 925, buatan tangan.",Handmade.,perak,Perak,Silver,8,Ukuran 7,Rp 150.000,3
,Kain Endek,,,,tenun,,,,,"850,000",
`
	res, err := ParseImport(strings.NewReader(in), importCategories)
	if err != nil {
		t.Fatal(err)
	}
	want := ImportResult{Rows: 2, Products: []ImportedProduct{
		{Line: 2, Product: Product{
			Title:       Text{ID: "Cincin", EN: "Ring"},
			Description: Text{ID: "Perak 925, buatan tangan.", EN: "Handmade."},
			Material:    Text{ID: "Perak", EN: "Silver"},
			WeightGrams: 8,
			Category:    &Category{Slug: "perak"},
			SKUs:        []SKU{{Label: "Ukuran 7", Price: 150_000, Stock: 3, Position: 1}},
		}},
		{Line: 3, Product: Product{
			Title:    Text{ID: "Kain Endek"},
			Category: &Category{Slug: "tenun"},
			SKUs:     []SKU{{Price: 850_000, Position: 1}},
		}},
	}}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("ParseImport (-want +got):\n%s", diff)
	}
}

// An Excel export under Indonesian settings: a byte order mark, semicolons,
// and here the columns in another order and case.
func TestParseImportSemicolonBOM(t *testing.T) {
	in := "\uFEFFPrice;Title_ID;CATEGORY;description_id; stock \r\n" +
		"Rp 150.000;Cincin;perak;Perak, buatan tangan;2\r\n" +
		"150.000,00;Kain;tenun;\"Satu; dua\";\r\n"
	res, err := ParseImport(strings.NewReader(in), importCategories)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 || len(res.Products) != 2 {
		t.Fatalf("got %+v", res)
	}
	p := res.Products[0].Product
	if p.Title.ID != "Cincin" || p.Description.ID != "Perak, buatan tangan" || p.SKUs[0].Price != 150_000 || p.SKUs[0].Stock != 2 {
		t.Errorf("first product = %+v", p)
	}
	if d := res.Products[1].Product.Description.ID; d != "Satu; dua" {
		t.Errorf("second description = %q", d)
	}
}

func TestParseImportHandles(t *testing.T) {
	in := `handle,title_id,category,sku_label,price
cincin,Cincin,perak,Ukuran 6,100000
,Kain,tenun,,200000
cincin,,,Ukuran 7,abc
cincin,Cincin Lain,tenun,Ukuran 8,100000
cincin,Cincin,PERAK,Ukuran 9,110000
cincin,,,Ukuran 6,100000
gelang,,perak,S,50000
gelang,,,M,50000
anting,Anting,perak,,abc
anting,,,,
`
	res, err := ParseImport(strings.NewReader(in), importCategories)
	if err != nil {
		t.Fatal(err)
	}
	want := ImportResult{Rows: 10, Products: []ImportedProduct{
		{Line: 2, Product: Product{Title: Text{ID: "Cincin"}, Category: &Category{Slug: "perak"}, SKUs: []SKU{
			{Label: "Ukuran 6", Price: 100_000, Position: 1},
			{Label: "Ukuran 9", Price: 110_000, Position: 2},
		}}},
		{Line: 3, Product: Product{Title: Text{ID: "Kain"}, Category: &Category{Slug: "tenun"}, SKUs: []SKU{
			{Price: 200_000, Position: 1},
		}}},
	}, Errors: []RowError{
		{4, `price must be a whole number of rupiah, got "abc"`},
		{5, "product columns differ from line 2: title_id, category"},
		{7, `sku_label "Ukuran 6" repeats line 2; each SKU of a handle needs its own label`},
		{8, "title_id is required"},
		{9, "skipped because the product on line 8 has errors"},
		{10, `price must be a whole number of rupiah, got "abc"`},
		{11, "price is required"},
	}}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("ParseImport (-want +got):\n%s", diff)
	}
}

func TestParseImportTooManySKUs(t *testing.T) {
	var b strings.Builder
	b.WriteString("handle,title_id,category,sku_label,price\n")
	for i := range MaxSKUs + 1 {
		fmt.Fprintf(&b, "c,Cincin,perak,%d,1000\n", i)
	}
	res, err := ParseImport(strings.NewReader(b.String()), importCategories)
	if err != nil {
		t.Fatal(err)
	}
	want := []RowError{{MaxSKUs + 2, fmt.Sprintf("a product can have at most %d SKUs", MaxSKUs)}}
	if diff := cmp.Diff(want, res.Errors); diff != "" || len(res.Products[0].Product.SKUs) != MaxSKUs {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

// Lines are the rows a spreadsheet shows: a cell's line breaks do not
// count, an empty line does.
func TestParseImportLineNumbers(t *testing.T) {
	in := "title_id,description_id,category,price\n" +
		"A,\"satu\r\ndua\ntiga\",perak,abc\n" +
		"B,,perak,x\n" +
		"\n" +
		"C,,perak,y\n" +
		"D,\"x\ny\" z,perak,1\n" +
		"E,,perak,z\n"
	res, err := ParseImport(strings.NewReader(in), importCategories)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, e := range res.Errors {
		lines = append(lines, e.Line)
	}
	if diff := cmp.Diff([]int{2, 3, 5, 6, 7}, lines); diff != "" || res.Rows != 6 {
		t.Errorf("Rows = %d, error lines (-want +got):\n%s", res.Rows, diff)
	}
}

func TestParseImportThousandRows(t *testing.T) {
	var b strings.Builder
	b.WriteString(importHeader)
	for line := 2; line <= 1001; line++ {
		title, category, price := fmt.Sprintf("Cincin %d", line), "perak", "150.000"
		switch line {
		case 10:
			price = "seratus"
		case 500:
			category = "kaca"
		case 1001:
			title = ""
		}
		fmt.Fprintf(&b, ",%s,,,,%s,,,,,%s,1\n", title, category, price)
	}
	res, err := ParseImport(strings.NewReader(b.String()), importCategories)
	if err != nil {
		t.Fatal(err)
	}
	want := []RowError{
		{10, `price must be a whole number of rupiah, got "seratus"`},
		{500, `unknown category "kaca"; use one of perak, tenun`},
		{1001, "title_id is required"},
	}
	if diff := cmp.Diff(want, res.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if len(res.Products) != 997 || res.Rows != 1000 {
		t.Errorf("got %d products from %d rows, want 997 from 1000", len(res.Products), res.Rows)
	}
	if p := res.Products[996]; p.Line != 1000 || p.Product.Title.ID != "Cincin 1000" {
		t.Errorf("last product = %+v", p)
	}
}

func TestParseImportFileErrors(t *testing.T) {
	rows := func(n int) string {
		return importHeader + strings.Repeat(",Cincin,,,,perak,,,,,1000,\n", n)
	}
	tests := []struct {
		name string
		in   io.Reader
		want string // in the error
	}{
		{"empty", strings.NewReader(""), "it is empty"},
		{"only a BOM", strings.NewReader("\uFEFF"), "it is empty"},
		{"only empty lines", strings.NewReader("\n\r\n"), "it is empty"},
		{"header only", strings.NewReader(importHeader), "it has no rows below the header"},
		{"header not first", strings.NewReader("\n" + rows(1)), "its first line must be the header"},
		{"missing column", strings.NewReader("title_id,price\nCincin,1000\n"), "missing required columns category;"},
		{"unknown column", strings.NewReader("title_id,category,price,Warna,\nCincin,perak,1000,merah,\n"), `unknown columns "warna" (column 4), "" (column 5);`},
		{"column twice", strings.NewReader("title_id,category,price,Price\n"), "column price appears twice"},
		{"too many rows", strings.NewReader(rows(MaxImportRows + 1)), "it has more than 5000 rows"},
		{"too large", io.MultiReader(strings.NewReader(importHeader+`,"`), endless('a')), "it is larger than 32 MB"},
		{"xlsx", strings.NewReader("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00\x90\x04\x00\x00\x13\x00"), `it is not CSV text; in the spreadsheet, save it as "CSV UTF-8"`},
		{"UTF-16", strings.NewReader("\xff\xfet\x00i\x00t\x00l\x00e\x00_\x00i\x00d\x00\n\x00"), "it is not CSV text"},
		{"broken quotes in the header", strings.NewReader(`"title_id,category,price` + "\n"), "it is not CSV text"},
		{"binary", strings.NewReader("\x00\x01\x02\x03\xff\xfe\xfd\"\x7f,;\n\x00\x00\n"), "it is not CSV text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ParseImport(tt.in, importCategories)
			if !errors.Is(err, ErrImportFile) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one with %q", err, tt.want)
			}
			if res.Rows != 0 || res.Products != nil || res.Errors != nil {
				t.Errorf("result = %+v, want none", res)
			}
		})
	}

	if res, err := ParseImport(strings.NewReader(rows(MaxImportRows)), importCategories); err != nil || len(res.Products) != MaxImportRows {
		t.Errorf("%d rows: %d products, error %v", MaxImportRows, len(res.Products), err)
	}
	_, err := ParseImport(iotest.ErrReader(errors.New("disk gone")), importCategories)
	if err == nil || errors.Is(err, ErrImportFile) || !strings.Contains(err.Error(), "disk gone") {
		t.Errorf("read failure: error = %v, want the read error, not a file error", err)
	}
}

// endless is a reader of one byte, repeated for ever.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

func TestImportTemplate(t *testing.T) {
	res, err := ParseImport(bytes.NewReader(ImportTemplate()), importCategories)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 0 || len(res.Products) != 2 || res.Rows != 3 {
		t.Fatalf("template: %+v", res)
	}
	ring := res.Products[0].Product
	if len(ring.SKUs) != 2 || ring.SKUs[1].Label != "Ukuran 8" || ring.Category.Slug != "perak" {
		t.Errorf("ring = %+v", ring)
	}
}

func FuzzParseImport(f *testing.F) {
	f.Add(ImportTemplate())
	f.Add([]byte("\uFEFFhandle;title_id;category;price;stock\r\nc;Cincin;perak;Rp 150.000;2\r\nc;;;\"1,5\";x\r\n"))
	f.Add([]byte(importHeader + ",\"a\n\nb\",,,,perak,,,,,1,\n\n,x\"y,,,,tenun,,,,,2,\n,\"open"))
	f.Add([]byte("title_id,category,price\n,,\n;;;\n\"\"\"\",perak,-1\n"))
	f.Add([]byte("PK\x03\x04\x00\x00\xff"))
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := ParseImport(bytes.NewReader(in), importCategories)
		if err != nil {
			return
		}
		for _, e := range res.Errors {
			if e.Line < 1 || e.Line > res.Rows+1 {
				t.Errorf("error on line %d of a file with %d rows: %+v", e.Line, res.Rows, e)
			}
		}
	})
}
