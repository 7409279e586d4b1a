package catalog

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MaxRupiah bounds any price a buyer may type: a trillion rupiah is well
// beyond any craft and keeps arithmetic far from int64 overflow.
const MaxRupiah = 1_000_000_000_000

// ParseRupiah reads a whole, non-negative amount of rupiah as people and
// spreadsheets write it: "150000", "150.000", "150,000", "Rp 150.000",
// "Rp150.000,-" or "150.000,00". Thousands separators must group by three,
// so "1.50" is refused rather than read as 150. Its errors read after a
// field name: "price must be a whole number of rupiah". Import files, the
// price filters and every staff form with an amount (payments, fees, monev
// records) read rupiah with it, so an amount parses the same way wherever
// it is typed.
func ParseRupiah(s string) (int64, error) {
	s = strings.TrimSpace(s)
	for _, prefix := range []string{"rp", "idr"} {
		if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
			s = strings.TrimSpace(strings.TrimPrefix(s[len(prefix):], "."))
			break
		}
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, ",-"), ".-")
	if strings.HasPrefix(s, "-") {
		return 0, errors.New("must not be negative")
	}
	n, ok := parseWhole(s)
	switch {
	case !ok:
		return 0, errors.New("must be a whole number of rupiah")
	case n > MaxRupiah:
		return 0, fmt.Errorf("must be at most %d rupiah", int64(MaxRupiah))
	}
	return n, nil
}

// parseWhole reads a whole number written with or without thousands
// separators ("1.250.000", "1,250,000") and with a decimal part of zeros,
// which a spreadsheet's number format adds ("1.250.000,00"). A number too
// large for int64 reads as the largest one, for the caller's range check.
func parseWhole(s string) (int64, bool) {
	if i := strings.LastIndexAny(s, ".,"); i >= 0 && len(s)-i <= 3 {
		decimals, sep := s[i+1:], s[i]
		if decimals == "" || strings.Trim(decimals, "0") != "" || strings.IndexByte(s[:i], sep) >= 0 {
			return 0, false
		}
		s = s[:i]
	}
	sep := ""
	switch {
	case strings.Contains(s, ".") && strings.Contains(s, ","):
		return 0, false
	case strings.Contains(s, "."):
		sep = "."
	case strings.Contains(s, ","):
		sep = ","
	}
	if sep != "" {
		groups := strings.Split(s, sep)
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, false
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, false
			}
		}
		s = strings.Join(groups, "")
	}
	if s == "" || strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil || errors.Is(err, strconv.ErrRange)
}
