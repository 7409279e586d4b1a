// Package report writes the council's printable documents — a monev visit
// record, a period summary — as PDF and XLSX files. A Document is built
// once, already in the reader's language, and every format writes the same
// content, so the PDF and the spreadsheet cannot disagree.
package report

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"
)

// Document is a titled list of sections, as an office files it: under its
// letterhead, numbered, and signed.
type Document struct {
	// Letterhead heads the first page as on the council's letters; nil
	// for none.
	Letterhead *Letterhead
	Title      string
	Subtitle   string
	// Reference is the document's number as printed under the title
	// ("Nomor: 005/MONEV/DEKRANASDA-DPS/XII/2026").
	Reference string
	Generated time.Time // printed in the footer, in WITA
	Footer    string    // e.g. "Dicetak 27 Nov 2026 · Kriya, Dekranasda Kota Denpasar"
	Sections  []Section
	// Signatures close the document's body; nil for none.
	Signatures *Signatures
	// Appendix follows the signatures, from a new page, as an office
	// attaches its photographs (lampiran) to a report.
	Appendix []Section
	// Sheet names a workbook's first sheet, which holds the title and the
	// sections' pairs and paragraphs ("Ringkasan"); the title's start
	// when empty.
	Sheet string
	// Rupiah writes an amount of the tables' Rupiah columns in a PDF
	// ("Rp 1.250.000"); a workbook keeps the number and shows it so.
	Rupiah func(int64) string
}

// Letterhead is an office's letterhead: its logo beside its lines, the
// address under them, and a double rule beneath.
type Letterhead struct {
	Logo    *Picture // nil: no logo
	Lines   []string // e.g. "PEMERINTAH KOTA DENPASAR", "DEWAN KERAJINAN NASIONAL DAERAH KOTA DENPASAR"
	Contact []string // smaller, under the lines: the address; telephone and e-mail
}

// Picture is an image a document shows: a logo, a photograph.
type Picture struct {
	Data    []byte // JPEG or PNG, for the PDF
	URL     string // where a web page showing the document finds it
	Caption string
}

// Signatures are the signature blocks at a document's end, side by side:
// the first on the left, the last on the right under the dateline.
type Signatures struct {
	Dateline string // "Denpasar, 5 Desember 2026"
	Blocks   []Signature
}

// Signature is one signatory's block: what they sign as, the space for
// the signature, their name and position.
type Signature struct {
	Heading  []string // "Mengetahui,", "Ketua Harian Dekranasda Kota Denpasar"
	Name     string
	Position string
}

// Section is a heading with label–value pairs, a table, paragraphs,
// pictures, or any of these in that order.
type Section struct {
	Heading    string
	Pairs      [][2]string
	Table      *Table
	Paragraphs []string
	Pictures   []Picture // printed two a row, each over its caption; not in a workbook
}

// Table is a grid with a header row. Cells holding a whole number are
// written to a spreadsheet as numbers.
type Table struct {
	Headers []string
	Rows    [][]string
	// Widths are relative column widths for the PDF; equal when nil.
	Widths []float64
	// Rupiah lists the columns (from 0) whose cells are whole amounts of
	// rupiah ("1250000"): written with Document.Rupiah in a PDF, and as
	// numbers shown "Rp 1.250.000" in a workbook, where they can be summed.
	Rupiah []int
	// Sheet names the table's sheet in a workbook; the section's heading
	// when empty.
	Sheet string
}

// Page geometry of the PDF, in millimetres (A4).
const (
	pageWidth    = 210.0
	pageHeight   = 297.0
	marginLeft   = 20.0
	marginRight  = 20.0
	marginTop    = 15.0
	marginBottom = 18.0
	usable       = pageWidth - marginLeft - marginRight
)

// WritePDF writes d as an A4 PDF. The core Helvetica font covers
// Indonesian and the "Rp" amounts; text is translated to its code page.
func (d Document) WritePDF(w io.Writer) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(d.Title, true)
	pdf.SetCreator("Kriya", true)
	pdf.SetMargins(marginLeft, marginTop, marginRight)
	pdf.SetAutoPageBreak(true, marginBottom)
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "I", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%s · %d/{nb}", d.Footer, pdf.PageNo())), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AliasNbPages("")
	pdf.AddPage()
	p := pdfWriter{pdf: pdf, tr: tr, doc: d}
	if d.Letterhead != nil {
		p.letterhead(*d.Letterhead)
	}
	p.title()
	for _, s := range d.Sections {
		p.section(s)
	}
	if d.Signatures != nil {
		p.signatures(*d.Signatures)
	}
	if len(d.Appendix) > 0 {
		pdf.AddPage()
		for _, s := range d.Appendix {
			p.section(s)
		}
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("report: pdf: %w", err)
	}
	return pdf.Output(w)
}

// pdfWriter draws a document on its PDF.
type pdfWriter struct {
	pdf      *fpdf.Fpdf
	tr       func(string) string
	doc      Document
	pictures int // names the images registered
}

// lines is how many lines text takes in a column w wide, in the current
// font. (fpdf's SplitText reads UTF-8, which the translated text of the
// core fonts is not: its "—" would be out of the font's range.)
func (p *pdfWriter) lines(text string, w float64) int {
	return len(p.pdf.SplitLines([]byte(p.tr(text)), w))
}

// image registers a picture's data and returns its name and size in
// pixels; ok is false for data that is neither JPEG nor PNG.
func (p *pdfWriter) image(pic Picture) (name string, w, h float64, ok bool) {
	var kind string
	switch {
	case bytes.HasPrefix(pic.Data, []byte{0xFF, 0xD8, 0xFF}):
		kind = "JPG"
	case bytes.HasPrefix(pic.Data, []byte("\x89PNG\r\n\x1a\n")):
		kind = "PNG"
	default:
		return "", 0, 0, false
	}
	p.pictures++
	name = "picture" + strconv.Itoa(p.pictures)
	info := p.pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: kind}, bytes.NewReader(pic.Data))
	if info == nil || p.pdf.Err() {
		return "", 0, 0, false
	}
	return name, info.Width(), info.Height(), true
}

// letterhead draws the council's letterhead: the logo on the left, the
// lines centred in the space beside it (each as large as fits, the first
// smaller, as the government's name over the council's), the contact
// lines, and the thick-and-thin double rule under it all.
func (p *pdfWriter) letterhead(l Letterhead) {
	pdf, tr := p.pdf, p.tr
	top := marginTop - 3
	left, bottom := marginLeft, top
	if l.Logo != nil {
		if name, w, h, ok := p.image(*l.Logo); ok {
			lh := 26.0
			lw := min(lh*w/h, 30)
			lh = lw * h / w
			pdf.ImageOptions(name, marginLeft, top, lw, lh, false, fpdf.ImageOptions{}, 0, "")
			left, bottom = marginLeft+lw+3, top+lh
		}
	}
	inset := left - marginLeft
	width := usable - inset
	pdf.SetY(top + 1)
	for i, line := range l.Lines {
		size := 15.0
		if i == 0 && len(l.Lines) > 1 {
			size = 13
		}
		pdf.SetFont("Helvetica", "B", size)
		for size > 8 && pdf.GetStringWidth(tr(line)) > width {
			size -= 0.5
			pdf.SetFont("Helvetica", "B", size)
		}
		pdf.SetX(marginLeft + inset)
		pdf.CellFormat(width, size*0.45, tr(line), "", 1, "C", false, 0, "")
	}
	pdf.SetFont("Helvetica", "", 8.5)
	for _, line := range l.Contact {
		pdf.SetX(marginLeft + inset)
		pdf.MultiCell(width, 4, tr(line), "", "C", false)
	}
	y := max(pdf.GetY(), bottom) + 2
	pdf.SetLineWidth(0.9)
	pdf.Line(marginLeft, y, pageWidth-marginRight, y)
	pdf.SetLineWidth(0.25)
	pdf.Line(marginLeft, y+1.3, pageWidth-marginRight, y+1.3)
	pdf.SetLineWidth(0.2)
	pdf.SetY(y + 6)
}

// title draws the title centred and underlined, as a report's, with its
// subtitle and number under it.
func (p *pdfWriter) title() {
	pdf, tr, d := p.pdf, p.tr, p.doc
	pdf.SetFont("Helvetica", "BU", 12.5)
	pdf.MultiCell(0, 6, tr(d.Title), "", "C", false)
	pdf.SetFont("Helvetica", "", 10)
	if d.Reference != "" {
		pdf.MultiCell(0, 5, tr(d.Reference), "", "C", false)
	}
	if d.Subtitle != "" {
		pdf.MultiCell(0, 5, tr(d.Subtitle), "", "C", false)
	}
	pdf.Ln(3)
}

func (p *pdfWriter) section(s Section) {
	pdf, tr := p.pdf, p.tr
	pdf.Ln(2)
	if s.Heading != "" {
		// A heading never ends a page alone.
		if pdf.GetY()+18 > pageHeight-marginBottom {
			pdf.AddPage()
		}
		pdf.SetFont("Helvetica", "B", 11)
		pdf.MultiCell(0, 6, tr(s.Heading), "", "L", false)
		pdf.Ln(0.5)
	}
	const labelWidth, colon = usable * 0.36, 4.0
	for _, pair := range s.Pairs {
		// A pair starts where both its label and its value fit, so
		// neither is carried over to the next page without the other.
		pdf.SetFont("Helvetica", "", 9.5)
		lines := max(p.lines(pair[0], labelWidth-4), p.lines(pair[1], usable-labelWidth-colon))
		if pdf.GetY()+float64(lines)*5 > pageHeight-marginBottom {
			pdf.AddPage()
		}
		y := pdf.GetY()
		pdf.SetX(marginLeft + 4)
		pdf.MultiCell(labelWidth-4, 5, tr(pair[0]), "", "L", false)
		yLabel := pdf.GetY()
		pdf.SetXY(marginLeft+labelWidth, y)
		pdf.CellFormat(colon, 5, ":", "", 0, "L", false, 0, "")
		pdf.MultiCell(usable-labelWidth-colon, 5, tr(pair[1]), "", "L", false)
		pdf.SetY(max(yLabel, pdf.GetY()))
	}
	if t := s.Table; t != nil && len(t.Headers) > 0 {
		p.table(t)
	}
	pdf.SetFont("Helvetica", "", 9.5)
	for _, para := range s.Paragraphs {
		pdf.SetX(marginLeft + 4)
		pdf.MultiCell(usable-4, 5, tr(para), "", "J", false)
		pdf.Ln(1)
	}
	if len(s.Pictures) > 0 {
		p.pictureGrid(s.Pictures)
	}
}

func (p *pdfWriter) table(t *Table) {
	pdf, tr := p.pdf, p.tr
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
	rupiah := map[int]bool{}
	for _, c := range t.Rupiah {
		rupiah[c] = true
	}
	row := func(cells []string, header bool) {
		style := ""
		if header {
			style = "B"
		}
		pdf.SetFont("Helvetica", style, 8.5)
		texts := make([]string, len(cells))
		for i, c := range cells {
			texts[i] = c
			if n, err := strconv.ParseInt(c, 10, 64); err == nil && !header && rupiah[i] && p.doc.Rupiah != nil {
				texts[i] = p.doc.Rupiah(n)
			}
		}
		// Every cell of a row is as tall as its tallest, wrapped.
		lines := 1
		for i, c := range texts {
			if i < len(widths) {
				lines = max(lines, p.lines(c, widths[i]-2))
			}
		}
		h := float64(lines)*4.5 + 1
		if pdf.GetY()+h > pageHeight-marginBottom {
			pdf.AddPage()
		}
		x, y := marginLeft, pdf.GetY()
		for i, c := range texts {
			if i >= len(widths) {
				break
			}
			if header {
				pdf.SetFillColor(228, 228, 228)
				pdf.Rect(x, y, widths[i], h, "FD")
			} else {
				pdf.Rect(x, y, widths[i], h, "D")
			}
			align := "L"
			if rupiah[i] && !header {
				align = "R"
			}
			pdf.SetXY(x+1, y+0.75)
			pdf.MultiCell(widths[i]-2, 4.5, tr(c), "", align, false)
			x += widths[i]
			pdf.SetXY(x, y)
		}
		pdf.SetXY(marginLeft, y+h)
	}
	row(t.Headers, true)
	for _, r := range t.Rows {
		row(r, false)
	}
	pdf.Ln(1)
}

// pictureGrid draws photographs two a row, each scaled into its half of
// the page and captioned under it.
func (p *pdfWriter) pictureGrid(pics []Picture) {
	pdf, tr := p.pdf, p.tr
	const gap, maxHeight = 8.0, 62.0
	cell := (usable - gap) / 2
	for i := 0; i < len(pics); i += 2 {
		type placed struct {
			name    string
			w, h    float64
			caption string
		}
		var row []placed
		rowHeight, imageHeight := 0.0, 0.0
		for _, pic := range pics[i:min(i+2, len(pics))] {
			name, pw, ph, ok := p.image(pic)
			if !ok {
				continue
			}
			w, h := cell, cell*ph/pw
			if h > maxHeight {
				w, h = maxHeight*pw/ph, maxHeight
			}
			pdf.SetFont("Helvetica", "I", 8.5)
			captionLines := p.lines(pic.Caption, cell)
			rowHeight = max(rowHeight, h+2+float64(captionLines)*4)
			imageHeight = max(imageHeight, h)
			row = append(row, placed{name, w, h, pic.Caption})
		}
		if len(row) == 0 {
			continue
		}
		if pdf.GetY()+rowHeight+2 > pageHeight-marginBottom {
			pdf.AddPage()
		}
		// Pictures stand on one line, so their captions do too.
		y := pdf.GetY() + 1
		for j, pl := range row {
			x := marginLeft + float64(j)*(cell+gap)
			pdf.ImageOptions(pl.name, x+(cell-pl.w)/2, y+imageHeight-pl.h, pl.w, pl.h, false, fpdf.ImageOptions{}, 0, "")
			pdf.SetXY(x, y+imageHeight+1.5)
			pdf.SetFont("Helvetica", "I", 8.5)
			pdf.MultiCell(cell, 4, tr(pl.caption), "", "C", false)
		}
		pdf.SetY(y + rowHeight + 3)
	}
}

// signatures draws the signature blocks side by side, kept together on
// one page: headings at the same height, names on the same line under
// the space for signing, bold and underlined, positions under them.
func (p *pdfWriter) signatures(s Signatures) {
	pdf, tr := p.pdf, p.tr
	if len(s.Blocks) == 0 {
		return
	}
	const space, line = 22.0, 5.0
	width := usable / float64(max(len(s.Blocks), 2))
	pdf.SetFont("Helvetica", "", 10)
	headingLines := 0
	for _, b := range s.Blocks {
		n := 0
		for _, h := range b.Heading {
			n += p.lines(h, width-4)
		}
		headingLines = max(headingLines, n)
	}
	need := line*float64(headingLines+4) + space
	if pdf.GetY()+need+8 > pageHeight-marginBottom {
		pdf.AddPage()
	}
	pdf.Ln(6)
	top := pdf.GetY()
	last := len(s.Blocks) - 1
	// The right-hand block is the last, whatever the number of blocks.
	x := func(i int) float64 { return marginLeft + usable - float64(last-i+1)*width }
	if s.Dateline != "" {
		pdf.SetXY(x(last), top)
		pdf.CellFormat(width, line, tr(s.Dateline), "", 0, "C", false, 0, "")
	}
	headTop := top + line
	nameY := headTop + line*float64(headingLines) + space
	for i, b := range s.Blocks {
		pdf.SetFont("Helvetica", "", 10)
		pdf.SetXY(x(i), headTop)
		for _, h := range b.Heading {
			pdf.SetX(x(i))
			pdf.MultiCell(width, line, tr(h), "", "C", false)
		}
		pdf.SetXY(x(i), nameY)
		name := b.Name
		if name == "" {
			name = "(....................................)"
			pdf.SetFont("Helvetica", "", 10)
		} else {
			pdf.SetFont("Helvetica", "BU", 10)
		}
		pdf.CellFormat(width, line, tr(name), "", 2, "C", false, 0, "")
		if b.Position != "" {
			pdf.SetFont("Helvetica", "", 9.5)
			pdf.SetX(x(i))
			pdf.MultiCell(width, line, tr(b.Position), "", "C", false)
		}
	}
	pdf.SetY(nameY + 3*line)
}

// WriteXLSX writes d as a workbook: a first sheet named d.Sheet with the
// letterhead, title, number and every section's pairs and paragraphs,
// then one sheet per table, named by the table or its section, with
// integer cells written as numbers so they can be summed, and rupiah
// columns shown as rupiah. Pictures and signatures belong to the printed
// document and stay out.
func (d Document) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	used := map[string]bool{}
	first := sheetName(cmp.Or(d.Sheet, d.Title), used)
	if err := f.SetSheetName(f.GetSheetName(0), first); err != nil {
		return fmt.Errorf("report: sheet %q: %w", first, err)
	}
	money, err := f.NewStyle(&excelize.Style{CustomNumFmt: new(`"Rp "#,##0`)})
	if err != nil {
		return fmt.Errorf("report: rupiah style: %w", err)
	}
	rowNo := 1
	var errs []error
	set := func(sheet string, col, row int, v any) {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		errs = append(errs, f.SetCellValue(sheet, cell, v))
	}
	if d.Letterhead != nil {
		for _, line := range d.Letterhead.Lines {
			set(first, 1, rowNo, line)
			rowNo++
		}
		for _, line := range d.Letterhead.Contact {
			set(first, 1, rowNo, line)
			rowNo++
		}
		rowNo++
	}
	for _, line := range []string{d.Title, d.Reference, d.Subtitle, d.Footer} {
		if line != "" {
			set(first, 1, rowNo, line)
			rowNo++
		}
	}
	rowNo++
	for _, s := range slices.Concat(d.Sections, d.Appendix) {
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
		name := sheetName(cmp.Or(s.Table.Sheet, s.Heading), used)
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
					errs = append(errs, f.SetCellStyle(name, cell, cell, money))
				}
			}
		}
		for _, c := range s.Table.Rupiah {
			col, _ := excelize.ColumnNumberToName(c + 1)
			errs = append(errs, f.SetColStyle(name, col, money), f.SetColWidth(name, col, col, 16))
		}
	}
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("report: xlsx: %w", err)
		}
	}
	return f.Write(w)
}

// cellValue is a table cell as a workbook holds it: a whole number, or
// an amount as pages write it ("Rp 1.250.000") as a number shown as
// rupiah (isAmount), so a spreadsheet sums what the PDF shows; any other
// text as text.
func cellValue(s string) (v any, isAmount bool) {
	var n int64
	if _, err := fmt.Sscan(s, &n); err == nil && fmt.Sprint(n) == s {
		return n, false
	}
	if m := amountText.FindStringSubmatch(s); m != nil {
		if n, err := strconv.ParseInt(m[1]+strings.NewReplacer(".", "", ",", "").Replace(m[2]), 10, 64); err == nil {
			return n, true
		}
	}
	return s, false
}

// amountText is an amount as the pages write it, in either language.
var amountText = regexp.MustCompile(`^Rp (-?)(\d{1,3}(?:[.,]\d{3})*)$`)

// sheetName makes a heading a valid, unique sheet name: at most 31
// characters, none of []:*?/\.
func sheetName(heading string, used map[string]bool) string {
	name := strings.TrimSpace(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return ' '
		}
		return r
	}, heading))
	if r := []rune(name); len(r) > 28 {
		name = strings.TrimSpace(string(r[:28]))
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
