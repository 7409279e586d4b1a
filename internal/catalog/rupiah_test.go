package catalog

import (
	"strconv"
	"testing"
)

func TestParseRupiah(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // -1 for an error
	}{
		{"150000", 150_000},
		{"150.000", 150_000},
		{"150,000", 150_000},
		{"Rp 150.000", 150_000},
		{"rp150.000", 150_000},
		{"Rp. 1.250.000", 1_250_000},
		{"Rp 150.000,-", 150_000},
		{"IDR 150,000", 150_000},
		{"Rp\u00a0150.000,00", 150_000},
		{"150000.00", 150_000},
		{"1,250,000.0", 1_250_000},
		{" 0 ", 0},
		{"1000000000000", MaxRupiah},
		{"", -1},
		{"Rp", -1},
		{"abc", -1},
		{"1.50", -1},
		{"1,5", -1},
		{"150.000,50", -1},
		{"1.000,000", -1},
		{"1.000.00", -1},
		{"1,000.000", -1},
		{"1000.000", -1},
		{"15.00.000", -1},
		{".150", -1},
		{"150.", -1},
		{"1 000", -1},
		{"+150", -1},
		{"-150", -1},
		{"1000000000001", -1},
		{"99999999999999999999", -1},
		{"١٢٣", -1},
	}
	for _, tt := range tests {
		got, err := ParseRupiah(tt.in)
		if tt.want < 0 {
			if err == nil {
				t.Errorf("ParseRupiah(%q) = %d, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseRupiah(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

// Any amount text either parses to a whole number of rupiah within bounds
// or is refused; plain digits always read as themselves.
func FuzzParseRupiah(f *testing.F) {
	for _, seed := range []string{"150000", "150.000", "Rp 1.250.000", "1,250,000", "Rp150.000,-", "IDR 5", "-5", "1e9", "", "١٢٣"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseRupiah(s)
		if err != nil {
			return
		}
		if n < 0 || n > MaxRupiah {
			t.Fatalf("ParseRupiah(%q) = %d", s, n)
		}
		if plain := strconv.FormatInt(n, 10); plain != "" {
			if m, err := ParseRupiah(plain); err != nil || m != n {
				t.Fatalf("round trip of %d: %d, %v", n, m, err)
			}
		}
	})
}
