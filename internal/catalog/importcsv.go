package catalog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Import limits. They keep one upload cheap to read and store, and make
// a wrong file (a whole database export, a video) fail fast.
const (
	MaxImportRows  = 5000
	MaxImportField = 10_000 // bytes, like a listing's description
	// MaxImportBytes bounds the whole file, so that the reader's memory is
	// bounded too; upload handlers can refuse larger bodies before parsing.
	MaxImportBytes = 32 << 20
)

// ErrImportFile is returned, wrapped with the reason, when a whole import
// file is refused. Its message is written for the person who uploaded the
// file, unlike a read error, which is the operator's business.
var ErrImportFile = errors.New("cannot import the file")

// The columns of an import file, in the order of the template. Product
// columns (title_id … weight_grams) describe the listing; the last three
// describe one SKU of it.
const (
	colHandle = iota
	colTitleID
	colTitleEN
	colDescriptionID
	colDescriptionEN
	colCategory
	colMaterialID
	colMaterialEN
	colWeightGrams
	colSKULabel
	colPrice
	colStock
	numImportColumns
)

var importColumns = [numImportColumns]string{
	"handle", "title_id", "title_en", "description_id", "description_en", "category",
	"material_id", "material_en", "weight_grams", "sku_label", "price", "stock",
}

var requiredImportColumns = []int{colTitleID, colCategory, colPrice}

// Lengths the store's columns hold, in characters.
const (
	maxTitleRunes    = 300
	maxMaterialRunes = 200
	maxLabelRunes    = 100
)

// ImportedProduct is one product parsed from an import file, with the row
// it starts on, so a later store error can still point at the file.
type ImportedProduct struct {
	Line    int
	Product Product
}

// RowError says why one row of an import file was not imported. Line is
// the row's number as a spreadsheet shows it, the header being 1: the
// same as the line in a text editor unless a cell holds line breaks.
type RowError struct {
	Line   int
	Reason string
}

// ImportResult is what an import file holds: the products to create,
// the rows that cannot be imported and why, and how many data rows the
// file has, so the uploader can check that nothing went unnoticed.
type ImportResult struct {
	Products []ImportedProduct
	Errors   []RowError
	Rows     int
}

// ParseImport reads a spreadsheet export of listings, so that an artisan
// (or staff for them) can create many listings at once. Valid rows become
// products; bad rows are reported with their line and reason while the
// rest import. It only parses and validates; storing is the caller's.
//
// The file is CSV, UTF-8 with or without a byte order mark, separated by
// commas or by semicolons (as Excel writes it under Indonesian settings),
// whichever the header line uses more. The header comes first and names
// these columns, in any order and letter case:
//
//	handle          optional; rows with the same handle are SKUs of one product
//	title_id        required, at most 300 characters
//	title_en        at most 300 characters
//	description_id  text, line breaks allowed
//	description_en
//	category        required, the slug of one of categories (perak, tenun, …)
//	material_id     at most 200 characters
//	material_en
//	weight_grams    empty or a whole number from 0 to 1000000
//	sku_label       e.g. "Ukuran 7"; at most 100 characters, distinct within a handle
//	price           required, whole rupiah: 150000, 150.000, Rp 150.000, 150,000
//	stock           empty (0) or a whole number from 0 to 100000
//
// Only title_id, category and price must be in the header; a missing
// column reads as empty. A row without a handle is a product with one
// SKU. Of rows sharing a handle, the first gives the product columns and
// later ones may leave them empty; a later row that gives different ones
// is an error. A bad SKU row drops only that SKU, and a product left
// without SKUs is dropped. Rows whose cells are all empty are skipped.
//
// The error is for the file as a whole (not CSV text, a wrong header, more
// than MaxImportRows rows or MaxImportBytes bytes), wrapping ErrImportFile,
// or a failure to read r. No input makes it panic.
func ParseImport(r io.Reader, categories []string) (ImportResult, error) {
	br := bufio.NewReader(&cappedReader{r: r})
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\uFEFF")) {
		br.Discard(len(bom))
	}
	// The separator is decided by the header alone: a data row may hold
	// either character in its text.
	head, err := br.Peek(4096)
	if err != nil && !errors.Is(err, io.EOF) {
		return ImportResult{}, readError(err)
	}
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // ragged rows are row errors, not the file's
	if bytes.Count(head, []byte{';'}) > bytes.Count(head, []byte{','}) {
		cr.Comma = ';'
	}

	im, err := newImporter(cr, categories)
	if err != nil {
		return ImportResult{}, err
	}
	// A cell's line breaks take lines of the file but not rows of the
	// spreadsheet; newlines counts them, to report rows as people see them.
	newlines := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var perr *csv.ParseError
		var start int
		switch {
		case errors.As(err, &perr):
			start = perr.StartLine
		case err != nil:
			return ImportResult{}, readError(err)
		default:
			start, _ = cr.FieldPos(0)
		}
		line := start - newlines
		if line-1 > MaxImportRows {
			return ImportResult{}, fmt.Errorf("%w: it has more than %d rows; split it into smaller files", ErrImportFile, MaxImportRows)
		}
		im.res.Rows = line - 1
		if perr != nil {
			newlines += perr.Line - perr.StartLine
			im.fail(line, fmt.Sprintf("cannot read the row (%v); a cell with quotes must be in quotes itself, with each quote inside doubled", perr.Err))
			continue
		}
		for _, f := range rec {
			newlines += strings.Count(f, "\n")
		}
		im.row(line, rec)
	}
	if im.res.Rows == 0 {
		return ImportResult{}, fmt.Errorf("%w: it has no rows below the header", ErrImportFile)
	}
	// A product all of whose SKU rows were bad has had them reported.
	im.res.Products = slices.DeleteFunc(im.res.Products, func(p ImportedProduct) bool { return len(p.Product.SKUs) == 0 })
	return im.res, nil
}

// ImportTemplate is an example import file that the upload page offers
// for download, so an artisan starts from a header that parses and rows
// that show how SKUs share a handle. It is plain ASCII, so that no
// spreadsheet misreads its encoding.
func ImportTemplate() []byte {
	return []byte(`handle,title_id,title_en,description_id,description_en,category,material_id,material_en,weight_grams,sku_label,price,stock
cincin-jepun,Cincin Perak Motif Bunga Jepun,Frangipani Silver Ring,"Cincin perak 925 buatan tangan dari Celuk, motif bunga jepun.","Handmade 925 silver ring from Celuk, with a frangipani motif.",perak,Perak 925,925 silver,6,Ukuran 7,450000,3
cincin-jepun,,,,,,,,,Ukuran 8,475000,2
,Kain Endek Motif Cepuk,Endek Cloth with Cepuk Motif,"Kain tenun endek ikat pakan, pewarna alam, 200 x 110 cm.","Weft ikat endek cloth, natural dyes, 200 x 110 cm.",tenun,Katun,Cotton,450,,850000,1
`)
}

// errTooLarge ends reading at MaxImportBytes.
var errTooLarge = errors.New("import file too large")

// cappedReader fails once more than MaxImportBytes have been read, and
// keeps failing, so no caller can read past it by retrying.
type cappedReader struct {
	r io.Reader
	n int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.n > MaxImportBytes {
		return 0, errTooLarge
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > MaxImportBytes {
		return n, errTooLarge
	}
	return n, err
}

// readError tells a file too large, which the uploader can fix, from a
// failure to read, which they cannot.
func readError(err error) error {
	if errors.Is(err, errTooLarge) {
		return fmt.Errorf("%w: it is larger than %d MB; split it into smaller files", ErrImportFile, MaxImportBytes>>20)
	}
	return fmt.Errorf("reading import file: %w", err)
}

// importer is the state of one ParseImport: the file's columns, the
// categories allowed and the products built so far.
type importer struct {
	pos        [numImportColumns]int // the file's index of each column, or -1
	width      int                   // fields in the header, so in every row
	categories []string
	known      map[string]bool
	groups     map[string]*importGroup // by handle
	res        ImportResult
}

// importGroup is a product being built from the rows of one handle.
type importGroup struct {
	line    int                      // the row that gave the product columns
	product int                      // index in res.Products, or -1 if that row's product columns are bad
	values  [numImportColumns]string // that row's cells
	labels  map[string]int           // the row of each SKU label taken
}

// newImporter reads and checks the header.
func newImporter(cr *csv.Reader, categories []string) (*importer, error) {
	header, err := cr.Read()
	var perr *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return nil, fmt.Errorf("%w: it is empty", ErrImportFile)
	case errors.As(err, &perr):
		return nil, notCSV()
	case err != nil:
		return nil, readError(err)
	}
	im := &importer{width: len(header), categories: categories, known: map[string]bool{}, groups: map[string]*importGroup{}}
	for i := range im.pos {
		im.pos[i] = -1
	}
	for _, c := range categories {
		im.known[c] = true
	}
	for _, name := range header {
		if !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl) {
			return nil, notCSV()
		}
	}
	// Rows are numbered from the header as 1, and the separator was guessed
	// from the first line, so the header must be there.
	if line, _ := cr.FieldPos(0); line != 1 {
		return nil, fmt.Errorf("%w: its first line must be the header (%s)", ErrImportFile, strings.Join(importColumns[:], ","))
	}
	var problems, unknown []string
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		c := columnIndex(name)
		switch {
		case c < 0:
			unknown = append(unknown, fmt.Sprintf("%s (column %d)", shown(name), i+1))
		case im.pos[c] >= 0:
			problems = append(problems, fmt.Sprintf("column %s appears twice", name))
		default:
			im.pos[c] = i
		}
	}
	if len(unknown) > 0 {
		problems = append(problems, "unknown columns "+strings.Join(unknown, ", "))
	}
	var missing []string
	for _, c := range requiredImportColumns {
		if im.pos[c] < 0 {
			missing = append(missing, importColumns[c])
		}
	}
	if len(missing) > 0 {
		problems = append(problems, "missing required columns "+strings.Join(missing, ", "))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w: %s; the header names columns among %s", ErrImportFile, strings.Join(problems, "; "), strings.Join(importColumns[:], ", "))
	}
	return im, nil
}

func columnIndex(name string) int {
	for c, n := range importColumns {
		if n == name {
			return c
		}
	}
	return -1
}

// notCSV refuses a file that is not text, most often an .xlsx workbook or
// a UTF-16 "Unicode text" export.
func notCSV() error {
	return fmt.Errorf(`%w: it is not CSV text; in the spreadsheet, save it as "CSV UTF-8"`, ErrImportFile)
}

func (im *importer) fail(line int, reasons ...string) {
	im.res.Errors = append(im.res.Errors, RowError{Line: line, Reason: strings.Join(reasons, "; ")})
}

// row adds one data row to a new product or to its handle's product.
func (im *importer) row(line int, rec []string) {
	blank := true
	for _, f := range rec {
		blank = blank && strings.TrimSpace(f) == ""
	}
	if blank {
		return // an empty spreadsheet row
	}
	if len(rec) != im.width {
		im.fail(line, fmt.Sprintf("expected %d fields, found %d", im.width, len(rec)))
		return
	}
	var v [numImportColumns]string
	for c, i := range im.pos {
		if i >= 0 {
			v[c] = strings.TrimSpace(rec[i])
		}
	}
	v[colCategory] = strings.ToLower(v[colCategory])
	if reason := checkText("handle", v[colHandle], 0, false); reason != "" {
		im.fail(line, reason)
		return
	}

	var reasons []string
	g := im.groups[v[colHandle]]
	if g == nil {
		p, problems := im.product(v)
		reasons = problems
		g = &importGroup{line: line, product: -1, values: v, labels: map[string]int{}}
		if len(problems) == 0 {
			g.product = len(im.res.Products)
			im.res.Products = append(im.res.Products, ImportedProduct{Line: line, Product: p})
		}
		if v[colHandle] != "" {
			im.groups[v[colHandle]] = g
		}
	} else {
		if g.product < 0 {
			reasons = append(reasons, fmt.Sprintf("skipped because the product on line %d has errors", g.line))
		}
		var differ []string
		for c := colTitleID; c <= colWeightGrams; c++ {
			if v[c] != "" && v[c] != g.values[c] {
				differ = append(differ, importColumns[c])
			}
		}
		if len(differ) > 0 {
			reasons = append(reasons, fmt.Sprintf("product columns differ from line %d: %s", g.line, strings.Join(differ, ", ")))
		}
	}

	sku, problems := skuOf(v)
	reasons = append(reasons, problems...)
	if first, taken := g.labels[sku.Label]; taken {
		reasons = append(reasons, fmt.Sprintf("sku_label %s repeats line %d; each SKU of a handle needs its own label", shown(sku.Label), first))
	}
	if g.product >= 0 && len(im.res.Products[g.product].Product.SKUs) >= MaxSKUs {
		reasons = append(reasons, fmt.Sprintf("a product can have at most %d SKUs", MaxSKUs))
	}
	if len(reasons) > 0 {
		im.fail(line, reasons...)
		return
	}
	p := &im.res.Products[g.product].Product
	sku.Position = len(p.SKUs) + 1
	p.SKUs = append(p.SKUs, sku)
	g.labels[sku.Label] = line
}

// product reads a row's product columns.
func (im *importer) product(v [numImportColumns]string) (Product, []string) {
	var reasons []string
	check := func(reason string) {
		if reason != "" {
			reasons = append(reasons, reason)
		}
	}
	if v[colTitleID] == "" {
		check("title_id is required")
	}
	check(checkText("title_id", v[colTitleID], maxTitleRunes, true))
	check(checkText("title_en", v[colTitleEN], maxTitleRunes, true))
	check(checkText("description_id", v[colDescriptionID], 0, false))
	check(checkText("description_en", v[colDescriptionEN], 0, false))
	switch cat := v[colCategory]; {
	case cat == "":
		check("category is required")
	case !im.known[cat]:
		check(fmt.Sprintf("unknown category %s; use one of %s", shown(cat), strings.Join(im.categories, ", ")))
	}
	check(checkText("material_id", v[colMaterialID], maxMaterialRunes, true))
	check(checkText("material_en", v[colMaterialEN], maxMaterialRunes, true))
	var weight int64
	if s := v[colWeightGrams]; s != "" {
		n, ok := parseWhole(s)
		if !ok || n > MaxWeightGrams {
			check(fmt.Sprintf("weight_grams must be a whole number of grams from 0 to %d, got %s", MaxWeightGrams, shown(s)))
		}
		weight = n
	}
	return Product{
		Title:       Text{ID: v[colTitleID], EN: v[colTitleEN]},
		Description: Text{ID: v[colDescriptionID], EN: v[colDescriptionEN]},
		Material:    Text{ID: v[colMaterialID], EN: v[colMaterialEN]},
		WeightGrams: int(weight),
		Category:    &Category{Slug: v[colCategory]},
	}, reasons
}

// skuOf reads a row's SKU columns.
func skuOf(v [numImportColumns]string) (SKU, []string) {
	var reasons []string
	if reason := checkText("sku_label", v[colSKULabel], maxLabelRunes, true); reason != "" {
		reasons = append(reasons, reason)
	}
	price, err := ParseRupiah(v[colPrice])
	switch {
	case v[colPrice] == "":
		reasons = append(reasons, "price is required")
	case err != nil:
		reasons = append(reasons, fmt.Sprintf("price %v, got %s", err, shown(v[colPrice])))
	case price == 0:
		reasons = append(reasons, "price must be more than 0")
	}
	var stock int64
	if s := v[colStock]; s != "" {
		n, ok := parseWhole(s)
		if !ok || n > MaxStock {
			reasons = append(reasons, fmt.Sprintf("stock must be a whole number from 0 to %d, got %s", MaxStock, shown(s)))
		}
		stock = n
	}
	return SKU{Label: v[colSKULabel], Price: price, Stock: int(stock)}, reasons
}

// checkText says why a text cell cannot be stored, or returns "". A
// maxRunes of 0 leaves only the file's own limit; oneLine refuses line
// breaks and other control characters where a listing shows one line.
func checkText(col, s string, maxRunes int, oneLine bool) string {
	switch {
	case len(s) > MaxImportField:
		return fmt.Sprintf("%s is longer than %d bytes", col, MaxImportField)
	case !utf8.ValidString(s):
		return fmt.Sprintf(`%s is not UTF-8 text; save the file as "CSV UTF-8"`, col)
	case maxRunes > 0 && utf8.RuneCountInString(s) > maxRunes:
		return fmt.Sprintf("%s is longer than %d characters", col, maxRunes)
	case oneLine && strings.ContainsFunc(s, unicode.IsControl):
		return fmt.Sprintf("%s must be a single line of text", col)
	}
	return ""
}

// shown quotes a cell for a reason, shortened so that a pasted essay
// cannot flood the report.
func shown(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return strconv.Quote(s)
}
