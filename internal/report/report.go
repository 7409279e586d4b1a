// Package report writes the council's printable documents — a monev visit
// record, a period summary — as PDF and XLSX files. A Document is built
// once, already in the reader's language, and every format writes the same
// content, so the PDF and the spreadsheet cannot disagree.
package report

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"
)

// Document is a titled list of sections.
type Document struct {
	Title     string
	Subtitle  string
	Generated time.Time // printed in the footer, in WITA
	Footer    string    // e.g. "Dicetak 27 Nov 2026 · Kriya, Dekranasda Kota Denpasar"
	Sections  []Section
}

// Section is a heading with label–value pairs, a table, paragraphs, or
// any of these in that order.
type Section struct {
	Heading    string
	Pairs      [][2]string
	Table      *Table
	Paragraphs []string
}

// Table is a grid with a header row. Cells holding a whole number, or an
// amount as pages write it ("Rp 1.250.000"), are written to a spreadsheet
// as numbers, so it sums them.
type Table struct {
	Headers []string
	Rows    [][]string
	// Widths are relative column widths for the PDF; equal when nil.
	Widths []float64
}

// WritePDF writes d as an A4 PDF. The core Helvetica font covers
// Indonesian and the "Rp" amounts; text is translated to its code page.
func (d Document) WritePDF(w io.Writer) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(d.Title, true)
	pdf.SetCreator("Kriya", true)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 18)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "I", 8)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%s · %d/{nb}", d.Footer, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AliasNbPages("")
	pdf.AddPage()
	width, _ := pdf.GetPageSize()
	usable := width - 30

	pdf.SetFont("Helvetica", "B", 15)
	pdf.MultiCell(0, 7, tr(d.Title), "", "L", false)
	if d.Subtitle != "" {
		pdf.SetFont("Helvetica", "", 10)
		pdf.MultiCell(0, 5, tr(d.Subtitle), "", "L", false)
	}
	for _, s := range d.Sections {
		pdf.Ln(3)
		if s.Heading != "" {
			pdf.SetFont("Helvetica", "B", 12)
			pdf.MultiCell(0, 6, tr(s.Heading), "B", "L", false)
			pdf.Ln(1)
		}
		pdf.SetFont("Helvetica", "", 9.5)
		for _, p := range s.Pairs {
			y := pdf.GetY()
			pdf.SetFont("Helvetica", "B", 9.5)
			pdf.MultiCell(usable*0.4, 5, tr(p[0]), "", "L", false)
			yLabel := pdf.GetY()
			pdf.SetXY(15+usable*0.4, y)
			pdf.SetFont("Helvetica", "", 9.5)
			pdf.MultiCell(usable*0.6, 5, tr(p[1]), "", "L", false)
			pdf.SetY(max(yLabel, pdf.GetY()))
		}
		if t := s.Table; t != nil && len(t.Headers) > 0 {
			writeTable(pdf, tr, t, usable)
		}
		for _, p := range s.Paragraphs {
			pdf.MultiCell(0, 5, tr(p), "", "L", false)
			pdf.Ln(1)
		}
	}
	return pdf.Output(w)
}

func writeTable(pdf *fpdf.Fpdf, tr func(string) string, t *Table, usable float64) {
	widths := make([]float64, len(t.Headers))
	total := 0.0
	for i := range widths {
		widths[i] = 1
		if i < len(t.Widths) {
			widths[i] = t.Widths[i]
		}
		total += widths[i]
	}
	for i := range widths {
		widths[i] = widths[i] / total * usable
	}
	row := func(cells []string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		pdf.SetFont("Helvetica", style, 8.5)
		// Every cell of a row is as tall as its tallest, wrapped.
		lines := 1
		for i, c := range cells {
			if i < len(widths) {
				lines = max(lines, len(pdf.SplitText(codePoints(tr(c)), widths[i]-2)))
			}
		}
		h := float64(lines) * 4.5
		if pdf.GetY()+h > 279 {
			pdf.AddPage()
		}
		x, y := pdf.GetX(), pdf.GetY()
		for i, c := range cells {
			if i >= len(widths) {
				break
			}
			pdf.Rect(x, y, widths[i], h, "D")
			pdf.SetXY(x+1, y+0.25)
			pdf.MultiCell(widths[i]-2, 4.5, tr(c), "", "L", false)
			x += widths[i]
			pdf.SetXY(x, y)
		}
		pdf.SetXY(15, y+h)
	}
	row(t.Headers, true)
	for _, r := range t.Rows {
		row(r, false)
	}
}

// codePoints turns text translated to the font's one-byte code page into
// the runes SplitText measures: it reads its argument as UTF-8 and looks
// each rune up in a 256-entry width table, so a translated "—" or "·" (one
// byte above 0x7f, not UTF-8) would be U+FFFD and out of its range.
func codePoints(translated string) string {
	r := make([]rune, len(translated))
	for i := range len(translated) {
		r[i] = rune(translated[i])
	}
	return string(r)
}

// WriteXLSX writes d as a workbook: a first sheet with the title and every
// section's pairs and paragraphs, then one sheet per table, named by its
// section, with integer cells written as numbers so they can be summed.
func (d Document) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	first := f.GetSheetName(0)
	rowNo := 1
	set := func(sheet string, col, row int, v any) {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		f.SetCellValue(sheet, cell, v)
	}
	set(first, 1, rowNo, d.Title)
	rowNo++
	if d.Subtitle != "" {
		set(first, 1, rowNo, d.Subtitle)
		rowNo++
	}
	set(first, 1, rowNo, d.Footer)
	rowNo += 2
	used := map[string]bool{first: true}
	money, err := f.NewStyle(&excelize.Style{CustomNumFmt: &rupiahFormat})
	if err != nil {
		return fmt.Errorf("report: rupiah style: %w", err)
	}
	for _, s := range d.Sections {
		if len(s.Pairs) > 0 || len(s.Paragraphs) > 0 {
			set(first, 1, rowNo, s.Heading)
			rowNo++
			for _, p := range s.Pairs {
				set(first, 1, rowNo, p[0])
				set(first, 2, rowNo, p[1])
				rowNo++
			}
			for _, p := range s.Paragraphs {
				set(first, 1, rowNo, p)
				rowNo++
			}
			rowNo++
		}
		if s.Table == nil {
			continue
		}
		name := sheetName(s.Heading, used)
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("report: sheet %q: %w", name, err)
		}
		for c, h := range s.Table.Headers {
			set(name, c+1, 1, h)
		}
		for r, cells := range s.Table.Rows {
			for c, v := range cells {
				value, isAmount := cellValue(v)
				set(name, c+1, r+2, value)
				if isAmount {
					cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
					f.SetCellStyle(name, cell, cell, money)
				}
			}
		}
	}
	return f.Write(w)
}

// cellValue writes whole numbers ("1250000", "-3") and rupiah amounts
// ("Rp 1.250.000", isAmount) as numbers and everything else as text, so a
// spreadsheet sums the amounts a PDF shows as people read them.
func cellValue(s string) (v any, isAmount bool) {
	var n int64
	if _, err := fmt.Sscan(s, &n); err == nil && fmt.Sprint(n) == s {
		return n, false
	}
	if m := rupiah.FindStringSubmatch(s); m != nil {
		if n, err := strconv.ParseInt(m[1]+strings.NewReplacer(".", "", ",", "").Replace(m[2]), 10, 64); err == nil {
			return n, true
		}
	}
	return s, false
}

// rupiah is an amount as i18n.Localizer.Rupiah writes it, in either
// language: "Rp 1.250.000", "Rp -3,400".
var rupiah = regexp.MustCompile(`^Rp (-?)(\d{1,3}(?:[.,]\d{3})*)$`)

// rupiahFormat shows a number cell as an amount.
var rupiahFormat = `"Rp "#,##0`

// sheetName makes a heading a valid, unique sheet name: at most 31
// characters, none of []:*?/\.
func sheetName(heading string, used map[string]bool) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, heading)
	if r := []rune(name); len(r) > 28 {
		name = string(r[:28])
	}
	if name == "" {
		name = "Tabel"
	}
	base := name
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s %d", base, i)
	}
	used[name] = true
	return name
}
