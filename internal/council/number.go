package council

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Scheme is how a council numbers its documents, as its office writes
// numbers on letters: text with placeholders, such as
// "{seq:03}/MONEV/DEKRANASDA-DPS/{month_roman}/{year}", which gives
// "005/MONEV/DEKRANASDA-DPS/XII/2026" to the fifth document of 2026,
// issued in December. The placeholders:
//
//	{seq}          the document's number in its year: 1, 2, … 12
//	{seq:03}       the same, zero-padded to 3 (1 to 6) digits: 001
//	{month}        the month issued, 1 to 12; {month:02}: 01 to 12
//	{month_roman}  the month in Roman numerals, I to XII
//	{year}         the year issued, 2026
//
// {seq} appears once and {year} at least once: numbers start again each
// year, so without the year two documents would share a number.
type Scheme string

// ErrScheme means a scheme cannot number documents.
var ErrScheme = errors.New("council: the number scheme needs {seq} once and {year}, and knows only {seq}, {seq:0N}, {month}, {month:02}, {month_roman} and {year}")

// maxSchemeLength bounds a scheme; its numbers are printed on one line.
const maxSchemeLength = 100

// Validate reports ErrScheme for a scheme that cannot number documents.
func (s Scheme) Validate() error {
	if utf8.RuneCountInString(string(s)) > maxSchemeLength || strings.ContainsAny(string(s), "\r\n\t") {
		return ErrScheme
	}
	seqs, years := 0, 0
	err := s.walk(func(text string) {}, func(name string, width int) {
		switch name {
		case "seq":
			seqs++
		case "year":
			years++
		}
	})
	if err != nil || seqs != 1 || years == 0 {
		return ErrScheme
	}
	return nil
}

// Format writes the number of the seq-th document of the year, issued at
// at (a time in the council's zone). The scheme must be valid.
func (s Scheme) Format(seq int, at time.Time) string {
	var b strings.Builder
	s.walk(func(text string) { b.WriteString(text) }, func(name string, width int) {
		switch name {
		case "seq":
			fmt.Fprintf(&b, "%0*d", width, seq)
		case "month":
			fmt.Fprintf(&b, "%0*d", width, int(at.Month()))
		case "month_roman":
			b.WriteString(romanMonths[at.Month()-1])
		case "year":
			b.WriteString(strconv.Itoa(at.Year()))
		}
	})
	return b.String()
}

var romanMonths = [12]string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

// walk reads the scheme into its text and its placeholders (with their
// zero-padding width, 0 for none), in order, and fails on anything it
// does not know: a stray brace, an unknown name or width.
func (s Scheme) walk(text func(string), placeholder func(name string, width int)) error {
	rest := string(s)
	for rest != "" {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			text(rest)
			return nil
		}
		if rest[open] == '}' {
			return ErrScheme
		}
		text(rest[:open])
		end := strings.IndexAny(rest[open+1:], "{}")
		if end < 0 || rest[open+1+end] != '}' {
			return ErrScheme
		}
		name, pad, padded := strings.Cut(rest[open+1:open+1+end], ":")
		width := 0
		switch {
		case name == "seq" && padded:
			n, err := strconv.Atoi(strings.TrimPrefix(pad, "0"))
			if !strings.HasPrefix(pad, "0") || err != nil || n < 1 || n > 6 {
				return ErrScheme
			}
			width = n
		case name == "month" && padded:
			if pad != "02" {
				return ErrScheme
			}
			width = 2
		case padded, name != "seq" && name != "month" && name != "month_roman" && name != "year":
			return ErrScheme
		}
		placeholder(name, width)
		rest = rest[open+1+end+1:]
	}
	return nil
}
