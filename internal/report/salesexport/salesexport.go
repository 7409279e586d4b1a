// Package salesexport writes a sales breakdown as a CSV or XLSX file for
// council staff to take away. File formats are presentation: they live
// here, beside the council's other documents, so that the sales domain
// keeps only the figures and their definition and does not depend on
// excelize.
package salesexport

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"kriya/internal/report"
	"kriya/internal/sales"
)

// Export is a breakdown on its way out of the marketplace as a file. A
// spreadsheet outlives the page it came from, so the file carries its own
// title, the definition of its figures and its period: read a year later,
// by someone who never saw the dashboard, it still says what it counts.
type Export struct {
	Title      string // what the breakdown is, "Omzet per perajin"
	Definition string // what the figures count, in the reader's language
	Period     string // the days counted, as sales.Period.String writes them
	// Generated is when the figures were read: refunds are counted on the
	// day an order was paid, so a later export of the same period can differ.
	Generated time.Time
	KeyHeader string // the heading of the first column, "Perajin"
	Rows      []sales.Row
	// Total is given rather than summed, so an export of the top rows can
	// still show the whole period's total.
	Total sales.Figures
}

// Headers are the export's column headings in lang ("en", else
// Indonesian): the key column, then the figures in the order every export
// writes them. Amount headings say "(Rp)" because the cells hold bare
// numbers, so that spreadsheets can sum them.
func (e Export) Headers(lang string) []string {
	if lang == "en" {
		return []string{e.KeyHeader, "Orders", "Units", "Gross (Rp)", "Refunds (Rp)", "Net sales (Rp)"}
	}
	return []string{e.KeyHeader, "Pesanan", "Unit", "Bruto (Rp)", "Pengembalian (Rp)", "Omzet bersih (Rp)"}
}

// totalLabel heads the total row; the word is the same in both languages.
const totalLabel = "Total"

// figures are a row's numbers in the order of Headers.
func figures(f sales.Figures) []int64 {
	return []int64{f.Orders, f.Units, f.Gross, f.Refunds, f.Net()}
}

// label is what the first column shows for a row: its label, or its key
// when a row has no better name (a channel, a month).
func label(r sales.Row) string {
	if r.Label != "" {
		return r.Label
	}
	return r.Key
}

// about are the lines that head an export, each on one line so that a
// CSV reader skipping "#" lines skips all of them.
func (e Export) about(lang string) []string {
	generated := "dibuat "
	if lang == "en" {
		generated = "generated "
	}
	lines := []string{e.Title, e.Definition, e.Period, generated + e.Generated.In(sales.WITA).Format(time.RFC3339)}
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return lines
}

// WriteCSV writes the export as CSV for any tool (report.WriteCSV): the
// title, definition, period and generation time (RFC 3339, WITA) as "# "
// lines, then the header row, the rows and the total row, amounts as bare
// integers so a spreadsheet sums them.
func (e Export) WriteCSV(w io.Writer, lang string) error {
	var rows [][]string
	for _, r := range e.Rows {
		rows = append(rows, csvRecord(label(r), r.Figures))
	}
	rows = append(rows, csvRecord(totalLabel, e.Total))
	return report.WriteCSV(w, e.about(lang), e.Headers(lang), rows)
}

func csvRecord(label string, f sales.Figures) []string {
	record := []string{label}
	for _, n := range figures(f) {
		record = append(record, strconv.FormatInt(n, 10))
	}
	return record
}

// Where the XLSX table starts: title, definition, period and generation
// time in rows 1–4, a blank row, then the header.
const (
	xlsxHeaderRow = 6
	xlsxColumns   = 6
)

// WriteXLSX writes the export as an Excel workbook, the format council
// staff open without an import dialog (a comma CSV lands in one column
// under Excel's Indonesian settings, which separate with ";"). One sheet,
// named after the title, has the title, definition, period and generation
// time at the top, then a table with a bold header row and an AutoFilter,
// amounts as numbers formatted "#,##0", and a bold total row kept outside
// the filter so sorting cannot move it. Cells are typed text, so a name
// like "=SUM(A1)" stays text without the CSV's quote.
func (e Export) WriteXLSX(w io.Writer, lang string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetName(e.Title, lang)
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return fmt.Errorf("write xlsx: name sheet %q: %w", sheet, err)
	}
	styles, err := newXLSXStyles(f)
	if err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}

	var errs []error
	set := func(err error) { errs = append(errs, err) }
	for i, line := range e.about(lang) {
		set(f.SetCellStr(sheet, cell(1, i+1), line))
	}
	set(f.SetCellStyle(sheet, "A1", "A1", styles.title))

	headers := e.Headers(lang)
	for i, h := range headers {
		set(f.SetCellStr(sheet, cell(i+1, xlsxHeaderRow), h))
	}
	set(f.SetCellStyle(sheet, cell(1, xlsxHeaderRow), cell(1, xlsxHeaderRow), styles.headerText))
	set(f.SetCellStyle(sheet, cell(2, xlsxHeaderRow), cell(xlsxColumns, xlsxHeaderRow), styles.headerNumber))

	writeRow := func(row int, text string, fig sales.Figures, textStyle, numberStyle int) {
		set(f.SetCellStr(sheet, cell(1, row), text))
		for i, n := range figures(fig) {
			set(f.SetCellInt(sheet, cell(i+2, row), n))
		}
		set(f.SetCellStyle(sheet, cell(1, row), cell(1, row), textStyle))
		set(f.SetCellStyle(sheet, cell(2, row), cell(xlsxColumns, row), numberStyle))
	}
	row := xlsxHeaderRow
	for _, r := range e.Rows {
		row++
		writeRow(row, label(r), r.Figures, 0, styles.number)
	}
	set(f.AutoFilter(sheet, cell(1, xlsxHeaderRow)+":"+cell(xlsxColumns, row), nil))
	writeRow(row+1, totalLabel, e.Total, styles.totalText, styles.totalNumber)

	// Long tables scroll under their header.
	set(f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: xlsxHeaderRow,
		TopLeftCell: cell(1, xlsxHeaderRow+1), ActivePane: "bottomLeft"}))
	for i, width := range e.columnWidths(headers) {
		set(f.SetColWidth(sheet, column(i+1), column(i+1), width))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

type xlsxStyles struct {
	title, headerText, headerNumber, number, totalText, totalNumber int
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	const thousands = 3 // Excel's built-in "#,##0", shown with the reader's own separators
	bold := &excelize.Font{Bold: true}
	underline := []excelize.Border{{Type: "bottom", Color: "1F1A17", Style: 1}}
	overline := []excelize.Border{{Type: "top", Color: "1F1A17", Style: 1}}
	right := &excelize.Alignment{Horizontal: "right", WrapText: true}
	defs := []*excelize.Style{
		{Font: &excelize.Font{Bold: true, Size: 14}},
		{Font: bold, Border: underline, Alignment: &excelize.Alignment{WrapText: true}},
		{Font: bold, Border: underline, Alignment: right},
		{NumFmt: thousands},
		{Font: bold, Border: overline},
		{Font: bold, Border: overline, NumFmt: thousands},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return xlsxStyles{}, fmt.Errorf("style: %w", err)
		}
		ids[i] = id
	}
	return xlsxStyles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]}, nil
}

// column names a column of the table by its number from 1; the table has
// six columns, A to F, so a column is one letter.
func column(col int) string { return string(rune('A' + col - 1)) }

// cell names a cell of the table, "B7".
func cell(col, row int) string { return column(col) + strconv.Itoa(row) }

// columnWidths fit each column to its longest entry, in characters, within
// bounds that keep a long name from pushing the numbers off screen.
func (e Export) columnWidths(headers []string) []float64 {
	widths := make([]int, xlsxColumns)
	fit := func(col, chars int) { widths[col] = max(widths[col], chars) }
	for i, h := range headers {
		fit(i, utf8.RuneCountInString(h))
	}
	rows := append([]sales.Row{{Label: totalLabel, Figures: e.Total}}, e.Rows...)
	for _, r := range rows {
		fit(0, utf8.RuneCountInString(label(r)))
		for i, n := range figures(r.Figures) {
			fit(i+1, groupedDigits(n))
		}
	}
	out := make([]float64, xlsxColumns)
	for i, w := range widths {
		limit := 18
		if i == 0 {
			limit = 48
		}
		out[i] = float64(min(max(w, 8), limit) + 2)
	}
	return out
}

// groupedDigits is how many characters "#,##0" shows for n.
func groupedDigits(n int64) int {
	s := strconv.FormatInt(n, 10)
	digits := len(strings.TrimPrefix(s, "-"))
	return len(s) + (digits-1)/3
}

// sheetName makes a title into a name Excel accepts: at most 31 UTF-16
// units, none of : \ / ? * [ ], no line breaks, no quote at either end, and
// not the reserved "History". A title with nothing left names the sheet
// after sales in lang.
func sheetName(title, lang string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, title)
	name = strings.Join(strings.Fields(name), " ")
	units := 0
	for i, r := range name {
		units += utf16.RuneLen(r)
		if units > excelize.MaxSheetNameLength {
			name = name[:i]
			break
		}
	}
	name = strings.Trim(name, "' ")
	if name == "" || strings.EqualFold(name, "History") {
		if lang == "en" {
			return "Sales"
		}
		return "Penjualan"
	}
	return name
}
