package order

import (
	"strconv"
	"strings"
	"testing"
)

// Whatever a buyer (or a bot) posts as a quantity, ParseQuantity never
// panics, gives 0 to MaxQuantity or ErrQuantity, accepts exactly the
// strings of ASCII digits, and reads them as their number, capped.
func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"1", "0", "00", "007", "99", "100", " 5 ", "\t3\n", "", " ", "-1", "+1", "1.5", "1e2", "0x10",
		"١٢", "９", "99999999999999999999999", "-99999999999999999999", "1 2", "NaN", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseQuantity(s)
		trimmed := strings.TrimSpace(s)
		digits := trimmed != "" && strings.Trim(trimmed, "0123456789") == ""
		if (err == nil) != digits {
			t.Fatalf("ParseQuantity(%q) = %d, %v; digits only: %v", s, n, err, digits)
		}
		if err != nil {
			return
		}
		if n < 0 || n > MaxQuantity {
			t.Fatalf("ParseQuantity(%q) = %d, outside 0–%d", s, n, MaxQuantity)
		}
		if want, aerr := strconv.Atoi(trimmed); aerr == nil && n != min(want, MaxQuantity) {
			t.Fatalf("ParseQuantity(%q) = %d, want %d", s, n, min(want, MaxQuantity))
		} else if aerr != nil && n != MaxQuantity {
			t.Fatalf("ParseQuantity(%q) = %d, want %d for a number too long for int", s, n, MaxQuantity)
		}
		if back, err := ParseQuantity(strconv.Itoa(n)); err != nil || back != n {
			t.Fatalf("ParseQuantity(%q) = %d, %v, but %d reads back as %d, %v", s, n, err, n, back, err)
		}
	})
}
