package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kriya/internal/report"
	"kriya/internal/report/reporttest"
)

var doc = report.Document{
	Title:    "Catatan Monev — Perak Sari Celuk",
	Subtitle: "Kunjungan 12 Nov 2026 · Kecamatan Denpasar Selatan",
	Footer:   "Dicetak 27 Nov 2026",
	Sections: []report.Section{
		{Heading: "Omzet terukur", Pairs: [][2]string{{"Omzet daring", "Rp 1.250.000"}, {"Pangsa pasar daring", "12,5%"}}},
		{Heading: "Kendala", Table: &report.Table{Headers: []string{"Kategori", "Tingkat", "Uraian"}, Rows: [][]string{
			{"Bahan baku", "tinggi", "Harga perak naik; pasokan dari Surabaya terlambat dua minggu"},
			{"Pemasaran", "—", "Kafe · galeri à la carte, dua–tiga kali sebulan"},
		}}},
		{Heading: "Tindak lanjut", Table: &report.Table{Headers: []string{"Tindakan", "Jumlah", "Biaya"}, Rows: [][]string{{"Pelatihan", "3", "Rp 1.250.000"}, {"Kurasi", "1", "Rp 15.000 / orang"}}}},
		{Heading: "Rekomendasi", Paragraphs: []string{"Ikut pameran Dekranasda bulan depan."}},
	},
	Generated: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC),
}

func TestPDFShowsIndonesianTextAndRupiah(t *testing.T) {
	var buf bytes.Buffer
	if err := doc.WritePDF(&buf); err != nil {
		t.Fatal(err)
	}
	text := reporttest.PDFText(t, buf.Bytes())
	for _, want := range []string{"Catatan Monev", "Perak Sari Celuk", "Omzet daring", "Rp 1.250.000", "Pangsa pasar daring", "Bahan baku", "Harga perak naik", "galeri à la carte, dua–tiga", "Ikut pameran Dekranasda", "Dicetak 27 Nov 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q; it reads:\n%s", want, text)
		}
	}
}

func TestXLSXHoldsEveryTableWithNumbers(t *testing.T) {
	var buf bytes.Buffer
	if err := doc.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) != 3 || sheets[1] != "Kendala" || sheets[2] != "Tindak lanjut" {
		t.Fatalf("sheets = %q, want the summary, Kendala and Tindak lanjut", sheets)
	}
	if v, _ := f.GetCellValue("Kendala", "C2"); !strings.HasPrefix(v, "Harga perak naik") {
		t.Errorf("Kendala C2 = %q", v)
	}
	if typ, _ := f.GetCellType("Tindak lanjut", "B2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("a count is stored as text (%v); spreadsheets could not sum it", typ)
	}
	if v, _ := f.GetCellValue("Tindak lanjut", "C2", excelize.Options{RawCellValue: true}); v != "1250000" {
		t.Errorf("an amount in a table is %q in the spreadsheet, want the number 1250000", v)
	}
	if v, _ := f.GetCellValue("Tindak lanjut", "C3"); v != "Rp 15.000 / orang" {
		t.Errorf("a price per unit is %q in the spreadsheet, want it as written", v)
	}
	if v, _ := f.GetCellValue(sheets[0], "B6"); v != "Rp 1.250.000" {
		t.Errorf("summary B5 = %q, want the online omzet", v)
	}
}
