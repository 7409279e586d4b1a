package salesexport

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"kriya/internal/sales"
)

// testExport has the labels that break naive exports: a formula, a dash
// and an accent, a row known only by its key, and a refund larger than the
// sale so a net amount is negative.
func testExport() Export {
	rows := []sales.Row{
		{Key: "12", Label: "=SUM(A1)", Figures: sales.Figures{Orders: 2, Units: 3, Gross: 1_500_000}},
		{Key: "7", Label: "Ni Luh Putu — perak", Figures: sales.Figures{Orders: 5, Units: 9, Gross: 12_250_000, Refunds: 250_000}},
		{Key: "3", Label: "Café", Figures: sales.Figures{Orders: 1, Units: 1, Gross: 300_000, Refunds: 500_000}},
		{Key: "exhibition:4", Figures: sales.Figures{Units: 4, Gross: 2_000_000}},
	}
	var total sales.Figures
	for _, r := range rows {
		total = total.Add(r.Figures)
	}
	return Export{
		Title:      "Omzet per perajin: Nov/2026",
		Definition: "Omzet: subtotal item pesanan lunas dikurangi pengembalian, tanpa ongkir dan pajak,\nmenurut tanggal bayar (WITA).",
		Period:     "1 Nov 2026 – 30 Nov 2026",
		Generated:  time.Date(2026, 12, 1, 1, 30, 0, 0, time.UTC),
		KeyHeader:  "Perajin",
		Rows:       rows,
		Total:      total,
	}
}

// wantTable is testExport's table as text, first column as the CSV writes it.
var wantTable = [][]string{
	{"'=SUM(A1)", "2", "3", "1500000", "0", "1500000"},
	{"Ni Luh Putu — perak", "5", "9", "12250000", "250000", "12000000"},
	{"Café", "1", "1", "300000", "500000", "-200000"},
	{"exhibition:4", "0", "4", "2000000", "0", "2000000"},
	{"Total", "8", "17", "16050000", "750000", "15300000"},
}

func TestExportHeaders(t *testing.T) {
	e := Export{KeyHeader: "Kategori"}
	if got := e.Headers("id"); !slices.Equal(got, []string{"Kategori", "Pesanan", "Unit", "Bruto (Rp)", "Pengembalian (Rp)", "Omzet bersih (Rp)"}) {
		t.Errorf("id headers %q", got)
	}
	if got := e.Headers("en"); !slices.Equal(got, []string{"Kategori", "Orders", "Units", "Gross (Rp)", "Refunds (Rp)", "Net sales (Rp)"}) {
		t.Errorf("en headers %q", got)
	}
	if got := e.Headers(""); got[1] != "Pesanan" {
		t.Errorf("unknown language falls back to %q", got[1])
	}
}

func TestExportCSV(t *testing.T) {
	for _, lang := range []string{"id", "en"} {
		t.Run(lang, func(t *testing.T) {
			e := testExport()
			var buf bytes.Buffer
			if err := e.WriteCSV(&buf, lang); err != nil {
				t.Fatal(err)
			}
			raw, ok := bytes.CutPrefix(buf.Bytes(), []byte("\xEF\xBB\xBF"))
			if !ok {
				t.Fatalf("no byte order mark: %q", buf.Bytes()[:8])
			}
			if lines := strings.Split(string(raw), "\r\n"); len(lines) < 5 || lines[4] != "" || !strings.HasPrefix(lines[0], "# ") {
				t.Errorf("want four # lines and a blank one, got %q", lines[:min(5, len(lines))])
			}

			r := csv.NewReader(bytes.NewReader(raw))
			r.FieldsPerRecord = -1
			records, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var about []string
			for len(records) > 0 && strings.HasPrefix(records[0][0], "# ") {
				if len(records[0]) != 1 {
					t.Errorf("header line split into cells: %q", records[0])
				}
				about = append(about, strings.TrimPrefix(records[0][0], "# "))
				records = records[1:]
			}
			generated := "dibuat 2026-12-01T09:30:00+08:00"
			if lang == "en" {
				generated = "generated 2026-12-01T09:30:00+08:00"
			}
			wantAbout := []string{e.Title, strings.ReplaceAll(e.Definition, "\n", " "), e.Period, generated}
			if !slices.Equal(about, wantAbout) {
				t.Errorf("header lines\n got %q\nwant %q", about, wantAbout)
			}
			if len(records) == 0 || !slices.Equal(records[0], e.Headers(lang)) {
				t.Fatalf("header row %q, want %q", records[:min(1, len(records))], e.Headers(lang))
			}
			if !slices.EqualFunc(records[1:], wantTable, slices.Equal) {
				t.Errorf("table\n got %q\nwant %q", records[1:], wantTable)
			}
		})
	}
}

func TestExportCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := (Export{Title: "Kosong", KeyHeader: "Kanal"}).WriteCSV(&buf, "id"); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "\r\n\r\nKanal,Pesanan,Unit,Bruto (Rp),Pengembalian (Rp),Omzet bersih (Rp)\r\nTotal,0,0,0,0,0\r\n") {
		t.Errorf("empty export:\n%s", buf.String())
	}
}

func TestExportXLSX(t *testing.T) {
	e := testExport()
	var buf bytes.Buffer
	if err := e.WriteXLSX(&buf, "id"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	sheets := f.GetSheetList()
	if !slices.Equal(sheets, []string{"Omzet per perajin Nov 2026"}) {
		t.Fatalf("sheets %q", sheets)
	}
	sheet := sheets[0]
	value := func(c string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	style := func(c string) *excelize.Style {
		t.Helper()
		id, err := f.GetCellStyle(sheet, c)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	bold := func(c string) bool { s := style(c); return s.Font != nil && s.Font.Bold }

	for c, want := range map[string]string{
		"A1": e.Title,
		"A2": strings.ReplaceAll(e.Definition, "\n", " "),
		"A3": e.Period,
		"A4": "dibuat 2026-12-01T09:30:00+08:00",
		"A5": "",
	} {
		if got := value(c); got != want {
			t.Errorf("%s = %q, want %q", c, got, want)
		}
	}
	if !bold("A1") {
		t.Error("title is not bold")
	}

	for i, h := range e.Headers("id") {
		c := cell(i+1, 6)
		if got := value(c); got != h {
			t.Errorf("header %s = %q, want %q", c, got, h)
		}
		if !bold(c) {
			t.Errorf("header %s is not bold", c)
		}
	}

	for i, want := range wantTable {
		row := 7 + i
		label := strings.TrimPrefix(want[0], "'") // typed text needs no guard
		if got := value(cell(1, row)); got != label {
			t.Errorf("A%d = %q, want %q", row, got, label)
		}
		if formula, _ := f.GetCellFormula(sheet, cell(1, row)); formula != "" {
			t.Errorf("A%d became the formula %q", row, formula)
		}
		for col := 2; col <= 6; col++ {
			c := cell(col, row)
			if got := value(c); got != want[col-1] {
				t.Errorf("%s = %q, want %q", c, got, want[col-1])
			}
			if typ, _ := f.GetCellType(sheet, c); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s is stored as type %v, not as a number", c, typ)
			}
			if s := style(c); s.NumFmt != 3 {
				t.Errorf("%s has number format %d, want 3 (#,##0)", c, s.NumFmt)
			}
		}
		isTotal := i == len(wantTable)-1
		if bold(cell(1, row)) != isTotal || bold(cell(6, row)) != isTotal {
			t.Errorf("row %d bold = %v, want %v", row, bold(cell(1, row)), isTotal)
		}
	}
	if formatted, _ := f.GetCellValue(sheet, "D8"); formatted != "12,250,000" {
		t.Errorf("D8 shows %q, want 12,250,000", formatted)
	}

	var filter string
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filter = d.RefersTo
		}
	}
	if want := "'" + sheet + "'!$A$6:$F$10"; filter != want {
		t.Errorf("AutoFilter on %q, want %q (the table without its total)", filter, want)
	}
	if panes, _ := f.GetPanes(sheet); !panes.Freeze || panes.YSplit != 6 {
		t.Errorf("panes %+v, want the header frozen", panes)
	}
	for col, least := range map[string]float64{"A": 21, "D": 12, "F": 12} {
		if w, _ := f.GetColWidth(sheet, col); w < least {
			t.Errorf("column %s is %v wide, want at least %v", col, w, least)
		}
	}
}

func TestExportXLSXEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := (Export{KeyHeader: "Channel"}).WriteXLSX(&buf, "en"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); !slices.Equal(sheets, []string{"Sales"}) {
		t.Errorf("sheets %q", sheets)
	}
	if v, _ := f.GetCellValue("Sales", "A7"); v != "Total" {
		t.Errorf("A7 = %q, want the total row right under the header", v)
	}
}

func TestSheetName(t *testing.T) {
	tests := []struct{ title, lang, want string }{
		{"Omzet per perajin: Nov/2026", "id", "Omzet per perajin Nov 2026"},
		{"Omzet per perajin: Nov/2026 [draft]", "id", "Omzet per perajin Nov 2026 draf"},
		{"a\\b?c*d\ne\tf", "id", "a b c d e f"},
		{"'quoted'", "id", "quoted"},
		{"", "id", "Penjualan"},
		{"[/]", "en", "Sales"},
		{"history", "en", "Sales"},
		{"Penjualan per kecamatan di Kota Denpasar Bali", "id", "Penjualan per kecamatan di Kota"},
		{strings.Repeat("🎨", 20), "id", strings.Repeat("🎨", 15)},
	}
	for _, tt := range tests {
		got := sheetName(tt.title, tt.lang)
		if got != tt.want {
			t.Errorf("sheetName(%q) = %q, want %q", tt.title, got, tt.want)
		}
		if n := len(utf16.Encode([]rune(got))); n > 31 {
			t.Errorf("%q is %d UTF-16 units", got, n)
		}
		f := excelize.NewFile()
		if err := f.SetSheetName("Sheet1", got); err != nil {
			t.Errorf("excelize refuses %q: %v", got, err)
		}
		f.Close()
	}
}

// A breakdown by product can have thousands of rows; the total still lands
// right under them.
func TestExportManyRows(t *testing.T) {
	e := Export{Title: "Produk", KeyHeader: "Produk"}
	for i := range 3000 {
		e.Rows = append(e.Rows, sales.Row{Key: strconv.Itoa(i), Label: "Produk " + strconv.Itoa(i), Figures: sales.Figures{Orders: 1, Units: 1, Gross: 100}})
		e.Total = e.Total.Add(e.Rows[i].Figures)
	}
	var buf bytes.Buffer
	if err := e.WriteXLSX(&buf, "id"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Produk", "F3007", excelize.Options{RawCellValue: true}); v != "300000" {
		t.Errorf("total net %q", v)
	}
}
