// Package validate holds the checks of what people type that the HTML
// forms, the JSON API and the use cases share, so a value is accepted or
// refused the same way whichever way it came in.
package validate

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Email accepts a bare address such as "wayan@example.com".
func Email(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && utf8.RuneCountInString(s) <= 254 && strings.Contains(s, ".")
}

// Phone accepts Indonesian and international numbers as people write
// them: digits with spaces, dashes, dots and a leading +.
func Phone(p string) bool {
	digits := 0
	for i, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '.':
		default:
			return false
		}
	}
	return digits >= 8 && digits <= 15
}

// DayOrNone keeps a "YYYY-MM-DD" filter value and drops anything else, so
// a mistyped date in a list's filter shows everything rather than an
// error.
func DayOrNone(s string) string {
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return ""
	}
	return s
}
