package report_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
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

// jpeg is a w×h picture of one colour, as a logo or a photograph.
func jpegOf(t *testing.T, w, h int, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A filed document carries its letterhead, number, photographs with their
// captions and signature blocks; amounts of rupiah columns are written as
// rupiah in the PDF and kept as numbers in the workbook, on named sheets.
func TestFiledDocument(t *testing.T) {
	filed := doc
	filed.Letterhead = &report.Letterhead{Logo: &report.Picture{Data: jpegOf(t, 200, 240, color.RGBA{180, 20, 20, 255})},
		Lines:   []string{"PEMERINTAH KOTA DENPASAR", "DEWAN KERAJINAN NASIONAL DAERAH KOTA DENPASAR"},
		Contact: []string{"Jl. Surapati No. 7, Denpasar", "Telp. (0361) 222 333"}}
	filed.Title = "LAPORAN HASIL MONITORING DAN EVALUASI"
	filed.Reference = "Nomor: 005/MONEV/DEKRANASDA-DPS/XII/2026"
	filed.Sheet = "Ringkasan"
	filed.Rupiah = func(n int64) string { return fmt.Sprintf("Rp %d", n) }
	filed.Sections = append(filed.Sections,
		report.Section{Heading: "Omzet", Table: &report.Table{Headers: []string{"Perajin", "Omzet"}, Rows: [][]string{{"Perak Sari — Celuk", "1250000"}}, Rupiah: []int{1}, Sheet: "Omzet"}})
	filed.Appendix = []report.Section{{Heading: "Dokumentasi", Pictures: []report.Picture{
		{Data: jpegOf(t, 400, 300, color.RGBA{20, 120, 20, 255}), Caption: "Foto 1. Bengkel perak"},
		{Data: jpegOf(t, 300, 400, color.RGBA{20, 20, 120, 255}), Caption: "Foto 2. Bahan baku"},
		{Data: []byte("not a picture"), Caption: "Foto 3. Rusak"},
	}}}
	filed.Signatures = &report.Signatures{Dateline: "Denpasar, 5 Desember 2026", Blocks: []report.Signature{
		{Heading: []string{"Mengetahui,", "Ketua Harian Dekranasda Kota Denpasar"}, Name: "Ni Made Sari"},
		{Heading: []string{"Petugas,"}, Name: "I Wayan Darma", Position: "Staf Bidang Pemasaran"},
	}}
	var buf bytes.Buffer
	if err := filed.WritePDF(&buf); err != nil {
		t.Fatal(err)
	}
	text := reporttest.PDFText(t, buf.Bytes())
	for _, want := range []string{"PEMERINTAH KOTA DENPASAR", "DEWAN KERAJINAN NASIONAL DAERAH KOTA DENPASAR", "Jl. Surapati No. 7",
		"Nomor: 005/MONEV/DEKRANASDA-DPS/XII/2026", "Rp 1250000", "Foto 1. Bengkel perak", "Foto 2. Bahan baku",
		"Denpasar, 5 Desember 2026", "Mengetahui,", "Ni Made Sari", "Petugas,", "I Wayan Darma", "Staf Bidang Pemasaran"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q; it reads:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Foto 3") {
		t.Error("a picture that is no picture is printed")
	}
	if strings.Index(text, "Foto 1") < strings.Index(text, "Staf Bidang Pemasaran") {
		t.Error("the appendix is not after the signatures")
	}
	buf.Reset()
	if err := filed.WriteXLSX(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if sheets := f.GetSheetList(); sheets[0] != "Ringkasan" || sheets[len(sheets)-1] != "Omzet" {
		t.Errorf("sheets = %q, want Ringkasan first and Omzet last", sheets)
	}
	if typ, _ := f.GetCellType("Omzet", "B2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("an amount is stored as text (%v)", typ)
	}
	if v, _ := f.GetCellValue("Omzet", "B2"); !strings.HasPrefix(v, "Rp ") {
		t.Errorf("an amount shows as %q, want it shown as rupiah", v)
	}
}
