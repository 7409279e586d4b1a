package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteCSV writes a table for any spreadsheet or tool: UTF-8 with a byte
// order mark, without which Excel reads "Café" as "CafÃ©"; CRLF line ends
// (RFC 4180, and what Excel writes itself); "# " lines saying what the
// file holds, so a file read a year later still says what it counts; a
// blank line; then the header and the rows. A cell holding a whole number
// is written bare, so a spreadsheet sums it; every other cell is made
// Inert. A line containing a comma is quoted like any CSV field, so it
// stays in one cell.
func WriteCSV(w io.Writer, about, headers []string, rows [][]string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for _, line := range about {
		_ = cw.Write([]string{"# " + strings.Join(strings.Fields(line), " ")}) // errors stick in cw and are read by Error below
	}
	if len(about) > 0 {
		_ = cw.Write(nil)
	}
	for _, r := range append([][]string{headers}, rows...) {
		cells := make([]string, len(r))
		for i, c := range r {
			if _, err := strconv.ParseInt(c, 10, 64); err == nil {
				cells[i] = c
			} else {
				cells[i] = Inert(c)
			}
		}
		_ = cw.Write(cells)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// Inert keeps a text cell from being run as a formula when the CSV is
// opened in a spreadsheet (CSV injection): an artisan or product name is
// typed by users, and "=HYPERLINK(…)" or "@SUM(…)" would otherwise run. A
// leading quote makes the spreadsheet show the text as text. WriteCSV
// passes only text cells through it, so a negative amount stays a number.
func Inert(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
